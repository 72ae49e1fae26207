import type { ComplaintState } from './state';

/**
 * The complainant's own acts on their case (api/complainant/actions.ts): the
 * events a step wrote carry `by: 'complainant'`, so the staff's case view and
 * the chronology say the complainant did it, not staff on their behalf. The
 * actor is the word `complainant`, never their name (no personal data in
 * workflow history beyond the records store).
 */
export const COMPLAINANT_ACTOR = 'complainant';

/** Marks the events written since `fromEvent` as the complainant's own. */
export function markByComplainant(state: ComplaintState, fromEvent: number): void {
  for (const event of state.events.slice(fromEvent)) {
    if (event.actor === COMPLAINANT_ACTOR) event.detail = { ...event.detail, by: 'complainant' };
  }
}
