/**
 * The last mutants of transitions.ts and clocks.ts the mutation run left
 * alive that a test can tell apart (docs/mutation.md lists the equivalent
 * ones). Dates are literal and counted by hand in the comments.
 *
 * 2027 holidays used: Fri 1 Jan, Good Friday 26 Mar, Easter Monday 29 Mar,
 * Mon 3 May. British Summer Time 2027: 28 Mar to 31 Oct.
 */
import { describe, expect, it } from 'vitest';
import { defaultCalendarData } from '../../domain/holidays';
import { ENGLAND_STATUTORY_POLICY, parsePolicy } from '../../domain/policy';
import { cancelClocks, extendDeadline, markMissed, meetDeadline, nextPendingDuty, pauseClocks, startClock, startTimescale, changeCalendar } from '../../domain/complaint/clocks';
import { discontinueCase, TransitionRefused, TRANSITIONS } from '../../domain/complaint/transitions';
import { LUTON, OMBUDSMAN, IO, IP, newCase, act, refusal, deadline, tick, events, letters, stage1Case, stage2Case, stage3Case } from '../helpers/procedure';

describe('defensive refusals', () => {
  it('refuses a step time that is not a date-time even when no schema checked it', () => {
    const state = newCase();
    const before = JSON.stringify(state);
    expect(() => TRANSITIONS.withdraw(state, { actor: 'officer-1', at: 'yesterday' }, Date.parse('2027-01-05T10:00:00Z'))).toThrow(
      new TransitionRefused('"at" is not a date-time: yesterday'),
    );
    expect(JSON.stringify(state)).toBe(before);
  });

  it('has nothing to acknowledge when the acknowledgement clock is gone or cancelled', () => {
    const gone = newCase();
    gone.deadlines = [];
    expect(refusal(gone, 'acknowledge', {}, '2027-01-05T10:00:00Z')).toBe('there is no stage1.acknowledge step at this point');
    const cancelled = newCase();
    cancelClocks(cancelled);
    expect(refusal(cancelled, 'acknowledge', {}, '2027-01-05T10:00:00Z')).toBe('there is no stage1.acknowledge step at this point');
  });
});

