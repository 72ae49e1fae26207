/**
 * The procedure's rules without Temporal: each command's refusal reasons and
 * the date arithmetic of its clocks, on transitions.ts and clocks.ts directly.
 * Dates are literal, counted by hand in the comments.
 *
 * 2027 holidays used: Fri 1 Jan, Good Friday 26 Mar, Easter Monday 29 Mar, Mon 3 May.
 * Christmas 2026: Fri 25 Dec, Boxing Day substitute Mon 28 Dec.
 */
import { describe, expect, it } from 'vitest';
import { defaultCalendarData } from '../../domain/holidays';
import { ENGLAND_STATUTORY_POLICY, parsePolicy, POLICY_PROFILES, type Policy } from '../../domain/policy';
import { markMissed } from '../../domain/complaint/clocks';
import { COMMAND_SCHEMAS, type CommandName } from '../../domain/complaint/commands';
import type { z } from 'zod';
import type { ClockKey, ComplaintState } from '../../domain/complaint/state';
import { applyLapses, initialState, retainUntil, TransitionRefused, TRANSITIONS } from '../../domain/complaint/transitions';

type Arg<C extends CommandName> = Omit<z.input<(typeof COMMAND_SCHEMAS)[C]>, 'actor'> & { actor?: string };

const LUTON = POLICY_PROFILES.luton!;
const IO = { id: 'io-7', team: 'Independent Reviews' };
const IP = { id: 'ip-3', team: 'External' };
const PANEL = [
  { id: 'chair-1', role: 'chair' as const },
  { id: 'member-2', role: 'member' as const },
  { id: 'member-3', role: 'member' as const },
];

function newCase(receivedAt = '2027-01-04T10:00:00Z', options: { policy?: Policy; team?: string } = {}): ComplaintState {
  return initialState(
    {
      reference: 'CSC-UNIT',
      receivedAt,
      policy: options.policy ?? ENGLAND_STATUTORY_POLICY,
      calendar: defaultCalendarData('england-and-wales'),
      actor: 'officer-1',
      ...(options.team ? { team: options.team } : {}),
    },
    Date.parse(receivedAt),
  );
}

function plan<C extends CommandName>(state: ComplaintState, name: C, input: Arg<C>, now: string) {
  const parsed = COMMAND_SCHEMAS[name].parse({ actor: 'officer-1', ...input });
  return (TRANSITIONS[name] as (s: ComplaintState, i: unknown, n: number) => () => void)(state, parsed, Date.parse(now));
}

/** Runs the command at `now` (the step dated `now` unless `at` is given). */
function act<C extends CommandName>(state: ComplaintState, name: C, input: Arg<C>, now: string): ComplaintState {
  plan(state, name, input, now)();
  return state;
}

/** The refusal reason; also checks the refused command changed nothing. */
function refusal<C extends CommandName>(state: ComplaintState, name: C, input: Arg<C>, now: string): string {
  const before = JSON.stringify(state);
  try {
    plan(state, name, input, now);
  } catch (error) {
    if (!(error instanceof TransitionRefused)) throw error;
    expect(JSON.stringify(state)).toBe(before);
    return error.message;
  }
  throw new Error(`${name} was accepted, a refusal was expected`);
}

function due(state: ComplaintState, key: ClockKey): string | undefined {
  return state.deadlines.find((d) => d.key === key)?.due;
}
function stateOf(state: ComplaintState, key: ClockKey): string | undefined {
  return state.deadlines.find((d) => d.key === key)?.state;
}
function pending(state: ComplaintState): Record<string, string> {
  return Object.fromEntries(state.deadlines.filter((d) => d.state === 'pending').map((d) => [d.key, d.due]));
}
/** Runs the clock to `now` as the workflow's loop does. */
function tick(state: ComplaintState, now: string): void {
  markMissed(state, Date.parse(now));
  applyLapses(state, Date.parse(now));
}

/** Received Mon 4 Jan 2027, triaged stage1 at 11:00. */
function stage1Case(policy?: Policy): ComplaintState {
  return act(newCase('2027-01-04T10:00:00Z', policy ? { policy } : {}), 'triage', { decision: 'stage1' }, '2027-01-04T11:00:00Z');
}

/** Straight to Stage 2 (request = receipt Mon 4 Jan), acknowledged Tue 5 Jan 09:00, investigators appointed Tue 5 Jan, statement agreed Wed 6 Jan. */
function stage2Case(options: { policy?: Policy; team?: string } = {}): ComplaintState {
  const state = act(newCase('2027-01-04T10:00:00Z', options), 'triage', { decision: 'stage2' }, '2027-01-04T11:00:00Z');
  act(state, 'acknowledge', {}, '2027-01-05T09:00:00Z');
  act(state, 'appoint-investigators', { investigatingOfficer: IO, independentPerson: IP }, '2027-01-05T10:00:00Z');
  act(state, 'agree-statement', {}, '2027-01-06T10:00:00Z');
  return state;
}

/** Stage 2 adjudicated Mon 1 Mar, Stage 3 requested Mon 8 Mar 2027. */
function stage3Case(): ComplaintState {
  const state = stage2Case();
  act(state, 'submit-reports', { reports: ['investigating-officer', 'independent-person'] }, '2027-02-26T10:00:00Z');
  act(state, 'adjudicate', {}, '2027-03-01T10:00:00Z');
  act(state, 'escalate', {}, '2027-03-08T10:00:00Z');
  return state;
}

describe('receipt', () => {
  it('counts from the receipt day, or the next working day when received on a non-working day', () => {
    const monday = newCase('2027-01-04T10:00:00Z');
    expect(monday.receivedOn).toBe('2027-01-04');
    expect(pending(monday)).toEqual({ 'stage1.acknowledge': '2027-01-07' }); // 5 6 7
    // Sat 2 Jan 2027 → Mon 4 Jan.
    expect(newCase('2027-01-02T10:00:00Z').receivedOn).toBe('2027-01-04');
    // Christmas Day 2026 (Fri) → Tue 29 Dec (Mon 28 is the Boxing Day substitute); ack → 30 31 Jan 4 → Mon 4 Jan.
    const christmas = newCase('2026-12-25T10:00:00Z');
    expect(christmas.receivedOn).toBe('2026-12-29');
    expect(due(christmas, 'stage1.acknowledge')).toBe('2027-01-04');
    expect(christmas).toMatchObject({ procedure: 'untriaged', stage: 'stage1', status: 'awaiting-triage' });
  });
});

