/**
 * The pure rules behind escalation after closing, late acceptance and partial holds (workflows/complaint/
 * transitions.ts, rules.ts): the window a closing keeps, late acceptance in
 * writing, partial holds after closing, and the rules of running cases from
 * before them (what `patched()` answers when a v3 history replays).
 */
import { describe, expect, it } from 'vitest';
import { COMMAND_SCHEMAS, type CommandName } from '../../domain/complaint/commands';
import type { Rules } from '../../domain/complaint/rules';
import type { ComplaintState } from '../../domain/complaint/state';
import { discontinueCase, retainUntil, TRANSITIONS } from '../../domain/complaint/transitions';
import { act, type Arg, deadline, letters, pending, refusal, stage1Case, stage2Case, tick } from '../helpers/procedure';

const BEFORE: Rules = { escalateAfterClose: false, lateAcceptanceLetter: false, partialHoldsSurviveClose: false, lateHolds: false, backdateNeedsReason: false, adjournKeepsMisses: false, lettersCarryFindings: false, panelRecommendations: false, corporateAnswered: false, stage2AppointedLetter: false, stage2Progress: false };

/** A command applied under the rules of a case from before the change. */
function actBefore<C extends CommandName>(state: ComplaintState, name: C, input: Arg<C>, now: string): ComplaintState {
  const parsed = COMMAND_SCHEMAS[name].parse({ actor: 'officer-1', ...input });
  (TRANSITIONS[name] as (s: ComplaintState, i: unknown, n: number, r: Rules) => () => void)(state, parsed, Date.parse(now), BEFORE)();
  return state;
}

/** Stage 1 answered Wed 6 Jan 2027: the window runs 20 WD to Wed 3 Feb. */
const answered = () => act(stage1Case(), 'respond', {}, '2027-01-06T12:00:00Z');

describe('rules of cases from before the change (patched() false on replay)', () => {
  it('closing cancels the window, a closed case refuses the request, heads are dropped, a late acceptance writes nothing', () => {
    const closed = actBefore(act(answered(), 'hold', { reason: 'court-proceedings', heads: ['2'] }, '2027-01-06T13:00:00Z'), 'close', { outcome: 'resolved' }, '2027-01-07T10:00:00Z');
    expect(deadline(closed, 'stage1.escalate')!.state).toBe('cancelled');
    expect(closed.heldHeads).toEqual([]);
    expect(letters(closed).map((l) => l[2])).toEqual(['stage1-response', 'closed-resolved']);
    expect(letters(closed).at(-1)![3]).toEqual({ ombudsman: expect.any(String) });
    expect(() => actBefore(closed, 'escalate', {}, '2027-01-08T10:00:00Z')).toThrow('the case is closed (resolved at stage1)');

    const lapsed = answered();
    tick(lapsed, '2027-02-04T00:00:00Z');
    act(lapsed, 'escalate', {}, '2027-02-08T10:00:00Z');
    const sent = lapsed.outbox.length;
    actBefore(lapsed, 'escalate', { lateAcceptedReason: 'in hospital' }, '2027-02-09T10:00:00Z');
    expect(lapsed.outbox).toHaveLength(sent);
    expect(deadline(lapsed, 'stage2.acknowledge')!.state).toBe('met');
  });

  it('a case closed before the change still takes a request inside the window its closing cancelled', () => {
    const closed = actBefore(answered(), 'close', { outcome: 'resolved' }, '2027-01-07T10:00:00Z');
    act(closed, 'escalate', {}, '2027-02-03T16:00:00Z');
    expect(closed).toMatchObject({ stage: 'stage2', status: 'in-progress', stage2: { requestedOn: '2027-02-03', reopenedAfterClosedAt: '2027-01-07T10:00:00.000Z' } });
    expect(pending(closed)).toEqual({ 'stage2.acknowledge': '2027-02-08' });
  });
});

