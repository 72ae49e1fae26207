import { z } from 'zod';
import { lazy, lazyRecord } from '../lazy';

/**
 * The decisions of the unreasonable-conduct protocol (Rutland appendix A,
 * Luton 9) and the zod schemas of their inputs, named as the API's command
 * and as the workflow's Update (workflows/conduct/messages.ts defines the
 * Updates from this table).
 *
 * No input names anyone: the person is a records-store id, staff are ids, and
 * reasons are the staff's own words (the payloads are encrypted).
 */

/** The ways of contact a restriction may leave open (Rutland appendix A stage two: "the way in which they can contact the Council"). */
export const CONTACT_WAYS = ['letter', 'email', 'phone', 'in-person', 'online-form'] as const;
export type ContactWay = (typeof CONTACT_WAYS)[number];

type Terms = { expiresOn?: string | undefined; period?: Period | undefined; reviewOn?: string | undefined; reason?: string | undefined; decision?: string };
type Rule = (t: Terms, ctx: z.RefinementCtx) => void;

function oneEnd(t: Terms, ctx: z.RefinementCtx): void {
  if (t.expiresOn !== undefined && t.period !== undefined) ctx.addIssue({ code: 'custom', message: 'give expiresOn or period, not both', path: ['period'] });
}

/** What a review decides: keep the restriction (with new dates), lift it, or refuse contact. */
export const REVIEW_DECISIONS = ['continue', 'lift', 'escalate'] as const;

/** The decisions, in the order the API lists them. */
const NAMES = ['warn', 'restrict', 'review', 'refuse-contact', 'discontinue', 'lift'] as const;
type Name = (typeof NAMES)[number];

/** The rules across fields, per command. */
const RULES: Partial<Record<Name, Rule>> = {
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

function withRules<S extends z.ZodType>(name: Name, schema: S): S {
  const rule = RULES[name];
  return (rule ? schema.superRefine(rule as (v: unknown, ctx: z.RefinementCtx) => void) : schema) as S;
}

/**
 * The schemas, built together on first use (domain/lazy.ts): a workflow of
 * another kind never asks for them, nor a replay with no decision in its history.
 */
const built = lazy(() => {
  const instant = z.iso.datetime({ offset: true });
  const isoDate = z.iso.date();
  const staffId = z.string().trim().min(1).max(100).regex(/^[A-Za-z0-9._@-]+$/, 'a staff id: letters, digits and . _ @ -');
  const reason = z.string().trim().min(1).max(2_000);

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

  const termsShape = {
    /** The first day the restriction no longer applies (it lifts itself at 00:00 London that day). */
    expiresOn: isoDate.optional(),
    /** Or a period from the decision's London date: calendar months, or working days. */
    period: periodSchema.optional(),
    /** When the restriction is reviewed; before it expires. */
    reviewOn: isoDate,
  };

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

  const warnSchema = withRules('warn', BASES.warn);
  const restrictSchema = withRules('restrict', BASES.restrict);
  const reviewSchema = withRules('review', BASES.review);
  const refuseContactSchema = withRules('refuse-contact', BASES['refuse-contact']);
  const discontinueSchema = withRules('discontinue', BASES.discontinue);
  const liftSchema = withRules('lift', BASES.lift);

  return {
    periodSchema,
    BASES,
    schemas: {
      warn: warnSchema,
      restrict: restrictSchema,
      review: reviewSchema,
      'refuse-contact': refuseContactSchema,
      discontinue: discontinueSchema,
      lift: liftSchema,
    },
  } as const;
});
type Schemas = ReturnType<typeof built>['schemas'];
export type Period = z.infer<ReturnType<typeof built>['periodSchema']>;

/** A decision's body as the API takes it: the input without `actor` (it comes from the token), no unknown fields, the same rules. */
export function conductBodySchema(name: Name): z.ZodType {
  const bases = built().BASES;
  const base = bases[name] as unknown as z.ZodObject<{ actor: z.ZodString }>;
  return withRules(name, base.omit({ actor: true }).strict().meta(z.globalRegistry.get(bases[name]) ?? {}));
}

/** The command schemas by Update name; the API serves `POST /v1/conduct/{personId}/commands/{name}` from this table. */
export const CONDUCT_COMMAND_SCHEMAS: Schemas = lazyRecord<Schemas>(NAMES, (name) => built().schemas[name]);

export type ConductCommandName = keyof typeof CONDUCT_COMMAND_SCHEMAS;
export type ConductCommandInput<C extends ConductCommandName> = z.infer<(typeof CONDUCT_COMMAND_SCHEMAS)[C]>;
export const CONDUCT_COMMAND_NAMES = Object.keys(CONDUCT_COMMAND_SCHEMAS) as ConductCommandName[];