describe('triage', () => {
  it('stage1 starts respond 10 WD after receipt; Luton adds clarify 5 WD', () => {
    const state = stage1Case();
    expect(state).toMatchObject({ procedure: 'statutory', stage: 'stage1', status: 'in-progress' });
    // 5-8 (4), 11-15 (9), 18 → Mon 18 Jan.
    expect(pending(state)).toEqual({ 'stage1.acknowledge': '2027-01-07', 'stage1.respond': '2027-01-18' });
    expect(pending(stage1Case(LUTON))).toEqual({
      'stage1.acknowledge': '2027-01-07',
      'stage1.respond': '2027-01-18',
      'stage1.clarify': '2027-01-11', // 5 6 7 8 11
    });
    expect(refusal(state, 'triage', { decision: 'stage1' }, '2027-01-04T12:00:00Z')).toBe('the complaint was already triaged (statutory)');
    expect(state.events.map((e) => e.action)).toEqual(['received', 'triaged']);
  });

  it('stage2 enters Stage 2 from receipt; a policy counting from the request starts stage2.respond at once', () => {
    const state = act(newCase(), 'triage', { decision: 'stage2' }, '2027-01-04T11:00:00Z');
    expect(state).toMatchObject({ stage: 'stage2', status: 'in-progress', stage2: { requestedOn: '2027-01-04', replacements: 0, reports: [] } });
    expect(pending(state)).toEqual({ 'stage2.acknowledge': '2027-01-07' });
    expect(stateOf(state, 'stage1.acknowledge')).toBe('cancelled');

    const fromRequest = parsePolicy({ ...ENGLAND_STATUTORY_POLICY, id: 'from-request', stage2ClockStart: 'request' });
    const early = act(newCase('2027-01-04T10:00:00Z', { policy: fromRequest }), 'triage', { decision: 'stage2' }, '2027-01-04T11:00:00Z');
    // 25 WD after Mon 4 Jan: 5-8 (4), 11-15 (9), 18-22 (14), 25-29 (19), Feb 1-5 (24), 8 → Mon 8 Feb.
    expect(pending(early)).toEqual({ 'stage2.acknowledge': '2027-01-07', 'stage2.respond': '2027-02-08' });
    act(early, 'appoint-investigators', { investigatingOfficer: IO, independentPerson: IP }, '2027-01-05T10:00:00Z');
    act(early, 'agree-statement', {}, '2027-01-20T10:00:00Z');
    expect(due(early, 'stage2.respond')).toBe('2027-02-08');
  });

  it('corporate and representation need a reason and close the case with a letter', () => {
    const corp = newCase();
    expect(refusal(corp, 'triage', { decision: 'corporate' }, '2027-01-04T11:00:00Z')).toBe(
      'a decision of corporate needs a reason, given to the complainant in writing',
    );
    act(corp, 'triage', { decision: 'corporate', reason: 's.47' }, '2027-01-04T11:00:00Z');
    expect(corp).toMatchObject({ procedure: 'corporate', stage: 'closed', status: 'closed', outcome: { kind: 'routed-out', to: 'corporate' }, closedAt: '2027-01-04T11:00:00.000Z' });
    expect(stateOf(corp, 'stage1.acknowledge')).toBe('cancelled');
    expect(corp.outbox.map((n) => [n.kind, n.subject])).toEqual([['letter', 'routed-to-corporate-procedure']]);

    const rep = act(newCase(), 'triage', { decision: 'representation', reason: 'a comment' }, '2027-01-04T11:00:00Z');
    expect(rep).toMatchObject({ procedure: 'representation', status: 'closed', outcome: { kind: 'representation' } });
    expect(rep.outbox.map((n) => n.subject)).toEqual(['representation-recorded']);
    expect(refusal(rep, 'triage', { decision: 'stage1' }, '2027-01-04T12:00:00Z')).toBe('the case is closed (representation)');
    expect(refusal(newCase(), 'triage', { decision: 'representation' }, '2027-01-04T11:00:00Z')).toBe(
      'a decision of representation needs a reason, given to the complainant in writing',
    );
  });

  it('not accepted needs its reason code and reasons, and writes with the Ombudsman details', () => {
    const state = newCase();
    expect(refusal(state, 'triage', { decision: 'not-accepted', reason: 'x' }, '2027-01-04T11:00:00Z')).toBe(
      'a complaint not accepted needs notAcceptedReason',
    );
    expect(refusal(state, 'triage', { decision: 'not-accepted', notAcceptedReason: 'criminal' }, '2027-01-04T11:00:00Z')).toBe(
      'a complaint not accepted needs its reasons in writing (reason)',
    );
    act(state, 'triage', { decision: 'not-accepted', notAcceptedReason: 'criminal', reason: 'a police matter' }, '2027-01-04T11:00:00Z');
    expect(state).toMatchObject({ procedure: 'not-accepted', status: 'closed', stage: 'closed', outcome: { kind: 'not-accepted', reason: 'criminal' } });
    expect(state.outbox[0]).toMatchObject({ kind: 'letter', subject: 'not-accepted', detail: { reason: 'criminal' } });
    expect(String(state.outbox[0]!.detail.ombudsman)).toContain('Local Government and Social Care Ombudsman');
  });

  it('applies the 12-month rule at its boundary', () => {
    const outOfTime = { decision: 'not-accepted', notAcceptedReason: 'out-of-time', reason: 'late' } as const;
    const at = '2027-01-04T11:00:00Z';
    expect(refusal(newCase(), 'triage', outOfTime, at)).toBe('out-of-time needs matterOccurredOn, the date the grounds arose');
    // Received Mon 4 Jan 2027: 4 Jan 2026 is within 12 months; 3 Jan 2026 is not.
    expect(refusal(newCase(), 'triage', { ...outOfTime, matterOccurredOn: '2026-01-04' }, at)).toBe(
      'the grounds arose on Sun 4 Jan 2026, within 12 months of receipt on Mon 4 Jan 2027: not out of time',
    );
    expect(act(newCase(), 'triage', { ...outOfTime, matterOccurredOn: '2026-01-03' }, at).outcome).toEqual({ kind: 'not-accepted', reason: 'out-of-time' });
    for (const decision of ['stage1', 'stage2'] as const) {
      expect(refusal(newCase(), 'triage', { decision, matterOccurredOn: '2026-01-03' }, at)).toBe(
        'the grounds arose on Sat 3 Jan 2026, more than 12 months before receipt: accept it only with goodReasonForDelay ' +
          '(and it can still be investigated), or decide not-accepted with out-of-time',
      );
    }
    const inTime = act(newCase(), 'triage', { decision: 'stage1', matterOccurredOn: '2026-01-04' }, at);
    expect(inTime.events.at(-1)!.detail).toEqual({ decision: 'stage1' });
    const late = act(newCase(), 'triage', { decision: 'stage1', matterOccurredOn: '2026-01-03', goodReasonForDelay: 'in hospital' }, at);
    expect(late.events.at(-1)!.detail).toEqual({ decision: 'stage1', acceptedLate: true });
    expect(refusal(newCase(), 'triage', { decision: 'stage1', matterOccurredOn: '2027-01-05' }, at)).toBe(
      'matterOccurredOn (2027-01-05) is after the complaint was received (2027-01-04)',
    );
    // 12 months from the end of a month: received Thu 31 Mar 2027 → cut-off 31 Mar 2026; from 29 Feb 2028 → 28 Feb 2027.
    expect(refusal(newCase('2027-03-31T10:00:00Z'), 'triage', { ...outOfTime, matterOccurredOn: '2026-03-31' }, '2027-03-31T11:00:00Z')).toContain('not out of time');
    expect(refusal(newCase('2028-02-29T10:00:00Z'), 'triage', { ...outOfTime, matterOccurredOn: '2027-02-28' }, '2028-02-29T11:00:00Z')).toContain('not out of time');
    expect(act(newCase('2028-02-29T10:00:00Z'), 'triage', { ...outOfTime, matterOccurredOn: '2027-02-27' }, '2028-02-29T11:00:00Z').status).toBe('closed');
  });
});

describe('step times', () => {
  it('refuses a step in the future, before receipt or before the step it follows', () => {
    const state = newCase();
    expect(refusal(state, 'triage', { decision: 'stage1', at: '2027-01-04T12:00:00Z' }, '2027-01-04T11:00:00Z')).toBe(
      '"at" (2027-01-04T12:00:00Z) is in the future',
    );
    expect(refusal(state, 'triage', { decision: 'stage1', at: '2027-01-04T09:59:59Z' }, '2027-01-04T11:00:00Z')).toBe(
      '"at" (2027-01-04T09:59:59Z) is before receipt (2027-01-04T10:00:00.000Z)',
    );
    act(state, 'triage', { decision: 'stage1', at: '2027-01-04T10:00:00Z' }, '2027-01-04T11:00:00Z');
    expect(state.steps.triaged).toBe('2027-01-04T10:00:00.000Z');
    const s1 = stage1Case();
    expect(refusal(s1, 'respond', { at: '2027-01-04T10:30:00Z' }, '2027-01-05T10:00:00Z')).toBe(
      '"at" (2027-01-04T10:30:00Z) is before triage (2027-01-04T11:00:00.000Z)',
    );
    // Exactly at the step it follows is allowed.
    act(s1, 'respond', { at: '2027-01-04T11:00:00Z' }, '2027-01-05T10:00:00Z');
    expect(s1.steps.responded).toBe('2027-01-04T11:00:00.000Z');
  });
});