describe('what each step follows and how its clock is explained', () => {
  it('explains the clocks started by triage, the response and the adjudication, and the panel notices', () => {
    const luton = stage1Case(LUTON);
    expect(deadline(luton, 'stage1.clarify')!.explanation).toBe('received Mon 4 Jan 2027; 5 working days → Mon 11 Jan 2027');
    // Clarified after receipt but before triage: refused.
    expect(refusal(luton, 'clarify', { at: '2027-01-04T10:30:00Z' }, '2027-01-05T10:00:00Z')).toBe(
      '"at" (2027-01-04T10:30:00Z) is before triage (2027-01-04T11:00:00.000Z)',
    );
    act(luton, 'respond', {}, '2027-01-06T12:00:00Z');
    expect(deadline(luton, 'stage1.escalate')!.explanation).toBe('Stage 1 response sent Wed 6 Jan 2027; 20 working days → Wed 3 Feb 2027');
    const s3 = stage3Case();
    expect(deadline(s3, 'stage2.escalate')!.explanation).toBe(
      'adjudication sent Mon 1 Mar 2027; 20 working days, skipping 26 Mar (Good Friday), 29 Mar (Easter Monday) → Wed 31 Mar 2027',
    );
    act(s3, 'schedule-panel', { panelDate: '2027-04-15' }, '2027-03-10T10:00:00Z');
    expect(deadline(s3, 'stage3.papers')!.explanation).toBe('10 working days before the panel on Thu 15 Apr 2027 → Thu 1 Apr 2027');
  });

  it('a Stage 2 acknowledgement under a request-started clock gives the response date', () => {
    const fromRequest = parsePolicy({ ...ENGLAND_STATUTORY_POLICY, id: 'from-request', stage2ClockStart: 'request' });
    const state = act(newCase('2027-01-04T10:00:00Z', { policy: fromRequest }), 'triage', { decision: 'stage2' }, '2027-01-04T11:00:00Z');
    act(state, 'acknowledge', {}, '2027-01-05T10:00:00Z');
    // 25 WD after Mon 4 Jan → Mon 8 Feb.
    expect(letters(state)).toEqual([[1, 'letter', 'stage2-acknowledgement', { respondBy: '2027-02-08' }]]);
  });

  it('a request made once the response is late follows triage at Stage 1 and the Stage 2 request at Stage 2', () => {
    const s1 = stage1Case(); // respond due Mon 18 Jan
    tick(s1, '2027-01-19T00:00:00Z');
    expect(refusal(s1, 'escalate', { at: '2027-01-04T10:30:00Z' }, '2027-01-19T10:00:00Z')).toBe(
      '"at" (2027-01-04T10:30:00Z) is before triage (2027-01-04T11:00:00.000Z)',
    );
    // Stage 2 requested Wed 20 Jan; statement agreed Thu 21 Jan → respond 25 WD → Thu 25 Feb.
    const s2 = act(act(stage1Case(), 'respond', {}, '2027-01-12T10:00:00Z'), 'escalate', {}, '2027-01-20T10:00:00Z');
    act(s2, 'appoint-investigators', { investigatingOfficer: IO, independentPerson: IP }, '2027-01-21T09:00:00Z');
    act(s2, 'agree-statement', {}, '2027-01-21T10:00:00Z');
    expect(deadline(s2, 'stage2.respond')!.due).toBe('2027-02-25');
    tick(s2, '2027-02-26T00:00:00Z');
    expect(refusal(s2, 'escalate', { at: '2027-01-15T10:00:00Z' }, '2027-02-26T10:00:00Z')).toBe(
      '"at" (2027-01-15T10:00:00Z) is before the Stage 2 request (2027-01-20T10:00:00.000Z)',
    );
    // Contact and the statement follow the appointment; the statement needs investigators.
    const luton = act(newCase('2027-01-04T10:00:00Z', { policy: LUTON }), 'triage', { decision: 'stage2' }, '2027-01-04T11:00:00Z');
    expect(refusal(luton, 'agree-statement', {}, '2027-01-05T10:00:00Z')).toBe('the investigators are not appointed yet');
    act(luton, 'appoint-investigators', { investigatingOfficer: IO, independentPerson: IP }, '2027-01-05T10:00:00Z');
    expect(refusal(luton, 'contact', { at: '2027-01-05T09:00:00Z' }, '2027-01-06T10:00:00Z')).toBe(
      '"at" (2027-01-05T09:00:00Z) is before the appointment of the investigators (2027-01-05T10:00:00.000Z)',
    );
  });

  it('closing as resolved at Stage 2 follows the Stage 2 request, not the Stage 1 response', () => {
    const s2 = act(act(stage1Case(), 'respond', {}, '2027-01-12T10:00:00Z'), 'escalate', {}, '2027-01-20T10:00:00Z');
    act(s2, 'appoint-investigators', { investigatingOfficer: IO, independentPerson: IP }, '2027-01-21T09:00:00Z');
    act(s2, 'submit-reports', { reports: ['investigating-officer', 'independent-person'] }, '2027-01-25T10:00:00Z');
    act(s2, 'adjudicate', {}, '2027-01-26T10:00:00Z');
    expect(refusal(s2, 'close', { outcome: 'resolved', at: '2027-01-15T10:00:00Z' }, '2027-01-27T10:00:00Z')).toBe(
      '"at" (2027-01-15T10:00:00Z) is before the Stage 2 request (2027-01-20T10:00:00.000Z)',
    );
  });

  it('a late request accepted leaves the lapsed window as it was', () => {
    const state = act(stage1Case(), 'respond', {}, '2027-01-06T12:00:00Z');
    tick(state, '2027-02-04T00:00:00Z');
    act(state, 'escalate', {}, '2027-02-08T10:00:00Z');
    act(state, 'escalate', { lateAcceptedReason: 'ill health' }, '2027-02-09T10:00:00Z');
    const window = deadline(state, 'stage1.escalate')!;
    expect(window.state).toBe('missed');
    expect(window).not.toHaveProperty('metAt');
  });
});

