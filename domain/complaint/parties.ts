import type { CaseAccessFacts, CaseParty, Part } from '../access';
import type { Assignment, ComplaintState } from './state';

/**
 * Who has a part in a complaint, by staff id, from the workflow's state: the
 * facts the access rule (domain/access.ts) reads. One home for the mapping of
 * the procedure's appointments to parts: the officers and the Adjudicating
 * Officer assigned (`assign`, transitions/assign.ts), the Stage 2
 * Investigating Officer and Independent Person as appointed now (a replaced
 * one loses their part, Luton 14.1, 16.1), and the Review Panel's members
 * (Luton 18.4). Pure: the case view, the query and the records snapshot use it.
 */
export function partiesOf(state: ComplaintState): CaseParty[] {
  const parties: CaseParty[] = assignmentsOf(state).map(({ id, part }) => ({ id, part }));
  const io = state.stage2?.investigatingOfficer;
  if (io) parties.push({ id: io.id, part: 'investigating-officer' });
  const ip = state.stage2?.independentPerson;
  if (ip) parties.push({ id: ip.id, part: 'independent-person' });
  for (const member of state.stage3?.members ?? []) parties.push({ id: member.id, part: PANEL_PARTS[member.role] });
  // One row per person and part, as the records store keys them.
  return parties.filter((p, i) => parties.findIndex((q) => q.id === p.id && q.part === p.part) === i);
}

/**
 * The staff assigned to the case. A case started before assignments has no
 * list: its first assigned officer is the one who logged it, the actor of its
 * first event (`received`), as a new case's initial state says.
 */
export function assignmentsOf(state: ComplaintState): Assignment[] {
  if (state.assignments) return state.assignments;
  const received = state.events[0];
  return received?.action === 'received' ? [{ id: received.actor, part: 'assigned-officer' }] : [];
}

const PANEL_PARTS: Record<'chair' | 'member', Part> = { chair: 'panel-chair', member: 'panel-member' };

/** What the access rule needs of this case: the team complained about and who has a part in it. */
export function accessFactsOf(state: ComplaintState): CaseAccessFacts {
  return { team: state.team ?? null, parties: partiesOf(state) };
}
