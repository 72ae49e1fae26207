/**
 * The clocks of a case (domain/complaint/clocks.ts) directly: how each step
 * of a deadline derives its date and explanation, when reminders fall, when a
 * deadline is met or missed, and what the workflow's loop wakes for. Written
 * to kill the mutants Stryker found alive (docs/mutation.md); every date is
 * literal and counted by hand in the comments.
 *
 * January 2027 has one holiday, Fri 1 Jan; Good Friday is 26 Mar, Easter
 * Monday 29 Mar. British Summer Time 2027: 28 Mar to 31 Oct.
 */
import { describe, expect, it } from 'vitest';
import { WorkingDayCalendar } from '../../domain/calendar';
import { defaultCalendarData } from '../../domain/holidays';
import { ENGLAND_STATUTORY_POLICY } from '../../domain/policy';
import {
  calendarOf,
  cancelClocks,
  changeCalendar,
  derive,
  extendDeadline,
  fallsDueAt,
  findDeadline,
  markMissed,
  meetDeadline,
  nextPendingDuty,
  nextWake,
  pauseClocks,
  resumeClocks,
  startClock,
  startTimescale,
  takeDueReminders,
} from '../../domain/complaint/clocks';
import type { ComplaintState } from '../../domain/complaint/state';
import { initialState } from '../../domain/complaint/transitions';

const at = (iso: string) => Date.parse(iso);
const calendar = new WorkingDayCalendar(defaultCalendarData('england-and-wales'));

/** A case received Mon 4 Jan 2027 with no clocks running. */
function bare(): ComplaintState {
  const state = initialState(
    {
      reference: 'CSC-CLOCKS',
      receivedAt: '2027-01-04T10:00:00Z',
      policy: ENGLAND_STATUTORY_POLICY,
      calendar: defaultCalendarData('england-and-wales'),
      actor: 'officer-1',
    },
    at('2027-01-04T10:00:00Z'),
  );
  state.deadlines = [];
  return state;
}

