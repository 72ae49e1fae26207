/**
 * Which commands a case takes now, whatever their input (domain/complaint/gates.ts):
 * the gates the plans run first, so the case page offers exactly what the
 * workflow's validators would not refuse for the case alone.
 */
import { describe, expect, it } from 'vitest';
import { defaultCalendarData } from '../../domain/holidays';
import { ENGLAND_STATUTORY_POLICY } from '../../domain/policy';
import { COMMAND_SCHEMAS, type CommandName } from '../../domain/complaint/commands';
import { COMMAND_GATES, openCommands, refusedNow } from '../../domain/complaint/gates';
import type { ComplaintState } from '../../domain/complaint/state';
import { COMMAND_TABLE } from '../../domain/complaint/table';
import { initialState, TransitionRefused, TRANSITIONS } from '../../domain/complaint/transitions';

// Received Mon 4 Jan 2027; every step dated a later working day of that month.
function newCase(): ComplaintState {
  return initialState({ reference: 'CSC-GATE', receivedAt: '2027-01-04T10:00:00Z', policy: ENGLAND_STATUTORY_POLICY, calendar: defaultCalendarData('england-and-wales'), actor: 'officer-1' }, Date.parse('2027-01-04T10:00:00Z'));
}
function act<C extends CommandName>(state: ComplaintState, name: C, input: Record<string, unknown>, at: string): ComplaintState {
  const parsed = COMMAND_SCHEMAS[name].parse({ actor: 'officer-1', at, ...input });
  (TRANSITIONS[name] as (s: ComplaintState, i: unknown, n: number) => () => void)(state, parsed, Date.parse(at))();
  return state;
}

const stage1 = () => act(act(newCase(), 'triage', { decision: 'stage1' }, '2027-01-04T11:00:00Z'), 'acknowledge', {}, '2027-01-05T09:00:00Z');
const stage2 = () => act(act(newCase(), 'triage', { decision: 'stage2' }, '2027-01-04T11:00:00Z'), 'acknowledge', {}, '2027-01-05T09:00:00Z');
const withdrawn = () => act(stage1(), 'withdraw', {}, '2027-01-06T09:00:00Z');
const held = () => act(stage1(), 'hold', { reason: 'court-proceedings' }, '2027-01-06T09:00:00Z');

const STAGE2_STEPS: CommandName[] = ['appoint-investigators', 'contact', 'agree-statement', 'suspend-for-resolution', 'resume', 'submit-reports', 'adjudicate', 'progress-update'];
const STAGE3_STEPS: CommandName[] = ['schedule-panel', 'notify-panel', 'send-papers', 'adjourn-panel', 'record-panel', 'panel-report', 'share-recommendations', 'final-response'];
/** The commands whose input alone decides (which part is held, which stage's findings, who is assigned, which meeting). */
const UNGATED: CommandName[] = ['release-hold', 'record-findings', 'assign', 'advocacy', 'record-meeting'];

describe('the commands a case takes now', () => {
  it('a new complaint takes triage and its acknowledgement, and no step of a later stage', () => {
    expect(openCommands(newCase())).toEqual(['triage', 'acknowledge', 'extend', 'release-hold', 'withdraw', 'record-findings', 'refer-to-ombudsman', 'close', 'assign', 'advocacy', 'arrange-meeting', 'record-meeting']);
    expect(refusedNow('respond', newCase())).toBe('the complaint has not been triaged yet');
    expect(refusedNow('escalate', newCase())).toBe('the complaint has not been triaged yet');
  });

  it('a case at Stage 1 offers no Stage 2 or Stage 3 step', () => {
    const open = openCommands(stage1());
    expect(open.filter((c) => STAGE2_STEPS.includes(c) || STAGE3_STEPS.includes(c))).toEqual([]);
    expect(open).toEqual(['extend', 'respond', 'escalate', 'hold', 'release-hold', 'withdraw', 'record-findings', 'refer-to-ombudsman', 'close', 'assign', 'record-learning', 'advocacy', 'arrange-meeting', 'record-meeting']);
    expect(refusedNow('appoint-investigators', stage1())).toBe('the case is at stage1, not stage2');
    expect(refusedNow('triage', stage1())).toBe('the complaint was already triaged (statutory)');
  });

  it('a case at Stage 2 offers the appointment, and the steps that wait on it only after', () => {
    // The plans take early resolution and a progress letter before the investigators are appointed.
    expect(openCommands(stage2()).filter((c) => STAGE2_STEPS.includes(c))).toEqual(['appoint-investigators', 'suspend-for-resolution', 'progress-update']);
    expect(refusedNow('agree-statement', stage2())).toBe('the investigators are not appointed yet');
  });

  it('a case on hold offers only what a hold allows', () => {
    expect(openCommands(held())).toEqual(['escalate', 'hold', 'release-hold', 'withdraw', 'record-findings', 'refer-to-ombudsman', 'assign', 'record-learning', 'advocacy', 'record-meeting']);
  });

  it('a closed case offers none but those the procedure allows after closing', () => {
    expect(openCommands(withdrawn())).toEqual(['release-hold', 'record-findings', 'refer-to-ombudsman', 'assign', 'record-learning', 'record-satisfaction', 'advocacy', 'record-meeting']);
    expect(refusedNow('respond', withdrawn())).toBe('the case is closed (withdrawn at stage1)');
  });

  it('every gated plan runs its gate first: its refusal, whatever the input, is the gate’s word for word', () => {
    let checked = 0;
    for (const state of [newCase(), stage1(), stage2(), held(), withdrawn()]) {
      for (const command of Object.keys(COMMAND_TABLE) as CommandName[]) {
        const reason = refusedNow(command, state);
        if (reason === undefined) continue;
        const before = JSON.stringify(state);
        // An input the plan never reads: the gate refuses before it.
        expect(() => (TRANSITIONS[command] as (s: ComplaintState, i: unknown, n: number) => unknown)(state, {}, Date.parse('2027-01-07T09:00:00Z')), command).toThrow(new TransitionRefused(reason));
        expect(JSON.stringify(state)).toBe(before);
        checked++;
      }
    }
    expect(checked).toBeGreaterThan(100);
  });

  it('every command has a gate or is named as decided by its input', () => {
    expect((Object.keys(COMMAND_GATES) as CommandName[]).sort()).toEqual((Object.keys(COMMAND_TABLE) as CommandName[]).sort());
    expect((Object.keys(COMMAND_GATES) as CommandName[]).filter((c) => COMMAND_GATES[c] === null)).toEqual(UNGATED);
  });
});
