/**
 * The pure rules of a corporate complaint answered by the complaints team
 * (domain/complaint/transitions/kinds.ts): the policy setting decides, a
 * case's policy copy from before the setting routes out, and a case from
 * before the patch (`patched()` false on replay) routes out too.
 */
import { describe, expect, it } from 'vitest';
import { COMMAND_SCHEMAS } from '../../domain/complaint/commands';
import { CURRENT_RULES, type Rules } from '../../domain/complaint/rules';
import type { ComplaintState } from '../../domain/complaint/state';
import { TRANSITIONS } from '../../domain/complaint/transitions';
import { getPolicy, parsePolicy, POLICY_PROFILES, type Policy } from '../../domain/policy';
import { act, letters, newCase, pending } from '../helpers/procedure';

const triage = (state: ComplaintState, rules: Rules) =>
  TRANSITIONS.triage(state, COMMAND_SCHEMAS.triage.parse({ actor: 'officer-1', decision: 'corporate', reason: 'Early Help' }), Date.parse('2027-01-04T11:00:00Z'), rules)();

describe('corporate complaints: who answers them', () => {
  it('the statutory default and Luton route them out; BANES answers them, and says so in its profile', () => {
    expect(POLICY_PROFILES['england-statutory']!.corporateComplaints).toBe('route-out');
    expect(getPolicy('luton').corporateComplaints).toBe('route-out');
    expect(getPolicy('banes').corporateComplaints).toBe('answer');
    expect(() => parsePolicy({ ...POLICY_PROFILES.banes, corporateComplaints: 'forward' })).toThrow(/corporateComplaints/);
  });

  it('BANES: kept open with corporate.respond 15 WD from receipt; routed out on a policy copy without the setting or before the patch', () => {
    const answered = newCase('2027-01-04T10:00:00Z', { policy: POLICY_PROFILES.banes });
    triage(answered, CURRENT_RULES);
    expect(answered).toMatchObject({ procedure: 'corporate', status: 'in-progress' });
    // 15 WD after Mon 4 Jan 2027 → Mon 25 Jan.
    expect(pending(answered)).toEqual({ 'stage1.acknowledge': '2027-01-07', 'corporate.respond': '2027-01-25' });
    expect(letters(answered)).toEqual([]);

    const { corporateComplaints: _dropped, ...older } = POLICY_PROFILES.banes!;
    const copy = newCase('2027-01-04T10:00:00Z', { policy: older as Policy });
    triage(copy, CURRENT_RULES);
    expect(copy.outcome).toEqual({ kind: 'routed-out', to: 'corporate' });

    const replayed = newCase('2027-01-04T10:00:00Z', { policy: POLICY_PROFILES.banes });
    triage(replayed, { ...CURRENT_RULES, corporateAnswered: false });
    expect(replayed.outcome).toEqual({ kind: 'routed-out', to: 'corporate' });
    expect(letters(replayed).map((l) => l[2])).toEqual(['routed-to-corporate-procedure']);
  });

  it('acknowledged before triage: triage writes again with the procedure and the date', () => {
    const state = act(newCase('2027-01-04T10:00:00Z', { policy: POLICY_PROFILES.banes }), 'acknowledge', {}, '2027-01-04T10:30:00Z');
    triage(state, CURRENT_RULES);
    expect(letters(state).map((l) => [l[2], l[3]])).toEqual([
      ['stage1-acknowledgement', { respondBy: null }],
      ['corporate-acknowledgement', { respondBy: '2027-01-25' }],
    ]);
  });

  it('the response closes it as resolved, with no window to ask for Stage 2', () => {
    const state = newCase('2027-01-04T10:00:00Z', { policy: POLICY_PROFILES.banes });
    triage(state, CURRENT_RULES);
    act(state, 'respond', {}, '2027-01-20T10:00:00Z');
    expect(state).toMatchObject({ status: 'closed', stage: 'closed', outcome: { kind: 'resolved', stage: 'stage1' } });
    expect(state.deadlines.find((d) => d.key === 'corporate.respond')).toMatchObject({ state: 'met', metAt: '2027-01-20T10:00:00.000Z' });
    expect(state.deadlines.filter((d) => d.kind === 'window')).toEqual([]);
    expect(letters(state).map((l) => l[2])).toEqual(['corporate-response']);
  });
});