describe('derive', () => {
  it('explains every kind of step', () => {
    // 10 WD after Mon 4 Jan: 5-8 (4), 11-15 (9), Mon 18.
    expect(derive(calendar, [{ op: 'after', from: '2027-01-04', label: 'received', n: 10 }])).toEqual({
      due: '2027-01-18',
      explanation: 'received Mon 4 Jan 2027; 10 working days → Mon 18 Jan 2027',
      warnings: [],
      remaining: undefined,
    });
    // 10 WD before Fri 29 Jan: 28 27 26 25 22 21 20 19 18 → Fri 15 Jan.
    expect(derive(calendar, [{ op: 'before', anchor: '2027-01-29', label: 'the panel', n: 10 }])).toEqual({
      due: '2027-01-15',
      explanation: '10 working days before the panel on Fri 29 Jan 2027 → Fri 15 Jan 2027',
      warnings: [],
      remaining: undefined,
    });
    expect(derive(calendar, [{ op: 'on', date: '2027-02-10', label: "the Ombudsman's compliance date" }])).toEqual({
      due: '2027-02-10',
      explanation: "the Ombudsman's compliance date → Wed 10 Feb 2027",
      warnings: [],
      remaining: undefined,
    });
  });

  it('extends from the current due date, and a hold keeps the working days left', () => {
    const after = { op: 'after', from: '2027-01-04', label: 'received', n: 10 } as const;
    // Mon 18 Jan + 5 WD: 19 20 21 22 25 → Mon 25 Jan.
    expect(derive(calendar, [after, { op: 'extend', n: 5, reason: 'complex' }])).toMatchObject({
      due: '2027-01-25',
      explanation:
        'received Mon 4 Jan 2027; 10 working days → Mon 18 Jan 2027; extended by 5 working days (complex) → Mon 25 Jan 2027',
    });
    // Paused Mon 11 Jan: 12 13 14 15 18 left (5).
    const paused = derive(calendar, [after, { op: 'pause', on: '2027-01-11', why: 'court hold' }]);
    expect(paused).toEqual({
      due: '2027-01-18',
      explanation:
        'received Mon 4 Jan 2027; 10 working days → Mon 18 Jan 2027; paused on Mon 11 Jan 2027 (court hold) with 5 working days left',
      warnings: [],
      remaining: 5,
    });
    // Resumed Wed 20 Jan with 5 left: 21 22 25 26 27 → Wed 27 Jan; nothing left once resumed.
    const resumed = derive(calendar, [after, { op: 'pause', on: '2027-01-11', why: 'court hold' }, { op: 'resume', on: '2027-01-20' }]);
    expect(resumed).toEqual({
      due: '2027-01-27',
      explanation:
        'received Mon 4 Jan 2027; 10 working days → Mon 18 Jan 2027; paused on Mon 11 Jan 2027 (court hold) with 5 working days left; resumed on Wed 20 Jan 2027 → Wed 27 Jan 2027',
      warnings: [],
      remaining: undefined,
    });
    // A resume with no pause before it has nothing left: due on the release day itself (a working day).
    expect(derive(calendar, [after, { op: 'resume', on: '2027-01-20' }]).due).toBe('2027-01-20');
    // …or the next working day when the release day is not one (Sat 23 Jan → Mon 25 Jan).
    expect(derive(calendar, [after, { op: 'resume', on: '2027-01-23' }]).due).toBe('2027-01-25');
  });

  it('warns once about a due date on a closure day, and keeps the warnings of every step', () => {
    const closed = new WorkingDayCalendar(defaultCalendarData('england-and-wales', ['2027-01-18', '2027-01-25']));
    const derived = derive(closed, [
      { op: 'after', from: '2027-01-04', label: 'received', n: 10 },
      { op: 'extend', n: 5, reason: 'complex' },
    ]);
    expect(derived.due).toBe('2027-01-25');
    // Only the final date's closure: 18 Jan was moved by the extension, so it no longer matters.
    expect(derived.warnings).toEqual(['due on Mon 25 Jan 2027, a day the office is closed']);
    // Projected years warn through every step that reaches them.
    expect(derive(calendar, [{ op: 'after', from: '2030-12-20', label: 'received', n: 1 }, { op: 'extend', n: 10, reason: 'x' }]).warnings).toEqual([
      'bank holidays for 2030 are projected from the usual rules, not yet published',
      'bank holidays for 2031 are projected from the usual rules, not yet published',
    ]);
  });
});

