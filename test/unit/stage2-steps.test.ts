import { describe, expect, it } from 'vitest';
import { londonInstant } from '../../domain/dates';
import { chronologyLine } from '../../api/chronology';
import { COMMAND_SCHEMAS } from '../../domain/complaint/commands';
import { CURRENT_RULES } from '../../domain/complaint/rules';
import { TRANSITIONS } from '../../domain/complaint/transitions';
import { ENGLAND_STATUTORY_POLICY } from '../../domain/policy';
import { act, deadline, events, IO, IP, letters, newCase, refusal, stage2Case, tick } from '../helpers/procedure';

// The rules of progress updates and meetings, without Temporal (the time-skipping tests: test/integration/stage2-steps.test.ts).
describe('Stage 2 progress updates and meetings (rules)', () => {
  it('writes the response date when the policy runs it from the request; a case from before the patches writes nothing and has no progress clock', () => {
    const fromRequest = act(newCase('2027-01-04T10:00:00Z', { policy: { ...ENGLAND_STATUTORY_POLICY, stage2ClockStart: 'request' } }), 'triage', { decision: 'stage2' }, '2027-01-04T11:00:00Z');
    act(fromRequest, 'appoint-investigators', { investigatingOfficer: { ...IO, name: 'Sam Adams' }, independentPerson: IP }, '2027-01-05T10:00:00Z');
    // 25 WD from the request, Mon 4 Jan → Mon 8 Feb.
    expect(letters(fromRequest).at(-1)).toEqual([
      1,
      'letter',
      'stage2-appointed',
      { ioName: 'Sam Adams', ipName: null, contactBy: null, respondBy: '2027-02-08', respondWorkingDays: 25, updateEvery: 10 },
    ]);

    // patched() false on replay: the rules of v7.
    const before = { ...CURRENT_RULES, stage2AppointedLetter: false, stage2Progress: false };
    const old = act(newCase('2027-01-04T10:00:00Z'), 'triage', { decision: 'stage2' }, '2027-01-04T11:00:00Z');
    const step = (name: 'appoint-investigators' | 'agree-statement', input: object, at: string) =>
      (TRANSITIONS[name] as (s: typeof old, i: unknown, n: number, r: typeof before) => () => void)(old, COMMAND_SCHEMAS[name].parse({ actor: 'officer-1', ...input }), Date.parse(at), before)();
    step('appoint-investigators', { investigatingOfficer: IO, independentPerson: IP }, '2027-01-05T10:00:00Z');
    step('agree-statement', {}, '2027-01-06T10:00:00Z');
    expect(letters(old).map((l) => l[2])).toEqual(['stage2-statement-agreed']);
    expect(deadline(old, 'stage2.progress')).toBeUndefined();
  });

  it('refuses an update while suspended, and the adjudication does a missed update late: still missed, no longer overdue', () => {
    const state = stage2Case(); // statement agreed Wed 6 Jan 2027: an update is due Wed 20 Jan
    act(state, 'suspend-for-resolution', {}, '2027-01-08T10:00:00Z');
    expect(refusal(state, 'progress-update', { progress: 'x' }, '2027-01-08T11:00:00Z')).toBe(
      'the investigation is suspended for early resolution, so its progress clock is paused: resume it first',
    );
    // Paused Fri 8 Jan with 8 WD left (11-15, 18-20); resumed Mon 11 Jan → 12-15 | 18-21 → Thu 21 Jan.
    act(state, 'resume', {}, '2027-01-11T10:00:00Z');
    expect(deadline(state, 'stage2.progress')).toMatchObject({ due: '2027-01-21', state: 'pending' });
    tick(state, '2027-01-22T00:00:00Z');
    expect(deadline(state, 'stage2.progress')!.state).toBe('missed');
    act(state, 'submit-reports', { reports: ['investigating-officer', 'independent-person'] }, '2027-01-25T10:00:00Z');
    act(state, 'adjudicate', {}, '2027-01-26T10:00:00Z');
    expect(deadline(state, 'stage2.progress')).toMatchObject({ state: 'missed', metAt: '2027-01-26T10:00:00.000Z' });
  });

  it('words its events and letters in the chronology', () => {
    const state = stage2Case();
    act(state, 'progress-update', { progress: 'Reading the records' }, '2027-01-08T10:00:00Z');
    expect(events(state).at(-1)).toEqual(['progress-updated', '2027-01-08T10:00:00.000Z', { due: '2027-01-20', onTime: true, nextDue: '2027-01-22' }]);
    expect(letters(state).at(-1)).toEqual([
      3,
      'letter',
      'stage2-progress',
      { progress: 'Reading the records', respondBy: '2027-02-10', respondWasDue: null, nextUpdateBy: '2027-01-22' },
    ]);
    const at = '2027-01-08T10:00:00.000Z';
    const line = (action: string, detail: Record<string, unknown>) =>
      chronologyLine({ at, type: 'event', event: { seq: 1, action, actor: 'officer-1', at, recordedAt: at, detail } } as never, ['complaints-manager']).label;
    expect(line('progress-updated', {})).toBe('Complainant told how the Stage 2 investigation is progressing');
    expect(line('meeting-recorded', { meetingId: 'M1', outcome: 'rearranged' })).toBe('Meeting M1 moved to a new date');
    expect(line('deadline-superseded', { deadline: 'stage2.progress', due: '2027-01-20', by: 'progress-update' })).toBe(
      'update on the progress of the Stage 2 investigation missed (due Wed 20 Jan 2027), kept on the record: the update came late, and the next one falls due from it',
    );
  });

  it('reads a meeting time as London time, in summer and in winter, and refuses what no meeting can be', () => {
    expect(new Date(londonInstant('2027-01-20', '14:30')).toISOString()).toBe('2027-01-20T14:30:00.000Z');
    expect(new Date(londonInstant('2027-07-20', '14:30')).toISOString()).toBe('2027-07-20T13:30:00.000Z');
    // The hour the clocks go back (Sun 31 Oct 2027, 01:00-02:00 twice): the first of the two.
    expect(new Date(londonInstant('2027-10-31', '01:30')).toISOString()).toBe('2027-10-31T00:30:00.000Z');
    const state = newCase('2027-01-04T10:00:00Z');
    expect(refusal(state, 'record-meeting', { meetingId: 'M1', outcome: 'held' }, '2027-01-04T11:00:00Z')).toBe('no meeting M1 on this case: none is arranged');
    expect(
      refusal(
        state,
        'arrange-meeting',
        { meetingId: 'M1', purpose: 'clarify', date: '2027-01-01', time: '10:00', attendees: [{ role: 'complaints-officer', name: 'Jo Smith' }], venue: 'online', complainantAskedForDay: true },
        '2027-01-04T11:00:00Z',
      ),
    ).toBe('the meeting must be in the future: Fri 1 Jan 2027 at 10:00 has passed (it is now Mon 4 Jan 2027 11:00, London)');
    // New Year's Day 2028 (a Saturday; the bank holiday is Mon 3 Jan): not without the complainant asking.
    expect(
      refusal(
        state,
        'arrange-meeting',
        { meetingId: 'M1', purpose: 'clarify', date: '2027-12-27', time: '10:00', attendees: [{ role: 'complaints-officer', name: 'Jo Smith' }], venue: 'online' },
        '2027-01-04T11:00:00Z',
      ),
    ).toMatch(/^Mon 27 Dec 2027 is not a working day \(/);
  });
});
