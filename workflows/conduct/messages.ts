import { defineQuery, defineSignal, defineUpdate } from '@temporalio/workflow';
import type { CalendarData } from '../../domain/calendar';
import { z } from 'zod';
import type { ConductView } from './state';

/**
 * Messages of the unreasonable-conduct workflow (Rutland appendix A, Luton 9):
 * one per person, id `conduct-<personId>`. One Update per decision, named as
 * the API's command; each answers with the person's conduct view, or is
 * refused with an ApplicationFailure of type `TransitionRefused`.
 *
 * No input names anyone: the person is a records-store id, staff are ids, and
 * reasons are the staff's own words (the payloads are encrypted).
 */

const instant = z.iso.datetime({ offset: true });
const isoDate = z.iso.date();
const staffId = z.string().trim().min(1).max(100).regex(/^[A-Za-z0-9._@-]+$/, 'a staff id: letters, digits and . _ @ -');
const reason = z.string().trim().min(1).max(2_000);

/** The ways of contact a restriction may leave open (Rutland appendix A stage two: "the way in which they can contact the Council"). */
export const CONTACT_WAYS = ['letter', 'email', 'phone', 'in-person', 'online-form'] as const;
export type ContactWay = (typeof CONTACT_WAYS)[number];

const stepSchema = z.object({
  /** The staff member recorded as the decision-maker (the token's subject). */
  actor: staffId,
  /** When the decision was taken (ISO 8601 with offset); defaults to now. Never in the future, never before the last decision. */
  at: instant.optional(),
  note: z.string().max(10_000).optional(),
});

/** How long a restriction lasts: an end date, or a period from the decision's date. */
const periodSchema = z.union([
  z.strictObject({ months: z.number().int().min(1).max(24) }),
  z.strictObject({ workingDays: z.number().int().min(1).max(520) }),
]);
export type Period = z.infer<typeof periodSchema>;

const termsShape = {
  /** The first day the restriction no longer applies (it lifts itself at 00:00 London that day). */
  expiresOn: isoDate.optional(),
  /** Or a period from the decision's London date: calendar months, or working days. */
  period: periodSchema.optional(),
  /** When the restriction is reviewed; before it expires. */
  reviewOn: isoDate,
};

type Terms = { expiresOn?: string | undefined; period?: Period | undefined; reviewOn?: string | undefined; reason?: string | undefined; decision?: string };
type Rule = (t: Terms, ctx: z.RefinementCtx) => void;

function oneEnd(t: Terms, ctx: z.RefinementCtx): void {
  if (t.expiresOn !== undefined && t.period !== undefined) ctx.addIssue({ code: 'custom', message: 'give expiresOn or period, not both', path: ['period'] });
}

/** What a review decides: keep the restriction (with new dates), lift it, or refuse contact. */
export const REVIEW_DECISIONS = ['continue', 'lift', 'escalate'] as const;

/** The objects, without the rules across fields: the API derives its bodies from them (zod cannot omit from a refined object). */
const BASES = {
  warn: stepSchema.extend({ reason }).meta({ description: 'Warns the person that their conduct may lead to restrictions (stage one).', examples: [{ reason: 'Abusive calls to the team on 3 and 4 November' }] }),
  restrict: stepSchema.extend({
    reason,
    allowedContact: z.array(z.enum(CONTACT_WAYS)).min(1).max(CONTACT_WAYS.length).refine((w) => new Set(w).size === w.length, 'each way once'),
    ...termsShape,
  }).meta({
    description: 'Restricts how the person may contact the council, for a stated period, with a review date (stage two).',
    examples: [{ reason: 'Calls continued after the warning', allowedContact: ['letter', 'email'], period: { months: 6 }, reviewOn: '2027-03-01' }],
  }),
  review: stepSchema.extend({
    decision: z.enum(REVIEW_DECISIONS),
    /** The next review (continue, escalate). */
    reviewOn: isoDate.optional(),
    /** A new end (continue) or the refusal's end (escalate); unchanged if absent. */
    expiresOn: isoDate.optional(),
    period: periodSchema.optional(),
    /** Why (required to escalate). */
    reason: reason.optional(),
  }).meta({ description: 'Reviews a restriction: continue it (with new dates), lift it, or escalate to refusing contact.', examples: [{ decision: 'continue', reviewOn: '2027-06-01' }] }),
  'refuse-contact': stepSchema
    .extend({ reason, expiresOn: isoDate.optional(), period: periodSchema.optional(), reviewOn: isoDate })
    .meta({ description: 'Refuses further contact for a stated period (stage three).', examples: [{ reason: 'Threats made to staff', period: { months: 3 }, reviewOn: '2027-02-01' }] }),
  discontinue: stepSchema.extend({ reason }).meta({ description: "Discontinues the investigation of the person's open complaints, each closed with its letter.", examples: [{ reason: 'The complaints repeat matters already investigated' }] }),
  lift: stepSchema.extend({ reason: reason.optional() }).meta({ description: 'Lifts a warning or restriction early.', examples: [{ reason: 'Contact has been appropriate for three months' }] }),
};