describe('starting clocks and their reminders', () => {
  it('reminds a duty 2 working days before, and at half and three quarters of the time, at 09:00 London', () => {
    const state = bare();
    const deadline = startTimescale(state, 'stage1.respond', '2027-01-04', 'received', at('2027-01-04T10:00:00Z'));
    expect(deadline).toMatchObject({ key: 'stage1.respond', kind: 'duty', state: 'pending', due: '2027-01-18', extendedBy: 0 });
    // 10 WD: 50% is the 5th (Mon 11 Jan), 75% the 8th (Thu 14 Jan), which is also 2 WD before Mon 18 Jan.
    expect(deadline.reminders).toEqual([
      { at: at('2027-01-11T09:00:00Z'), why: '50% of the time elapsed' },
      { at: at('2027-01-14T09:00:00Z'), why: '2 working days before the due date Mon 18 Jan 2027; 75% of the time elapsed' },
    ]);
    expect(state.deadlines).toEqual([deadline]);
  });

  it('sends reminders at 09:00 London in summer time (08:00 UTC), and none already past', () => {
    const state = bare();
    // From Mon 5 Jul 2027, 10 WD → Mon 19 Jul; 50% Mon 12 Jul, 75% and 2 WD before: Thu 15 Jul.
    const deadline = startTimescale(state, 'stage1.respond', '2027-07-05', 'received', at('2027-07-12T08:00:00Z'));
    // The reminder at exactly `now` has come and gone with it.
    expect(deadline.reminders).toEqual([
      { at: at('2027-07-15T08:00:00Z'), why: '2 working days before the due date Mon 19 Jul 2027; 75% of the time elapsed' },
    ]);
    const earlier = startTimescale(state, 'stage1.respond', '2027-07-05', 'received', at('2027-07-12T07:59:59.999Z'));
    expect(earlier.reminders.map((r) => new Date(r.at).toISOString())).toEqual(['2027-07-12T08:00:00.000Z', '2027-07-15T08:00:00.000Z']);
    // Restarting a key replaces the clock.
    expect(state.deadlines).toEqual([earlier]);
  });

  it('gives a window (the complainant’s) no reminders', () => {
    const state = bare();
    const window = startTimescale(state, 'stage1.escalate', '2027-01-04', 'Stage 1 response sent', at('2027-01-04T10:00:00Z'));
    expect(window).toMatchObject({ kind: 'window', due: '2027-02-01', reminders: [] }); // 20 WD: Mon 1 Feb
    expect(startTimescale(state, 'stage2.escalate', '2027-01-04', 'adjudication sent', at('2027-01-04T10:00:00Z')).kind).toBe('window');
    expect(startTimescale(state, 'stage2.respond', '2027-01-04', 'statement agreed', at('2027-01-04T10:00:00Z')).kind).toBe('duty');
  });

  it('counts reminders from the last start of the clock: a resume, or now for a date set outright', () => {
    const state = bare();
    const now = at('2027-01-04T10:00:00Z');
    // Set outright on Fri 29 Jan with nothing to count from but today (Mon 4 Jan): 19 WD; 2 before → Wed 27 Jan;
    // 50% → the 10th, Mon 18 Jan; 75% → ceil(14.25) = 15th, Mon 25 Jan.
    const on = startClock(state, 'ombudsman.compliance', [{ op: 'on', date: '2027-01-29', label: 'the compliance date' }], now);
    expect(on.reminders.map((r) => [new Date(r.at).toISOString().slice(0, 10), r.why])).toEqual([
      ['2027-01-18', '50% of the time elapsed'],
      ['2027-01-25', '75% of the time elapsed'],
      ['2027-01-27', '2 working days before the due date Fri 29 Jan 2027'],
    ]);
    // A date set outright after a start also counts from now, not from that start (Mon 4 Jan → the same as above).
    const later = startClock(
      state,
      'stage1.respond',
      [{ op: 'after', from: '2026-12-01', label: 'received', n: 10 }, { op: 'on', date: '2027-01-29', label: 'moved' }],
      now,
    );
    expect(later.reminders).toEqual(on.reminders);
    // Counted back from an anchor: also from now. 10 WD before Fri 29 Jan is Fri 15 Jan; 9 WD after Mon 4 Jan.
    const before = startClock(state, 'stage3.papers', [{ op: 'before', anchor: '2027-01-29', label: 'the panel', n: 10 }], now);
    expect(before.due).toBe('2027-01-15');
    // 50% → 5th (Mon 11 Jan); 75% → ceil(6.75) = 7th (Wed 13 Jan), the same day as 2 WD before.
    expect(before.reminders.map((r) => new Date(r.at).toISOString().slice(0, 10))).toEqual(['2027-01-11', '2027-01-13']);
    // After a pause and a resume, from the resume: paused Mon 11 Jan (5 left), resumed Mon 18 Jan → Mon 25 Jan;
    // counted from Mon 18: 5 WD, 2 before → Thu 21; 50% → 3rd, Thu 21; 75% → 4th, Fri 22.
    const resumed = startClock(
      state,
      'stage1.respond',
      [
        { op: 'after', from: '2027-01-04', label: 'received', n: 10 },
        { op: 'pause', on: '2027-01-11', why: 'hold' },
        { op: 'resume', on: '2027-01-18' },
      ],
      at('2027-01-18T10:00:00Z'),
    );
    expect(resumed.due).toBe('2027-01-25');
    expect(resumed.reminders).toEqual([
      { at: at('2027-01-21T09:00:00Z'), why: '2 working days before the due date Mon 25 Jan 2027; 50% of the time elapsed' },
      { at: at('2027-01-22T09:00:00Z'), why: '75% of the time elapsed' },
    ]);
  });
});

