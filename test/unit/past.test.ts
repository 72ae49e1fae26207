import { describe, expect, it } from 'vitest';
import { COMMAND_SCHEMAS } from '../../domain/complaint/commands';
import { afterStep, alertMissed, correctAlerts, honestBackdate, recordBackdate, startGrace, withoutPastPromises } from '../../domain/complaint/past';
import { markMissed } from '../../domain/complaint/clocks';
import { TRANSITIONS } from '../../domain/complaint/transitions';
import { CURRENT_RULES, type Rules } from '../../domain/complaint/rules';
import { act, deadline, letters, newCase } from '../helpers/procedure';

// Received Mon 12 Oct 2026: acknowledge by Thu 15 Oct, respond by Mon 26 Oct.
const RECEIVED = '2026-10-12T09:00:00Z';
const at = (iso: string) => Date.parse(iso);

describe('logging the past (domain/complaint/past.ts)', () => {
  it('holds alerts during the grace period and sends, at its end, only those the history still shows missed', () => {
    const state = act(newCase(RECEIVED), 'triage', { decision: 'stage1' }, '2026-10-12T10:00:00Z');
    state.outbox = [];
    startGrace(state, 60, at('2026-12-04T10:00:00Z'));
    alertMissed(state, markMissed(state, at('2026-12-04T10:00:00Z')), at('2026-12-04T10:00:00Z'));
    expect(state.outbox).toEqual([]);
    expect(state.heldAlerts).toEqual(['stage1.acknowledge', 'stage1.respond']);
    act(state, 'acknowledge', { at: '2026-10-13T10:00:00Z' }, '2026-12-04T10:10:00Z');
    state.outbox = [];
    alertMissed(state, [], at('2026-12-04T11:00:00Z'));
    expect(letters(state)).toEqual([[2, 'breach-alert', 'stage1.respond', { due: '2026-10-26', to: 'complaints-manager' }]]);
    expect(state.heldAlerts).toBeUndefined();
    // Alerted once: a later pass sends nothing more.
    alertMissed(state, [], at('2026-12-05T11:00:00Z'));
    expect(state.outbox).toHaveLength(1);
  });

  it('leaves a promised date already gone out of a letter, keeping one still ahead', () => {
    const notice = { id: 1, kind: 'letter' as const, subject: 'stage1-acknowledgement', detail: { respondBy: '2026-10-15', escalateBy: '2026-12-04' } };
    withoutPastPromises(notice, '2026-12-04');
    expect(notice.detail).toEqual({ respondBy: null, respondByPassed: '2026-10-15', escalateBy: '2026-12-04' });
  });

  it('holds back the letter of a step dated an earlier day unless asked, and corrects the alert it proves wrong', () => {
    const state = act(newCase(RECEIVED), 'triage', { decision: 'stage1' }, '2026-10-12T10:00:00Z');
    markMissed(state, at('2026-10-16T00:00:00Z'));
    deadline(state, 'stage1.acknowledge')!.alertedAt = '2026-10-15T23:00:00.000Z';
    state.outbox = [];
    const seq = state.noticeSeq;
    const input = COMMAND_SCHEMAS.acknowledge.parse({ actor: 'officer-1', at: '2026-10-13T10:00:00Z' });
    TRANSITIONS.acknowledge(state, input, at('2026-10-20T10:00:00Z'))();
    afterStep(state, input, seq, at('2026-10-20T10:00:00Z'));
    expect(letters(state)).toEqual([
      [2, 'breach-alert', 'breach-corrected', { deadline: 'stage1.acknowledge', to: 'complaints-manager', alertedOn: '2026-10-16', metOn: '2026-10-13', pausedOn: null, due: null }],
    ]);
    expect(state.events.at(-1)).toMatchObject({ action: 'letter-not-sent', detail: { letters: 'stage1-acknowledgement', stepAt: '2026-10-13T10:00:00Z' } });
    // Corrected once.
    correctAlerts(state, at('2026-10-21T10:00:00Z'));
    expect(state.outbox).toHaveLength(1);
  });

  it('a hold logged late pauses a duty that fell due after it began, never one that fell due before', () => {
    const state = act(newCase(RECEIVED), 'triage', { decision: 'stage1' }, '2026-10-12T10:00:00Z');
    markMissed(state, at('2026-12-04T10:00:00Z'));
    const hold = COMMAND_SCHEMAS.hold.parse({ actor: 'officer-1', at: '2026-10-16T10:00:00Z', reason: 'court-proceedings' });
    TRANSITIONS.hold(state, hold, at('2026-12-04T10:00:00Z'), CURRENT_RULES)();
    // The acknowledgement fell due Thu 15 Oct, before the hold of Fri 16 Oct: it stays missed.
    expect(deadline(state, 'stage1.acknowledge')!.state).toBe('missed');
    expect(deadline(state, 'stage1.respond')).toMatchObject({ state: 'paused', due: '2026-10-26' });
    expect(deadline(state, 'stage1.respond')!.missedAt).toBeUndefined();
  });

  describe('a step backdated over a duty already shown missed (honestBackdate)', () => {
    const NOW = at('2026-12-04T10:00:00Z');
    const missedCase = () => {
      const state = act(newCase(RECEIVED), 'triage', { decision: 'stage1' }, '2026-10-12T10:00:00Z');
      markMissed(state, NOW);
      return state;
    };
    const check = (state: ReturnType<typeof missedCase>, body: object, rules: Rules = CURRENT_RULES) => {
      const input = COMMAND_SCHEMAS.respond.parse({ actor: 'manager-1', ...body });
      return honestBackdate(state, input, NOW, (copy) => TRANSITIONS.respond(copy, input, NOW, rules)(), rules);
    };

    it('refuses without a reason, naming the duty and its due date; keeps the reason and the duty turned met with one', () => {
      expect(() => check(missedCase(), { at: '2026-10-23T10:00:00Z' })).toThrow(
        'stage1.respond was due on Mon 26 Oct 2026 and the case has shown it as missed since Fri 4 Dec 2026: a step dated 2026-10-23T10:00:00Z would make it met, so a complaints manager must give backdateReason',
      );
      expect(check(missedCase(), { at: '2026-10-23T10:00:00Z', backdateReason: 'Sent on time' })).toEqual({ backdateReason: 'Sent on time', missedTurnedMet: 'stage1.respond' });
    });

    it('asks nothing of a step that leaves the duty missed, of one logged in the grace period, or of a case from before the rule', () => {
      expect(check(missedCase(), { at: '2026-10-28T10:00:00Z' })).toBeUndefined();
      const grace = missedCase();
      startGrace(grace, 60, NOW - 60_000);
      expect(check(grace, { at: '2026-10-23T10:00:00Z' })).toBeUndefined();
      expect(check(missedCase(), { at: '2026-10-23T10:00:00Z' }, { ...CURRENT_RULES, backdateNeedsReason: false })).toBeUndefined();
    });

    it("puts the reason on the step's own events, not the engine's", () => {
      const state = missedCase();
      const from = state.events.length;
      state.events.push({ action: 'responded', actor: 'manager-1', at: '2026-10-23T10:00:00.000Z', recordedAt: '2026-12-04T10:00:00.000Z' });
      state.events.push({ action: 'letter-not-sent', actor: 'system', at: '2026-12-04T10:00:00.000Z', recordedAt: '2026-12-04T10:00:00.000Z', detail: { letters: 'stage1-response' } });
      recordBackdate(state, from, { backdateReason: 'Sent on time' });
      expect(state.events.slice(from).map((e) => e.detail)).toEqual([{ backdateReason: 'Sent on time' }, { letters: 'stage1-response' }]);
    });
  });
});
