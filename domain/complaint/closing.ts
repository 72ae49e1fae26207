import { londonDateOf } from '../dates';
import { cancelClocks, findDeadline, resumeClocks } from './clocks';
import { CURRENT_RULES, type Rules } from './rules';
import type { ComplaintState, Deadline, Notice, Outcome } from './state';

/**
 * Closing a case, and what outlives it: the complainant's escalation window
 * (a closing by staff never ends it: Rutland 10.1, Luton 13.10 and 14.8) and
 * the parts of the complaint held under regulation 8. Pure, like
 * transitions.ts, whose commands call it.
 */

/**
 * Closes the case. Every clock stops but the complainant's escalation window:
 * closing by staff never ends it, only their withdrawal does (rules.ts,
 * escalateAfterClose). Partially held heads stay held, deferred, unless the
 * complainant withdrew the whole complaint (regulation 8). Returns the window
 * still open, if any.
 */
export function close(state: ComplaintState, outcome: Outcome, at: string, now: number, rules: Rules = CURRENT_RULES): Deadline | undefined {
  const running = outcome.kind === 'withdrawn' ? undefined : runningWindow(state);
  const window = running && rules.escalateAfterClose ? running : undefined;
  cancelClocks(state, window ? state.deadlines.map((d) => d.key).filter((k) => k !== window.key) : undefined);
  // A closed case holds nothing back: a window paused by a full hold runs again from the closing.
  if (window?.state === 'paused') resumeClocks(state, londonDateOf(Date.parse(at)), now);
  delete state.hold;
  if (state.heldHeads.length > 0 && (outcome.kind === 'withdrawn' || !rules.partialHoldsSurviveClose)) {
    releaseHeads(state, state.heldHeads, at);
  }
  state.status = 'closed';
  state.outcome = outcome;
  state.closedAt = at;
  state.stage = 'closed';
  delete state.lateEscalation;
  return window;
}

/** The complainant's window to ask for the next stage, while it runs (at most one at a time). */
export function runningWindow(state: ComplaintState): Deadline | undefined {
  return state.deadlines.find((d) => d.kind === 'window' && (d.state === 'pending' || d.state === 'paused'));
}

/** What a closing letter says of a window still open: which stage may be asked for, and by when. */
export function windowDetail(window: Deadline | undefined): Notice['detail'] {
  return window ? { stage: window.key === 'stage1.escalate' ? 'stage1' : 'stage2', escalateBy: window.due } : {};
}

export function releaseHeads(state: ComplaintState, heads: readonly string[], at: string): void {
  state.heldHeads = state.heldHeads.filter((h) => !heads.includes(h));
  for (const held of state.partialHolds ?? []) if (!held.releasedAt && heads.includes(held.head)) held.releasedAt = at;
}

/**
 * The parts of a closed complaint still held, one group per reason: each
 * becomes a letter saying which part is deferred and why, in the neutral
 * words of the hold letter (no detail a third party should not read).
 */
export function deferredParts(state: ComplaintState): Notice['detail'][] {
  if (state.status !== 'closed' || state.heldHeads.length === 0) return [];
  const holds = (state.partialHolds ?? []).filter((h) => !h.releasedAt && state.heldHeads.includes(h.head));
  const parts: Notice['detail'][] = [...new Set(holds.map((h) => h.reason))].map((reason) => {
    const group = holds.filter((h) => h.reason === reason);
    return { heads: group.map((h) => h.head).join(','), reason, since: londonDateOf(Date.parse(group[0]!.since)) };
  });
  // Heads held before their reasons were kept (older cases): still deferred, said without a reason.
  const unexplained = state.heldHeads.filter((h) => !holds.some((x) => x.head === h));
  if (unexplained.length > 0) parts.push({ heads: unexplained.join(',') });
  return parts;
}

/**
 * The stage a case closed by staff (resolved, discontinued) may still be
 * escalated from: its window, open or run out (a request after it is a late
 * request, as on an open case). A window cancelled by a closing from before
 * the rule still counts by its date; one met by a request, or given up by
 * the complainant's withdrawal, does not.
 */
export function closedWithWindow(state: ComplaintState, rules: Rules): 'stage1' | 'stage2' | undefined {
  const outcome = state.outcome;
  if (state.status !== 'closed' || (outcome?.kind !== 'resolved' && outcome?.kind !== 'discontinued')) return undefined;
  if (outcome.stage !== 'stage1' && outcome.stage !== 'stage2') return undefined;
  const window = findDeadline(state, outcome.stage === 'stage1' ? 'stage1.escalate' : 'stage2.escalate');
  if (!window || window.metAt || state.events.some((e) => e.action === 'withdrawn')) return undefined;
  return rules.escalateAfterClose ? outcome.stage : undefined;
}
