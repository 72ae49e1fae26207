import { defineQuery, defineSignal, defineUpdate } from '@temporalio/workflow';
import { z } from 'zod';
import type { CalendarData } from '../../domain/calendar';
import type { CaseView } from './state';

/**
 * Messages of the complaint workflow. One Update per transition, named as the
 * API's command; the API imports these definitions and the zod schemas of
 * their inputs, never their string names. Every Update's result is the case
 * view; a refusal is an ApplicationFailure of type `TransitionRefused` whose
 * message is the reason.
 *
 * No input carries personal data: people are staff ids, heads of complaint are
 * numbers, and free text (notes, reasons) is kept short and is the staff's own.
 */

const instant = z.iso.datetime({ offset: true });
const isoDate = z.iso.date();
const staffId = z.string().trim().min(1).max(100).regex(/^[A-Za-z0-9._@-]+$/, 'a staff id: letters, digits and . _ @ -');
const reason = z.string().trim().min(1).max(2_000);
const headId = z.string().trim().min(1).max(20).regex(/^[A-Za-z0-9.-]+$/, 'a head of complaint number such as 1 or 2a');

/** Common to every transition: who did it, when it happened, an optional note. */
export const stepSchema = z.object({
  /** The staff member (the token's subject) recorded as the actor. */
  actor: staffId,
  /** When the step happened (ISO 8601 with offset); defaults to now. Never in the future, never before the step it follows. */
  at: instant.optional(),
  note: z.string().max(10_000).optional(),
  /** Send the letter of a step dated an earlier day (logged late): by default it is not sent (past.ts). */
  sendLetter: z.boolean().optional(),
});
export type StepInput = z.infer<typeof stepSchema>;

export const TRIAGE_DECISIONS = ['stage1', 'stage2', 'corporate', 'representation', 'not-accepted'] as const;
export const NOT_ACCEPTED_REASONS = [
  'court-proceedings',
  'disciplinary',
  'criminal',
  'grievance',
  'independent-provider',
  'other-agency',
  'all-stages-complete',
  'out-of-time',
  'unsuitable-representative',
  'anonymous',
  'other',
] as const;

export const triageSchema = stepSchema.extend({
  decision: z.enum(TRIAGE_DECISIONS),
  reason: reason.optional(),
  notAcceptedReason: z.enum(NOT_ACCEPTED_REASONS).optional(),
  /** When the grounds for the complaint arose, for the 12-month rule. */
  matterOccurredOn: isoDate.optional(),
  /** Why a complaint made more than 12 months after the grounds arose is accepted. */
  goodReasonForDelay: reason.optional(),
});

export const EXTENDABLE = ['stage1.respond', 'stage2.respond', 'stage3.panel', 'stage3.finalResponse'] as const;
export const extendSchema = stepSchema.extend({
  deadline: z.enum(EXTENDABLE),
  workingDays: z.number().int().min(1).max(65),
  reason,
  complainantAgreed: z.boolean().optional(),
});

export const escalateSchema = stepSchema.extend({
  /** The complainant's reasons, in any form: escalation needs no form or wording. */
  reasons: z.string().trim().max(10_000).optional(),
  /** A manager's reason for accepting a request made after the window closed. */
  lateAcceptedReason: reason.optional(),
});

export const refuseEscalationSchema = stepSchema.extend({ reasons: reason });

const investigator = z.object({ id: staffId, team: z.string().trim().min(1).max(100).optional() });
export const appointInvestigatorsSchema = stepSchema.extend({
  investigatingOfficer: investigator,
  independentPerson: investigator,
  /** Required when an Investigating Officer or Independent Person is replaced: the clock does not restart. */
  replacementReason: reason.optional(),
});

export const submitReportsSchema = stepSchema.extend({
  reports: z.array(z.enum(['investigating-officer', 'independent-person'])).min(1),
});

export const FINDINGS = ['upheld', 'partially-upheld', 'not-upheld'] as const;
export const CATEGORIES = [
  'assessment-care-management-review',
  'staff-attitude-behaviour',
  'appropriateness-of-service',
  'quality-of-service',
  'delay-in-decision-or-service',
  'unwelcome-or-disputed-decision',
] as const;
export const REMEDY_TYPES = ['apology', 'action', 'financial-redress', 'service-change'] as const;

const remedy = z
  .object({ type: z.enum(REMEDY_TYPES), amountPence: z.number().int().min(1).max(100_000_000).optional() })
  .refine((r) => (r.type === 'financial-redress') === (r.amountPence !== undefined), {
    message: 'financial redress needs amountPence, and only financial redress has one',
    path: ['amountPence'],
  });

const recommendation = z.object({
  id: z.string().trim().min(1).max(40).regex(/^[A-Za-z0-9.-]+$/),
  owner: staffId,
  /** Due this many working days after the findings are recorded. */
  dueInWorkingDays: z.number().int().min(1).max(260),
});

export const findingsSchema = z.object({
  heads: z
    .array(
      z.object({
        head: headId,
        finding: z.enum(FINDINGS),
        category: z.enum(CATEGORIES),
        remedies: z.array(remedy).max(10).default([]),
      }),
    )
    .min(1)
    .max(50),
  recommendations: z.array(recommendation).max(50).default([]),
});
export type Findings = z.infer<typeof findingsSchema>;