describe('acknowledge and clarify', () => {
  it('meets the acknowledgement once and writes with the response date', () => {
    const state = stage1Case();
    act(state, 'acknowledge', {}, '2027-01-05T09:00:00Z');
    expect(state.deadlines[0]).toMatchObject({ key: 'stage1.acknowledge', state: 'met', metAt: '2027-01-05T09:00:00.000Z' });
    expect(state.outbox.at(-1)).toMatchObject({ kind: 'letter', subject: 'stage1-acknowledgement', detail: { respondBy: '2027-01-18' } });
    expect(refusal(state, 'acknowledge', {}, '2027-01-05T10:00:00Z')).toBe('the complaint was already acknowledged at 2027-01-05T09:00:00.000Z');
    // Before triage the letter has no response date yet.
    const untriaged = act(newCase(), 'acknowledge', {}, '2027-01-04T12:00:00Z');
    expect(untriaged.outbox.at(-1)!.detail).toEqual({ respondBy: null });
    // At the end of the due date (00:00 London on Fri 8 Jan) it is late.
    const late = act(newCase(), 'acknowledge', { at: '2027-01-08T00:00:00Z' }, '2027-01-08T10:00:00Z');
    expect(stateOf(late, 'stage1.acknowledge')).toBe('missed');
    const lastMinute = act(newCase(), 'acknowledge', { at: '2027-01-07T23:59:59Z' }, '2027-01-08T10:00:00Z');
    expect(stateOf(lastMinute, 'stage1.acknowledge')).toBe('met');
  });

  it('acknowledges a Stage 2 and a Stage 3 request', () => {
    const s2 = act(newCase(), 'triage', { decision: 'stage2' }, '2027-01-04T11:00:00Z');
    expect(refusal(s2, 'acknowledge', { at: '2027-01-04T09:00:00Z' }, '2027-01-04T12:00:00Z')).toBe(
      '"at" (2027-01-04T09:00:00Z) is before receipt (2027-01-04T10:00:00.000Z)',
    );
    act(s2, 'acknowledge', {}, '2027-01-05T10:00:00Z');
    expect(stateOf(s2, 'stage2.acknowledge')).toBe('met');
    expect(s2.outbox.at(-1)).toMatchObject({ subject: 'stage2-acknowledgement', detail: { respondBy: null } });
    expect(refusal(s2, 'acknowledge', {}, '2027-01-05T11:00:00Z')).toBe('the stage2 request was already acknowledged at 2027-01-05T10:00:00.000Z');
    const s3 = stage3Case();
    act(s3, 'acknowledge', {}, '2027-03-09T10:00:00Z');
    expect(stateOf(s3, 'stage3.acknowledge')).toBe('met');
    expect(s3.outbox.at(-1)).toMatchObject({ subject: 'stage3-acknowledgement', detail: { respondBy: '2027-04-21' } });
  });

  it('clarifies only under a policy with the step, once, after triage', () => {
    expect(refusal(stage1Case(), 'clarify', {}, '2027-01-05T10:00:00Z')).toBe(
      "this council's policy (england-statutory) has no Stage 1 clarification step",
    );
    expect(refusal(newCase('2027-01-04T10:00:00Z', { policy: LUTON }), 'clarify', {}, '2027-01-05T10:00:00Z')).toBe(
      'the complaint has not been triaged yet',
    );
    const state = stage1Case(LUTON);
    act(state, 'clarify', {}, '2027-01-11T23:00:00Z');
    expect(stateOf(state, 'stage1.clarify')).toBe('met');
    expect(refusal(state, 'clarify', {}, '2027-01-12T10:00:00Z')).toBe('the complaint was already clarified at 2027-01-11T23:00:00.000Z');
  });
});

describe('extend', () => {
  it('adds working days to the current due date, up to the Stage 1 cap', () => {
    const state = stage1Case();
    // 18 Jan + 4 → 19 20 21 22.
    act(state, 'extend', { deadline: 'stage1.respond', workingDays: 4, reason: 'advocate' }, '2027-01-11T10:00:00Z');
    expect(due(state, 'stage1.respond')).toBe('2027-01-22');
    expect(state.deadlines.find((d) => d.key === 'stage1.respond')!.extendedBy).toBe(4);
    expect(state.outbox.at(-1)).toMatchObject({ subject: 'extension', detail: { deadline: 'stage1.respond', newDue: '2027-01-22' } });
    expect(state.events.at(-1)).toMatchObject({ action: 'extended', detail: { deadline: 'stage1.respond', workingDays: 4, newDue: '2027-01-22' } });
    expect(refusal(state, 'extend', { deadline: 'stage1.respond', workingDays: 7, reason: 'complex' }, '2027-01-12T10:00:00Z')).toBe(
      'an extension of 7 working days would bring Stage 1 extensions to 11, over the cap of 10 in policy england-statutory',
    );
    // 4 + 6 = 10, the cap: 22 Jan + 6 → 25 26 27 28 29 Feb 1.
    act(state, 'extend', { deadline: 'stage1.respond', workingDays: 6, reason: 'complex' }, '2027-01-12T10:00:00Z');
    expect(due(state, 'stage1.respond')).toBe('2027-02-01');
    expect(refusal(state, 'extend', { deadline: 'stage1.respond', workingDays: 1, reason: 'more' }, '2027-01-13T10:00:00Z')).toBe(
      'an extension of 1 working days would bring Stage 1 extensions to 11, over the cap of 10 in policy england-statutory',
    );
  });

  it('must be agreed by the end of the due date, on a running clock', () => {
    const state = stage1Case();
    expect(refusal(state, 'extend', { deadline: 'stage2.respond', workingDays: 5, reason: 'x', complainantAgreed: true }, '2027-01-05T10:00:00Z')).toBe(
      'stage2.respond is not running, so it cannot be extended',
    );
    expect(refusal(state, 'extend', { deadline: 'stage1.respond', workingDays: 5, reason: 'x' }, '2027-01-19T00:00:00Z')).toBe(
      'stage1.respond was due on Mon 18 Jan 2027: an extension must be agreed by then',
    );
    // Agreed on the due date but logged later: accepted, and the missed clock runs again.
    tick(state, '2027-01-19T10:00:00Z');
    expect(stateOf(state, 'stage1.respond')).toBe('missed');
    act(state, 'extend', { deadline: 'stage1.respond', workingDays: 5, reason: 'x', at: '2027-01-18T16:00:00Z' }, '2027-01-19T10:00:00Z');
    expect(state.deadlines.find((d) => d.key === 'stage1.respond')).toMatchObject({ state: 'pending', due: '2027-01-25' });
    expect(state.deadlines.find((d) => d.key === 'stage1.respond')!.missedAt).toBeUndefined();
    act(state, 'respond', {}, '2027-01-20T10:00:00Z');
    expect(refusal(state, 'extend', { deadline: 'stage1.respond', workingDays: 1, reason: 'x' }, '2027-01-20T11:00:00Z')).toBe(
      'stage1.respond is not running, so it cannot be extended',
    );
  });

  it('extends Stage 2 only with the complainant agreeing, to at most 65 WD in all', () => {
    const state = stage2Case();
    // Agreed Wed 6 Jan: 25 WD → Wed 10 Feb.
    expect(due(state, 'stage2.respond')).toBe('2027-02-10');
    const input = { deadline: 'stage2.respond', reason: 'advocate' } as const;
    expect(refusal(state, 'extend', { ...input, workingDays: 5 }, '2027-01-07T10:00:00Z')).toBe(
      "a Stage 2 extension needs the complainant's agreement (complainantAgreed: true)",
    );
    expect(refusal(state, 'extend', { ...input, workingDays: 41, complainantAgreed: true }, '2027-01-07T10:00:00Z')).toBe(
      'an extension of 41 working days would make Stage 2 66 working days, over the limit of 65',
    );
    act(state, 'extend', { ...input, workingDays: 20, complainantAgreed: true }, '2027-01-07T10:00:00Z');
    // 10 Feb + 20: 11 12 | 15-19 | 22-26 | Mar 1-5 | 8 9 10 → Wed 10 Mar.
    expect(due(state, 'stage2.respond')).toBe('2027-03-10');
    expect(refusal(state, 'extend', { ...input, workingDays: 21, complainantAgreed: true }, '2027-01-08T10:00:00Z')).toBe(
      'an extension of 21 working days would make Stage 2 66 working days, over the limit of 65',
    );
    act(state, 'extend', { ...input, workingDays: 20, complainantAgreed: true }, '2027-01-08T10:00:00Z');
    // 10 Mar + 20: 11 12 (2) | 15-19 (7) | 22-25 (11) | [26, 29] 30 31 Apr 1 2 (15) | 5-9 (20) → Fri 9 Apr (= 65 WD after 6 Jan).
    expect(due(state, 'stage2.respond')).toBe('2027-04-09');
  });

  it('moves the panel only with agreement; the final response only within the Director-disagrees limit', () => {
    const s3 = stage3Case();
    expect(refusal(s3, 'extend', { deadline: 'stage3.panel', workingDays: 5, reason: 'to suit' }, '2027-03-09T10:00:00Z')).toBe(
      "a later panel needs the complainant's agreement (complainantAgreed: true)",
    );
    // Panel 30 WD after Mon 8 Mar → Wed 21 Apr; + 5 → 22 23 26 27 28 → Wed 28 Apr.
    act(s3, 'extend', { deadline: 'stage3.panel', workingDays: 5, reason: 'to suit', complainantAgreed: true }, '2027-03-09T10:00:00Z');
    expect(due(s3, 'stage3.panel')).toBe('2027-04-28');

    const statutory = toPanelReport(stage3Case());
    expect(refusal(statutory, 'extend', { deadline: 'stage3.finalResponse', workingDays: 1, reason: 'meet the Chair' }, '2027-04-23T12:00:00Z')).toBe(
      'an extension of 1 working days would make the final response 16 working days, over the limit of 15',
    );
  });

  it('(Luton) gives the Director 20 WD in all where they disagree with the panel', () => {
    const state = act(newCase('2027-01-04T10:00:00Z', { policy: LUTON }), 'triage', { decision: 'stage2' }, '2027-01-04T11:00:00Z');
    act(state, 'appoint-investigators', { investigatingOfficer: IO, independentPerson: IP }, '2027-01-05T10:00:00Z');
    act(state, 'agree-statement', {}, '2027-01-06T10:00:00Z');
    act(state, 'submit-reports', { reports: ['investigating-officer', 'independent-person'] }, '2027-02-26T10:00:00Z');
    act(state, 'adjudicate', {}, '2027-03-01T10:00:00Z');
    act(state, 'escalate', {}, '2027-03-08T10:00:00Z');
    toPanelReport(state);
    const input = { deadline: 'stage3.finalResponse', reason: 'meet the Chair' } as const;
    expect(refusal(state, 'extend', { ...input, workingDays: 6 }, '2027-04-23T12:00:00Z')).toBe(
      'an extension of 6 working days would make the final response 21 working days, over the limit of 20',
    );
    act(state, 'extend', { ...input, workingDays: 5 }, '2027-04-23T12:00:00Z');
    // 17 May + 5 → 18 19 20 21 24 → Mon 24 May.
    expect(due(state, 'stage3.finalResponse')).toBe('2027-05-24');
  });
});

