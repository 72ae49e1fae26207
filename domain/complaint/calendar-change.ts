import type { CalendarData } from '../holidays';
import { changeCalendar, findDeadline } from './clocks';
import type { ComplaintState } from './state';

/**
 * Moves a case to a new calendar (calendarChangedSignal). Idempotent on the
 * calendar's version: the calendar the case already has changes nothing and
 * records nothing. `sequence` orders the council's calendar changes: one
 * older than a change the case has already seen is ignored, so passes that
 * overlap never take a case back to an older calendar. Only pending and
 * paused clocks are derived again; met and missed deadlines keep their dates.
 * Returns true if the case changed.
 */
export function applyCalendarChange(state: ComplaintState, input: { calendar: CalendarData; actor: string; sequence?: number }, now: number): boolean {
  const stale = input.sequence !== undefined && state.calendarSequence !== undefined && input.sequence <= state.calendarSequence;
  if (input.sequence !== undefined && !stale) state.calendarSequence = input.sequence;
  if (stale || input.calendar.version === state.calendar.version) return false;
  const moved = changeCalendar(state, input.calendar, now);
  const at = new Date(now).toISOString();
  state.events.push({
    action: 'calendar-changed',
    actor: input.actor,
    at,
    recordedAt: at,
    detail: {
      calendarVersion: input.calendar.version,
      ...(input.sequence !== undefined ? { calendarChange: input.sequence } : {}),
      moved: moved.map((m) => `${m.key}: ${m.from} → ${m.to}`).join('; '),
      // Each moved deadline's new explanation, as the case view shows it.
      explanations: Object.fromEntries(moved.map((m) => [m.key, findDeadline(state, m.key)?.explanation ?? ''])),
    },
  });
  return true;
}
