import { formatLong } from '../../dates';
import { calendarOf, fallsDueAt, findDeadline, meetDeadline, pauseClocks, startTimescale } from '../clocks';
import { close, closedWithWindow } from '../closing';
import { CURRENT_RULES, type Rules } from '../rules';
import type { ComplaintState } from '../state';
import {
  ACK_KEY,
  acknowledgementDetail,
  dateOf,
  notify,
  notifyDeferredHeads,
  OMBUDSMAN_DETAILS,
  outcomeText,
  record,
  refuse,
  requireNotOnHold,
  requireStatutory,
  stepTime,
  type Gate,
  type Plan,
} from './common';
import { CORPORATE_NO_STAGE2 } from './kinds';
import { enterStage2 } from './stage2';
import { enterStage3 } from './stage3';

/**
 * Escalation: the complainant's request for the next stage, in any form,
 * within 20 working days of the response (Luton 13.10, 14.8; Rutland 10.1);
 * a late request waits for a manager's decision, accepted or refused in
 * writing. A window that lapses closes the case as not pursued.
 */

/**
 * What the case must be for a request for the next stage, whatever its
 * input: the plan's first check, and the case page's (../gates.ts). Returns
 * the stage the request is from, and the stage a closed case reopens from.
 */
export const escalateGate = (state: ComplaintState, rules: Rules = CURRENT_RULES) => {
  // BANES 8.8: a corporate complaint's Stage 2 is the corporate procedure's own.
  if (state.procedure === 'corporate') refuse(CORPORATE_NO_STAGE2);
  // Escalation cannot be blocked, not even by a hold: the new stage's clocks wait for the release.
  // Nor by closing: a case closed by staff keeps the window it had (rules.ts, escalateAfterClose).
  const reopening = closedWithWindow(state, rules);
  // Which stage the request is for: the next one after the last stage reached.
  const from: 'stage1' | 'stage2' | undefined =
    reopening ??
    (state.lateEscalation?.to === 'stage2' || state.stage === 'stage1' || (state.outcome?.kind === 'not-pursued' && state.outcome.stage === 'stage1')
      ? 'stage1'
      : state.lateEscalation?.to === 'stage3' || state.stage === 'stage2' || (state.outcome?.kind === 'not-pursued' && state.outcome.stage === 'stage2')
        ? 'stage2'
        : undefined);
  if (!from || (state.status === 'closed' && state.outcome?.kind !== 'not-pursued' && !reopening)) {
    refuse(state.status === 'closed' ? `the case is closed (${outcomeText(state.outcome)})` : `a ${state.stage} case cannot be escalated further: the Ombudsman is next`);
  }
  requireStatutory(state);
  return { from, reopening };
};