describe('lists in refusals and events', () => {
  it('lists every report already submitted and every head already held or not held', () => {
    const s2 = stage2Case();
    act(s2, 'submit-reports', { reports: ['investigating-officer', 'independent-person'] }, '2027-01-07T10:00:00Z');
    expect(refusal(s2, 'submit-reports', { reports: ['investigating-officer', 'independent-person'] }, '2027-01-08T10:00:00Z')).toBe(
      'already submitted: investigating-officer, independent-person',
    );
    const s1 = act(stage1Case(), 'hold', { reason: 'court-proceedings', heads: ['1', '2'] }, '2027-01-05T10:00:00Z');
    expect(refusal(s1, 'hold', { reason: 'court-proceedings', heads: ['1', '2', '3'] }, '2027-01-06T10:00:00Z')).toBe('already held: head 1, 2');
    expect(refusal(s1, 'release-hold', { heads: ['3', '4'] }, '2027-01-06T10:00:00Z')).toBe('not held: head 3, 4');
    act(s1, 'release-hold', { heads: ['1', '2'] }, '2027-01-06T10:00:00Z');
    expect(events(s1).at(-1)).toStrictEqual(['heads-released', '2027-01-06T10:00:00.000Z', { heads: '1,2' }]);
    act(s1, 'withdraw', { note: 'by letter' }, '2027-01-07T10:00:00Z');
    expect(events(s1).at(-1)).toStrictEqual(['withdrawn', '2027-01-07T10:00:00.000Z', 'by letter']);
    expect(letters(s1).at(-1)).toEqual([1, 'letter', 'withdrawal-confirmed', {}]);
  });

  it('keeps the Ombudsman’s recommendations, when there are any', () => {
    const state = act(act(stage1Case(), 'withdraw', {}, '2027-01-05T10:00:00Z'), 'refer-to-ombudsman', {}, '2027-02-01T10:00:00Z');
    const recommendations = [{ id: 'R1', owner: 'manager-1', dueInWorkingDays: 20 }];
    act(state, 'record-ombudsman-decision', { decision: 'upheld', recommendations }, '2027-03-01T10:00:00Z');
    expect(state.ombudsman!.recommendations).toEqual(recommendations);
    const none = act(act(stage1Case(), 'withdraw', {}, '2027-01-05T10:00:00Z'), 'refer-to-ombudsman', {}, '2027-02-01T10:00:00Z');
    act(none, 'record-ombudsman-decision', { decision: 'upheld', recommendations: [] }, '2027-03-01T10:00:00Z');
    expect(none.ombudsman).not.toHaveProperty('recommendations');
  });
});

describe('discontinuing under the unreasonable-conduct protocol', () => {
  it('closes an open case as discontinued with a letter, once', () => {
    const state = stage2Case();
    expect(discontinueCase(state, { actor: 'manager-1', decidedAt: '2027-01-07T09:00:00Z', personId: 7 }, Date.parse('2027-01-07T10:00:00Z'))).toBe(true);
    expect(events(state).at(-1)).toStrictEqual(['discontinued', '2027-01-07T10:00:00.000Z', { decidedAt: '2027-01-07T09:00:00Z', personId: 7, stage: 'stage2' }]);
    expect(letters(state).at(-1)).toEqual([3, 'letter', 'closed-discontinued', { stage: 'stage2', ombudsman: OMBUDSMAN }]);
    expect(state).toMatchObject({ status: 'closed', stage: 'closed', outcome: { kind: 'discontinued', stage: 'stage2' }, closedAt: '2027-01-07T10:00:00.000Z' });
    const after = JSON.stringify(state);
    expect(discontinueCase(state, { actor: 'manager-1', decidedAt: '2027-01-08T09:00:00Z', personId: 7 }, Date.parse('2027-01-08T10:00:00Z'))).toBe(false);
    expect(JSON.stringify(state)).toBe(after);
  });
});

