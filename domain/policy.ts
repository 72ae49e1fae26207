/**
 * A council's complaints policy as data: timescales, extension caps, which
 * optional steps apply, how receipt is dated, reminders and closure days.
 * Councils differ only here; a policy outside the statutory limits (Children
 * Act 1989 Representations Procedure (England) Regulations 2006 and
 * Getting the Best from Complaints, 2006) is refused.
 */
import { z } from 'zod';
import { lazy, lazyRecord } from './lazy';
import { DIVISIONS, type BankHolidayFile } from './bank-holidays';
import { CUT_OFF_PATTERN } from './calendar';
import { type CalendarData, buildCalendarData, defaultCalendarData } from './holidays';
import { isoDateSchema } from './dates';
import { formatIssues } from './issues';

/** The timescales of the procedure, keyed as in DOMAIN.md. */
export const TIMESCALE_KEYS = [
  'stage1.acknowledge',
  'stage1.clarify',
  'stage1.respond',
  'stage1.escalate',
  'stage2.acknowledge',
  'stage2.contact',
  'stage2.respond',
  'stage2.escalate',
  'stage3.acknowledge',
  'stage3.panel',
  'stage3.notifyPanel',
  'stage3.papers',
  'stage3.panelReport',
  'stage3.finalResponse',
  ...(['stage2.progress', 'stage3.recommendations', 'corporate.respond'] as const),
] as const;

/** One timescale of the procedure. */
export type DeadlineKey = (typeof TIMESCALE_KEYS)[number];

/**
 * Timescales added after policies were first written, with the value a policy
 * (or a running case's copy of one) that does not name them takes:
 * - `stage2.progress`: working days between progress updates while Stage 2 runs
 *   (RRC guidance: "You will be kept informed of progress"; no document sets a
 *   figure, so 10 is a default to set);
 * - `stage3.recommendations`: the panel's recommendations to the complainant
 *   within 5 working days (Luton 20.1);
 * - `corporate.respond`: a corporate complaint answered in 15 working days (BANES 8.5).
 */
export const ADDED_TIMESCALES = { 'stage2.progress': 10, 'stage3.recommendations': 5, 'corporate.respond': 15 } as const satisfies Partial<
  Record<DeadlineKey, number>
>;

/** A timescale of a policy: a case's copy from before a timescale was added reads its default. */
export function timescaleOf(policy: Pick<Policy, 'timescales'>, key: DeadlineKey): number {
  return (policy.timescales[key] as number | undefined) ?? ADDED_TIMESCALES[key as keyof typeof ADDED_TIMESCALES];
}

const dayCount = lazy(() =>
  z
    .number({ error: (issue) => (issue.input === undefined ? 'is required' : 'must be a number of working days') })
    .int({ error: 'must be a whole number of working days' })
    .min(0, { error: 'must be 0 or more (limit 0)' }),
);

const positiveDayCount = lazy(() => dayCount().min(1, { error: 'must be 1 or more (limit 1)' }));

interface Limit {
  path: [string, string];
  /** What is measured, for the message. */
  what: string;
  value: (policy: z.output<ReturnType<typeof policyShape>>) => number;
  max?: number;
  min?: number;
}

/**
 * The statutory limits a policy may not break: the 2006 Regulations (Stage 1
 * 10 working days plus at most 10; Stage 2 25, at most 65 in all; panel within
 * 30, its report within 5, the council's response within 15) and Getting the
 * Best from Complaints (20 days to escalate; notice and papers 10 days before
 * the panel). The 20-day "Director disagrees" response is Luton's (20.6).
 */
