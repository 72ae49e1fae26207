import { z } from 'zod';
import { lazy, lazyRecord } from '../lazy';
import { stage3EndCommandSchemas } from './commands-stage3end';
import { closureCommandSchemas, satisfactionField } from './commands-closure';
import { peopleCommandSchemas } from './commands-people';
import { complainantCommandSchemas } from './commands-complainant';
import { registerField } from './independence';
import { displayName, stage2StepSchemas } from './commands-stage2-steps';

/**
 * The commands of the complaint procedure and the zod schemas of their inputs:
 * one per step staff record, named as the API's command and as the workflow's
 * Update (workflows/complaint/messages.ts defines the Updates from this table).
 * The API imports these schemas, never the commands' string names.
 *
 * No input carries personal data: people are staff ids, heads of complaint are
 * numbers, and free text (notes, reasons) is kept short and is the staff's own.
 */

// Field descriptions and examples (`.meta`) are what /docs shows and what the API's validation messages quote.
const instant = lazy(() => z.iso.datetime({ offset: true }));
const isoDate = lazy(() => z.iso.date());
const staffId = lazy(() =>
  z
    .string()
    .trim()
    .min(1)
    .max(100)
    .regex(/^[A-Za-z0-9._@-]+$/, 'a staff id: letters, digits and . _ @ -, such as jo.smith')
    .meta({ description: "A member of staff's id (their sign-in name).", examples: ['jo.smith'] }),
);
const reason = lazy(() => z.string().trim().min(1).max(2_000));
const headId = lazy(() => z.string().trim().min(1).max(20).regex(/^[A-Za-z0-9.-]+$/, 'a head of complaint number such as 1 or 2a'));

/** Common to every transition: who did it, when it happened, an optional note. */
export const stepSchema = lazy(() =>
  z.object({
    /** The staff member (the token's subject) recorded as the actor. */
    actor: staffId(),
    at: instant()
      .optional()
      .meta({ description: 'When the step happened, if not now (a step logged late counts from this). Never in the future, never before the step it follows.', examples: ['2026-11-23T14:00:00Z'] }),
    note: z.string().max(10_000).optional().meta({ description: "The staff's own note on the step (no personal data).", examples: ['Phoned the complainant first'] }),
    // Set by the complainant's own actions (api/complainant/actions.ts), never by a staff client (api/command-body.ts).
    by: z.literal('complainant').optional().describe('The complainant acted themselves, not staff on their behalf.'),
    sendLetter: z
      .boolean()
      .optional()
      .describe('Send the letter of a step dated an earlier day (logged late): by default it is not sent, and a sent one never promises a date already gone.'),
    backdateReason: reason().optional().meta({
      description:
        "Why a step dated in the past, logged after the case's grace period (an hour after it was created), turns a deadline the case already showed as missed into met: " +
        'required then (409 without it), and only a complaints manager may give it (403). Kept on the step and shown in the chronology.',
      examples: ['The response was emailed on time; the officer was off sick and logged it on return'],
    }),
  }),
);
export type StepInput = z.infer<ReturnType<typeof stepSchema>>;

// service-request: a request for a service, not a complaint (Rutland 2.1).
export const TRIAGE_DECISIONS = ['stage1', 'stage2', 'corporate', 'representation', 'service-request', 'not-accepted'] as const;
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

export const triageSchema = lazy(() =>
  stepSchema().extend({
    decision: z.enum(TRIAGE_DECISIONS).describe('Which procedure the complaint goes into: Stage 1, straight to Stage 2, the corporate procedure, a representation, a service request, or not accepted.'),
    reason: reason().optional().describe('The reasons given to the complainant in writing (required for corporate where the complaint is routed out, representation, service-request and not-accepted).'),
    notAcceptedReason: z.enum(NOT_ACCEPTED_REASONS).optional().describe('Why a complaint is not accepted (required for not-accepted).'),
    matterOccurredOn: isoDate().optional().describe('When the grounds for the complaint arose, for the 12-month rule.'),
    goodReasonForDelay: reason().optional().describe('Why a complaint made more than 12 months after the grounds arose is accepted.'),
  }),
);