describe('clocks: where reminders count from, and which clocks a new calendar moves', () => {
  it('counts from the resume, or the start, never from today', () => {
    const state = newCase();
    state.deadlines = [];
    // Resumed Mon 18 Jan with 5 left → Mon 25 Jan; computed on Thu 21 Jan at 07:00, before that day's 09:00.
    // From Mon 18 Jan: 5 WD, 2 before → Thu 21; 50% → 3rd, Thu 21; 75% → 4th, Fri 22 (counted from today
    // they would be Fri 22 alone).
    const resumed = startClock(
      state,
      'stage1.respond',
      [
        { op: 'after', from: '2027-01-04', label: 'received', n: 10 },
        { op: 'pause', on: '2027-01-11', why: 'hold' },
        { op: 'resume', on: '2027-01-18' },
      ],
      Date.parse('2027-01-21T07:00:00Z'),
    );
    expect(resumed.reminders.map((r) => [new Date(r.at).toISOString().slice(0, 10), r.why])).toEqual([
      ['2027-01-21', '2 working days before the due date Mon 25 Jan 2027; 50% of the time elapsed'],
      ['2027-01-22', '75% of the time elapsed'],
    ]);
    // Started Mon 4 Jan and extended on Thu 14 Jan to Mon 25 Jan: still counted from Mon 4 Jan (15 WD):
    // 2 before → Thu 21; 50% → 8th, Thu 14; 75% → ceil(11.25) = 12th, Wed 20.
    const extended = startTimescale(state, 'stage1.respond', '2027-01-04', 'received', Date.parse('2027-01-04T10:00:00Z'));
    extendDeadline(state, extended, 5, 'complex', Date.parse('2027-01-14T07:00:00Z'));
    expect(extended.reminders.map((r) => new Date(r.at).toISOString().slice(0, 10))).toEqual(['2027-01-14', '2027-01-20', '2027-01-21']);
  });

  it('keeps the miss of a step done late, and an extension leaves a paused clock paused', () => {
    const state = newCase();
    markMissed(state, Date.parse('2027-01-08T00:00:00Z'));
    meetDeadline(state, 'stage1.acknowledge', '2027-01-08T10:00:00Z');
    expect(deadline(state, 'stage1.acknowledge')).toMatchObject({ state: 'missed', missedAt: '2027-01-08T00:00:00.000Z', metAt: '2027-01-08T10:00:00Z' });
    const held = act(stage1Case(), 'hold', { reason: 'safeguarding' }, '2027-01-06T10:00:00Z');
    const respond = deadline(held, 'stage1.respond')!;
    extendDeadline(held, respond, 2, 'x', Date.parse('2027-01-07T10:00:00Z'));
    expect(respond.state).toBe('paused');
  });

  it('of two duties due the same day, the one started first is next', () => {
    const state = newCase(); // acknowledge due Thu 7 Jan
    startTimescale(state, 'stage1.clarify', '2027-01-04', 'received', Date.parse('2027-01-04T10:00:00Z'));
    state.deadlines[1]!.due = '2027-01-07';
    expect(nextPendingDuty(state)!.key).toBe('stage1.acknowledge');
  });

  it('a new calendar moves running clocks too', () => {
    const state = stage1Case(); // acknowledge Thu 7 Jan, respond Mon 18 Jan, both running
    const data = defaultCalendarData('england-and-wales');
    const moved = changeCalendar(
      state,
      { ...data, version: 'test:extra', holidays: [...data.holidays, { date: '2027-01-06', title: 'A one-off holiday' }].sort((a, b) => (a.date < b.date ? -1 : 1)) },
      Date.parse('2027-01-05T10:00:00Z'),
    );
    expect(moved).toEqual([
      { key: 'stage1.acknowledge', from: '2027-01-07', to: '2027-01-08' },
      { key: 'stage1.respond', from: '2027-01-18', to: '2027-01-19' },
    ]);
    pauseClocks(state, '2027-01-05', 'hold', Date.parse('2027-01-05T11:00:00Z'));
    expect(changeCalendar(state, data, Date.parse('2027-01-05T12:00:00Z')).map((m) => m.to)).toEqual(['2027-01-07', '2027-01-18']);
  });
});
