/**
 * Builders for the unit tests of the procedure's pure rules
 * (domain/complaint/transitions/, clocks.ts): a case's state without
 * Temporal, commands planned and applied at a given instant, and readers of
 * what they did. The mutation run's tests share them (docs/mutation.md).
 */
import { expect } from 'vitest';
import type { z } from 'zod';
import { defaultCalendarData } from '../../domain/holidays';
import { ENGLAND_STATUTORY_POLICY, POLICY_PROFILES, type Policy } from '../../domain/policy';
import { markMissed } from '../../domain/complaint/clocks';
import { COMMAND_SCHEMAS, type CommandName } from '../../domain/complaint/commands';
import type { ClockKey, ComplaintState } from '../../domain/complaint/state';
import { applyLapses, initialState, TransitionRefused, TRANSITIONS } from '../../domain/complaint/transitions';

export type Arg<C extends CommandName> = Omit<z.input<(typeof COMMAND_SCHEMAS)[C]>, 'actor'> & { actor?: string };

export const LUTON = POLICY_PROFILES.luton!;
export const OMBUDSMAN = 'Local Government and Social Care Ombudsman, PO Box 4771, Coventry CV4 0EH; 0300 061 0614; www.lgo.org.uk';
export const IO = { id: 'io-7', team: 'Independent Reviews' };
export const IP = { id: 'ip-3', team: 'External' };
export const PANEL = [
  { id: 'chair-1', role: 'chair' as const },
  { id: 'member-2', role: 'member' as const },
  { id: 'member-3', role: 'member' as const },
];

export function newCase(receivedAt = '2027-01-04T10:00:00Z', options: { policy?: Policy; team?: string; historyLimit?: number } = {}): ComplaintState {
  return initialState(
    {
      reference: 'CSC-MUTANTS',
      receivedAt,
      policy: options.policy ?? ENGLAND_STATUTORY_POLICY,
      calendar: defaultCalendarData('england-and-wales'),
      actor: 'officer-1',
      ...(options.team ? { team: options.team } : {}),
      ...(options.historyLimit ? { historyLimit: options.historyLimit } : {}),
    },
    Date.parse(receivedAt),
  );
}

export function plan<C extends CommandName>(state: ComplaintState, name: C, input: Arg<C>, now: string) {
  const parsed = COMMAND_SCHEMAS[name].parse({ actor: 'officer-1', ...input });
  return (TRANSITIONS[name] as (s: ComplaintState, i: unknown, n: number) => () => void)(state, parsed, Date.parse(now));
}

export function act<C extends CommandName>(state: ComplaintState, name: C, input: Arg<C>, now: string): ComplaintState {
  plan(state, name, input, now)();
  return state;
}

/** The refusal reason; also checks the refused command changed nothing. */
export function refusal<C extends CommandName>(state: ComplaintState, name: C, input: Arg<C>, now: string): string {
  const before = JSON.stringify(state);
  try {
    plan(state, name, input, now);
  } catch (error) {
    if (!(error instanceof TransitionRefused)) throw error;
    expect(error.name).toBe('TransitionRefused');
    expect(JSON.stringify(state)).toBe(before);
    return error.message;
  }
  throw new Error(`${name} was accepted, a refusal was expected`);
}

export function deadline(state: ComplaintState, key: ClockKey) {
  return state.deadlines.find((d) => d.key === key);
}
export function pending(state: ComplaintState): Record<string, string> {
  return Object.fromEntries(state.deadlines.filter((d) => d.state === 'pending').map((d) => [d.key, d.due]));
}
export function tick(state: ComplaintState, now: string): boolean {
  markMissed(state, Date.parse(now));
  return applyLapses(state, Date.parse(now));
}
/** Events as [action, at, detail], with the actor and the instant recorded checked on the way. */
export function events(state: ComplaintState) {
  return state.events.map((e) => [e.action, e.at, ...(e.note ? [e.note] : []), ...(e.detail ? [e.detail] : [])]);
}
export function letters(state: ComplaintState) {
  return state.outbox.map((n) => [n.id, n.kind, n.subject, n.detail]);
}

/** Received Mon 4 Jan 2027, triaged stage1 at 11:00. */
export function stage1Case(policy?: Policy): ComplaintState {
  return act(newCase('2027-01-04T10:00:00Z', policy ? { policy } : {}), 'triage', { decision: 'stage1' }, '2027-01-04T11:00:00Z');
}

/** Straight to Stage 2 (request = receipt Mon 4 Jan), investigators appointed Tue 5 Jan, statement agreed Wed 6 Jan. */
export function stage2Case(options: { policy?: Policy; team?: string } = {}): ComplaintState {
  const state = act(newCase('2027-01-04T10:00:00Z', options), 'triage', { decision: 'stage2' }, '2027-01-04T11:00:00Z');
  act(state, 'appoint-investigators', { investigatingOfficer: IO, independentPerson: IP }, '2027-01-05T10:00:00Z');
  act(state, 'agree-statement', {}, '2027-01-06T10:00:00Z');
  return state;
}

/** Stage 2 adjudicated Mon 1 Mar, Stage 3 requested Mon 8 Mar 2027 (panel due Wed 21 Apr). */
export function stage3Case(): ComplaintState {
  const state = stage2Case();
  act(state, 'submit-reports', { reports: ['investigating-officer', 'independent-person'] }, '2027-02-26T10:00:00Z');
  act(state, 'adjudicate', {}, '2027-03-01T10:00:00Z');
  act(state, 'escalate', {}, '2027-03-08T10:00:00Z');
  return state;
}
