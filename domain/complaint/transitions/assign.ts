import { assignmentsOf } from '../parties';
import type { Assignment } from '../state';
import { record, refuse, stepTime, type Plan } from './common';

/**
 * Who works the case, by staff id: an officer assigned to it (who then reaches
 * it whatever their teams, domain/access.ts) or its Adjudicating Officer, the
 * Head of Service who decides on the Stage 2 reports (Luton 17.1). The
 * investigators and the panel are appointed by their own steps (stage2.ts,
 * stage3.ts). Allowed on a closed case: it stays open to a late request and
 * to the Ombudsman, and someone must answer for it.
 */
export const assign: Plan<'assign'> = (state, input, now) => {
  const { id } = input.person;
  const { part } = input;
  const words = PART_WORDS[part];
  const assignments = assignmentsOf(state);
  const held = assignments.some((a) => a.id === id && a.part === part);
  if (input.remove && !held) refuse(`${id} is not ${words} on this case`);
  if (!input.remove && held) refuse(`${id} is already ${words} on this case`);
  if (!input.remove && part === 'adjudicating-officer') {
    // The adjudicator decides on the investigators' reports, so is neither of them (Luton 17.1).
    const stage2 = state.stage2;
    if (stage2?.investigatingOfficer?.id === id) refuse(`${id} is the Investigating Officer, so cannot adjudicate on their own report`);
    if (stage2?.independentPerson?.id === id) refuse(`${id} is the Independent Person, so cannot adjudicate on their own report`);
  }
  const at = stepTime(state, input, now, 'received');
  return () => {
    const entry: Assignment = { id, part };
    state.assignments = input.remove ? assignments.filter((a) => !(a.id === id && a.part === part)) : [...assignments, entry];
    record(state, input.remove ? 'unassigned' : 'assigned', input.actor, at, now, input.note, { id, part });
  };
};

const PART_WORDS: Record<Assignment['part'], string> = {
  'assigned-officer': 'an assigned officer',
  'adjudicating-officer': 'the Adjudicating Officer',
};