describe('meeting, missing and extending', () => {
  it('is met by a step done before the end of the due date (London), missed from its first instant after', () => {
    const state = bare();
    startTimescale(state, 'stage1.acknowledge', '2027-01-04', 'received', at('2027-01-04T10:00:00Z')); // due Thu 7 Jan
    expect(fallsDueAt({ due: '2027-01-07' })).toBe(at('2027-01-08T00:00:00Z'));
    expect(fallsDueAt({ due: '2027-07-07' })).toBe(at('2027-07-07T23:00:00Z'));
    const met = meetDeadline(state, 'stage1.acknowledge', '2027-01-07T23:59:59.999Z')!;
    expect(met).toMatchObject({ state: 'met', metAt: '2027-01-07T23:59:59.999Z', reminders: [] });
    // Once met, a second step changes nothing.
    expect(meetDeadline(state, 'stage1.acknowledge', '2027-01-09T10:00:00Z')).toMatchObject({ state: 'met', metAt: '2027-01-07T23:59:59.999Z' });

    startTimescale(state, 'stage1.acknowledge', '2027-01-04', 'received', at('2027-01-04T10:00:00Z'));
    expect(meetDeadline(state, 'stage1.acknowledge', '2027-01-08T00:00:00.000Z')).toMatchObject({ state: 'missed', metAt: '2027-01-08T00:00:00.000Z' });
    expect(meetDeadline(state, 'stage1.respond', '2027-01-05T10:00:00Z')).toBeUndefined();
  });

  it('a step logged late but done in time turns a missed deadline met and forgets the miss', () => {
    const state = bare();
    startTimescale(state, 'stage1.acknowledge', '2027-01-04', 'received', at('2027-01-04T10:00:00Z'));
    markMissed(state, at('2027-01-08T00:00:00Z'));
    expect(findDeadline(state, 'stage1.acknowledge')).toMatchObject({ state: 'missed', missedAt: '2027-01-08T00:00:00.000Z' });
    const met = meetDeadline(state, 'stage1.acknowledge', '2027-01-07T15:00:00Z')!;
    expect(met.state).toBe('met');
    expect(met).not.toHaveProperty('missedAt');
  });

  it('a paused clock cannot run out; a cancelled one is left alone', () => {
    const state = bare();
    startTimescale(state, 'stage1.acknowledge', '2027-01-04', 'received', at('2027-01-04T10:00:00Z'));
    pauseClocks(state, '2027-01-05', 'court hold', at('2027-01-05T10:00:00Z'));
    expect(meetDeadline(state, 'stage1.acknowledge', '2027-03-01T10:00:00Z')).toMatchObject({ state: 'met' });
    startTimescale(state, 'stage1.respond', '2027-01-04', 'received', at('2027-01-04T10:00:00Z'));
    cancelClocks(state);
    const cancelled = meetDeadline(state, 'stage1.respond', '2027-01-05T10:00:00Z')!;
    expect(cancelled.state).toBe('cancelled');
    expect(cancelled).not.toHaveProperty('metAt');
  });

  it('marks missed only pending deadlines whose due date has ended', () => {
    const state = bare();
    const now = at('2027-01-04T10:00:00Z');
    startTimescale(state, 'stage1.acknowledge', '2027-01-04', 'received', now); // Thu 7 Jan
    startTimescale(state, 'stage1.respond', '2027-01-04', 'received', now); // Mon 18 Jan
    expect(markMissed(state, at('2027-01-07T23:59:59.999Z'))).toEqual([]);
    const missed = markMissed(state, at('2027-01-08T00:00:00Z'));
    expect(missed.map((d) => d.key)).toEqual(['stage1.acknowledge']);
    expect(missed[0]).toMatchObject({ state: 'missed', missedAt: '2027-01-08T00:00:00.000Z', reminders: [] });
    // Already missed: not again.
    expect(markMissed(state, at('2027-01-09T00:00:00Z'))).toEqual([]);
    // Paused: never.
    pauseClocks(state, '2027-01-11', 'hold', at('2027-01-11T10:00:00Z'));
    expect(markMissed(state, at('2027-06-01T00:00:00Z'))).toEqual([]);
    expect(findDeadline(state, 'stage1.respond')?.reminders).toEqual([]);
  });

  it('extends a running or missed clock, adding up the working days', () => {
    const state = bare();
    const now = at('2027-01-04T10:00:00Z');
    const deadline = startTimescale(state, 'stage1.respond', '2027-01-04', 'received', now); // Mon 18 Jan
    extendDeadline(state, deadline, 3, 'complex', now); // 19 20 21 → Thu 21 Jan
    extendDeadline(state, deadline, 2, 'more witnesses', now); // 22 25 → Mon 25 Jan
    expect(deadline).toMatchObject({ due: '2027-01-25', extendedBy: 5, state: 'pending' });
    expect(deadline.explanation).toBe(
      'received Mon 4 Jan 2027; 10 working days → Mon 18 Jan 2027; extended by 3 working days (complex) → Thu 21 Jan 2027; ' +
        'extended by 2 working days (more witnesses) → Mon 25 Jan 2027',
    );
    // Missed, then extended: running again, the miss forgotten.
    markMissed(state, at('2027-01-26T00:00:00Z'));
    extendDeadline(state, deadline, 1, 'agreed', at('2027-01-26T10:00:00Z'));
    expect(deadline).toMatchObject({ due: '2027-01-26', state: 'pending', extendedBy: 6 });
    expect(deadline).not.toHaveProperty('missedAt');
    // Done late, then extended: it stays missed.
    const done = startTimescale(state, 'stage1.acknowledge', '2027-01-04', 'received', now);
    meetDeadline(state, 'stage1.acknowledge', '2027-01-11T10:00:00Z');
    markMissed(state, at('2027-01-12T00:00:00Z'));
    extendDeadline(state, done, 1, 'x', at('2027-01-12T10:00:00Z'));
    expect(done.state).toBe('missed');
  });
});

