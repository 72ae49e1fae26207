/**
 * The pure rules of the end of Stage 3 (domain/complaint/transitions/stage3end.ts):
 * a panel that made no recommendations, a case with no Stage 2 Independent
 * Person, the rule of cases from before complaint.panel-recommendations, and
 * the schema's 400s. The workflow, its dates and letters are proven in
 * test/integration/stage3-end.test.ts and test/api/stage3-end.test.ts.
 */
import { describe, expect, it } from 'vitest';
import { COMMAND_SCHEMAS } from '../../domain/complaint/commands';
import { CURRENT_RULES, type Rules } from '../../domain/complaint/rules';
import type { ComplaintState } from '../../domain/complaint/state';
import { TRANSITIONS } from '../../domain/complaint/transitions';
import { act, deadline, IP, letters, PANEL, refusal, stage3Case } from '../helpers/procedure';

/** Stage 3 requested Mon 8 Mar 2027, the panel met Tue 20 Apr. */
function panelMet(): ComplaintState {
  const state = stage3Case();
  act(state, 'schedule-panel', { panelDate: '2027-04-20', members: PANEL }, '2027-03-10T10:00:00Z');
  act(state, 'record-panel', {}, '2027-04-20T10:00:00Z');
  return state;
}

const lastLetter = (state: ComplaintState) => letters(state).filter(([, kind]) => kind === 'letter').at(-1);

describe('the end of Stage 3, pure rules', () => {
  it('a panel that made no recommendations: the complainant is told so, and the Director decides on none', () => {
    const state = act(panelMet(), 'panel-report', { recommendations: [] }, '2027-04-22T10:00:00Z');
    // Thu 22 Apr + 5 WD → Thu 29 Apr.
    expect(deadline(state, 'stage3.recommendations')).toMatchObject({ due: '2027-04-29', state: 'pending' });
    act(state, 'share-recommendations', {}, '2027-04-23T10:00:00Z');
    expect(lastLetter(state)).toEqual([
      expect.any(Number),
      'letter',
      'panel-recommendations',
      { recommendations: [], noRecommendations: true, independentPerson: true, respondBy: '2027-05-14' },
    ]);
    expect(refusal(state, 'final-response', { independentPerson: { id: IP.id }, decisions: [{ recommendation: 'P1', decision: 'accepted' }] }, '2027-04-26T10:00:00Z')).toBe(
      "P1 is not among the panel's recommendations (the panel made none)",
    );
    act(state, 'final-response', { independentPerson: { id: IP.id } }, '2027-04-26T10:00:00Z');
    expect(state.stage3).toMatchObject({ recommendations: [], decisions: [], consideredWith: IP.id });
    expect(lastLetter(state)?.[3]).toMatchObject({ decided: true, decisions: [], noRecommendations: true, independentPerson: true });
  });

  it('a case with no Stage 2 Independent Person on record names none, and refuses one named', () => {
    const state = panelMet();
    delete state.stage2!.independentPerson;
    act(state, 'panel-report', { recommendations: [{ id: 'P1', text: 'Apologise.' }] }, '2027-04-22T10:00:00Z');
    const decisions = [{ recommendation: 'P1', decision: 'accepted' as const }];
    expect(refusal(state, 'final-response', { independentPerson: { id: IP.id }, decisions }, '2027-04-26T10:00:00Z')).toBe(
      'no Independent Person was appointed at Stage 2 on this case, so ip-3 cannot be recorded as the one',
    );
    act(state, 'final-response', { decisions }, '2027-04-26T10:00:00Z');
    expect(state.stage3!.consideredWith).toBeUndefined();
    expect(lastLetter(state)?.[3]).not.toHaveProperty('independentPerson');
    expect(state.status).toBe('closed');
  });

  it('before complaint.panel-recommendations, a report with recommendations is applied as one without them', () => {
    const before: Rules = { ...CURRENT_RULES, panelRecommendations: false };
    const withRules = panelMet();
    const input = COMMAND_SCHEMAS['panel-report'].parse({ actor: 'officer-1', recommendations: [{ id: 'P1', text: 'Apologise.' }] });
    (TRANSITIONS['panel-report'] as (s: ComplaintState, i: unknown, n: number, r: Rules) => () => void)(withRules, input, Date.parse('2027-04-22T10:00:00Z'), before)();
    const without = act(panelMet(), 'panel-report', {}, '2027-04-22T10:00:00Z');
    expect(withRules).toEqual(without);
    expect(deadline(without, 'stage3.recommendations')).toBeUndefined();
  });

  it('the schema refuses what needs no case to know: long text, a reason missing, an id twice', () => {
    const long = COMMAND_SCHEMAS['panel-report'].safeParse({ actor: 'officer-1', recommendations: [{ id: 'P1', text: 'x'.repeat(4_001) }] });
    expect(long.success).toBe(false);
    const messages = (input: unknown) => {
      const parsed = COMMAND_SCHEMAS['final-response'].safeParse({ actor: 'director-1', ...(input as object) });
      return parsed.success ? [] : parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`);
    };
    expect(messages({ decisions: [{ recommendation: 'P1', decision: 'accepted-in-part' }] })).toEqual([
      "decisions.0.reasons: recommendation P1 is accepted-in-part: the Director's reasons for departing from the panel are required",
    ]);
    expect(messages({ decisions: [{ recommendation: 'P1', decision: 'accepted' }] })).toEqual([]);
    expect(messages({ decisions: [{ recommendation: 'P1', decision: 'rejected', reasons: 'x' }] })).toHaveLength(1);
  });
});