const STATUTORY_LIMITS: readonly Limit[] = [
  {
    path: ['timescales', 'stage1.respond'],
    what: 'the Stage 1 response',
    value: (p) => p.timescales['stage1.respond'],
    max: 10,
  },
  {
    path: ['extensions', 'stage1MaxWorkingDays'],
    what: 'the Stage 1 response with its extension',
    value: (p) => p.timescales['stage1.respond'] + p.extensions.stage1MaxWorkingDays,
    max: 20,
  },
  {
    path: ['timescales', 'stage1.escalate'],
    what: 'the window to ask for Stage 2',
    value: (p) => p.timescales['stage1.escalate'],
    min: 20,
  },
  {
    path: ['timescales', 'stage2.respond'],
    what: 'the Stage 2 response',
    value: (p) => p.timescales['stage2.respond'],
    max: 25,
  },
  {
    path: ['extensions', 'stage2MaxTotalWorkingDays'],
    what: 'the Stage 2 response with its extension',
    value: (p) => p.extensions.stage2MaxTotalWorkingDays,
    max: 65,
  },
  {
    path: ['timescales', 'stage2.escalate'],
    what: 'the window to ask for a Review Panel',
    value: (p) => p.timescales['stage2.escalate'],
    min: 20,
  },
  {
    path: ['timescales', 'stage3.panel'],
    what: 'the time to hold the Review Panel',
    value: (p) => p.timescales['stage3.panel'],
    max: 30,
  },
  {
    path: ['timescales', 'stage3.notifyPanel'],
    what: "the complainant's notice of the panel",
    value: (p) => p.timescales['stage3.notifyPanel'],
    min: 10,
  },
  {
    path: ['timescales', 'stage3.papers'],
    what: 'the papers sent before the panel',
    value: (p) => p.timescales['stage3.papers'],
    min: 10,
  },
  {
    path: ['timescales', 'stage3.panelReport'],
    what: "the panel's report",
    value: (p) => p.timescales['stage3.panelReport'],
    max: 5,
  },
  {
    path: ['timescales', 'stage3.finalResponse'],
    what: "the council's final response",
    value: (p) => p.timescales['stage3.finalResponse'],
    max: 15,
  },
  {
    path: ['extensions', 'finalResponseDirectorDisagrees'],
    what: 'the final response where the Director disagrees with the panel',
    value: (p) => p.extensions.finalResponseDirectorDisagrees,
    max: 20,
  },
];