export const adjudicateSchema = stepSchema.extend({ findings: findingsSchema.optional() });
export const recordFindingsSchema = stepSchema.extend({ stage: z.enum(['stage1', 'stage2', 'stage3']), findings: findingsSchema });

export const panelMemberSchema = z.object({ id: staffId, role: z.enum(['chair', 'member']) });
export const schedulePanelSchema = stepSchema.extend({
  panelDate: isoDate,
  /** The three members, one the Chair: checked against the Stage 2 investigators' independence when given. */
  members: z
    .array(panelMemberSchema)
    .length(3)
    .refine((m) => m.filter((x) => x.role === 'chair').length === 1, { message: 'a Review Panel has three members, one of them the Chair' })
    .optional(),
});
export const adjournPanelSchema = stepSchema.extend({ panelDate: isoDate, reason });
export const recordPanelSchema = stepSchema.extend({ findings: findingsSchema.optional() });
export const finalResponseSchema = stepSchema.extend({ findings: findingsSchema.optional() });

export const HOLD_REASONS = ['safeguarding', 'court-proceedings', 'other'] as const;
export const holdSchema = stepSchema.extend({
  reason: z.enum(HOLD_REASONS),
  /** A partial hold (regulation 8): only these heads wait; the clocks run on for the rest. */
  heads: z.array(headId).min(1).max(50).optional(),
  detail: reason.optional(),
});
export const releaseHoldSchema = stepSchema.extend({ heads: z.array(headId).min(1).max(50).optional() });

export const CLOSE_OUTCOMES = ['resolved'] as const;
export const closeSchema = stepSchema.extend({ outcome: z.enum(CLOSE_OUTCOMES), reason: reason.optional() });

export const OMBUDSMAN_DECISIONS = [
  'closed-after-initial-enquiries',
  'referred-back-for-local-resolution',
  'upheld',
  'fault-without-injustice',
  'no-fault',
] as const;
export const referToOmbudsmanSchema = stepSchema.extend({
  ombudsmanReference: z.string().trim().min(1).max(40).regex(/^[A-Za-z0-9/ -]+$/).optional(),
});
export const ombudsmanDecisionSchema = stepSchema.extend({
  decision: z.enum(OMBUDSMAN_DECISIONS),
  remedies: z.array(remedy).max(10).default([]),
  /** The date the Ombudsman set for the council to carry out the remedies. */
  complianceDate: isoDate.optional(),
  /** Each becomes a tracked action, due this many working days after the decision. */
  recommendations: z.array(recommendation).max(50).optional(),
});

/** The command schemas by Update name; the API serves `POST …/commands/{name}` from this table. */
export const COMMAND_SCHEMAS = {
  triage: triageSchema,
  acknowledge: stepSchema,
  clarify: stepSchema,
  extend: extendSchema,
  respond: stepSchema,
  escalate: escalateSchema,
  'refuse-escalation': refuseEscalationSchema,
  'appoint-investigators': appointInvestigatorsSchema,
  contact: stepSchema,
  'agree-statement': stepSchema,
  'suspend-for-resolution': stepSchema,
  resume: stepSchema,
  'submit-reports': submitReportsSchema,
  adjudicate: adjudicateSchema,
  'schedule-panel': schedulePanelSchema,
  'notify-panel': stepSchema,
  'send-papers': stepSchema,
  'adjourn-panel': adjournPanelSchema,
  'record-panel': recordPanelSchema,
  'panel-report': stepSchema,
  'final-response': finalResponseSchema,
  hold: holdSchema,
  'release-hold': releaseHoldSchema,
  withdraw: stepSchema,
  'record-findings': recordFindingsSchema,
  'refer-to-ombudsman': referToOmbudsmanSchema,
  'record-ombudsman-decision': ombudsmanDecisionSchema,
  'record-ombudsman-compliance': stepSchema,
  close: closeSchema,
} as const;

export type CommandName = keyof typeof COMMAND_SCHEMAS;
export type CommandInput<C extends CommandName> = z.infer<(typeof COMMAND_SCHEMAS)[C]>;
export const COMMAND_NAMES = Object.keys(COMMAND_SCHEMAS) as CommandName[];

type CommandUpdates = { [C in CommandName]: ReturnType<typeof defineUpdate<CaseView, [CommandInput<C>]>> };

/** One Update definition per command (`commandUpdates['agree-statement']`). */
export const commandUpdates = Object.fromEntries(
  COMMAND_NAMES.map((name) => [name, defineUpdate<CaseView, [unknown]>(name)]),
) as unknown as CommandUpdates;

/** Kept for readability where one command is meant. */
export const acknowledgeUpdate = commandUpdates.acknowledge;

/** Moves the case to a new calendar (a newly proclaimed bank holiday, a closure day): pending dates are re-derived. */
export const calendarChangedSignal = defineSignal<[{ calendar: CalendarData; actor: string; /** The council's calendar change: an older one than the case has seen is ignored. */ sequence?: number }]>(
  'calendarChanged',
);

/** Closes the case as discontinued under the unreasonable-conduct protocol (workflows/conduct); a closed case ignores it. */
export const discontinueCaseSignal = defineSignal<[{ actor: string; decidedAt: string; personId: number }]>('discontinueCase');

/** The case view: stage, status, every deadline with its explanation, events. */
export const caseViewQuery = defineQuery<CaseView>('caseView');
