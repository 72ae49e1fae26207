import { describe, expect, it } from 'vitest';
import { chronologyLine } from '../../api/chronology';
import { complainantSentence } from '../../api/complainant/words';
import { clientBody } from '../../api/command-body';
import { COMPLAINANT_COMMANDS, decideComplainantCommand } from '../../domain/access';
import { markByComplainant } from '../../domain/complaint/complainant';
import { COMMAND_SCHEMAS } from '../../domain/complaint/commands';
import { CURRENT_RULES } from '../../domain/complaint/rules';
import { COMMAND_TABLE } from '../../domain/complaint/table';
import { TRANSITIONS } from '../../domain/complaint/transitions';
import { act, deadline, letters, refusal, stage2Case } from '../helpers/procedure';

const me = { part: 'complainant', isComplainant: true } as const;

describe("the complainant's table (domain/access.ts)", () => {
  it('allows the five acts of their own and refuses every other command, and any command on a case not theirs', () => {
    const allowed = Object.keys(COMMAND_TABLE).filter((c) => decideComplainantCommand(me, c, { to: 'complainant', event: 'requested', satisfaction: 'satisfied' }).allowed);
    expect(allowed.sort()).toEqual(['advocacy', 'answer-extension', 'escalate', 'record-satisfaction', 'withdraw']);
    expect(decideComplainantCommand(me, 'close', {})).toEqual({
      allowed: false,
      status: 403,
      detail: 'close is not something a complainant does; you may: escalate, answer-extension, advocacy, record-satisfaction, withdraw',
    });
    expect(decideComplainantCommand(me, '__proto__', {})).toMatchObject({ allowed: false, status: 403 });
    expect(decideComplainantCommand({ part: 'complainant', isComplainant: false }, 'escalate', {})).toEqual({ allowed: false, status: 404, detail: 'not found' });
    // Advocacy for themselves only, and no recording of an offer (the council's act).
    expect(decideComplainantCommand(me, 'advocacy', { to: 'child', event: 'requested' })).toMatchObject({ status: 403, detail: 'advocacy: to may only be complainant for a complainant' });
    expect(decideComplainantCommand(me, 'advocacy', { to: 'complainant', event: 'offered' })).toMatchObject({ status: 403 });
    expect(decideComplainantCommand(me, 'record-satisfaction', { satisfaction: 'not-asked' })).toMatchObject({ status: 403 });
    for (const [command, row] of Object.entries(COMPLAINANT_COMMANDS)) {
      const shape = (COMMAND_TABLE[command as keyof typeof COMMAND_TABLE].schema as typeof COMMAND_SCHEMAS.escalate).shape;
      for (const field of row.fields) expect(shape, `${command}.${field}`).toHaveProperty(field);
    }
  });

  it('keeps `by` out of a staff client body: only the complainant function sets it', () => {
    expect(clientBody(COMMAND_SCHEMAS.escalate).strict().safeParse({ by: 'complainant' }).success).toBe(false);
  });
});

