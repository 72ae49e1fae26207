/**
 * Who has a part in a case (domain/complaint/parties.ts) and the `assign`
 * command (transitions/assign.ts), on the pure rules: the officer who logs a
 * case is its first assigned officer; the investigators and the panel are
 * parties as appointed now; assigning refuses a duplicate or a removal of
 * someone not there, and is allowed on a closed case.
 */
import { describe, expect, it } from 'vitest';
import { accessFactsOf, partiesOf } from '../../domain/complaint/parties';
import { caseView } from '../../domain/complaint/state';
import { snapshotFromState } from '../../domain/complaint/snapshot';
import { act, events, IO, IP, newCase, PANEL, refusal, stage1Case, stage2Case, stage3Case } from '../helpers/procedure';

describe('the parties of a case', () => {
  it('begin with the officer who logged it, and the team complained about', () => {
    const state = newCase('2027-01-04T10:00:00Z', { team: 'Fostering' });
    expect(accessFactsOf(state)).toEqual({ team: 'Fostering', parties: [{ id: 'officer-1', part: 'assigned-officer' }] });
    expect(accessFactsOf(newCase()).team).toBeNull();
  });

  it('a case from before assignments (no list in its state): the officer who logged it, then its appointed people', () => {
    const state = stage2Case();
    delete state.assignments;
    state.events[0]!.actor = 'officer-9';
    expect(partiesOf(state)).toEqual([
      { id: 'officer-9', part: 'assigned-officer' },
      { id: IO.id, part: 'investigating-officer' },
      { id: IP.id, part: 'independent-person' },
    ]);
    // Assigning on it starts the list from there.
    act(state, 'assign', { person: { id: 'officer-9' }, part: 'assigned-officer', remove: true }, '2027-01-07T10:00:00Z');
    expect(state.assignments).toEqual([]);
    expect(partiesOf(state)).toHaveLength(2);
  });

  it('follow the investigators as appointed now: a replaced one loses their part', () => {
    const state = stage2Case();
    expect(partiesOf(state)).toEqual([
      { id: 'officer-1', part: 'assigned-officer' },
      { id: IO.id, part: 'investigating-officer' },
      { id: IP.id, part: 'independent-person' },
    ]);
    act(state, 'appoint-investigators', { investigatingOfficer: { id: 'io-8' }, independentPerson: IP, replacementReason: 'IO on long-term leave' }, '2027-01-12T10:00:00Z');
    expect(partiesOf(state)).toEqual([
      { id: 'officer-1', part: 'assigned-officer' },
      { id: 'io-8', part: 'investigating-officer' },
      { id: IP.id, part: 'independent-person' },
    ]);
  });

  it('include the Review Panel: its Chair and members, kept when the panel is adjourned', () => {
    const state = stage3Case();
    act(state, 'schedule-panel', { panelDate: '2027-04-20', members: PANEL }, '2027-03-10T10:00:00Z');
    act(state, 'adjourn-panel', { panelDate: '2027-04-21', reason: 'The complainant asked for a later date' }, '2027-03-11T10:00:00Z');
    expect(partiesOf(state).slice(3)).toEqual([
      { id: 'chair-1', part: 'panel-chair' },
      { id: 'member-2', part: 'panel-member' },
      { id: 'member-3', part: 'panel-member' },
    ]);
  });

  it('are in the case view and the records snapshot, as staff ids and parts only', () => {
    const state = stage2Case();
    const parties = partiesOf(state);
    expect(caseView(state).parties).toEqual(parties);
    expect(snapshotFromState(state).parties).toEqual(parties);
  });
});

describe('assign', () => {
  it('adds and removes an officer or the Adjudicating Officer, each with an event', () => {
    const state = stage1Case();
    act(state, 'assign', { person: { id: 'jo.smith' }, part: 'assigned-officer', note: 'Covering while the usual officer is on leave' }, '2027-01-05T10:00:00Z');
    act(state, 'assign', { person: { id: 'hos.khan' }, part: 'adjudicating-officer' }, '2027-01-05T11:00:00Z');
    act(state, 'assign', { person: { id: 'officer-1' }, part: 'assigned-officer', remove: true }, '2027-01-05T12:00:00Z');
    expect(partiesOf(state)).toEqual([
      { id: 'jo.smith', part: 'assigned-officer' },
      { id: 'hos.khan', part: 'adjudicating-officer' },
    ]);
    expect(events(state).slice(-3)).toEqual([
      ['assigned', '2027-01-05T10:00:00.000Z', 'Covering while the usual officer is on leave', { id: 'jo.smith', part: 'assigned-officer' }],
      ['assigned', '2027-01-05T11:00:00.000Z', { id: 'hos.khan', part: 'adjudicating-officer' }],
      ['unassigned', '2027-01-05T12:00:00.000Z', { id: 'officer-1', part: 'assigned-officer' }],
    ]);
  });

  it('the same person may hold two parts', () => {
    const state = act(stage1Case(), 'assign', { person: { id: 'officer-1' }, part: 'adjudicating-officer' }, '2027-01-05T10:00:00Z');
    expect(partiesOf(state)).toEqual([
      { id: 'officer-1', part: 'assigned-officer' },
      { id: 'officer-1', part: 'adjudicating-officer' },
    ]);
  });

  it('refuses a duplicate, or removing someone not there', () => {
    const state = stage1Case();
    expect(refusal(state, 'assign', { person: { id: 'officer-1' }, part: 'assigned-officer' }, '2027-01-05T10:00:00Z')).toBe(
      'officer-1 is already an assigned officer on this case',
    );
    expect(refusal(state, 'assign', { person: { id: 'jo.smith' }, part: 'adjudicating-officer', remove: true }, '2027-01-05T10:00:00Z')).toBe(
      'jo.smith is not the Adjudicating Officer on this case',
    );
  });

  it("refuses an investigator as the Adjudicating Officer: they would decide on their own report (Luton 17.1)", () => {
    const state = stage2Case();
    expect(refusal(state, 'assign', { person: { id: IO.id }, part: 'adjudicating-officer' }, '2027-01-07T10:00:00Z')).toBe(
      'io-7 is the Investigating Officer, so cannot adjudicate on their own report',
    );
    expect(refusal(state, 'assign', { person: { id: IP.id }, part: 'adjudicating-officer' }, '2027-01-07T10:00:00Z')).toBe(
      'ip-3 is the Independent Person, so cannot adjudicate on their own report',
    );
  });

  it('is allowed on a closed case (a late request or the Ombudsman may still come), and never dated before receipt', () => {
    const state = act(stage1Case(), 'respond', {}, '2027-01-08T10:00:00Z');
    act(state, 'close', { outcome: 'resolved' }, '2027-01-11T10:00:00Z');
    expect(state.status).toBe('closed');
    act(state, 'assign', { person: { id: 'jo.smith' }, part: 'assigned-officer' }, '2027-01-12T10:00:00Z');
    expect(partiesOf(state)).toContainEqual({ id: 'jo.smith', part: 'assigned-officer' });
    expect(refusal(state, 'assign', { person: { id: 'sam.lee' }, part: 'assigned-officer', at: '2027-01-01T10:00:00Z' }, '2027-01-12T10:00:00Z')).toBe(
      '"at" (2027-01-01T10:00:00Z) is before receipt (2027-01-04T10:00:00.000Z)',
    );
  });
});