/** Panel Tue 20 Apr 2027 (scheduled 10 Mar), held then, report received Fri 23 Apr. */
function toPanelReport(state: ComplaintState): ComplaintState {
  act(state, 'schedule-panel', { panelDate: '2027-04-20', members: PANEL }, '2027-03-10T10:00:00Z');
  act(state, 'record-panel', {}, '2027-04-20T10:00:00Z');
  act(state, 'panel-report', {}, '2027-04-23T10:00:00Z');
  // 15 WD → 26-30 (5), [3 May], 4-7 (9), 10-14 (14), 17 → Mon 17 May.
  expect(due(state, 'stage3.finalResponse')).toBe('2027-05-17');
  return state;
}

describe('respond and escalate from Stage 1', () => {
  it('opens a 20 WD window from the response date and cancels an unmet clarification', () => {
    const state = stage1Case(LUTON);
    expect(refusal(newCase(), 'respond', {}, '2027-01-05T10:00:00Z')).toBe('the complaint has not been triaged yet');
    act(state, 'respond', {}, '2027-01-06T12:00:00Z');
    expect(state.status).toBe('awaiting-escalation');
    expect(stateOf(state, 'stage1.respond')).toBe('met');
    expect(stateOf(state, 'stage1.clarify')).toBe('cancelled');
    // 7 8 | 11-15 | 18-22 | 25-29 | Feb 1 2 3 → Wed 3 Feb.
    expect(state.deadlines.find((d) => d.key === 'stage1.escalate')).toMatchObject({ kind: 'window', due: '2027-02-03', state: 'pending' });
    expect(state.outbox.at(-1)).toMatchObject({ subject: 'stage1-response', detail: { escalateBy: '2027-02-03' } });
    expect(refusal(state, 'respond', {}, '2027-01-07T10:00:00Z')).toBe('the Stage 1 response was already given at 2027-01-06T12:00:00.000Z');
  });

  it('accepts a request up to the end of the window, dated no earlier than the response', () => {
    const state = stage1Case();
    act(state, 'respond', {}, '2027-01-06T12:00:00Z');
    expect(refusal(state, 'escalate', { at: '2027-01-06T11:59:00Z' }, '2027-01-07T10:00:00Z')).toBe(
      '"at" (2027-01-06T11:59:00Z) is before the Stage 1 response (2027-01-06T12:00:00.000Z)',
    );
    act(state, 'escalate', { at: '2027-02-03T23:59:59Z' }, '2027-02-04T10:00:00Z');
    expect(state).toMatchObject({ stage: 'stage2', status: 'in-progress', stage2: { requestedOn: '2027-02-03' } });
    expect(stateOf(state, 'stage1.escalate')).toBe('met');
    // Requested Wed 3 Feb: 4 5 8 → Mon 8 Feb.
    expect(pending(state)).toEqual({ 'stage2.acknowledge': '2027-02-08' });
    expect(state.events.at(-1)).toMatchObject({ action: 'escalated', detail: { to: 'stage2' } });
  });

  it('lets the complainant go on once the response is late, not before', () => {
    const state = stage1Case();
    expect(refusal(state, 'escalate', {}, '2027-01-18T23:00:00Z')).toBe(
      'the Stage 1 response is not given and not overdue (due Mon 18 Jan 2027): the complainant may ask for the next stage once it is given or once it is late',
    );
    tick(state, '2027-01-19T00:00:00Z');
    expect(stateOf(state, 'stage1.respond')).toBe('missed');
    act(state, 'escalate', {}, '2027-01-19T10:00:00Z');
    expect(state.stage).toBe('stage2');
    expect(pending(state)).toEqual({ 'stage2.acknowledge': '2027-01-22' });
  });

  it('closes the case not-pursued when the window lapses, and records a late request for a decision', () => {
    const state = stage1Case();
    act(state, 'respond', {}, '2027-01-06T12:00:00Z');
    tick(state, '2027-02-03T23:59:59Z');
    expect(state.status).toBe('awaiting-escalation');
    tick(state, '2027-02-04T00:00:00Z');
    expect(state).toMatchObject({ status: 'closed', stage: 'closed', outcome: { kind: 'not-pursued', stage: 'stage1' }, closedAt: '2027-02-04T00:00:00.000Z' });
    expect(applyLapses(state, Date.parse('2027-02-05T00:00:00Z'))).toBe(false);

    act(state, 'escalate', { at: '2027-02-04T00:00:00Z' }, '2027-02-08T10:00:00Z');
    expect(state).toMatchObject({ stage: 'stage1', status: 'escalation-decision-due', lateEscalation: { to: 'stage2', requestedAt: '2027-02-04T00:00:00.000Z' } });
    expect(state.outcome).toBeUndefined();
    expect(state.closedAt).toBeUndefined();
    // Requested Thu 4 Feb: decide in 3 WD → 5 8 9 → Tue 9 Feb.
    expect(pending(state)).toEqual({ 'stage2.acknowledge': '2027-02-09' });
    expect(state.outbox.at(-1)).toMatchObject({ kind: 'breach-alert', subject: 'late-escalation-needs-decision', detail: { to: 'stage2', decideBy: '2027-02-09' } });
    expect(refusal(state, 'escalate', {}, '2027-02-08T11:00:00Z')).toBe(
      'a late request made at 2027-02-04T00:00:00.000Z already awaits a decision: accept it with lateAcceptedReason, or refuse it in writing with refuse-escalation',
    );
  });

  it('a late request accepted enters Stage 2 from the request date, and may later go to a Review Panel', () => {
    const state = stage1Case();
    act(state, 'respond', {}, '2027-01-06T12:00:00Z');
    tick(state, '2027-02-04T00:00:00Z');
    act(state, 'escalate', {}, '2027-02-08T10:00:00Z');
    act(state, 'escalate', { lateAcceptedReason: 'ill health' }, '2027-02-09T10:00:00Z');
    expect(state).toMatchObject({ stage: 'stage2', status: 'in-progress', stage2: { requestedAt: '2027-02-08T10:00:00.000Z', requestedOn: '2027-02-08' } });
    expect(state.lateEscalation).toBeUndefined();
    expect(pending(state)).toEqual({});
    // Accepting the late request acknowledges it: the decision clock is met, not restarted.
    expect(stateOf(state, 'stage2.acknowledge')).toBe('met');
    expect(state.events.at(-1)).toMatchObject({ action: 'escalated', detail: { to: 'stage2', late: true, lateAcceptedReason: 'ill health' } });
    expect(refusal(state, 'refuse-escalation', { reasons: 'x' }, '2027-02-09T11:00:00Z')).toBe(
      'there is no late request for the next stage awaiting a decision',
    );

    // On through Stage 2: the next request is for Stage 3.
    act(state, 'appoint-investigators', { investigatingOfficer: IO, independentPerson: IP }, '2027-02-10T10:00:00Z');
    act(state, 'agree-statement', {}, '2027-02-11T10:00:00Z');
    act(state, 'submit-reports', { reports: ['investigating-officer', 'independent-person'] }, '2027-03-01T10:00:00Z');
    act(state, 'adjudicate', {}, '2027-03-01T11:00:00Z');
    act(state, 'escalate', {}, '2027-03-08T10:00:00Z');
    expect(state).toMatchObject({ stage: 'stage3', status: 'in-progress', stage3: { requestedOn: '2027-03-08' } });
  });

  it('a late request refused closes the case in writing with the Ombudsman details', () => {
    const state = stage1Case();
    act(state, 'respond', {}, '2027-01-06T12:00:00Z');
    tick(state, '2027-02-04T00:00:00Z');
    expect(refusal(state, 'refuse-escalation', { reasons: 'late' }, '2027-02-05T10:00:00Z')).toBe(
      'there is no late request for the next stage awaiting a decision',
    );
    act(state, 'escalate', {}, '2027-02-08T10:00:00Z');
    expect(refusal(state, 'refuse-escalation', { reasons: 'no good reason', at: '2027-02-08T09:00:00Z' }, '2027-02-08T11:00:00Z')).toBe(
      '"at" (2027-02-08T09:00:00Z) is before the late request (2027-02-08T10:00:00.000Z)',
    );
    act(state, 'refuse-escalation', { reasons: 'no good reason' }, '2027-02-10T10:00:00Z');
    expect(state).toMatchObject({ status: 'closed', outcome: { kind: 'escalation-refused', stage: 'stage1' } });
    expect(state.lateEscalation).toBeUndefined();
    expect(state.deadlines.find((d) => d.key === 'stage2.acknowledge')).toMatchObject({ state: 'met', due: '2027-02-11' });
    expect(state.outbox.at(-1)).toMatchObject({ kind: 'letter', subject: 'escalation-refused', detail: { to: 'stage2' } });
    expect(refusal(state, 'escalate', {}, '2027-02-11T10:00:00Z')).toBe('the case is closed (escalation-refused at stage1)');
  });

  it('refuses escalation from a closed or a Stage 3 case', () => {
    const withdrawn = act(stage1Case(), 'withdraw', {}, '2027-01-05T10:00:00Z');
    expect(refusal(withdrawn, 'escalate', {}, '2027-01-06T10:00:00Z')).toBe('the case is closed (withdrawn at stage1)');
    expect(refusal(stage3Case(), 'escalate', {}, '2027-03-09T10:00:00Z')).toBe('a stage3 case cannot be escalated further: the Ombudsman is next');
    expect(refusal(newCase(), 'escalate', {}, '2027-01-05T10:00:00Z')).toBe('the complaint has not been triaged yet');
  });
});