/** stage2Case: statement agreed Wed 6 Jan 2027, so the response is due 25 WD later, Wed 10 Feb 2027. */
describe('an extension the council asks for and the complainant answers (rules)', () => {
  it('asks by letter without moving the clock; agreed, the 10 WD apply: Wed 10 Feb → Wed 24 Feb 2027, with the extension letter', () => {
    const state = stage2Case();
    expect(deadline(state, 'stage2.respond')!.due).toBe('2027-02-10');
    act(state, 'request-extension', { workingDays: 10, reason: 'The Independent Person needs two more interviews' }, '2027-01-20T10:00:00Z');
    expect(deadline(state, 'stage2.respond')!.due).toBe('2027-02-10');
    expect(state.extensionRequest).toEqual({
      deadline: 'stage2.respond',
      workingDays: 10,
      reason: 'The Independent Person needs two more interviews',
      requestedAt: '2027-01-20T10:00:00.000Z',
      proposedDue: '2027-02-24',
    });
    expect(letters(state).at(-1)).toEqual([
      expect.any(Number),
      'letter',
      'extension-request',
      { deadline: 'stage2.respond', workingDays: 10, reasons: 'The Independent Person needs two more interviews', proposedDue: '2027-02-24', due: '2027-02-10' },
    ]);
    expect(refusal(state, 'request-extension', { workingDays: 5, reason: 'x' }, '2027-01-20T11:00:00Z')).toBe(
      "an extension asked for at 2027-01-20T10:00:00.000Z still awaits the complainant's answer",
    );

    act(state, 'answer-extension', { actor: 'complainant', by: 'complainant', agree: true }, '2027-01-21T09:00:00Z');
    expect(deadline(state, 'stage2.respond')).toMatchObject({ due: '2027-02-24', extendedBy: 10 });
    expect(state.extensionRequest).toBeUndefined();
    // (The extension letter is also the progress update, missed on 20 Jan: stage2-steps.ts.)
    expect(state.events.filter((e) => e.actor === 'complainant').map((e) => [e.action, e.actor])).toEqual([
      ['extension-agreed', 'complainant'],
      ['extended', 'complainant'],
    ]);
    expect(letters(state).at(-1)).toEqual([expect.any(Number), 'letter', 'extension', { deadline: 'stage2.respond', newDue: '2027-02-24', reasons: 'The Independent Person needs two more interviews' }]);
    expect(refusal(state, 'answer-extension', { agree: true }, '2027-01-21T10:00:00Z')).toBe('the council has asked for no extension that awaits an answer');
  });

  it('declined: the clock stays at Wed 10 Feb 2027 and staff are alerted', () => {
    const state = stage2Case();
    act(state, 'request-extension', { workingDays: 10, reason: 'More interviews' }, '2027-01-20T10:00:00Z');
    act(state, 'answer-extension', { actor: 'complainant', agree: false }, '2027-01-21T09:00:00Z');
    expect(deadline(state, 'stage2.respond')).toMatchObject({ due: '2027-02-10', extendedBy: 0 });
    expect(state.events.at(-1)).toMatchObject({ action: 'extension-declined', actor: 'complainant', detail: { deadline: 'stage2.respond', workingDays: 10 } });
    expect(letters(state).at(-1)).toEqual([expect.any(Number), 'breach-alert', 'extension-declined', { deadline: 'stage2.respond', workingDays: 10, due: '2027-02-10' }]);
  });

  it("refuses what extend refuses (over 65 WD in all, after the due date), and a case from before the patch", () => {
    const state = stage2Case();
    expect(refusal(state, 'request-extension', { workingDays: 40, reason: 'x' }, '2027-02-11T10:00:00Z')).toBe(
      'stage2.respond was due on Wed 10 Feb 2027: an extension must be agreed by then',
    );
    act(state, 'extend', { deadline: 'stage2.respond', workingDays: 30, reason: 'agreed by phone', complainantAgreed: true }, '2027-01-20T10:00:00Z');
    expect(refusal(state, 'request-extension', { workingDays: 20, reason: 'x' }, '2027-01-21T10:00:00Z')).toBe(
      'an extension of 20 working days would make Stage 2 75 working days, over the limit of 65',
    );
    const old = { ...CURRENT_RULES, complainantActions: false };
    const input = COMMAND_SCHEMAS['request-extension'].parse({ actor: 'officer-1', workingDays: 5, reason: 'x' });
    expect(() => TRANSITIONS['request-extension'](stage2Case(), input, Date.parse('2027-01-20T10:00:00Z'), old)).toThrow(
      'this case started before the council could ask the complainant for an extension',
    );
  });
});

describe("the complainant's own acts, in words", () => {
  it('marks only the events the complainant wrote, and the chronology names them', () => {
    const state = stage2Case();
    const from = state.events.length;
    act(state, 'advocacy', { actor: 'complainant', event: 'requested', to: 'complainant' }, '2027-01-07T10:00:00Z');
    markByComplainant(state, from);
    const event = state.events.at(-1)!;
    expect(event).toMatchObject({ action: 'advocacy-requested', actor: 'complainant', detail: { to: 'complainant', by: 'complainant' } });
    expect(state.advocacy?.at(-1)).toEqual({ event: 'requested', to: 'complainant', at: '2027-01-07T10:00:00.000Z' });
    const line = chronologyLine({ type: 'event', at: event.at, event: { ...event, note: null, detail: event.detail ?? null } } as never, ['complaints-manager']);
    expect(line).toMatchObject({ label: 'The complainant asked for an independent advocate', who: 'the complainant' });
    expect(complainantSentence({ action: 'escalated', detail: { to: 'stage2', by: 'complainant' } }, 'You')).toBe('You asked for Stage 2: the request is accepted');
    expect(complainantSentence({ action: 'satisfaction-recorded', detail: { satisfaction: 'satisfied', by: 'complainant' } }, 'You')).toBe(
      'You said the complaint was resolved to your satisfaction',
    );
    expect(complainantSentence({ action: 'escalated', detail: { to: 'stage2' } }, 'You')).toBeUndefined();
  });
});