const policyShape = lazy(() =>
  z.strictObject(
    {
      id: z.string().regex(/^[a-z0-9][a-z0-9-]*$/, { error: 'must be lower-case letters, digits and hyphens' }),
      /** The profile's version: a case keeps the one it started on (`<id>@<version>`, see policyRef). */
      version: z.number().int({ error: 'must be a whole number' }).min(1, { error: 'must be 1 or more (limit 1)' }).default(1),
      name: z.string().trim().min(1, { error: 'must not be empty' }),
      division: z.enum(DIVISIONS, {
        error: (issue) => `unknown division ${JSON.stringify(issue.input)}: expected one of ${DIVISIONS.join(', ')}`,
      }),
      /** Working days for each step, counted from the event DOMAIN.md names. */
      timescales: z
        .partialRecord(z.enum(TIMESCALE_KEYS), dayCount())
        .superRefine((t, ctx) => {
          for (const key of TIMESCALE_KEYS) {
            if (!(key in ADDED_TIMESCALES) && t[key] === undefined) ctx.addIssue({ code: 'custom', path: [key], message: 'is required' });
          }
        })
        .transform((t) => ({ ...ADDED_TIMESCALES, ...t }) as Record<DeadlineKey, number>),
      extensions: z.strictObject({
        /** The most an extension may add to stage1.respond. */
        stage1MaxWorkingDays: dayCount(),
        /** The most stage2.respond may reach with extensions, in all. */
        stage2MaxTotalWorkingDays: dayCount(),
        /** stage3.finalResponse where the Director disagrees with the panel and meets its Chair. */
        finalResponseDirectorDisagrees: dayCount(),
      }),
      /** Whether the stage1.clarify step applies. */
      stage1Clarify: z.boolean(),
      /** Whether the stage2.contact step applies. */
      stage2Contact: z.boolean(),
      /** When the stage2.respond clock starts. */
      stage2ClockStart: z.enum(['statement-agreed', 'request']).default('statement-agreed'),
      /**
       * Corporate complaints found at triage: routed to the council's corporate
       * procedure with a letter (`route-out`), or answered by the complaints team
       * itself within `corporate.respond` (`answer`: BANES 1.5, 2.4, 8.5).
       */
      corporateComplaints: z.enum(['route-out', 'answer']).default('route-out'),
      receipt: z.strictObject({
        nonWorkingDay: z.literal('next-working-day').default('next-working-day'),
        /** 'HH:MM' London; received at or after it counts as the next working day. */
        cutOff: z.string().regex(CUT_OFF_PATTERN, { error: 'must be a time HH:MM between 00:00 and 23:59' }).optional(),
      }),
      reminders: z.strictObject({
        /** Working days (the office open) before a due date. */
        workingDaysBefore: z.array(positiveDayCount()),
        /** Shares of the working days elapsed, e.g. 0.5 and 0.75. */
        elapsedShares: z.array(
          z
            .number({ error: 'must be a number' })
            .gt(0, { error: 'must be more than 0 (limit 0)' })
            .lt(1, { error: 'must be less than 1 (limit 1)' }),
        ),
      }),
      /** Days the office is closed: warnings and earlier reminders, never later due dates. */
      closureDays: z.array(isoDateSchema()).default([]),
      /** Months after the grounds arose within which a complaint is accepted without a reason for delay. */
      outOfTimeMonths: z.number().int({ error: 'must be a whole number of months' }),
      /** Years complaint records are kept after closure. */
      retentionYears: z
        .number()
        .int({ error: 'must be a whole number of years' })
        .min(1, { error: 'must be 1 or more (limit 1)' }),
    },
    { error: (issue) => (issue.code === 'invalid_type' ? 'must be a policy object' : undefined) },
    ),
);

/** Zod schema of a policy, with the statutory limits (built on first use, domain/lazy.ts). */
export const policySchema = lazy(() =>
  policyShape().superRefine((policy, ctx) => {
    for (const limit of STATUTORY_LIMITS) {
      const value = limit.value(policy);
      if (limit.max !== undefined && value > limit.max) {
        ctx.addIssue({
          code: 'custom',
          path: limit.path,
          message: `${limit.what} is ${value} working days, over the statutory maximum (limit ${limit.max})`,
        });
      }
      if (limit.min !== undefined && value < limit.min) {
        ctx.addIssue({
          code: 'custom',
          path: limit.path,
          message: `${limit.what} is ${value} working days, under the statutory minimum (limit ${limit.min})`,
        });
      }
    }
    if (policy.extensions.stage2MaxTotalWorkingDays < policy.timescales['stage2.respond']) {
      ctx.addIssue({
        code: 'custom',
        path: ['extensions', 'stage2MaxTotalWorkingDays'],
        message: `must be at least timescales.stage2.respond (limit ${policy.timescales['stage2.respond']})`,
      });
    }
    // Regulation 2 defines working days by England and Wales bank holidays.
    if (policy.division !== 'england-and-wales') {
      ctx.addIssue({
        code: 'custom',
        path: ['division'],
        message: 'working days under regulation 2 exclude England and Wales bank holidays (limit england-and-wales)',
      });
    }
    // Regulation 9: a complaint made within 12 months must be considered; a policy may be more generous, never less.
    if (policy.outOfTimeMonths < 12) {
      ctx.addIssue({
        code: 'custom',
        path: ['outOfTimeMonths'],
        message: `is ${policy.outOfTimeMonths} months, under the statutory 12 (limit 12)`,
      });
    }
    const seen = new Set<string>();
    policy.closureDays.forEach((day, i) => {
      if (seen.has(day)) ctx.addIssue({ code: 'custom', path: ['closureDays', i], message: `duplicate date ${day}` });
      seen.add(day);
    });
  }),
);

