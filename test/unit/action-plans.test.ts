import { describe, expect, it } from 'vitest';
import { defaultCalendarData } from '../../domain/holidays';
import { ENGLAND_STATUTORY_POLICY } from '../../domain/policy';
import { pendingActions } from '../../domain/actions/pending';
import { COMMAND_SCHEMAS, type CommandName } from '../../domain/complaint/commands';
import type { ComplaintState } from '../../domain/complaint/state';
import { initialState, TRANSITIONS } from '../../domain/complaint/transitions';

function apply<C extends CommandName>(state: ComplaintState, name: C, input: unknown, at: string): void {
  const parsed = COMMAND_SCHEMAS[name].parse({ at, ...(input as object) });
  (TRANSITIONS[name] as (s: ComplaintState, i: unknown, n: number) => () => void)(state, parsed, Date.parse(at))();
}

const heads = [{ head: '1', finding: 'upheld', category: 'quality-of-service' }];

describe('which recommendations become actions', () => {
  it('takes each stage’s and the Ombudsman’s recommendations once, dated by the London day they were made', () => {
    const state = initialState(
      { reference: 'CSC-2027-UNIT01', receivedAt: '2027-01-04T10:00:00Z', policy: ENGLAND_STATUTORY_POLICY, calendar: defaultCalendarData('england-and-wales'), actor: 'officer-1' },
      Date.parse('2027-01-04T10:00:00Z'),
    );
    apply(state, 'triage', { actor: 'officer-1', decision: 'stage1' }, '2027-01-04T11:00:00Z');
    apply(state, 'respond', { actor: 'manager-1' }, '2027-01-08T10:00:00Z');
    apply(state, 'record-findings', { actor: 'manager-1', stage: 'stage1', findings: { heads, recommendations: [{ id: 'R1', owner: 'hos-1', dueInWorkingDays: 10 }] } }, '2027-01-08T11:00:00Z');
    // The same recommendation recorded again for the stage is one action.
    apply(state, 'record-findings', { actor: 'manager-1', stage: 'stage1', findings: { heads, recommendations: [{ id: 'R1', owner: 'hos-9', dueInWorkingDays: 30 }] } }, '2027-01-09T11:00:00Z');
    apply(state, 'refer-to-ombudsman', { actor: 'officer-1' }, '2027-02-10T10:00:00Z');
    // 23:30 UTC on a summer night is already the next day in London.
    apply(
      state,
      'record-ombudsman-decision',
      { actor: 'officer-2', decision: 'upheld', recommendations: [{ id: 'R1', owner: 'director-1', dueInWorkingDays: 20 }] },
      '2027-06-01T23:30:00Z',
    );

    expect(pendingActions(state)).toEqual([
      { actionId: 'CSC-2027-UNIT01-stage1-R1', reference: 'CSC-2027-UNIT01', source: 'stage1', recommendationId: 'R1', owner: 'hos-1', dueInWorkingDays: 10, from: '2027-01-08', actor: 'manager-1' },
      { actionId: 'CSC-2027-UNIT01-ombudsman-R1', reference: 'CSC-2027-UNIT01', source: 'ombudsman', recommendationId: 'R1', owner: 'director-1', dueInWorkingDays: 20, from: '2027-06-02', actor: 'officer-2' },
    ]);
    state.actionsStarted = ['CSC-2027-UNIT01-stage1-R1'];
    expect(pendingActions(state).map((a) => a.actionId)).toEqual(['CSC-2027-UNIT01-ombudsman-R1']);
  });

  it('has nothing to start for a decision without recommendations', () => {
    const state = initialState(
      { reference: 'CSC-2027-UNIT02', receivedAt: '2027-01-04T10:00:00Z', policy: ENGLAND_STATUTORY_POLICY, calendar: defaultCalendarData('england-and-wales'), actor: 'officer-1' },
      Date.parse('2027-01-04T10:00:00Z'),
    );
    apply(state, 'refer-to-ombudsman', { actor: 'officer-1' }, '2027-02-10T10:00:00Z');
    apply(state, 'record-ombudsman-decision', { actor: 'officer-2', decision: 'no-fault' }, '2027-03-01T10:00:00Z');
    expect(state.ombudsman).not.toHaveProperty('recommendations');
    expect(pendingActions(state)).toEqual([]);
  });
});