export const EXTENDABLE = ['stage1.respond', 'stage2.respond', 'stage3.panel', 'stage3.finalResponse'] as const;
export const extendSchema = lazy(() =>
  stepSchema().extend({
    deadline: z.enum(EXTENDABLE).describe('The deadline to extend.'),
    workingDays: z.number().int().min(1).max(65).meta({ description: 'Working days added (within the policy\'s cap).', examples: [10] }),
    reason: reason().meta({ description: 'Why, as told to the complainant in the extension letter.', examples: ['An advocate is being arranged'] }),
    complainantAgreed: z.boolean().optional().describe("The complainant agreed (required for Stage 2 and for a later panel)."),
  }),
);

export const escalateSchema = lazy(() =>
  stepSchema().extend({
    reasons: z.string().trim().max(10_000).optional().describe("The complainant's reasons, in any form: escalation needs no form or wording."),
    lateAcceptedReason: reason().optional().describe("A complaints manager's reason for accepting a request made after the window closed."),
  }),
);

export const refuseEscalationSchema = lazy(() =>
  stepSchema().extend({
    reasons: reason().meta({ description: 'Why the late request is refused, as written to the complainant.', examples: ['The request came four months after the response, with no reason for the delay'] }),
  }),
);

const investigator = lazy(() =>
  z.object({
    id: staffId(),
    team: z.string().trim().min(1).max(100).optional().meta({ description: 'Their team: never the team complained about.', examples: ['Commissioned investigators'] }),
    name: displayName().optional().describe('Their name as the appointment letter gives it to the complainant (a staff member or contractor, never the child).'),
  }),
);
export const appointInvestigatorsSchema = lazy(() =>
  stepSchema().extend({
    investigatingOfficer: investigator().describe('The Investigating Officer (IO).'),
    independentPerson: investigator().describe('The Independent Person (IP), from outside the council.'),
    replacementReason: reason().optional().describe('Required when an Investigating Officer or Independent Person is replaced: the clock does not restart.'),
    register: registerField(),
  }),
);

export const submitReportsSchema = lazy(() =>
  stepSchema().extend({
    reports: z.array(z.enum(['investigating-officer', 'independent-person'])).min(1).describe('The reports received.'),
  }),
);

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

const remedy = lazy(() =>
  z
    .object({
      type: z.enum(REMEDY_TYPES),
      amountPence: z.number().int().min(1).max(100_000_000).optional().meta({ description: 'The sum, in pence (financial redress only).', examples: [25000] }),
    })
    .refine((r) => (r.type === 'financial-redress') === (r.amountPence !== undefined), {
      message: 'financial redress needs amountPence, and only financial redress has one',
      path: ['amountPence'],
    }),
);

const recommendation = lazy(() =>
  z.object({
    id: z.string().trim().min(1).max(40).regex(/^[A-Za-z0-9.-]+$/, 'a recommendation number such as R1').meta({ description: 'The recommendation\'s number.', examples: ['R1'] }),
    owner: staffId().describe('Who carries it out.'),
    dueInWorkingDays: z.number().int().min(1).max(260).meta({ description: 'Due this many working days after the findings are recorded.', examples: [20] }),
    // Optional: findings recorded before letters carried them have none (Luton 14.7: "resulting actions and timescales").
    action: reason().optional().meta({ description: 'What will be done, in words the complainant reads in the response letter.', examples: ['Review how visits are arranged and tell you the new plan'] }),
  }),
);

const FINDINGS_EXAMPLE = {
  heads: [{ head: '1', finding: 'upheld', category: 'delay-in-decision-or-service', remedies: [{ type: 'apology' }], reasons: 'The review was four weeks late' }],
  recommendations: [{ id: 'R1', owner: 'jo.smith', dueInWorkingDays: 20, action: 'Check every review date in the team' }],
};
export const findingsSchema = lazy(() =>
  z
    .object({
      heads: z
        .array(
          z.object({
            head: headId().meta({ description: 'The head of complaint, as numbered in the statement.', examples: ['1'] }),
            finding: z.enum(FINDINGS),
            category: z.enum(CATEGORIES),
            remedies: z.array(remedy()).max(10).default([]),
            // Optional: findings recorded before letters carried them have none (Luton 17.1: "decisions and reasons for the decisions").
            reasons: reason().optional().meta({ description: "The council's reasons for its finding on this head, as written to the complainant in the response letter.", examples: ['The visits were cancelled three times without notice'] }),
          }),
        )
        .min(1)
        .max(50)
        .describe('The finding on each head of complaint.'),
      recommendations: z.array(recommendation()).max(50).default([]).describe('Each becomes a tracked action.'),
    })
    .meta({ description: 'Findings on each head of complaint, with remedies and recommendations.', examples: [FINDINGS_EXAMPLE] }),
);
export type Findings = z.infer<ReturnType<typeof findingsSchema>>;

