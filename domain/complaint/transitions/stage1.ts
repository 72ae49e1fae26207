import { cancelClocks, findDeadline, meetDeadline, startTimescale } from '../clocks';
import { CURRENT_RULES } from '../rules';
import { responseContent } from './letters';
import { answeredCorporate, respondCorporate } from './kinds';
import { dateOf, notify, record, refuse, requireNotOnHold, requireStage, requireStatutory, stepTime, type Gate, type Plan } from './common';

/**
 * Stage 1, local resolution: the complaint clarified with the complainant
 * where the council's policy has that step (Luton 13.3-13.5), and the
 * response within 10 working days (Luton 13.6-13.8, Rutland 10.1), which
 * opens the 20 working days to ask for Stage 2 (Luton 13.10).
 */

/** What the case must be for this command, whatever its input: the plan's first check, and the case page's (../gates.ts). */
export const clarifyGate: Gate = (state) => {
  requireStage(state, 'stage1');
  requireNotOnHold(state);
  if (!state.policy.stage1Clarify) refuse(`this council's policy (${state.policy.id}) has no Stage 1 clarification step`);
  requireStatutory(state);
};

export const clarify: Plan<'clarify'> = (state, input, now) => {
  clarifyGate(state);
  const deadline = findDeadline(state, 'stage1.clarify');
  if (deadline?.metAt) refuse(`the complaint was already clarified at ${deadline.metAt}`);
  const at = stepTime(state, input, now, 'triaged');
  return () => {
    meetDeadline(state, 'stage1.clarify', at);
    record(state, 'clarified', input.actor, at, now, input.note);
  };
};

/** What the case must be for this command, whatever its input: the plan's first check, and the case page's (../gates.ts). */
export const respondGate: Gate = (state) => {
  // A corporate complaint the team answers (BANES 8.5): its response's own checks are respondCorporate's.
  if (answeredCorporate(state)) return;
  requireStage(state, 'stage1');
  requireNotOnHold(state);
  requireStatutory(state);
};

export const respond: Plan<'respond'> = (state, input, now, rules = CURRENT_RULES) => {
  respondGate(state, rules);
  // A corporate complaint the team answers (BANES 8.5): its response closes it.
  if (answeredCorporate(state)) return respondCorporate(state, input, now);
  const deadline = findDeadline(state, 'stage1.respond');
  if (deadline?.metAt) refuse(`the Stage 1 response was already given at ${deadline.metAt}`);
  const at = stepTime(state, input, now, 'triaged');
  return () => {
    meetDeadline(state, 'stage1.respond', at);
    state.steps.responded = at;
    cancelClocks(state, ['stage1.clarify']);
    state.status = 'awaiting-escalation';
    if (input.findings) state.findings.push({ stage: 'stage1', findings: input.findings, recordedAt: at });
    const window = startTimescale(state, 'stage1.escalate', dateOf(at), 'Stage 1 response sent', now);
    record(state, 'responded', input.actor, at, now, input.note);
    notify(state, 'letter', 'stage1-response', { escalateBy: window.due, ...responseContent(state, 'stage1', rules) });
  };
};