export const escalate: Plan<'escalate'> = (state, input, now, rules = CURRENT_RULES) => {
  const { from } = escalateGate(state, rules);
  const to = from === 'stage1' ? 'stage2' : 'stage3';
  const windowKey = from === 'stage1' ? 'stage1.escalate' : 'stage2.escalate';
  const responseKey = from === 'stage1' ? 'stage1.respond' : 'stage2.respond';
  const window = findDeadline(state, windowKey);
  const response = findDeadline(state, responseKey);
  // A request answers the response (or, with none given, follows the start of the stage): never dated before it.
  const follows = window ? (from === 'stage1' ? 'responded' : 'adjudicated') : from === 'stage1' ? 'triaged' : 'stage2Requested';
  const at = stepTime(state, input, now, follows);
  if (!window) {
    // No response yet: the complainant may go on once the response is overdue.
    if (!response || response.state !== 'missed') {
      refuse(
        `the ${from === 'stage1' ? 'Stage 1 response' : 'Stage 2 adjudication'} is not given and not overdue${response ? ` (due ${formatLong(response.due)})` : ''}: ` +
          'the complainant may ask for the next stage once it is given or once it is late',
      );
    }
  }
  const inWindow = !window || window.state === 'paused' || Date.parse(at) < fallsDueAt(window);
  if (inWindow || input.lateAcceptedReason) {
    return () => {
      if (window && inWindow) meetDeadline(state, windowKey, at);
      const wasLate = state.lateEscalation !== undefined;
      const requestedAt = state.lateEscalation?.requestedAt ?? at;
      // When the case had been closed (by staff, or by its lapsed window): the new stage's letter says it reopened.
      const closedAt = state.lateEscalation?.closedAt ?? (state.status === 'closed' ? state.closedAt : undefined);
      // The late request is decided: a later request is for the stage after this one.
      delete state.lateEscalation;
      delete state.outcome;
      delete state.closedAt;
      record(state, 'escalated', input.actor, at, now, input.note, {
        to,
        ...(inWindow ? {} : { late: true, lateAcceptedReason: input.lateAcceptedReason! }),
        ...(input.reasons ? { reasonsGiven: true } : {}),
        ...(closedAt ? { reopened: true } : {}),
      });
      if (to === 'stage2') enterStage2(state, requestedAt, now);
      else enterStage3(state, requestedAt, now);
      const entered = to === 'stage2' ? state.stage2! : state.stage3!;
      if (closedAt) entered.reopenedAfterClosedAt = closedAt;
      // Accepting a late request is its acknowledgement: the decision clock, 3 WD from the request, is met
      // now, and (rules.ts, lateAcceptanceLetter) the complainant gets the new stage's acknowledgement, which says so.
      const late = wasLate || (!inWindow && rules.lateAcceptanceLetter);
      if (late) meetDeadline(state, ACK_KEY[to], at);
      if (late && rules.lateAcceptanceLetter) {
        entered.lateAcceptedAt = at;
        notify(state, 'letter', `${to}-acknowledgement`, acknowledgementDetail(state, to));
      }
      if (state.hold) pauseClocks(state, dateOf(at), `${state.hold.reason} hold`, now);
    };
  }
  if (state.lateEscalation) {
    refuse(
      `a late request made at ${state.lateEscalation.requestedAt} already awaits a decision: accept it with lateAcceptedReason, or refuse it in writing with refuse-escalation`,
    );
  }
  // A late request is never ignored: it is recorded, and a manager must decide it.
  return () => {
    const requestedOn = calendarOf(state).receiptDate(Date.parse(at), state.policy.receipt);
    state.lateEscalation = { requestedAt: at, to, ...(state.status === 'closed' && state.closedAt ? { closedAt: state.closedAt } : {}) };
    state.steps.lateRequest = at;
    delete state.outcome;
    delete state.closedAt;
    state.stage = from;
    state.status = 'escalation-decision-due';
    startTimescale(state, ACK_KEY[to], requestedOn, `late request for ${to} (window closed ${formatLong(window!.due)})`, now);
    record(state, 'escalation-requested-late', input.actor, at, now, input.note, { to, windowClosed: window!.due });
    notify(state, 'breach-alert', 'late-escalation-needs-decision', { to, decideBy: findDeadline(state, ACK_KEY[to])!.due });
  };
};

/** What the case must be for this command, whatever its input: the plan's first check, and the case page's (../gates.ts). */
export const refuseEscalationGate: Gate = (state) => {
  requireNotOnHold(state);
  if (!state.lateEscalation) refuse('there is no late request for the next stage awaiting a decision');
};

export const refuseEscalation: Plan<'refuse-escalation'> = (state, input, now, rules) => {
  refuseEscalationGate(state, rules);
  const { to } = state.lateEscalation!;
  const at = stepTime(state, input, now, 'lateRequest');
  return () => {
    meetDeadline(state, ACK_KEY[to], at);
    record(state, 'escalation-refused', input.actor, at, now, input.note, { to });
    notify(state, 'letter', 'escalation-refused', { to, reasons: input.reasons, ombudsman: OMBUDSMAN_DETAILS });
    close(state, { kind: 'escalation-refused', stage: to === 'stage2' ? 'stage1' : 'stage2' }, at, now, rules);
    notifyDeferredHeads(state);
  };
};

/** The letter that tells the complainant a lapsed window closed the case, with the Ombudsman's details. */
export function notifyClosedNotPursued(state: ComplaintState): void {
  if (state.outcome?.kind !== 'not-pursued') return;
  notify(state, 'letter', 'closed-not-pursued', { stage: state.outcome.stage, ombudsman: OMBUDSMAN_DETAILS });
  notifyDeferredHeads(state);
}

/**
 * What the clock itself decides: a lapsed escalation window closes the case
 * as not pursued. Returns true when the state changed.
 */
export function applyLapses(state: ComplaintState, now: number, rules: Rules = CURRENT_RULES): boolean {
  if (state.status !== 'awaiting-escalation' || state.stage === 'closed' || state.stage === 'stage3') return false;
  const key = state.stage === 'stage1' ? 'stage1.escalate' : 'stage2.escalate';
  const window = findDeadline(state, key);
  if (window?.state !== 'missed') return false;
  const stage = state.stage;
  const at = new Date(now).toISOString();
  record(state, 'window-lapsed', 'system', at, now, undefined, { window: key, closedOn: window.due });
  close(state, { kind: 'not-pursued', stage }, at, now, rules);
  return true;
}
