/**
 * A calendar change reaching a person's conduct protocol, without Temporal
 * (workflows/conduct/calendar-change.ts): only the review reminder not yet
 * sent moves; the same calendar, or an older change, changes nothing.
 * Mon 7 Jun 2027 is made a closure day; British Summer Time (09:00 London = 08:00 UTC).
 */
import { describe, expect, it } from 'vitest';
import { defaultCalendarData } from '../../domain/holidays';
import { applyConductCalendarChange } from '../../domain/conduct/calendar-change';
import type { ConductState } from '../../domain/conduct/state';
import { initialConductState, takeReviewReminder } from '../../domain/conduct/transitions';
import { CONDUCT_TRANSITIONS } from '../../domain/conduct/table';

const NOW = Date.parse('2027-05-03T10:00:00Z');
const closed = defaultCalendarData('england-and-wales', ['2027-06-07']);

function restricted(): ConductState {
  const state = initialConductState({ personId: 7, reference: 'CSC-2027-CALCHG', calendar: defaultCalendarData('england-and-wales') });
  CONDUCT_TRANSITIONS.warn(state, { actor: 'manager-1', reason: 'Abusive calls' }, NOW)();
  CONDUCT_TRANSITIONS.restrict(state, { actor: 'director-1', reason: 'Calls continued', allowedContact: ['letter'], expiresOn: '2027-09-01', reviewOn: '2027-06-07' }, NOW)();
  return state;
}

describe('a calendar change in the conduct protocol', () => {
  it('brings the review reminder forward to the last open working day before the review date, and records it once', () => {
    const state = restricted();
    expect(new Date(state.current!.reviewReminderAt!).toISOString()).toBe('2027-06-07T08:00:00.000Z');
    expect(applyConductCalendarChange(state, { calendar: closed, actor: 'manager-2', sequence: 3 }, NOW)).toBe(true);
    // Fri 4 Jun 2027, 09:00 BST; the review and expiry dates stay as the person was told.
    expect(new Date(state.current!.reviewReminderAt!).toISOString()).toBe('2027-06-04T08:00:00.000Z');
    expect(state.current).toMatchObject({ reviewOn: '2027-06-07', expiresOn: '2027-09-01' });
    expect(state.events.at(-1)).toEqual({
      action: 'calendar-changed',
      actor: 'manager-2',
      at: '2027-05-03T10:00:00.000Z',
      recordedAt: '2027-05-03T10:00:00.000Z',
      detail: { calendarVersion: closed.version, calendarChange: 3, moved: 'review reminder: 2027-06-07T08:00:00.000Z → 2027-06-04T08:00:00.000Z' },
    });
    // The same calendar again, or an older change, changes nothing and records nothing.
    const events = state.events.length;
    expect(applyConductCalendarChange(state, { calendar: closed, actor: 'manager-2', sequence: 3 }, NOW)).toBe(false);
    expect(applyConductCalendarChange(state, { calendar: defaultCalendarData('england-and-wales'), actor: 'manager-2', sequence: 2 }, NOW)).toBe(false);
    expect(state.events).toHaveLength(events);
    expect(state.calendar.version).toBe(closed.version);
  });

  it('leaves a reminder already sent as sent', () => {
    const state = restricted();
    takeReviewReminder(state, Date.parse('2027-06-07T08:00:00Z'));
    expect(state.current!.reviewReminderAt).toBeUndefined();
    expect(applyConductCalendarChange(state, { calendar: closed, actor: 'manager-2', sequence: 3 }, NOW)).toBe(true);
    expect(state.current!.reviewReminderAt).toBeUndefined();
    expect(state.events.at(-1)?.detail).toMatchObject({ moved: '' });
  });
});