/** The rules across fields, per command. */
const RULES: Partial<Record<keyof typeof BASES, Rule>> = {
  restrict: (t, ctx) => {
    oneEnd(t, ctx);
    if (t.expiresOn === undefined && t.period === undefined) ctx.addIssue({ code: 'custom', message: 'a restriction is for a stated period: give expiresOn or period', path: ['expiresOn'] });
  },
  review: (t, ctx) => {
    oneEnd(t, ctx);
    if (t.decision !== 'lift' && t.reviewOn === undefined) ctx.addIssue({ code: 'custom', message: 'continuing or escalating needs the next review date', path: ['reviewOn'] });
    if (t.decision === 'escalate' && t.reason === undefined) ctx.addIssue({ code: 'custom', message: 'refusing contact needs the reason', path: ['reason'] });
  },
  'refuse-contact': oneEnd,
};

function withRules<N extends keyof typeof BASES, S extends z.ZodType>(name: N, schema: S): S {
  const rule = RULES[name];
  return (rule ? schema.superRefine(rule as (v: unknown, ctx: z.RefinementCtx) => void) : schema) as S;
}

export const warnSchema = withRules('warn', BASES.warn);
export const restrictSchema = withRules('restrict', BASES.restrict);
export const reviewSchema = withRules('review', BASES.review);
export const refuseContactSchema = withRules('refuse-contact', BASES['refuse-contact']);
export const discontinueSchema = withRules('discontinue', BASES.discontinue);
export const liftSchema = withRules('lift', BASES.lift);

/** A decision's body as the API takes it: the input without `actor` (it comes from the token), no unknown fields, the same rules. */
export function conductBodySchema(name: keyof typeof BASES): z.ZodType {
  const base = BASES[name] as unknown as z.ZodObject<{ actor: typeof staffId }>;
  return withRules(name, base.omit({ actor: true }).strict().meta(z.globalRegistry.get(BASES[name]) ?? {}));
}

/** The command schemas by Update name; the API serves `POST /v1/conduct/{personId}/commands/{name}` from this table. */
export const CONDUCT_COMMAND_SCHEMAS = {
  warn: warnSchema,
  restrict: restrictSchema,
  review: reviewSchema,
  'refuse-contact': refuseContactSchema,
  discontinue: discontinueSchema,
  lift: liftSchema,
} as const;

export type ConductCommandName = keyof typeof CONDUCT_COMMAND_SCHEMAS;
export type ConductCommandInput<C extends ConductCommandName> = z.infer<(typeof CONDUCT_COMMAND_SCHEMAS)[C]>;
export const CONDUCT_COMMAND_NAMES = Object.keys(CONDUCT_COMMAND_SCHEMAS) as ConductCommandName[];

type ConductUpdates = { [C in ConductCommandName]: ReturnType<typeof defineUpdate<ConductView, [ConductCommandInput<C>]>> };

/** One Update per decision (`conductUpdates['refuse-contact']`). */
export const conductUpdates = Object.fromEntries(
  CONDUCT_COMMAND_NAMES.map((name) => [name, defineUpdate<ConductView, [unknown]>(`conduct.${name}`)]),
) as unknown as ConductUpdates;

/** The person's protocol: level, the measure in force, past measures, discontinued cases, events. */
export const conductViewQuery = defineQuery<ConductView>('conductView');

/**
 * The council's calendar changed (a proclaimed bank holiday, a closure day):
 * sent by the calendar change pass with the calendar of the person's case's
 * policy. `sequence` is the change's number: an older one than the workflow
 * has seen is ignored.
 */
export const conductCalendarChangedSignal = defineSignal<[{ calendar: CalendarData; actor: string; sequence?: number }]>('conduct.calendarChanged');
