/**
 * What the response letters carry (Luton 14.7, 17.1) and the letter when a
 * stage's action plan is done (BANES 9.4), on the pure transitions. Dates
 * counted by hand in the comments (2027: Fri 1 Jan a bank holiday).
 */
import { describe, expect, it } from 'vitest';
import { defaultCalendarData } from '../../domain/holidays';
import { ENGLAND_STATUTORY_POLICY } from '../../domain/policy';
import { COMMAND_SCHEMAS, type CommandName } from '../../domain/complaint/commands';
import { CURRENT_RULES, type Rules } from '../../domain/complaint/rules';
import type { ComplaintState } from '../../domain/complaint/state';
import { initialState, TRANSITIONS } from '../../domain/complaint/transitions';
import { actionCompleted } from '../../domain/complaint/transitions/letters';
import { snapshotFromState } from '../../domain/complaint/snapshot';

function newCase(): ComplaintState {
  return initialState({ reference: 'CSC-LET', receivedAt: '2027-01-04T10:00:00Z', policy: ENGLAND_STATUTORY_POLICY, calendar: defaultCalendarData('england-and-wales'), actor: 'officer-1' }, Date.parse('2027-01-04T10:00:00Z'));
}

function act<C extends CommandName>(state: ComplaintState, name: C, input: Record<string, unknown>, now: string, rules: Rules = CURRENT_RULES): ComplaintState {
  const parsed = COMMAND_SCHEMAS[name].parse({ actor: 'officer-1', ...input });
  (TRANSITIONS[name] as (s: ComplaintState, i: unknown, n: number, r: Rules) => () => void)(state, parsed, Date.parse(now), rules)();
  return state;
}

const EARLIER = {
  heads: [{ head: '1', finding: 'upheld', category: 'delay-in-decision-or-service', remedies: [{ type: 'financial-redress', amountPence: 25000 }], reasons: 'The review was late.' }],
  recommendations: [{ id: 'R1', owner: 'hos-1', dueInWorkingDays: 10, action: 'Check every review date' }],
};
const AT_RESPONSE = {
  heads: [{ head: '2', finding: 'not-upheld', category: 'quality-of-service' }],
  // R1 again: the first recording wins, as for the action started from it.
  recommendations: [
    { id: 'R1', owner: 'someone-else', dueInWorkingDays: 1 },
    { id: 'R2', owner: 'hos-2', dueInWorkingDays: 5 },
  ],
};

function responded(rules: Rules = CURRENT_RULES): ComplaintState {
  const state = act(newCase(), 'triage', { decision: 'stage1' }, '2027-01-04T11:00:00Z');
  act(state, 'record-findings', { stage: 'stage1', findings: EARLIER }, '2027-01-05T10:00:00Z');
  return act(state, 'respond', { findings: AT_RESPONSE }, '2027-01-06T12:00:00Z', rules);
}

describe('the response letter carries its findings', () => {
  it('lists every head, remedy and action recorded for the stage, each action due as its workflow counts it', () => {
    const state = responded();
    expect(state.findings.map((f) => [f.stage, f.recordedAt])).toEqual([
      ['stage1', '2027-01-05T10:00:00.000Z'],
      ['stage1', '2027-01-06T12:00:00.000Z'],
    ]);
    const letter = state.outbox.at(-1)!;
    expect(letter).toMatchObject({ kind: 'letter', subject: 'stage1-response' });
    expect(letter.detail).toEqual({
      // Wed 6 Jan + 20 WD: 7 8 | 11-15 | 18-22 | 25-29 | Feb 1 2 3 → Wed 3 Feb.
      escalateBy: '2027-02-03',
      findings: true,
      actionPlan: true,
      heads: [
        { head: '1', finding: 'upheld', category: 'delay-in-decision-or-service', reasons: 'The review was late.' },
        { head: '2', finding: 'not-upheld', category: 'quality-of-service', reasons: null },
      ],
      remedies: [{ head: '1', remedy: 'financial-redress', amountPence: 25000 }],
      actions: [
        // Tue 5 Jan + 10 WD: 6 7 8 | 11-15 | 18 19 → Tue 19 Jan. Wed 6 Jan + 5 WD: 7 8 | 11 12 13 → Wed 13 Jan.
        { id: 'R1', action: 'Check every review date', owner: 'hos-1', due: '2027-01-19' },
        { id: 'R2', action: null, owner: 'hos-2', due: '2027-01-13' },
      ],
    });
    // The same dates the records store files (one rule: firstDue).
    expect(snapshotFromState(state).findings.flatMap((f) => f.actions)).toEqual([
      { id: 'R1', owner: 'hos-1', due: '2027-01-19' },
      { id: 'R1', owner: 'someone-else', due: '2027-01-07' },
      { id: 'R2', owner: 'hos-2', due: '2027-01-13' },
    ]);
  });

  it('keeps the cover note without findings, and for a case from before complaint.letters-carry-findings', () => {
    const plain = act(act(newCase(), 'triage', { decision: 'stage1' }, '2027-01-04T11:00:00Z'), 'respond', {}, '2027-01-06T12:00:00Z');
    expect(plain.outbox.at(-1)!.detail).toEqual({ escalateBy: '2027-02-03' });
    expect(plain.findings).toEqual([]);
    const before = responded({ ...CURRENT_RULES, lettersCarryFindings: false });
    expect(before.outbox.at(-1)!.detail).toEqual({ escalateBy: '2027-02-03' });
    // Its findings are still recorded (an input a v7 worker stripped never reaches it).
    expect(before.findings).toHaveLength(2);
  });

  it('accepts findings without reasons or action words, as old clients send them', () => {
    const old = { heads: [{ head: '1', finding: 'upheld', category: 'quality-of-service' }], recommendations: [{ id: 'R1', owner: 'a', dueInWorkingDays: 3 }] };
    expect(COMMAND_SCHEMAS['record-findings'].parse({ actor: 'a', stage: 'stage1', findings: old }).findings.heads[0]).toEqual({ ...old.heads[0], remedies: [] });
    expect(COMMAND_SCHEMAS.adjudicate.parse({ actor: 'a', findings: old }).findings!.recommendations[0]).toEqual(old.recommendations[0]);
    expect(COMMAND_SCHEMAS.respond.safeParse({ actor: 'a', findings: { ...old, heads: [{ ...old.heads[0], reasons: '' }] } }).success).toBe(false);
  });
});

