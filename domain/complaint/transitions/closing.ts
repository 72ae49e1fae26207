import { addDays } from '../../dates';
import { cancelClocks, findDeadline, resumeClocks } from '../clocks';
import { close, runningWindow, windowDetail } from '../closing';
import { CURRENT_RULES, type Rules } from '../rules';
import type { ComplaintState } from '../state';
import {
  dateOf,
  notify,
  notifyDeferredHeads,
  OMBUDSMAN_DETAILS,
  record,
  refuse,
  requireNotOnHold,
  requireOpen,
  requireStatutory,
  stepTime,
  type Gate,
  type Plan,
} from './common';

/**
 * How a case ends and what outlives it: withdrawal, closing as resolved,
 * the findings on record for each stage reached, discontinuance under the
 * unreasonable-conduct protocol, and how long a closed case is kept. The
 * mechanics of closing (windows kept open, held parts) are ../closing.ts.
 */

/** What the case must be for this command, whatever its input: the plan's first check, and the case page's (../gates.ts). */
export const withdrawGate = (state: ComplaintState) => {
  // The complainant's withdrawal is the one thing that ends a window a closed case kept open.
  const window = state.status === 'closed' ? runningWindow(state) : undefined;
  if (!window) requireOpen(state);
  return window;
};

export const withdraw: Plan<'withdraw'> = (state, input, now) => {
  const window = withdrawGate(state);
  const at = stepTime(state, input, now, 'received');
  if (window && state.closedAt && Date.parse(at) < Date.parse(state.closedAt)) refuse(`"at" (${input.at}) is before the case was closed (${state.closedAt})`);
  return () => {
    if (window) {
      cancelClocks(state, [window.key]);
      record(state, 'withdrawn', input.actor, at, now, input.note, { afterClose: true, window: window.key });
      notify(state, 'letter', 'withdrawal-confirmed', { afterClose: true, ...windowDetail(window) });
      return;
    }
    const stage = state.stage;
    record(state, 'withdrawn', input.actor, at, now, input.note);
    notify(state, 'letter', 'withdrawal-confirmed', {});
    close(state, { kind: 'withdrawn', stage }, at, now);
  };
};

export const STAGE_ORDER = { stage1: 1, stage2: 2, stage3: 3 } as const;

export const recordFindings: Plan<'record-findings'> = (state, input, now) => {
  const reached = state.stage3 ? 3 : state.stage2 ? 2 : 1;
  if (STAGE_ORDER[input.stage] > reached) refuse(`the case never reached ${input.stage}`);
  requireStatutory(state);
  const at = stepTime(state, input, now, 'received');
  return () => {
    state.findings.push({ stage: input.stage, findings: input.findings, recordedAt: at });
    record(state, 'findings-recorded', input.actor, at, now, input.note, { stage: input.stage, heads: input.findings.heads.length });
  };
};

/** What the case must be for this command, whatever its input: the plan's first check, and the case page's (../gates.ts). */
export const closeGate: Gate = (state) => {
  requireOpen(state);
  requireNotOnHold(state);
};

export const closeCase: Plan<'close'> = (state, input, now, rules) => {
  closeGate(state);
  const resolvable =
    (state.status === 'awaiting-escalation' && (state.stage === 'stage1' || state.stage === 'stage2')) ||
    state.status === 'early-resolution';
  if (!resolvable) {
    refuse(
      'a case is closed as resolved only after a response (the complainant is satisfied) or during early resolution at Stage 2; otherwise it closes by its own steps',
    );
  }
  const at = stepTime(state, input, now, state.stage === 'stage1' ? 'responded' : 'stage2Requested');
  return () => {
    const stage = state.stage as 'stage1' | 'stage2';
    if (state.status === 'early-resolution') resumeClocks(state, dateOf(at), now);
    record(state, 'closed', input.actor, at, now, input.note, { outcome: 'resolved', stage, ...(input.satisfaction ? { satisfaction: input.satisfaction } : {}) });
    // Luton 13.8: whether it was resolved to the complainant's satisfaction.
    if (input.satisfaction) state.satisfaction = { answer: input.satisfaction, recordedAt: at };
    const window = close(state, { kind: 'resolved', stage }, at, now, rules);
    notify(state, 'letter', 'closed-resolved', { ombudsman: OMBUDSMAN_DETAILS, ...windowDetail(window) });
    notifyDeferredHeads(state);
  };
};

/**
 * When a closed case's workflow may end: a year after closing (the Ombudsman
 * takes complaints up to 12 months after the council's last word), and never
 * while an Ombudsman referral or its remedies are open.
 */
export function retainUntil(state: ComplaintState, rules: Rules = CURRENT_RULES): number | undefined {
  if (state.status !== 'closed' || !state.closedAt) return undefined;
  // Never while the complainant may still ask for the next stage (a window kept open at closing).
  if (runningWindow(state)) return undefined;
  if (state.ombudsman && (!state.ombudsman.decision || findDeadline(state, 'ombudsman.compliance')?.state === 'pending')) return undefined;
  // A complaint waiting on court proceedings (Luton 5.3) is kept to be taken up again when they end, which may be years.
  const waitsForCourt = state.outcome?.kind === 'not-accepted' && state.outcome.reason === 'court-proceedings';
  return Date.parse(`${addDays(dateOf(state.closedAt), waitsForCourt && rules.takeUpAgain !== false ? COURT_WAIT_DAYS : 366)}T00:00:00Z`);
}

/** How long a complaint refused for court proceedings waits to be taken up again: three years (contested and appealed proceedings run that long). */
export const COURT_WAIT_DAYS = 1096;

/**
 * The unreasonable-conduct protocol stops the investigation (Rutland appendix
 * A para 7): the case closes as discontinued, with a letter. Returns false
 * and changes nothing when the case is already closed, so a repeated signal
 * is harmless.
 */
export function discontinueCase(
  state: ComplaintState,
  input: { actor: string; decidedAt: string; personId: number },
  now: number,
  rules: Rules = CURRENT_RULES,
): boolean {
  if (state.status === 'closed' || state.stage === 'closed') return false;
  const at = new Date(now).toISOString();
  const stage = state.stage;
  record(state, 'discontinued', input.actor, at, now, undefined, { decidedAt: input.decidedAt, personId: input.personId, stage });
  // The conduct protocol stops the investigation, not the complainant's statutory right to the next stage.
  const window = close(state, { kind: 'discontinued', stage }, at, now, rules);
  notify(state, 'letter', 'closed-discontinued', { stage, ombudsman: OMBUDSMAN_DETAILS, ...(window ? { escalateBy: window.due } : {}) });
  notifyDeferredHeads(state);
  return true;
}