export const adjudicateSchema = lazy(() => stepSchema().extend({ findings: findingsSchema().optional() }));
/** The Stage 1 response, with its findings if given now (recorded as Stage 1's, as `record-findings` would). */
export const respondSchema = lazy(() => stepSchema().extend({ findings: findingsSchema().optional() }));
export const recordFindingsSchema = lazy(() => stepSchema().extend({ stage: z.enum(['stage1', 'stage2', 'stage3']), findings: findingsSchema() }));

export const panelMemberSchema = lazy(() => z.object({ id: staffId(), role: z.enum(['chair', 'member']) }));
export const schedulePanelSchema = lazy(() =>
  stepSchema().extend({
    panelDate: isoDate().meta({ description: "The panel's date (London).", examples: ['2027-01-20'] }),
    members: z
      .array(panelMemberSchema())
      .length(3)
      .refine((m) => m.filter((x) => x.role === 'chair').length === 1, { message: 'a Review Panel has three members, one of them the Chair' })
      .optional()
      .describe("The three members, one the Chair: checked against the Stage 2 investigators' independence."),
    register: registerField(),
  }),
);
export const adjournPanelSchema = lazy(() =>
  stepSchema().extend({
    panelDate: isoDate().meta({ description: 'The new panel date (London).', examples: ['2027-02-03'] }),
    reason: reason().meta({ description: 'Why the panel was moved.', examples: ['The complainant asked for a later date'] }),
  }),
);
export const recordPanelSchema = lazy(() => stepSchema().extend({ findings: findingsSchema().optional() }));
export const finalResponseSchema = lazy(() => stepSchema().extend({ findings: findingsSchema().optional() }));

export const HOLD_REASONS = ['safeguarding', 'court-proceedings', 'other'] as const;
export const holdSchema = lazy(() =>
  stepSchema().extend({
    reason: z.enum(HOLD_REASONS).describe('Why the case waits: child protection, court proceedings, or another process.'),
    heads: z.array(headId()).min(1).max(50).optional().meta({ description: 'A partial hold (regulation 8): only these heads wait; the clocks run on for the rest.', examples: [['2']] }),
    detail: reason().optional().meta({ description: 'Staff-only detail of the hold.', examples: ['Section 47 enquiry open'] }),
  }),
);
export const releaseHoldSchema = lazy(() =>
  stepSchema().extend({
    heads: z.array(headId()).min(1).max(50).optional().meta({ description: 'Release only these heads of a partial hold.', examples: [['2']] }),
  }),
);

export const CLOSE_OUTCOMES = ['resolved'] as const;
export const closeSchema = lazy(() =>
  stepSchema().extend({
    outcome: z.enum(CLOSE_OUTCOMES).describe('How the case ended.'),
    reason: reason().optional().meta({ description: 'Why the case is closed.', examples: ['The complainant is satisfied with the Stage 1 response'] }),
    satisfaction: satisfactionField().optional(),
  }),
);

export const OMBUDSMAN_DECISIONS = [
  'closed-after-initial-enquiries',
  'referred-back-for-local-resolution',
  'upheld',
  'fault-without-injustice',
  'no-fault',
] as const;
export const referToOmbudsmanSchema = lazy(() =>
  stepSchema().extend({
    ombudsmanReference: z
      .string()
      .trim()
      .min(1)
      .max(40)
      .regex(/^[A-Za-z0-9/ -]+$/, "the Ombudsman's reference: letters, digits, / and -, such as 26 001 234")
      .optional()
      .meta({ description: "The Ombudsman's own reference.", examples: ['26 001 234'] }),
  }),
);
export const ombudsmanDecisionSchema = lazy(() =>
  stepSchema().extend({
    decision: z.enum(OMBUDSMAN_DECISIONS).describe("The Ombudsman's decision."),
    remedies: z.array(remedy()).max(10).default([]).describe('The remedies the Ombudsman asked for.'),
    complianceDate: isoDate().optional().meta({ description: 'The date the Ombudsman set for the council to carry out the remedies.', examples: ['2027-03-01'] }),
    recommendations: z.array(recommendation()).max(50).optional().describe('Each becomes a tracked action, due this many working days after the decision.'),
  }),
);