describe('holds and cancelling', () => {
  it('pauses only running clocks and resumes only paused ones', () => {
    const state = bare();
    const now = at('2027-01-04T10:00:00Z');
    startTimescale(state, 'stage1.acknowledge', '2027-01-04', 'received', now);
    startTimescale(state, 'stage1.respond', '2027-01-04', 'received', now);
    meetDeadline(state, 'stage1.acknowledge', '2027-01-05T10:00:00Z');
    pauseClocks(state, '2027-01-11', 'court', at('2027-01-11T10:00:00Z'));
    expect(state.deadlines.map((d) => [d.key, d.state, d.ops.length])).toEqual([
      ['stage1.acknowledge', 'met', 1],
      ['stage1.respond', 'paused', 2],
    ]);
    expect(findDeadline(state, 'stage1.respond')).toMatchObject({
      reminders: [],
      explanation: 'received Mon 4 Jan 2027; 10 working days → Mon 18 Jan 2027; paused on Mon 11 Jan 2027 (court) with 5 working days left',
    });
    // Released Mon 18 Jan: 5 left → 19 20 21 22 25 → Mon 25 Jan, reminders again from the release.
    resumeClocks(state, '2027-01-18', at('2027-01-18T10:00:00Z'));
    expect(state.deadlines.map((d) => [d.key, d.state, d.ops.length])).toEqual([
      ['stage1.acknowledge', 'met', 1],
      ['stage1.respond', 'pending', 3],
    ]);
    expect(findDeadline(state, 'stage1.respond')).toMatchObject({ due: '2027-01-25' });
    expect(findDeadline(state, 'stage1.respond')!.reminders.length).toBeGreaterThan(0);
  });

  it('cancels running and paused clocks, all or the keys given, and nothing already ended', () => {
    const state = bare();
    const now = at('2027-01-04T10:00:00Z');
    startTimescale(state, 'stage1.acknowledge', '2027-01-04', 'received', now);
    startTimescale(state, 'stage1.respond', '2027-01-04', 'received', now);
    startTimescale(state, 'stage1.clarify', '2027-01-04', 'received', now);
    startTimescale(state, 'stage2.acknowledge', '2027-01-04', 'received', now);
    meetDeadline(state, 'stage1.acknowledge', '2027-01-05T10:00:00Z');
    markMissed(state, at('2027-01-12T00:00:00Z')); // clarify (Mon 11 Jan) and stage2.acknowledge (Thu 7 Jan)
    cancelClocks(state, ['stage1.clarify', 'stage1.respond']);
    expect(state.deadlines.map((d) => [d.key, d.state])).toEqual([
      ['stage1.acknowledge', 'met'],
      ['stage1.respond', 'cancelled'],
      ['stage1.clarify', 'missed'],
      ['stage2.acknowledge', 'missed'],
    ]);
    expect(findDeadline(state, 'stage1.respond')!.reminders).toEqual([]);
    startTimescale(state, 'stage3.panel', '2027-01-04', 'requested', now);
    startTimescale(state, 'stage3.acknowledge', '2027-01-04', 'requested', now);
    pauseClocks(state, '2027-01-12', 'hold', at('2027-01-12T10:00:00Z'));
    startTimescale(state, 'stage3.papers', '2027-01-04', 'requested', now);
    expect(findDeadline(state, 'stage3.papers')!.reminders).not.toEqual([]);
    cancelClocks(state);
    expect(state.deadlines.map((d) => d.state)).toEqual(['met', 'cancelled', 'missed', 'missed', 'cancelled', 'cancelled', 'cancelled']);
    expect(findDeadline(state, 'stage3.papers')!.reminders).toEqual([]);
  });
});