/** Whether the complaints team answers corporate complaints itself; a case's copy from before the setting routes them out. */
export function answersCorporate(policy: Pick<Policy, 'corporateComplaints'>): boolean {
  return (policy.corporateComplaints as Policy['corporateComplaints'] | undefined) === 'answer';
}

/** A validated council policy. */
export type Policy = z.output<ReturnType<typeof policySchema>>;

/** A policy as written, before defaults. */
export type PolicyInput = z.input<ReturnType<typeof policySchema>>;

/** A policy refused: `problems` holds one `<field path>: <problem> (limit N)` line per violation. */
export class PolicyError extends Error {
  override readonly name = 'PolicyError';
  constructor(readonly problems: string[]) {
    super(`invalid policy:\n  ${problems.join('\n  ')}`);
  }
}

/**
 * Validates a policy and applies its defaults.
 * @throws PolicyError listing every violation.
 */
export function parsePolicy(input: unknown): Policy {
  const result = policySchema().safeParse(input);
  if (!result.success) throw new PolicyError(formatIssues(result.error.issues));
  return result.data;
}

function deepFreeze<T>(value: T): T {
  if (value && typeof value === 'object') {
    Object.values(value).forEach(deepFreeze);
    Object.freeze(value);
  }
  return value;
}

const STATUTORY_INPUT = {
  id: 'england-statutory',
  name: 'England statutory procedure (Children Act 1989 Representations Procedure (England) Regulations 2006)',
  division: 'england-and-wales',
  timescales: {
    'stage1.acknowledge': 3,
    'stage1.clarify': 5,
    'stage1.respond': 10,
    'stage1.escalate': 20,
    'stage2.acknowledge': 3,
    'stage2.contact': 5,
    'stage2.respond': 25,
    'stage2.escalate': 20,
    'stage3.acknowledge': 3,
    'stage3.panel': 30,
    'stage3.notifyPanel': 10,
    'stage3.papers': 10,
    'stage3.panelReport': 5,
    'stage3.finalResponse': 15,
  },
  extensions: { stage1MaxWorkingDays: 10, stage2MaxTotalWorkingDays: 65, finalResponseDirectorDisagrees: 15 },
  stage1Clarify: false,
  stage2Contact: false,
  stage2ClockStart: 'statement-agreed',
  receipt: { nonWorkingDay: 'next-working-day' },
  reminders: { workingDaysBefore: [2], elapsedShares: [0.5, 0.75] },
  closureDays: [],
  outOfTimeMonths: 12,
  // None of the documents states a period: Luton 10.3 and Rutland 14.2 defer
  // to the council's retention schedule. Six years is a placeholder to set.
  retentionYears: 6,
} satisfies PolicyInput;

type ProfileChanges = Omit<Partial<PolicyInput>, 'timescales' | 'extensions' | 'version'> & {
  timescales?: Partial<Record<DeadlineKey, number>>;
  extensions?: Partial<PolicyInput['extensions']>;
};

/** One version of a profile: the policy as it stood, and what its council changed from the version before. */
export interface PolicyVersion {
  policy: Policy;
  changes: string;
}

/** Every version of every profile, oldest first: a case started on an earlier one is still served it exactly. */
const HISTORY = new Map<string, PolicyVersion[]>();

function merged(base: PolicyInput, changes: ProfileChanges, version: number): Policy {
  return deepFreeze(
    parsePolicy({
      ...base,
      ...changes,
      version,
      timescales: { ...base.timescales, ...changes.timescales },
      extensions: { ...base.extensions, ...changes.extensions },
    }),
  );
}

function profile(changes: ProfileChanges & { id: string; name: string }, note: string): Policy {
  const policy = merged(STATUTORY_INPUT, changes, 1);
  HISTORY.set(policy.id, [{ policy, changes: note }]);
  return policy;
}