export const assignSchema = lazy(() =>
  stepSchema().extend({
    person: z.object({ id: staffId() }).describe('The member of staff, by id: the id their token signs in with.'),
    part: z
      .enum(['assigned-officer', 'adjudicating-officer'])
      .describe("Their part: an officer working the case (who then sees it whatever their teams), or the Adjudicating Officer who decides on the Stage 2 reports."),
    remove: z.literal(true).optional().describe('Take the person off the case in that part instead.'),
  }),
);

/** What a command does and an example body, for /docs; the example is one the API accepts (test/api/docs.test.ts). */
function doc<S extends z.ZodType>(schema: S, description: string, example: Record<string, unknown>): S {
  return schema.meta({ description, examples: [example] });
}

/** Each command's schema by Update name, built when first asked for (domain/lazy.ts). */
const BUILDERS = {
  triage: () => doc(triageSchema(), 'Decides which procedure the complaint goes into. Stage 1 starts its response clock; a complaint more than 12 months after the grounds arose needs goodReasonForDelay.', {
    decision: 'stage1',
    matterOccurredOn: '2026-10-30',
  }),
  acknowledge: () => doc(stepSchema(), "Acknowledges the complaint (or the current stage's request): meets the acknowledgement deadline and sends the acknowledgement letter.", {
    note: 'Acknowledged by phone and letter',
  }),
  clarify: () => doc(stepSchema(), 'Records that the complaint and the outcome wanted were agreed with the complainant (councils whose policy has this step).', { note: 'Agreed by phone' }),
  extend: () => doc(extendSchema(), 'Extends a deadline by working days, with the reason told to the complainant; Stage 2 and a later panel need the complainant\'s agreement.', {
    deadline: 'stage1.respond',
    workingDays: 10,
    reason: 'An advocate is being arranged',
  }),
  respond: () => doc(respondSchema(), 'Records the Stage 1 response (with its findings, if given now): the complainant then has 20 working days to ask for Stage 2. The letter lists each finding, remedy and action.', {
    note: 'Response sent by email',
  }),
  escalate: () => doc(escalateSchema(), 'Records a request for the next stage. A request inside the window is always accepted; a late one waits for a manager\'s decision (accept with lateAcceptedReason, or refuse-escalation).', {
    reasons: 'Not happy with the Stage 1 response',
  }),
  'refuse-escalation': () => doc(refuseEscalationSchema(), 'Refuses a late request for the next stage, in writing with reasons and the Ombudsman\'s details.', {
    reasons: 'The request came four months after the response, with no reason for the delay',
  }),
  'appoint-investigators': () => doc(appointInvestigatorsSchema(), 'Appoints the Stage 2 Investigating Officer and Independent Person, independent of the team complained about, and writes to the complainant who they are and what happens next (again, naming the new person, on a replacement).', {
    investigatingOfficer: { id: 'io.adams', team: 'Commissioned investigators', name: 'Sam Adams' },
    independentPerson: { id: 'ip.baker', name: 'Robin Baker' },
  }),
  contact: () => doc(stepSchema(), "Records the Investigating Officer's first contact with the complainant.", { note: 'Met at home' }),
  'agree-statement': () => doc(stepSchema(), 'Records that the statement of complaint was agreed: the Stage 2 response clock starts (by policy).', {}),
  'suspend-for-resolution': () => doc(stepSchema(), 'Pauses Stage 2 while a resolution is tried with the complainant.', { note: 'Meeting with the service manager offered' }),
  resume: () => doc(stepSchema(), 'Resumes Stage 2 after a resolution was tried.', {}),
  'submit-reports': () => doc(submitReportsSchema(), "Records the Investigating Officer's and Independent Person's reports.", { reports: ['investigating-officer', 'independent-person'] }),
  adjudicate: () => doc(adjudicateSchema(), "Records the adjudication of Stage 2: the complainant then has 20 working days to ask for a Review Panel.", { findings: FINDINGS_EXAMPLE }),
  'schedule-panel': () => doc(schedulePanelSchema(), 'Sets the Review Panel date (and its members): the notice and papers fall due 10 working days before.', {
    panelDate: '2027-01-20',
    members: [
      { id: 'chair.cole', role: 'chair' },
      { id: 'member.dale', role: 'member' },
      { id: 'member.eve', role: 'member' },
    ],
  }),
  'notify-panel': () => doc(stepSchema(), 'Records that the complainant was told the panel date and venue.', {}),
  'send-papers': () => doc(stepSchema(), 'Records that the papers went to the panel and those attending.', {}),
  'adjourn-panel': () => doc(adjournPanelSchema(), 'Moves the Review Panel to a new date, with the reason.', { panelDate: '2027-02-03', reason: 'The complainant asked for a later date' }),
  'record-panel': () => doc(recordPanelSchema(), 'Records that the Review Panel met (with its findings, if given now).', {}),
  hold: () => doc(holdSchema(), 'Puts the case (or some heads only, regulation 8) on hold: every clock stops and later gets back the working days it had left.', {
    reason: 'court-proceedings',
    detail: 'Care proceedings listed for January',
  }),
  'release-hold': () => doc(releaseHoldSchema(), 'Releases a hold: the clocks run again from where they stopped.', {}),
  withdraw: () => doc(stepSchema(), 'Records that the complainant withdrew the complaint; the withdrawal is confirmed in writing.', { note: 'Withdrawn by email' }),
  'record-findings': () => doc(recordFindingsSchema(), 'Records findings for a stage: each recommendation becomes a tracked action.', { stage: 'stage1', findings: FINDINGS_EXAMPLE }),
  'refer-to-ombudsman': () => doc(referToOmbudsmanSchema(), 'Records that the complainant went to the Ombudsman.', { ombudsmanReference: '26 001 234' }),
  'record-ombudsman-decision': () => doc(ombudsmanDecisionSchema(), "Records the Ombudsman's decision, its remedies and the date to comply by (a clock).", {
    decision: 'upheld',
    remedies: [{ type: 'financial-redress', amountPence: 25000 }],
    complianceDate: '2027-03-01',
  }),
  'record-ombudsman-compliance': () => doc(stepSchema(), "Records that the Ombudsman's remedies were carried out.", {}),
  close: () => doc(closeSchema(), 'Closes the case as resolved (a complaints manager), after a response or in early resolution.', {
    outcome: 'resolved',
    reason: 'The complainant is satisfied with the Stage 1 response',
  }),
  assign: () => doc(
    assignSchema(),
    'Assigns a member of staff to the case (or, with remove, takes them off): an officer who works it, or its Adjudicating Officer. Who may see a case follows from it. Allowed on a closed case.',
    { person: { id: 'jo.smith' }, part: 'assigned-officer', note: 'Covering while the usual officer is on leave' },
  ),
  ...group(() => stage3EndCommandSchemas(stepSchema(), finalResponseSchema()), ['panel-report', 'share-recommendations', 'final-response']),
  ...group(() => closureCommandSchemas(stepSchema()), ['record-learning', 'record-satisfaction', 'take-up-again']),
  ...group(() => peopleCommandSchemas(stepSchema()), ['advocacy']),
  ...group(() => stage2StepSchemas(stepSchema()), ['progress-update', 'arrange-meeting', 'record-meeting']),
  ...group(() => complainantCommandSchemas(stepSchema()), ['request-extension', 'answer-extension']),
} as const;

