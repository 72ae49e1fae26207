import { londonDateOf, type IsoDate } from '../../dates';
import { findDeadline } from '../clocks';
import type { CommandInput, CommandName, StepInput } from '../commands';
import { deferredParts } from '../closing';
import type { Rules } from '../rules';
import type { ComplaintState, Notice, Outcome, Stage } from '../state';
import { refuse } from '../../refusal';

/**
 * What every part of the procedure shares: the refusal, the plan a command
 * returns, the event log and outbox, the step's time and the checks that
 * refuse a command on a closed, held or untriaged case.
 */
/** The refusal is every kind's one (../../refusal.ts); the parts import it from here. */
export { refuse, TransitionRefused } from '../../refusal';

type Apply = () => void;
/** A command's plan; `rules` are the workflow's patched rules (rules.ts), the current ones by default. */
export type Plan<C extends CommandName> = (state: ComplaintState, input: CommandInput<C>, now: number, rules?: Rules) => Apply;
/**
 * A command's checks of the case alone, before any of its input: the first
 * thing its plan does, so the workflow's validator and the pages that offer
 * the command ask the one function (../gates.ts). Refuses (TransitionRefused)
 * when the case does not take the command now; may return what it found.
 */
export type Gate = (state: ComplaintState, rules?: Rules) => unknown;

export const OMBUDSMAN_DETAILS =
  'Local Government and Social Care Ombudsman, PO Box 4771, Coventry CV4 0EH; 0300 061 0614; www.lgo.org.uk';

export function record(
  state: ComplaintState,
  action: string,
  actor: string,
  at: string,
  now: number,
  note?: string,
  detail?: Record<string, unknown>,
): void {
  state.events.push({
    action,
    actor,
    at,
    recordedAt: new Date(now).toISOString(),
    ...(note ? { note } : {}),
    ...(detail ? { detail } : {}),
  });
}

export function notify(state: ComplaintState, kind: Notice['kind'], subject: string, detail: Notice['detail'] = {}): void {
  state.noticeSeq += 1;
  state.outbox.push({ id: state.noticeSeq, kind, subject, detail });
}

/**
 * When the step happened: `at`, or now. Never in the future, never before
 * receipt, never before the step it follows.
 */
export function stepTime(state: ComplaintState, input: StepInput, now: number, follows?: string): string {
  const at = input.at === undefined ? now : Date.parse(input.at);
  if (Number.isNaN(at)) refuse(`"at" is not a date-time: ${input.at}`);
  if (at > now) refuse(`"at" (${input.at}) is in the future`);
  if (at < Date.parse(state.receivedAt)) refuse(`"at" (${input.at}) is before receipt (${state.receivedAt})`);
  const after = follows ? state.steps[follows] : undefined;
  if (after && at < Date.parse(after)) refuse(`"at" (${input.at}) is before ${STEP_LABELS[follows!] ?? follows} (${after})`);
  return new Date(at).toISOString();
}

const STEP_LABELS: Record<string, string> = {
  received: 'receipt',
  triaged: 'triage',
  responded: 'the Stage 1 response',
  stage2Requested: 'the Stage 2 request',
  appointed: 'the appointment of the investigators',
  statementAgreed: 'the agreement of the statement of complaint',
  progressUpdated: 'the last progress update',
  adjudicated: 'the adjudication',
  stage3Requested: 'the Stage 3 request',
  panelScheduled: 'the scheduling of the panel',
  panelHeld: 'the panel',
  panelReport: "the panel's report",
  hold: 'the hold',
  suspended: 'the suspension for early resolution',
  referred: 'the referral to the Ombudsman',
  lateRequest: 'the late request',
};

export function outcomeText(outcome: Outcome | undefined): string {
  if (!outcome) return 'closed';
  return 'stage' in outcome ? `${outcome.kind} at ${outcome.stage}` : outcome.kind;
}

export function requireOpen(state: ComplaintState): void {
  if (state.status === 'closed') refuse(`the case is closed (${outcomeText(state.outcome)})`);
}

export function requireNotOnHold(state: ComplaintState): void {
  if (state.hold) refuse(`the case is on hold (${state.hold.reason}) since ${state.hold.since}: release the hold first`);
}

export function requireStage(state: ComplaintState, stage: Stage): void {
  requireOpen(state);
  if (state.stage !== stage) refuse(`the case is at ${state.stage}, not ${stage}`);
}

export function requireStatutory(state: ComplaintState): void {
  if (state.procedure === 'untriaged') refuse('the complaint has not been triaged yet');
}

/** After a closing letter: a letter for each part of the complaint still held (../closing.ts). */
export function notifyDeferredHeads(state: ComplaintState): void {
  for (const detail of deferredParts(state)) notify(state, 'letter', 'part-deferred', detail);
}

export function dateOf(at: string): IsoDate {
  return londonDateOf(Date.parse(at));
}

export const ACK_KEY = { stage1: 'stage1.acknowledge', stage2: 'stage2.acknowledge', stage3: 'stage3.acknowledge' } as const;

/** What a new stage's acknowledgement letter says: by when, and whether the case was reopened or a late request accepted. */
export function acknowledgementDetail(state: ComplaintState, stage: 'stage1' | 'stage2' | 'stage3'): Notice['detail'] {
  // A corporate complaint the team answers has corporate.respond in place of stage1.respond.
  const respond = stage === 'stage1' ? (findDeadline(state, 'stage1.respond') ?? findDeadline(state, 'corporate.respond')) : stage === 'stage2' ? findDeadline(state, 'stage2.respond') : findDeadline(state, 'stage3.panel');
  const entered = stage === 'stage2' ? state.stage2 : stage === 'stage3' ? state.stage3 : undefined;
  return {
    respondBy: respond?.due ?? null,
    ...(entered?.reopenedAfterClosedAt ? { closedOn: dateOf(entered.reopenedAfterClosedAt) } : {}),
    ...(entered?.lateAcceptedAt ? { lateAccepted: true } : {}),
  };
}