/**
 * Adds the next version of profile `id`: its current version with `changes`,
 * and a note of what changed and why. Only cases started after it get it;
 * each case keeps the copy (and the version number) it started with. Write a
 * council's new procedure here as a call below its profile; tests call it to
 * move a profile on while a case runs.
 * @throws PolicyError for an unknown id or a version outside the statutory limits.
 */
export function addPolicyVersion(id: string, changes: ProfileChanges, note: string): Policy {
  const versions = versionsOf(id);
  const current = versions.at(-1)!.policy;
  const policy = merged(current, { ...changes, id }, current.version + 1);
  versions.push({ policy, changes: note });
  return policy;
}

/** A policy's fields, in the order a parsed policy has them (a test holds this to the parser's). */
const POLICY_FIELDS = [
  'id', 'version', 'name', 'division', 'timescales', 'extensions', 'stage1Clarify', 'stage2Contact', 'stage2ClockStart',
  'corporateComplaints', 'receipt', 'reminders', 'closureDays', 'outOfTimeMonths', 'retentionYears',
] as const satisfies readonly (keyof Policy)[];

const england = lazy(() => merged(STATUTORY_INPUT, { id: STATUTORY_INPUT.id, name: STATUTORY_INPUT.name }, 1));

/**
 * England's statutory procedure, the timescale table of DOMAIN.md with no
 * local variants. Parsed when a field is first read, not when the module is
 * loaded: the workflow bundle loads this module for every workflow it creates
 * and a case never reads it (its copy of its policy is in its input).
 */
export const ENGLAND_STATUTORY_POLICY: Policy = lazyRecord<Policy>(POLICY_FIELDS, (field) => england()[field]);
HISTORY.set(STATUTORY_INPUT.id, [{ policy: ENGLAND_STATUTORY_POLICY, changes: 'The statutory timescales with no local variants.' }]);

let councilProfiles: Record<string, Policy> | undefined;

/**
 * The councils' profiles, parsed on first use: the worker evaluates a
 * workflow's modules anew for each workflow it creates (a case woken after
 * eviction pays for all they build when loaded), and a complaint case never
 * asks for them.
 */