/**
 * Builders of another file's commands, built together on the first read of
 * any: `names` must be every command `build` gives (the type says which is missing).
 */
function group<G extends object, const N extends readonly (keyof G & string)[]>(
  build: () => G,
  names: N & (Exclude<keyof G, N[number]> extends never ? unknown : { missing: Exclude<keyof G, N[number]> }),
): { [K in N[number]]: () => G[K] } {
  const built = lazy(build);
  return Object.fromEntries(names.map((name) => [name, () => built()[name]])) as { [K in N[number]]: () => G[K] };
}

type Schemas = { [C in keyof typeof BUILDERS]: ReturnType<(typeof BUILDERS)[C]> };

/** The command schemas by Update name; the API serves `POST …/commands/{name}` from this table. Each is built on first read. */
export const COMMAND_SCHEMAS: Schemas = lazyRecord<Schemas>(Object.keys(BUILDERS) as (keyof Schemas)[], (name) => BUILDERS[name]() as Schemas[typeof name]);

export type CommandName = keyof typeof COMMAND_SCHEMAS;
export type CommandInput<C extends CommandName> = z.infer<(typeof COMMAND_SCHEMAS)[C]>;
export const COMMAND_NAMES = Object.keys(COMMAND_SCHEMAS) as CommandName[];