describe('Stage 2', () => {
  it('appoints independent, different investigators; replacing them needs a reason and keeps the clock', () => {
    const state = act(newCase('2027-01-04T10:00:00Z', { policy: LUTON, team: 'Fostering' }), 'triage', { decision: 'stage2' }, '2027-01-04T11:00:00Z');
    const at = '2027-01-05T10:00:00Z';
    act(state, 'acknowledge', {}, '2027-01-05T09:00:00Z');
    expect(refusal(state, 'appoint-investigators', { investigatingOfficer: { id: 'a', team: 'FOSTERING' }, independentPerson: IP }, at)).toBe(
      'the Investigating Officer must be independent of the service complained about (Fostering)',
    );
    expect(refusal(state, 'appoint-investigators', { investigatingOfficer: IO, independentPerson: { id: 'b', team: 'fostering' } }, at)).toBe(
      'the Independent Person must be independent of the service complained about (Fostering)',
    );
    expect(refusal(state, 'appoint-investigators', { investigatingOfficer: IO, independentPerson: { id: IO.id } }, at)).toBe(
      'the Investigating Officer and the Independent Person must be different people',
    );
    expect(refusal(state, 'contact', {}, at)).toBe('the investigators are not appointed yet');
    expect(refusal(state, 'submit-reports', { reports: ['investigating-officer'] }, at)).toBe('the investigators are not appointed yet');
    act(state, 'appoint-investigators', { investigatingOfficer: IO, independentPerson: IP }, at);
    // Appointed Tue 5 Jan: contact 5 WD → 6 7 8 11 12 → Tue 12 Jan.
    expect(pending(state)).toEqual({ 'stage2.contact': '2027-01-12' });
    act(state, 'contact', {}, '2027-01-06T10:00:00Z');
    expect(stateOf(state, 'stage2.contact')).toBe('met');
    expect(refusal(state, 'contact', {}, '2027-01-06T11:00:00Z')).toBe(
      'the Investigating Officer already contacted the complainant at 2027-01-06T10:00:00.000Z',
    );
    act(state, 'agree-statement', {}, '2027-01-06T10:00:00Z');
    expect(due(state, 'stage2.respond')).toBe('2027-02-10');
    expect(state.outbox.at(-1)).toMatchObject({ subject: 'stage2-statement-agreed', detail: { respondBy: '2027-02-10' } });
    expect(refusal(state, 'agree-statement', {}, '2027-01-07T10:00:00Z')).toBe('the statement of complaint was already agreed on Wed 6 Jan 2027');

    expect(refusal(state, 'appoint-investigators', { investigatingOfficer: { id: 'io-8' }, independentPerson: IP }, '2027-01-20T10:00:00Z')).toBe(
      'investigators are already appointed (io-7, ip-3): give replacementReason to replace them without restarting the clock',
    );
    expect(
      refusal(state, 'appoint-investigators', { investigatingOfficer: { id: 'io-8' }, independentPerson: IP, replacementReason: 'left', at: '2027-01-05T09:00:00Z' }, '2027-01-20T10:00:00Z'),
    ).toBe('"at" (2027-01-05T09:00:00Z) is before the appointment of the investigators (2027-01-05T10:00:00.000Z)');
    act(state, 'appoint-investigators', { investigatingOfficer: { id: 'io-8' }, independentPerson: IP, replacementReason: 'left' }, '2027-01-20T10:00:00Z');
    expect(state.stage2).toMatchObject({ investigatingOfficer: { id: 'io-8' }, replacements: 1 });
    expect(state.steps.appointed).toBe('2027-01-05T10:00:00.000Z');
    // The progress update falls due 10 WD after the statement was agreed (Wed 6 Jan): 7 8 | 11-15 | 18 19 20 → Wed 20 Jan.
    expect(pending(state)).toEqual({ 'stage2.respond': '2027-02-10', 'stage2.progress': '2027-01-20' });
  });

  it('has no contact step under the statutory policy', () => {
    expect(refusal(stage2Case(), 'contact', {}, '2027-01-07T10:00:00Z')).toBe("this council's policy (england-statutory) has no Stage 2 contact step");
  });

  it('suspends for early resolution and gives back the working days left on resuming', () => {
    const state = stage2Case();
    expect(refusal(state, 'resume', {}, '2027-01-20T10:00:00Z')).toBe('the investigation is not suspended for early resolution');
    act(state, 'suspend-for-resolution', {}, '2027-01-20T10:00:00Z');
    expect(state.status).toBe('early-resolution');
    expect(stateOf(state, 'stage2.respond')).toBe('paused');
    expect(refusal(state, 'suspend-for-resolution', {}, '2027-01-21T10:00:00Z')).toBe('the investigation is already suspended since 2027-01-20T10:00:00.000Z');
    expect(refusal(state, 'adjudicate', {}, '2027-01-21T10:00:00Z')).toBe('the investigation is suspended for early resolution: resume it first');
    expect(refusal(state, 'hold', { reason: 'safeguarding' }, '2027-01-21T10:00:00Z')).toBe(
      'the investigation is suspended for early resolution: resume it before a hold',
    );
    expect(refusal(state, 'resume', { at: '2027-01-20T09:00:00Z' }, '2027-02-17T10:00:00Z')).toBe(
      '"at" (2027-01-20T09:00:00Z) is before the suspension for early resolution (2027-01-20T10:00:00.000Z)',
    );
    // Paused Wed 20 Jan with 15 WD left (21 22 | 25-29 | Feb 1-5 | 8 9 10); resumed Wed 17 Feb → 18 19 | 22-26 | Mar 1-5 | 8 9 10 → Wed 10 Mar.
    act(state, 'resume', {}, '2027-02-17T10:00:00Z');
    expect(state.status).toBe('in-progress');
    expect(state.earlyResolutionSince).toBeUndefined();
    // The progress clock paused on its due day (Wed 20 Jan) with none left: due the day it resumes.
    expect(pending(state)).toEqual({ 'stage2.respond': '2027-03-10', 'stage2.progress': '2027-02-17' });
  });

  it('resolves during early resolution: closed resolved at Stage 2', () => {
    const state = stage2Case();
    expect(refusal(state, 'close', { outcome: 'resolved' }, '2027-01-20T10:00:00Z')).toBe(
      'a case is closed as resolved only after a response (the complainant is satisfied) or during early resolution at Stage 2; otherwise it closes by its own steps',
    );
    act(state, 'suspend-for-resolution', {}, '2027-01-20T10:00:00Z');
    act(state, 'close', { outcome: 'resolved' }, '2027-01-25T10:00:00Z');
    expect(state).toMatchObject({ status: 'closed', outcome: { kind: 'resolved', stage: 'stage2' } });
    expect(stateOf(state, 'stage2.respond')).toBe('cancelled');
    const s1 = act(stage1Case(), 'respond', {}, '2027-01-06T12:00:00Z');
    act(s1, 'close', { outcome: 'resolved' }, '2027-01-07T10:00:00Z');
    expect(s1).toMatchObject({ status: 'closed', outcome: { kind: 'resolved', stage: 'stage1' } });
    // The complainant's window outlives the closing (it ends at its date, or with a withdrawal).
    expect(stateOf(s1, 'stage1.escalate')).toBe('pending');
  });

  it('adjudicates on both reports, once, opening a 20 WD window', () => {
    const state = stage2Case();
    act(state, 'submit-reports', { reports: ['investigating-officer'] }, '2027-02-24T10:00:00Z');
    expect(refusal(state, 'adjudicate', {}, '2027-02-25T10:00:00Z')).toBe('the adjudication needs both reports; missing: independent-person');
    expect(refusal(state, 'submit-reports', { reports: ['investigating-officer', 'independent-person'] }, '2027-02-25T10:00:00Z')).toBe(
      'already submitted: investigating-officer',
    );
    expect(refusal(stage2Case(), 'adjudicate', {}, '2027-02-25T10:00:00Z')).toBe(
      'the adjudication needs both reports; missing: investigating-officer, independent-person',
    );
    act(state, 'submit-reports', { reports: ['independent-person'] }, '2027-02-25T10:00:00Z');
    act(state, 'adjudicate', {}, '2027-03-01T10:00:00Z');
    expect(state.status).toBe('awaiting-escalation');
    // Adjudicated after the 25 WD (Wed 10 Feb): done, but late.
    expect(state.deadlines.find((d) => d.key === 'stage2.respond')).toMatchObject({ state: 'missed', due: '2027-02-10', metAt: '2027-03-01T10:00:00.000Z' });
    // Mon 1 Mar + 20: 2-5 (4), 8-12 (9), 15-19 (14), 22-25 (18), [26, 29] 30 31 → Wed 31 Mar.
    expect(pending(state)).toEqual({ 'stage2.escalate': '2027-03-31' });
    expect(state.outbox.at(-1)).toMatchObject({ subject: 'stage2-adjudication', detail: { escalateBy: '2027-03-31' } });
    expect(refusal(state, 'adjudicate', {}, '2027-03-02T10:00:00Z')).toBe('already adjudicated at 2027-03-01T10:00:00.000Z');
    expect(refusal(state, 'escalate', { at: '2027-03-01T09:59:00Z' }, '2027-03-02T10:00:00Z')).toBe(
      '"at" (2027-03-01T09:59:00Z) is before the adjudication (2027-03-01T10:00:00.000Z)',
    );
    // The Stage 2 window lapses at the end of Wed 31 Mar (BST: 23:00 UTC).
    tick(state, '2027-03-31T22:59:59Z');
    expect(state.status).toBe('awaiting-escalation');
    tick(state, '2027-03-31T23:00:00Z');
    expect(state.outcome).toEqual({ kind: 'not-pursued', stage: 'stage2' });
    act(state, 'escalate', {}, '2027-04-01T10:00:00Z');
    expect(state).toMatchObject({ stage: 'stage2', status: 'escalation-decision-due', lateEscalation: { to: 'stage3' } });
    // Late request Thu 1 Apr: stage3.acknowledge 3 WD → 2 5 6 → Tue 6 Apr.
    expect(pending(state)).toEqual({ 'stage3.acknowledge': '2027-04-06' });
    act(state, 'refuse-escalation', { reasons: 'no reason' }, '2027-04-02T10:00:00Z');
    expect(state.outcome).toEqual({ kind: 'escalation-refused', stage: 'stage2' });
  });
});