describe('what the workflow wakes for', () => {
  it('takes the reminders that have come due, earliest first, and leaves the rest', () => {
    const state = bare();
    const now = at('2027-01-04T10:00:00Z');
    startTimescale(state, 'stage1.respond', '2027-01-04', 'received', now); // reminders 11 Jan, 14 Jan
    startTimescale(state, 'stage1.clarify', '2027-01-04', 'received', now); // 5 WD → Mon 11 Jan; 50% 3rd Thu 7, 2 before/75% Thu 7 (4th is Fri 8: ceil 3.75 = 4)
    expect(findDeadline(state, 'stage1.clarify')!.reminders.map((r) => [new Date(r.at).toISOString(), r.why])).toEqual([
      ['2027-01-07T09:00:00.000Z', '2 working days before the due date Mon 11 Jan 2027; 50% of the time elapsed'],
      ['2027-01-08T09:00:00.000Z', '75% of the time elapsed'],
    ]);
    expect(takeDueReminders(state, at('2027-01-07T08:59:59.999Z'))).toEqual([]);
    const taken = takeDueReminders(state, at('2027-01-11T09:00:00Z'));
    expect(taken.map((t) => [t.deadline.key, t.why])).toEqual([
      ['stage1.respond', '50% of the time elapsed'],
      ['stage1.clarify', '2 working days before the due date Mon 11 Jan 2027; 50% of the time elapsed'],
      ['stage1.clarify', '75% of the time elapsed'],
    ]);
    expect(findDeadline(state, 'stage1.respond')!.reminders.map((r) => r.at)).toEqual([at('2027-01-14T09:00:00Z')]);
    expect(findDeadline(state, 'stage1.clarify')!.reminders).toEqual([]);
  });

  it('wakes for the earliest due date or reminder of a running clock', () => {
    const state = bare();
    expect(nextWake(state)).toBeUndefined();
    const now = at('2027-01-04T10:00:00Z');
    startTimescale(state, 'stage1.escalate', '2027-01-04', 'Stage 1 response sent', now); // window, due Mon 1 Feb, no reminders
    expect(nextWake(state)).toBe(at('2027-02-02T00:00:00Z'));
    startTimescale(state, 'stage1.respond', '2027-01-04', 'received', now); // reminders 11 and 14 Jan, due 18 Jan
    expect(nextWake(state)).toBe(at('2027-01-11T09:00:00Z'));
    takeDueReminders(state, at('2027-01-14T09:00:00Z'));
    expect(nextWake(state)).toBe(at('2027-01-19T00:00:00Z'));
    // A due date earlier than every reminder: acknowledgement Thu 7 Jan, reminders dropped on meeting nothing.
    startTimescale(state, 'stage1.acknowledge', '2027-01-04', 'received', now);
    expect(findDeadline(state, 'stage1.acknowledge')!.reminders.map((r) => r.at)).toEqual([at('2027-01-05T09:00:00Z'), at('2027-01-06T09:00:00Z')]);
    expect(nextWake(state)).toBe(at('2027-01-05T09:00:00Z'));
    // Paused or ended clocks wake nobody.
    pauseClocks(state, '2027-01-05', 'hold', at('2027-01-05T10:00:00Z'));
    expect(nextWake(state)).toBeUndefined();
  });

  it('names the next pending duty by due date, never a window', () => {
    const state = bare();
    expect(nextPendingDuty(state)).toBeUndefined();
    const now = at('2027-01-04T10:00:00Z');
    startTimescale(state, 'stage1.respond', '2027-01-04', 'received', now); // 18 Jan
    // A window due earlier than every duty: 20 WD after Tue 1 Dec 2026, skipping 25 and 28 Dec → Thu 31 Dec.
    expect(startTimescale(state, 'stage1.escalate', '2026-12-01', 'sent', now).due).toBe('2026-12-31');
    startTimescale(state, 'stage1.clarify', '2027-01-04', 'received', now); // 11 Jan
    startTimescale(state, 'stage2.respond', '2027-01-04', 'agreed', now); // 25 WD → Mon 8 Feb
    expect(nextPendingDuty(state)?.key).toBe('stage1.clarify');
    meetDeadline(state, 'stage1.clarify', '2027-01-05T10:00:00Z');
    expect(nextPendingDuty(state)?.key).toBe('stage1.respond');
    // The order does not depend on the order the clocks started.
    state.deadlines.reverse();
    expect(nextPendingDuty(state)?.key).toBe('stage1.respond');
    startTimescale(state, 'stage3.acknowledge', '2027-01-14', 'requested', now); // 15 18 19 → Tue 19 Jan
    expect(nextPendingDuty(state)?.key).toBe('stage1.respond');
    startTimescale(state, 'stage3.panelReport', '2027-01-08', 'met', now); // 11-15 → Fri 15 Jan
    expect(nextPendingDuty(state)?.key).toBe('stage3.panelReport');
  });
});

