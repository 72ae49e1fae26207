/**
 * The GOV.UK bank holidays file (https://www.gov.uk/bank-holidays.json):
 * one entry per division, each with its events.
 */
import { z } from 'zod';
import { lazy } from './lazy';
import { isoDateSchema } from './dates';
import { formatIssues } from './issues';

/** The three UK bank holiday divisions, as GOV.UK names them. */
export const DIVISIONS = ['england-and-wales', 'scotland', 'northern-ireland'] as const;

/** A UK bank holiday division. */
export type Division = (typeof DIVISIONS)[number];

/** True if `s` names one of the three divisions. */
export function isDivision(s: unknown): s is Division {
  return typeof s === 'string' && (DIVISIONS as readonly string[]).includes(s);
}

const eventSchema = lazy(() =>
  z.object({
    title: z.string().trim().min(1, { error: 'must not be empty' }),
    date: isoDateSchema(),
    notes: z.string(),
    bunting: z.boolean(),
  }),
);

function divisionSchema<D extends Division>(division: D) {
  return z
    .object(
      {
        division: z.literal(division, { error: `must be "${division}"` }),
        events: z.array(eventSchema(), { error: 'must be a list of events' }),
      },
      { error: (issue) => (issue.input === undefined ? 'division is missing' : 'must be an object') },
    )
    .superRefine((value, ctx) => {
      const seen = new Set<string>();
      value.events.forEach((event, i) => {
        if (seen.has(event.date)) {
          ctx.addIssue({ code: 'custom', path: ['events', i, 'date'], message: `duplicate date ${event.date}` });
        }
        seen.add(event.date);
      });
    })
    .transform((value) => ({
      ...value,
      events: [...value.events].sort((a, b) => (a.date < b.date ? -1 : a.date > b.date ? 1 : 0)),
    }));
}

/** Zod schema for the GOV.UK file: all three divisions, real dates, no duplicate date within a division; events come out sorted by date. Built on first use (domain/lazy.ts). */
export const bankHolidayFileSchema = lazy(() =>
  z.object({
      'england-and-wales': divisionSchema('england-and-wales'),
      scotland: divisionSchema('scotland'),
      'northern-ireland': divisionSchema('northern-ireland'),
    }),
);

/** A validated bank holidays file. */
export type BankHolidayFile = z.infer<ReturnType<typeof bankHolidayFileSchema>>;

/** One bank holiday as GOV.UK publishes it. */
export type BankHolidayEvent = BankHolidayFile[Division]['events'][number];

/**
 * Validates a parsed GOV.UK bank holidays file.
 * @throws Error listing each problem with its path.
 */
export function parseBankHolidayFile(json: unknown): BankHolidayFile {
  const result = bankHolidayFileSchema().safeParse(json);
  if (!result.success) {
    throw new Error(`invalid bank holidays file:\n  ${formatIssues(result.error.issues).join('\n  ')}`);
  }
  return result.data;
}