describe('Stage 3', () => {
  it('starts acknowledge 3 WD and panel 30 WD from the request', () => {
    const state = stage3Case();
    // Mon 8 Mar: ack 9 10 11 → Thu 11 Mar; panel 30 WD (Easter skipped) → Wed 21 Apr.
    expect(pending(state)).toEqual({ 'stage3.acknowledge': '2027-03-11', 'stage3.panel': '2027-04-21' });
    expect(stateOf(state, 'stage2.escalate')).toBe('met');
  });

  it('schedules the panel within the deadline with 10 WD notice, never with the Stage 2 investigators', () => {
    const state = stage3Case();
    const at = '2027-03-10T10:00:00Z';
    expect(refusal(state, 'notify-panel', {}, at)).toBe('the panel date is not set yet');
    expect(refusal(state, 'adjourn-panel', { panelDate: '2027-04-20', reason: 'x' }, at)).toBe('the panel date is not set yet');
    expect(refusal(state, 'record-panel', {}, at)).toBe('the panel date is not set yet');
    expect(refusal(state, 'panel-report', {}, at)).toBe('the panel has not met yet');
    expect(refusal(state, 'final-response', {}, at)).toBe("the panel's report has not been received yet");
    expect(refusal(state, 'schedule-panel', { panelDate: '2027-04-15', members: [{ id: IP.id, role: 'chair' }, PANEL[1]!, PANEL[2]!] }, at)).toBe(
      'the Stage 2 Independent Person (ip-3) may not sit on the Review Panel',
    );
    expect(refusal(state, 'schedule-panel', { panelDate: '2027-04-15', members: [PANEL[0]!, PANEL[1]!, { id: IO.id, role: 'member' }] }, at)).toBe(
      'the Stage 2 Investigating Officer (io-7) may not sit on the Review Panel',
    );
    expect(refusal(state, 'schedule-panel', { panelDate: '2027-04-22', members: PANEL }, at)).toBe(
      "the panel must meet by Wed 21 Apr 2027 (30 working days after the request); a later date needs the complainant's agreement: extend stage3.panel first",
    );
    expect(refusal(state, 'schedule-panel', { panelDate: '2027-03-26', members: PANEL }, at)).toBe('Fri 26 Mar 2027 is not a working day (Good Friday)');
    expect(refusal(state, 'schedule-panel', { panelDate: '2027-03-10', members: PANEL }, at)).toBe('the panel date Wed 10 Mar 2027 must be after the day it is set');
    // 23 Mar less 10 WD → Tue 9 Mar, before today; 24 Mar less 10 → Wed 10 Mar, today: allowed.
    expect(refusal(state, 'schedule-panel', { panelDate: '2027-03-23', members: PANEL }, at)).toBe(
      "a panel on Tue 23 Mar 2027 leaves less than 10 working days' notice (it would be due by Tue 9 Mar 2027): choose a later date",
    );
    const edge = stage3Case();
    act(edge, 'schedule-panel', { panelDate: '2027-03-24', members: PANEL }, at);
    expect(pending(edge)).toMatchObject({ 'stage3.notifyPanel': '2027-03-10', 'stage3.papers': '2027-03-10' });
    // On the deadline itself: Wed 21 Apr less 10 → 20 19 | 16-12 | 9 8 7 → Wed 7 Apr.
    act(state, 'schedule-panel', { panelDate: '2027-04-21', members: PANEL }, at);
    expect(pending(state)).toEqual({
      'stage3.acknowledge': '2027-03-11',
      'stage3.panel': '2027-04-21',
      'stage3.notifyPanel': '2027-04-07',
      'stage3.papers': '2027-04-07',
    });
    expect(state.stage3).toMatchObject({ panelDate: '2027-04-21', members: PANEL });
    expect(refusal(state, 'schedule-panel', { panelDate: '2027-04-20', members: PANEL }, at)).toBe(
      'the panel is already set for Wed 21 Apr 2027: adjourn it to set a new date',
    );
  });

  it('adjourns the panel, moving its notices; records it on its date; report 5 WD, final response 15 WD', () => {
    const state = stage3Case();
    act(state, 'schedule-panel', { panelDate: '2027-04-15', members: PANEL }, '2027-03-10T10:00:00Z');
    // Thu 15 Apr less 10 → 14 13 12 | 9-5 | 2 1 → Thu 1 Apr.
    expect(due(state, 'stage3.notifyPanel')).toBe('2027-04-01');
    expect(refusal(state, 'adjourn-panel', { panelDate: '2027-04-15', reason: 'x' }, '2027-03-15T10:00:00Z')).toBe('the panel is already set for Thu 15 Apr 2027');
    act(state, 'adjourn-panel', { panelDate: '2027-04-27', reason: 'to suit the complainant' }, '2027-03-15T10:00:00Z');
    // Tue 27 Apr less 10 → 26 | 23-19 | 16-13 → Tue 13 Apr.
    expect(pending(state)).toMatchObject({ 'stage3.notifyPanel': '2027-04-13', 'stage3.papers': '2027-04-13', 'stage3.panel': '2027-04-21' });
    expect(state.stage3).toMatchObject({ panelDate: '2027-04-27', adjournments: 1 });
    expect(state.events.at(-1)).toMatchObject({ action: 'panel-adjourned', detail: { from: '2027-04-15', to: '2027-04-27' } });
    act(state, 'notify-panel', {}, '2027-03-16T10:00:00Z');
    expect(state.outbox.at(-1)).toMatchObject({ subject: 'panel-date', detail: { panelDate: '2027-04-27' } });
    expect(refusal(state, 'notify-panel', {}, '2027-03-16T11:00:00Z')).toBe('already done at 2027-03-16T10:00:00.000Z');
    act(state, 'send-papers', {}, '2027-04-13T22:59:00Z');
    expect(stateOf(state, 'stage3.papers')).toBe('met');

    expect(refusal(state, 'record-panel', {}, '2027-04-26T10:00:00Z')).toBe(
      'the panel is set for Tue 27 Apr 2027, not Mon 26 Apr 2027: adjourn it if the date changed',
    );
    // 23:30 UTC on 27 Apr is already 28 Apr in London (BST).
    expect(refusal(state, 'record-panel', {}, '2027-04-27T23:30:00Z')).toBe(
      'the panel is set for Tue 27 Apr 2027, not Wed 28 Apr 2027: adjourn it if the date changed',
    );
    act(state, 'record-panel', {}, '2027-04-27T10:00:00Z');
    // Held after the 30 WD deadline (21 Apr): the panel duty is missed.
    expect(stateOf(state, 'stage3.panel')).toBe('missed');
    // Tue 27 Apr + 5 → 28 29 30 | [3 May] 4 5 → Wed 5 May.
    expect(pending(state)).toEqual({ 'stage3.acknowledge': '2027-03-11', 'stage3.panelReport': '2027-05-05' });
    expect(refusal(state, 'record-panel', {}, '2027-04-27T11:00:00Z')).toBe('the panel already met on 2027-04-27T10:00:00.000Z');
    expect(refusal(state, 'notify-panel', {}, '2027-04-27T11:00:00Z')).toBe('the panel has already met');
    expect(refusal(state, 'adjourn-panel', { panelDate: '2027-05-20', reason: 'x' }, '2027-04-27T11:00:00Z')).toBe('the panel has already met');

    act(state, 'panel-report', {}, '2027-04-30T10:00:00Z');
    expect(refusal(state, 'panel-report', {}, '2027-04-30T11:00:00Z')).toBe("the panel's report was already received at 2027-04-30T10:00:00.000Z");
    // Fri 30 Apr + 15 → [3 May] 4-7 (4), 10-14 (9), 17-21 (14), 24 → Mon 24 May.
    expect(pending(state)).toMatchObject({ 'stage3.finalResponse': '2027-05-24' });
    act(state, 'final-response', { findings: { heads: [{ head: '1', finding: 'upheld', category: 'quality-of-service' }] } }, '2027-05-20T10:00:00Z');
    expect(state).toMatchObject({ status: 'closed', stage: 'closed', outcome: { kind: 'completed' }, closedAt: '2027-05-20T10:00:00.000Z' });
    expect(stateOf(state, 'stage3.finalResponse')).toBe('met');
    expect(state.findings).toEqual([expect.objectContaining({ stage: 'stage3', recordedAt: '2027-05-20T10:00:00.000Z' })]);
    expect(state.outbox.at(-1)).toMatchObject({ subject: 'stage3-final-response' });
  });
});