function councils(): Record<string, Policy> {
  if (councilProfiles) return councilProfiles;
  /**
   * Rutland County Council, Children's Social Care Complaints Procedure
   * (December 2024). Section 10.1 matches the statutory table: acknowledge 3,
   * respond 10 (+10 if complex), 20 to escalate; Stage 2 25, extended "if an
   * Advocate is required or there are exceptional circumstances" with no cap
   * stated (so the statutory 65); notice and papers at least 10 before the
   * panel; report 5; Director 15. Section 2.3 says six months for making a
   * complaint, 8.1 says 12: 8.1 matches regulation 9 and is kept.
   */
  const RUTLAND = profile({ id: 'rutland', name: 'Rutland County Council (procedure, December 2024)' }, 'The procedure of December 2024.');

  /**
   * Luton Council, Children's Social Care Complaints Procedure (April 2022).
   * The differences from the statutory default:
   */
  const LUTON = profile({
    id: 'luton',
    name: 'Luton Council (procedure, April 2022)',
    // 13.3: the Stage 1 investigator clarifies the complaint within 5 working days of receipt.
    // The response stays 10 working days from receipt (13.6, 13.8), not from the
    // clarification as section 21's summary has it: the paragraphs are kept.
    stage1Clarify: true,
    // 14.1: the Investigating Officer contacts the complainant within 5 working days of appointment.
    stage2Contact: true,
    // 14.7: "The 25 days will run from the date the complainant agrees the items
    // of complaint" (section 21's "20 days after clarification" is the IO's own
    // share of those 25).
    stage2ClockStart: 'statement-agreed',
    // 20.6 and 21: where the Director disagrees with the panel, 20 working days
    // to meet the Chair; 20.5: 15 where the Director agrees.
    extensions: { finalResponseDirectorDisagrees: 20 },
  }, 'The procedure of April 2022: Stage 1 clarification, Stage 2 contact, 20 days where the Director disagrees.');

  /**
   * Bath & North East Somerset Council, Children's Services complaints annual
   * report 2022-23. 8.2: Stage 1 is 10 working days, extendable to 20; "now
   * extended to 20 working days from the outset for many complaints" — that is
   * the extension used at receipt, a decision per case, so the policy keeps
   * 10 + 10. 8.6: Stage 2 runs 25 from the date the complaint is agreed (the
   * appendix's "25 days of making the complaint" is a summary), up to 65 with
   * the complainant's agreement. 8.9: panel within 30 of the request.
   * Appendix 1: a serious or detailed complaint may go straight to Stage 2 (a
   * triage decision, not a timescale).
   * 1.5, 2.4 and 8.5: the same team triages corporate complaints and answers
   * them within 15 working days (`corporate.respond`); their Stage 2 is the
   * corporate team's (8.8).
   */
  const BANES = profile(
    { id: 'banes', name: 'Bath & North East Somerset Council (annual report 2022-23)', corporateComplaints: 'answer' },
    'As the annual report 2022-23 describes the procedure.',
  );

  /**
   * Royal Borough of Kingston upon Thames, Children Social Care Complaints
   * Annual Report 2017/18: Stage 1 10, extendable to 20 for complex cases,
   * with the timescale "agreed with the complainant" (a decision per case);
   * Stage 2 25, extended to 65 only with the complainant's agreement; panel
   * within 30 of the request, report 5, response 15 of the report. No
   * difference from the statutory default.
   */
  const KINGSTON = profile({ id: 'kingston', name: 'Royal Borough of Kingston upon Thames (annual report 2017-18)' }, 'As the annual report 2017-18 describes the procedure.');

  councilProfiles = { [RUTLAND.id]: RUTLAND, [LUTON.id]: LUTON, [BANES.id]: BANES, [KINGSTON.id]: KINGSTON };
  return councilProfiles;
}

/** The first version of each policy the engine ships with, by id (getPolicy gives the current one). */
export const POLICY_PROFILES: Readonly<Record<string, Policy>> = Object.freeze(
  Object.defineProperties({} as Record<string, Policy>, {
    [STATUTORY_INPUT.id]: { enumerable: true, value: ENGLAND_STATUTORY_POLICY },
    ...Object.fromEntries(['rutland', 'luton', 'banes', 'kingston'].map((id) => [id, { enumerable: true, get: () => councils()[id] }])),
  }),
);

function versionsOf(id: string): PolicyVersion[] {
  councils();
  const versions = HISTORY.get(id);
  if (!versions) {
    throw new PolicyError([`id: unknown policy ${JSON.stringify(id)}; known policies: ${[...HISTORY.keys()].join(', ')}`]);
  }
  return versions;
}

/**
 * The shipped policy with this id: its current version, or the version a case pinned.
 * @throws PolicyError naming the known ids, or the versions there are.
 */
export function getPolicy(id: string, version?: number): Policy {
  const versions = versionsOf(id);
  if (version === undefined) return versions.at(-1)!.policy;
  const found = Number.isSafeInteger(version) ? versions[version - 1] : undefined;
  if (!found) throw new PolicyError([`version: policy ${id} has no version ${version}; versions 1 to ${versions.length}`]);
  return found.policy;
}

/** Every profile with its versions, oldest first (GET /v1/policies). */
export function policyHistory(): Array<{ id: string; versions: readonly PolicyVersion[] }> {
  councils();
  return [...HISTORY].map(([id, versions]) => ({ id, versions: [...versions] }));
}

/** The calendar a case under `policy` starts with: its division's holidays and its closure days. */
export function calendarDataForPolicy(policy: Policy, file?: BankHolidayFile): CalendarData {
  return file
    ? buildCalendarData(file, policy.division, policy.closureDays)
    : defaultCalendarData(policy.division, policy.closureDays);
}
