import { WorkingDayCalendar } from '../../domain/calendar';
import type { CalendarData } from '../../domain/holidays';
import type { ConductState } from './state';
import { reviewReminderAt } from './transitions';

/**
 * Moves a person's protocol to a new calendar (`conductCalendarChangedSignal`),
 * as a complaint case moves (domain/complaint/calendar-change.ts): the
 * calendar the workflow already has, or a change older than one it has seen,
 * changes nothing and records nothing. Only the review reminder not yet sent
 * is counted again: it goes on the last open working day on or before the
 * review date, so a holiday proclaimed on that day brings it forward. The
 * decided dates (expiry, review) stay as the person was told in writing
 * (Rutland appendix A stage two: "a review date"); later periods in working
 * days count on the new calendar. Returns true if the state changed.
 */
export function applyConductCalendarChange(state: ConductState, input: { calendar: CalendarData; actor: string; sequence?: number | undefined }, now: number): boolean {
  const stale = input.sequence !== undefined && state.calendarSequence !== undefined && input.sequence <= state.calendarSequence;
  if (input.sequence !== undefined && !stale) state.calendarSequence = input.sequence;
  if (stale || input.calendar.version === state.calendar.version) return false;
  state.calendar = input.calendar;
  const current = state.current;
  const moved: string[] = [];
  if (current?.reviewOn !== undefined && current.reviewReminderAt !== undefined) {
    const next = reviewReminderAt(new WorkingDayCalendar(input.calendar), current.reviewOn);
    if (next !== current.reviewReminderAt) moved.push(`review reminder: ${new Date(current.reviewReminderAt).toISOString()} → ${new Date(next).toISOString()}`);
    current.reviewReminderAt = next;
  }
  const at = new Date(now).toISOString();
  state.events.push({
    action: 'calendar-changed',
    actor: input.actor,
    at,
    recordedAt: at,
    detail: { calendarVersion: input.calendar.version, ...(input.sequence !== undefined ? { calendarChange: input.sequence } : {}), moved: moved.join('; ') },
  });
  return true;
}