describe('holds and withdrawal', () => {
  it('a full hold keeps each clock’s working days; partial holds keep the clocks running', () => {
    // Received Mon 14 Dec 2026: respond 10 WD → 15-18 | 21-24 | [25, 28] 29 30 → Wed 30 Dec.
    const state = act(newCase('2026-12-14T10:00:00Z'), 'triage', { decision: 'stage1' }, '2026-12-14T11:00:00Z');
    expect(pending(state)).toEqual({ 'stage1.acknowledge': '2026-12-17', 'stage1.respond': '2026-12-30' });
    expect(refusal(state, 'release-hold', {}, '2026-12-18T10:00:00Z')).toBe('the case is not on hold');
    act(state, 'hold', { reason: 'safeguarding' }, '2026-12-16T10:00:00Z');
    expect(state.hold).toEqual({ reason: 'safeguarding', since: '2026-12-16T10:00:00.000Z' });
    expect(state.deadlines.map((d) => d.state)).toEqual(['paused', 'paused']);
    const onHold = 'the case is on hold (safeguarding) since 2026-12-16T10:00:00.000Z: release the hold first';
    expect(refusal(state, 'respond', {}, '2026-12-17T10:00:00Z')).toBe(onHold);
    expect(refusal(state, 'extend', { deadline: 'stage1.respond', workingDays: 1, reason: 'x' }, '2026-12-17T10:00:00Z')).toBe(onHold);
    expect(refusal(state, 'hold', { reason: 'other' }, '2026-12-17T10:00:00Z')).toBe(onHold);
    expect(refusal(state, 'close', { outcome: 'resolved' }, '2026-12-17T10:00:00Z')).toBe(onHold);
    tick(state, '2027-01-20T10:00:00Z');
    expect(state.deadlines.map((d) => d.state)).toEqual(['paused', 'paused']);
    // Held Wed 16 Dec: ack had 17 = 1 WD left, respond 17 18 21 22 23 24 29 30 = 8.
    // Released Wed 20 Jan: ack → Thu 21 Jan; respond → 21 22 25 26 27 28 29 Feb 1 → Mon 1 Feb.
    act(state, 'release-hold', {}, '2027-01-20T10:00:00Z');
    expect(state.hold).toBeUndefined();
    expect(pending(state)).toEqual({ 'stage1.acknowledge': '2027-01-21', 'stage1.respond': '2027-02-01' });
    expect(state.outbox.map((n) => n.subject)).toEqual(['case-on-hold', 'case-resumed']);

    act(state, 'hold', { reason: 'court-proceedings', heads: ['1', '2'] }, '2027-01-21T10:00:00Z');
    expect(state.heldHeads).toEqual(['1', '2']);
    expect(state.hold).toBeUndefined();
    expect(refusal(state, 'hold', { reason: 'court-proceedings', heads: ['2', '3'] }, '2027-01-21T10:00:00Z')).toBe('already held: head 2');
    expect(refusal(state, 'release-hold', { heads: ['3'] }, '2027-01-21T10:00:00Z')).toBe('not held: head 3');
    act(state, 'respond', {}, '2027-01-22T10:00:00Z');
    expect(stateOf(state, 'stage1.respond')).toBe('met');
    act(state, 'release-hold', { heads: ['1'] }, '2027-01-25T10:00:00Z');
    expect(state.heldHeads).toEqual(['2']);
  });

  it('a hold on the due date restarts on release with the step due that day (or the next working day)', () => {
    const state = stage1Case();
    act(state, 'hold', { reason: 'court-proceedings' }, '2027-01-18T10:00:00Z');
    // Released on Sat 23 Jan with 0 left → Mon 25 Jan.
    act(state, 'release-hold', {}, '2027-01-23T10:00:00Z');
    expect(due(state, 'stage1.respond')).toBe('2027-01-25');
  });

  it('escalation is not blocked by a hold: the new stage’s clocks wait for the release', () => {
    const state = stage1Case();
    act(state, 'respond', {}, '2027-01-06T12:00:00Z');
    act(state, 'hold', { reason: 'safeguarding' }, '2027-01-07T10:00:00Z');
    act(state, 'escalate', {}, '2027-01-08T10:00:00Z');
    expect(state.stage).toBe('stage2');
    expect(stateOf(state, 'stage2.acknowledge')).toBe('paused');
    // Requested Fri 8 Jan: 11 12 13 → Wed 13 Jan, 3 WD left after the 8th; released Mon 18 Jan → 19 20 21 → Thu 21 Jan.
    act(state, 'release-hold', {}, '2027-01-18T10:00:00Z');
    expect(pending(state)).toEqual({ 'stage2.acknowledge': '2027-01-21' });
  });

  it('withdrawal closes the case at any stage; holds need a triaged case', () => {
    expect(refusal(newCase(), 'hold', { reason: 'safeguarding' }, '2027-01-04T11:00:00Z')).toBe('the complaint has not been triaged yet');
    const state = stage2Case();
    act(state, 'withdraw', {}, '2027-01-07T10:00:00Z');
    expect(state).toMatchObject({ status: 'closed', stage: 'closed', outcome: { kind: 'withdrawn', stage: 'stage2' } });
    expect(stateOf(state, 'stage2.respond')).toBe('cancelled');
    expect(state.outbox.at(-1)!.subject).toBe('withdrawal-confirmed');
    expect(refusal(state, 'withdraw', {}, '2027-01-08T10:00:00Z')).toBe('the case is closed (withdrawn at stage2)');
  });
});

