import { markMissed, RESPONSIBLE, takeDueReminders } from './clocks';
import { startingState } from './imported';
import { alertMissed, inGrace, startGrace } from './past';
import { CURRENT_RULES, type Rules } from './rules';
import type { ComplaintInput, ComplaintState } from './state';
import { applyLapses, notify, notifyClosedNotPursued } from './transitions';

/**
 * How a case opens and how its clocks move on each pass of the workflow's
 * loop. The workflow runs these with the rules its history recorded; the API
 * runs the same with the current rules to answer a creation with the case's
 * first view at once, without waiting for the worker's first task.
 */

/** Rules of the clock pass that changed while cases were running (each a `patched()` in the workflow). */
export interface PassRules {
  /** complaint.past-steps: alerts through past.ts, and no lapse while the grace period runs. */
  readonly pastSteps: boolean;
  /** complaint.window-lapse-letter: a letter when a lapsed window closes the case; asked only when one does. */
  windowLapseLetter(): boolean;
  readonly rules: Rules;
}

/**
 * A new case's first state: its history replayed (imported.ts), and, when
 * created with a grace period, no judgement until it ends (past.ts).
 */
export function firstState(input: ComplaintInput, now: number, rules: Rules, pastSteps: () => boolean): ComplaintState {
  const state = startingState(input, now, rules);
  if (input.graceMinutes && input.graceMinutes > 0 && pastSteps()) startGrace(state, input.graceMinutes, now);
  return state;
}

/** What the clocks owe at `now`: duties missed (and their alerts), reminders due, windows lapsed (and their letter). */
export function clockPass(state: ComplaintState, now: number, pass: PassRules): void {
  const missed = markMissed(state, now);
  if (pass.pastSteps) alertMissed(state, missed, now);
  else for (const deadline of missed) if (deadline.kind === 'duty') notify(state, 'breach-alert', deadline.key, { due: deadline.due, to: 'complaints-manager' });
  for (const { deadline, why } of takeDueReminders(state, now)) {
    notify(state, 'reminder', deadline.key, { due: deadline.due, why, to: RESPONSIBLE[deadline.key] });
  }
  if (!(pass.pastSteps && inGrace(state, now)) && applyLapses(state, now, pass.rules) && pass.windowLapseLetter()) notifyClosedNotPursued(state);
}

/**
 * The case as its workflow has it once its first task has run on current
 * code: its first state and the first pass of its clocks, both at `openedAt`
 * (the workflow's complaint.opened-at).
 */
export function openingState(input: ComplaintInput & { openedAt: string }): ComplaintState {
  const now = Date.parse(input.openedAt);
  const state = firstState(input, now, CURRENT_RULES, () => true);
  clockPass(state, now, { pastSteps: true, windowLapseLetter: () => true, rules: CURRENT_RULES });
  return state;
}