describe('a new calendar', () => {
  it('keeps one calendar per calendar data', () => {
    const state = bare();
    expect(calendarOf(state)).toBe(calendarOf(state));
    const other = { ...state, calendar: defaultCalendarData('england-and-wales', ['2027-01-05']) };
    expect(calendarOf(other)).not.toBe(calendarOf(state));
    expect(calendarOf(other).isClosureDay('2027-01-05')).toBe(true);
  });

  it('derives running and paused clocks again and reports the dates that moved', () => {
    const state = bare();
    const now = at('2027-01-04T10:00:00Z');
    startTimescale(state, 'stage1.acknowledge', '2027-01-04', 'received', now); // Thu 7 Jan
    startTimescale(state, 'stage1.respond', '2027-01-04', 'received', now); // Mon 18 Jan
    startTimescale(state, 'stage1.clarify', '2027-01-04', 'received', now); // Mon 11 Jan
    meetDeadline(state, 'stage1.acknowledge', '2027-01-05T10:00:00Z');
    const withExtraHoliday = defaultCalendarData('england-and-wales');
    const calendarData = {
      ...withExtraHoliday,
      version: 'test:extra-holiday',
      holidays: [...withExtraHoliday.holidays, { date: '2027-01-06', title: 'A one-off holiday' }].sort((a, b) => (a.date < b.date ? -1 : 1)),
    };
    pauseClocks(state, '2027-01-11', 'hold', at('2027-01-11T10:00:00Z'));
    startTimescale(state, 'stage2.acknowledge', '2027-01-11', 'requested', at('2027-01-11T10:00:00Z')); // 12 13 14 → Thu 14 Jan, not moved
    const moved = changeCalendar(state, calendarData, at('2027-01-11T11:00:00Z'));
    expect(state.calendar).toBe(calendarData);
    // Respond and clarify each move a working day later; the met acknowledgement keeps its date.
    expect(moved).toEqual([
      { key: 'stage1.respond', from: '2027-01-18', to: '2027-01-19' },
      { key: 'stage1.clarify', from: '2027-01-11', to: '2027-01-12' },
    ]);
    expect(findDeadline(state, 'stage1.acknowledge')!.due).toBe('2027-01-07');
    expect(findDeadline(state, 'stage1.respond')!.explanation).toContain('skipping 6 Jan (A one-off holiday)');
  });
});