describe('the Ombudsman and retention', () => {
  it('records a referral, a decision with a compliance clock, and compliance', () => {
    const state = act(stage1Case(), 'withdraw', {}, '2027-01-05T10:00:00Z');
    expect(retainUntil(state)).toBe(Date.parse('2028-01-06T00:00:00Z')); // 5 Jan 2027 + 366 days
    expect(refusal(state, 'record-ombudsman-decision', { decision: 'no-fault' }, '2027-02-01T10:00:00Z')).toBe(
      'the complaint has not been referred to the Ombudsman',
    );
    expect(refusal(state, 'record-ombudsman-compliance', {}, '2027-02-01T10:00:00Z')).toBe('no Ombudsman compliance date is set');
    act(state, 'refer-to-ombudsman', {}, '2027-02-01T10:00:00Z');
    expect(state.ombudsman).toEqual({ referredAt: '2027-02-01T10:00:00.000Z' });
    expect(retainUntil(state)).toBeUndefined();
    expect(refusal(state, 'refer-to-ombudsman', {}, '2027-02-02T10:00:00Z')).toBe(
      'already referred to the Ombudsman at 2027-02-01T10:00:00.000Z, awaiting a decision',
    );
    expect(refusal(state, 'record-ombudsman-decision', { decision: 'upheld', complianceDate: '2027-06-01' }, '2027-06-01T22:30:00Z')).toBe(
      'the compliance date Tue 1 Jun 2027 must be after the decision',
    );
    // 23:30 UTC on 31 May is already 1 Jun in London (BST).
    expect(refusal(state, 'record-ombudsman-decision', { decision: 'upheld', complianceDate: '2027-06-01' }, '2027-05-31T23:30:00Z')).toBe(
      'the compliance date Tue 1 Jun 2027 must be after the decision',
    );
    act(state, 'record-ombudsman-decision', { decision: 'upheld', complianceDate: '2027-07-15', remedies: [{ type: 'apology' }] }, '2027-06-01T10:00:00Z');
    expect(state.ombudsman).toMatchObject({ decision: 'upheld', complianceDate: '2027-07-15', decidedAt: '2027-06-01T10:00:00.000Z' });
    expect(state.deadlines.find((d) => d.key === 'ombudsman.compliance')).toMatchObject({ kind: 'duty', due: '2027-07-15', state: 'pending' });
    expect(retainUntil(state)).toBeUndefined();
    expect(refusal(state, 'record-ombudsman-decision', { decision: 'no-fault' }, '2027-06-02T10:00:00Z')).toBe(
      "the Ombudsman's decision is already recorded (upheld)",
    );
    expect(refusal(state, 'refer-to-ombudsman', {}, '2027-06-02T10:00:00Z')).toBe('the Ombudsman already decided this complaint (upheld)');
    act(state, 'record-ombudsman-compliance', {}, '2027-07-15T22:59:00Z');
    expect(stateOf(state, 'ombudsman.compliance')).toBe('met');
    expect(refusal(state, 'record-ombudsman-compliance', {}, '2027-07-16T10:00:00Z')).toBe('compliance was already recorded at 2027-07-15T22:59:00.000Z');
    expect(retainUntil(state)).toBe(Date.parse('2028-01-06T00:00:00Z'));
  });

  it('compliance after the end of the date (London) stays missed', () => {
    const state = act(stage1Case(), 'withdraw', {}, '2027-01-05T10:00:00Z');
    act(state, 'refer-to-ombudsman', {}, '2027-02-01T10:00:00Z');
    act(state, 'record-ombudsman-decision', { decision: 'upheld', complianceDate: '2027-07-15' }, '2027-06-01T10:00:00Z');
    tick(state, '2027-07-15T22:59:59Z');
    expect(stateOf(state, 'ombudsman.compliance')).toBe('pending');
    tick(state, '2027-07-15T23:00:00Z');
    expect(stateOf(state, 'ombudsman.compliance')).toBe('missed');
    act(state, 'record-ombudsman-compliance', {}, '2027-07-16T10:00:00Z');
    expect(state.deadlines.find((d) => d.key === 'ombudsman.compliance')).toMatchObject({ state: 'missed', metAt: '2027-07-16T10:00:00.000Z' });
  });

  it('records findings only for a stage the case reached', () => {
    const head = { head: '1', finding: 'not-upheld', category: 'delay-in-decision-or-service' } as const;
    const findings = { heads: [head] };
    expect(refusal(stage1Case(), 'record-findings', { stage: 'stage2', findings }, '2027-01-05T10:00:00Z')).toBe('the case never reached stage2');
    expect(refusal(newCase(), 'record-findings', { stage: 'stage1', findings }, '2027-01-05T10:00:00Z')).toBe('the complaint has not been triaged yet');
    const state = act(stage1Case(), 'record-findings', { stage: 'stage1', findings }, '2027-01-05T10:00:00Z');
    expect(state.findings).toEqual([{ stage: 'stage1', findings: { heads: [{ ...head, remedies: [] }], recommendations: [] }, recordedAt: '2027-01-05T10:00:00.000Z' }]);
  });
});