describe('the window a closing keeps', () => {
  it('a case closed at Stage 2 reopens into a Review Panel, and its acknowledgement gives the panel date', () => {
    const state = stage2Case();
    act(state, 'submit-reports', { reports: ['investigating-officer', 'independent-person'] }, '2027-02-01T10:00:00Z');
    act(state, 'adjudicate', {}, '2027-02-02T10:00:00Z');
    act(state, 'close', { outcome: 'resolved' }, '2027-02-03T10:00:00Z');
    expect(pending(state)).toEqual({ 'stage2.escalate': '2027-03-02' });
    expect(retainUntil(state)).toBeUndefined();
    act(state, 'escalate', {}, '2027-02-10T10:00:00Z');
    // Wed 10 Feb: acknowledgement 3 WD → Mon 15 Feb; panel 30 WD → Wed 24 Mar.
    expect(pending(state)).toEqual({ 'stage3.acknowledge': '2027-02-15', 'stage3.panel': '2027-03-24' });
    act(state, 'acknowledge', {}, '2027-02-11T10:00:00Z');
    expect(letters(state).at(-1)).toEqual([5, 'letter', 'stage3-acknowledgement', { respondBy: '2027-03-24', closedOn: '2027-02-03' }]);
  });

  it('discontinuing keeps the window, run again from the closing if a hold had paused it; the workflow ends a year after, not before the window', () => {
    const state = act(answered(), 'hold', { reason: 'safeguarding' }, '2027-01-13T10:00:00Z');
    expect(deadline(state, 'stage1.escalate')!.state).toBe('paused');
    // Held Wed 13 Jan with 15 WD left; discontinued Mon 1 Feb: 15 WD from then → Mon 22 Feb.
    expect(discontinueCase(state, { actor: 'director-1', decidedAt: '2027-02-01T09:00:00Z', personId: 7 }, Date.parse('2027-02-01T10:00:00Z'))).toBe(true);
    expect(state).toMatchObject({ status: 'closed', outcome: { kind: 'discontinued', stage: 'stage1' } });
    expect(state).not.toHaveProperty('hold');
    expect(deadline(state, 'stage1.escalate')).toMatchObject({ state: 'pending', due: '2027-02-22' });
    expect(letters(state).at(-1)).toEqual([3, 'letter', 'closed-discontinued', { stage: 'stage1', ombudsman: expect.any(String), escalateBy: '2027-02-22' }]);
    expect(retainUntil(state)).toBeUndefined();
    tick(state, '2027-02-23T00:00:00Z');
    expect(state).toMatchObject({ status: 'closed', outcome: { kind: 'discontinued' } });
    expect(new Date(retainUntil(state)!).toISOString()).toBe('2028-02-02T00:00:00.000Z');
  });

  it('a withdrawal after closing ends the window and refuses a later request; it cannot be dated before the closing', () => {
    const state = act(answered(), 'close', { outcome: 'resolved' }, '2027-01-07T10:00:00Z');
    expect(refusal(state, 'withdraw', { at: '2027-01-07T09:00:00Z' }, '2027-01-08T10:00:00Z')).toBe(
      '"at" (2027-01-07T09:00:00Z) is before the case was closed (2027-01-07T10:00:00.000Z)',
    );
    act(state, 'withdraw', {}, '2027-01-08T10:00:00Z');
    expect(letters(state).at(-1)).toEqual([3, 'letter', 'withdrawal-confirmed', { afterClose: true, stage: 'stage1', escalateBy: '2027-02-03' }]);
    expect(refusal(state, 'escalate', {}, '2027-01-11T10:00:00Z')).toBe('the case is closed (resolved at stage1)');
  });
});

describe('late acceptance and partial holds', () => {
  it('a late request accepted at once (none recorded before) is acknowledged by its letter', () => {
    const state = answered();
    tick(state, '2027-02-04T00:00:00Z');
    act(state, 'escalate', { lateAcceptedReason: 'in hospital' }, '2027-02-08T10:00:00Z');
    expect(deadline(state, 'stage2.acknowledge')).toMatchObject({ state: 'met', metAt: '2027-02-08T10:00:00.000Z' });
    expect(letters(state).at(-1)).toEqual([2, 'letter', 'stage2-acknowledgement', { respondBy: null, closedOn: '2027-02-04', lateAccepted: true }]);
    expect(refusal(state, 'acknowledge', {}, '2027-02-08T11:00:00Z')).toBe(
      'the stage2 request was acknowledged at 2027-02-08T10:00:00.000Z by the letter accepting the late request, which gave the dates: no further acknowledgement is due',
    );
  });

  it('closing with heads held on two grounds writes one deferred-part letter per ground; a withdrawal releases them without one', () => {
    const state = answered();
    act(state, 'hold', { reason: 'court-proceedings', heads: ['2', '3'] }, '2027-01-06T13:00:00Z');
    act(state, 'hold', { reason: 'safeguarding', heads: ['4'] }, '2027-01-06T14:00:00Z');
    act(state, 'close', { outcome: 'resolved' }, '2027-01-07T10:00:00Z');
    expect(letters(state).slice(-3).map((l) => [l[2], l[3]])).toEqual([
      ['closed-resolved', { ombudsman: expect.any(String), stage: 'stage1', escalateBy: '2027-02-03' }],
      ['part-deferred', { heads: '2,3', reason: 'court-proceedings', since: '2027-01-06' }],
      ['part-deferred', { heads: '4', reason: 'safeguarding', since: '2027-01-06' }],
    ]);
    const withdrawn = act(act(stage1Case(), 'hold', { reason: 'other', heads: ['1'] }, '2027-01-05T10:00:00Z'), 'withdraw', {}, '2027-01-06T10:00:00Z');
    expect(withdrawn.heldHeads).toEqual([]);
    expect(withdrawn.partialHolds).toEqual([{ head: '1', reason: 'other', since: '2027-01-05T10:00:00.000Z', releasedAt: '2027-01-06T10:00:00.000Z' }]);
    expect(letters(withdrawn).map((l) => l[2])).toEqual(['withdrawal-confirmed']);
  });
});
