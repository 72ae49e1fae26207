import { formatLong } from '../../dates';
import { findDeadline, meetDeadline, startClock } from '../clocks';
import { dateOf, record, refuse, stepTime, type Gate, type Plan } from './common';

/**
 * The Local Government and Social Care Ombudsman, after the council's last
 * word (Rutland 11.1-11.3): the referral, the decision with its remedies,
 * and the date the council must comply by (a clock).
 */

/** What the case must be for this command, whatever its input: the plan's first check, and the case page's (../gates.ts). */
export const referToOmbudsmanGate: Gate = (state) => {
  if (state.ombudsman && !state.ombudsman.decision) refuse(`already referred to the Ombudsman at ${state.ombudsman.referredAt}, awaiting a decision`);
  if (state.ombudsman) refuse(`the Ombudsman already decided this complaint (${state.ombudsman.decision})`);
};

export const referToOmbudsman: Plan<'refer-to-ombudsman'> = (state, input, now) => {
  referToOmbudsmanGate(state);
  const at = stepTime(state, input, now, 'received');
  return () => {
    state.ombudsman = { referredAt: at, ...(input.ombudsmanReference ? { reference: input.ombudsmanReference } : {}) };
    state.steps.referred = at;
    record(state, 'referred-to-ombudsman', input.actor, at, now, input.note);
  };
};

/** What the case must be for this command, whatever its input: the plan's first check, and the case page's (../gates.ts). */
export const recordOmbudsmanDecisionGate: Gate = (state) => {
  if (!state.ombudsman) refuse('the complaint has not been referred to the Ombudsman');
  if (state.ombudsman.decision) refuse(`the Ombudsman's decision is already recorded (${state.ombudsman.decision})`);
};

export const recordOmbudsmanDecision: Plan<'record-ombudsman-decision'> = (state, input, now) => {
  recordOmbudsmanDecisionGate(state);
  const at = stepTime(state, input, now, 'referred');
  if (input.complianceDate && input.complianceDate <= dateOf(at)) refuse(`the compliance date ${formatLong(input.complianceDate)} must be after the decision`);
  return () => {
    const ombudsman = state.ombudsman!;
    ombudsman.decision = input.decision;
    ombudsman.decidedAt = at;
    if (input.recommendations?.length) ombudsman.recommendations = input.recommendations;
    if (input.complianceDate) {
      ombudsman.complianceDate = input.complianceDate;
      startClock(state, 'ombudsman.compliance', [{ op: 'on', date: input.complianceDate, label: "the Ombudsman's compliance date" }], now);
    }
    record(state, 'ombudsman-decision', input.actor, at, now, input.note, {
      decision: input.decision,
      remedies: input.remedies.map((r) => r.type).join(','),
    });
  };
};

/** What the case must be for this command, whatever its input: the plan's first check, and the case page's (../gates.ts). */
export const recordOmbudsmanComplianceGate: Gate = (state) => {
  const deadline = findDeadline(state, 'ombudsman.compliance');
  if (!deadline) refuse('no Ombudsman compliance date is set');
  if (deadline.metAt) refuse(`compliance was already recorded at ${deadline.metAt}`);
};

export const recordOmbudsmanCompliance: Plan<'record-ombudsman-compliance'> = (state, input, now) => {
  recordOmbudsmanComplianceGate(state);
  const at = stepTime(state, input, now, 'referred');
  return () => {
    meetDeadline(state, 'ombudsman.compliance', at);
    record(state, 'ombudsman-remedies-complied', input.actor, at, now, input.note);
  };
};