describe('the letter when a stage\'s action plan is done', () => {
  const done = (state: ComplaintState, id: string, owner: string, due: string, completedAt: string, now = completedAt) =>
    actionCompleted(state, { actionId: `CSC-LET-stage1-${id}`, source: 'stage1', recommendationId: id, owner, due, completedAt }, Date.parse(now));

  it('goes once, when the last action is done, listing each with when it was done', () => {
    const state = responded();
    const letters = () => state.outbox.filter((n) => n.subject === 'action-plan-completed');
    expect(done(state, 'R2', 'hos-2', '2027-01-13', '2027-01-12T15:00:00Z')).toBe(true);
    expect(letters()).toEqual([]);
    // A repeated report (a retried signal) changes nothing.
    expect(done(state, 'R2', 'hos-2', '2027-01-13', '2027-01-12T15:00:00Z', '2027-01-13T09:00:00Z')).toBe(false);
    // R1 was extended to Fri 22 Jan and handed to hos-3; done on Thu 21 Jan (a late evening in London is still that day).
    expect(done(state, 'R1', 'hos-3', '2027-01-22', '2027-01-21T23:30:00Z', '2027-01-22T08:00:00Z')).toBe(true);
    expect(letters()).toEqual([
      {
        id: expect.any(Number),
        kind: 'letter',
        subject: 'action-plan-completed',
        detail: {
          stage: 'stage1',
          actions: [
            { id: 'R1', action: 'Check every review date', owner: 'hos-3', due: '2027-01-22', doneOn: '2027-01-21' },
            { id: 'R2', action: null, owner: 'hos-2', due: '2027-01-13', doneOn: '2027-01-12' },
          ],
        },
      },
    ]);
    expect(state.events.at(-1)).toMatchObject({ action: 'action-plan-completed', actor: 'system', detail: { stage: 'stage1', actions: 2 } });
    expect(done(state, 'R1', 'hos-3', '2027-01-22', '2027-01-21T23:30:00Z', '2027-01-25T08:00:00Z')).toBe(false);
    expect(letters()).toHaveLength(1);
  });

  it('sends none for the Ombudsman\'s recommendations or a stage without a plan', () => {
    const state = responded();
    const before = state.outbox.length;
    expect(actionCompleted(state, { actionId: 'CSC-LET-ombudsman-O1', source: 'ombudsman', recommendationId: 'O1', owner: 'a', due: '2027-03-01', completedAt: '2027-02-01T10:00:00Z' }, Date.parse('2027-02-01T10:00:00Z'))).toBe(true);
    expect(actionCompleted(state, { actionId: 'CSC-LET-stage2-R9', source: 'stage2', recommendationId: 'R9', owner: 'a', due: '2027-03-01', completedAt: '2027-02-01T10:00:00Z' }, Date.parse('2027-02-01T10:00:00Z'))).toBe(true);
    expect(state.outbox.length).toBe(before);
  });
});
