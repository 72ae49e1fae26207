import { formatLong } from '../../dates';
import { calendarOf, cancelClocks, findDeadline, meetDeadline, pauseClocks, resumeClocks, startTimescale } from '../clocks';
import { firstRefusal } from '../independence';
import type { ComplaintState } from '../state';
import { CURRENT_RULES } from '../rules';
import { responseContent } from './letters';
import { dateOf, notify, record, refuse, requireNotOnHold, requireStage, stepTime, type Gate, type Plan } from './common';
import { notifyAppointed, startProgress, stopProgress } from './stage2-steps';

/**
 * Stage 2, the investigation: an Investigating Officer and an Independent
 * Person independent of the service (Luton 14.1, 15.1, 16.1-16.3), first
 * contact, the statement of complaint from which the 25 working days may run
 * (Luton 14.7), suspension for early resolution (Rutland 10.1), both reports,
 * and the adjudication (Luton 17.1), which opens the window for Stage 3.
 */

/** Stage 2 begins: request dated by the receipt rule, acknowledgement clock, and the response clock if it runs from the request. */
export function enterStage2(state: ComplaintState, at: string, now: number): void {
  const requestedOn = calendarOf(state).receiptDate(Date.parse(at), state.policy.receipt);
  cancelClocks(state);
  state.stage = 'stage2';
  state.status = 'in-progress';
  state.stage2 = { requestedAt: at, requestedOn, replacements: 0, reports: [] };
  state.steps.stage2Requested = at;
  startTimescale(state, 'stage2.acknowledge', requestedOn, 'Stage 2 requested', now);
  if (state.policy.stage2ClockStart === 'request') startTimescale(state, 'stage2.respond', requestedOn, 'Stage 2 requested', now);
}

/** What the case must be for this command, whatever its input: the plan's first check, and the case page's (../gates.ts). */
export const appointInvestigatorsGate: Gate = (state) => {
  requireStage(state, 'stage2');
  requireNotOnHold(state);
};

export const appointInvestigators: Plan<'appoint-investigators'> = (state, input, now, rules = CURRENT_RULES) => {
  appointInvestigatorsGate(state);
  const { investigatingOfficer: io, independentPerson: ip } = input;
  if (io.id === ip.id) refuse('the Investigating Officer and the Independent Person must be different people');
  for (const [who, person] of [['Investigating Officer', io], ['Independent Person', ip]] as const) {
    if (state.team && person.team && person.team.toLowerCase() === state.team.toLowerCase()) {
      refuse(`the ${who} must be independent of the service complained about (${state.team})`);
    }
  }
  // The independence register's answer, as the API found it (independence.ts): refused on the same rule, and kept on the step.
  const refusal = firstRefusal(input.register);
  if (refusal) refuse(refusal.reason);
  const register = input.register ? { register: input.register } : {};
  const stage2 = state.stage2!;
  const replacing = stage2.investigatingOfficer !== undefined;
  if (replacing && !input.replacementReason) {
    refuse(
      `investigators are already appointed (${stage2.investigatingOfficer!.id}, ${stage2.independentPerson!.id}): give replacementReason to replace them without restarting the clock`,
    );
  }
  const at = stepTime(state, input, now, replacing ? 'appointed' : 'stage2Requested');
  const previous = { io: stage2.investigatingOfficer?.id, ip: stage2.independentPerson?.id };
  return () => {
    stage2.investigatingOfficer = io;
    stage2.independentPerson = ip;
    if (replacing) {
      stage2.replacements += 1;
      record(state, 'investigators-replaced', input.actor, at, now, input.note, {
        investigatingOfficer: io.id,
        independentPerson: ip.id,
        reason: input.replacementReason!,
        ...register,
      });
      // complaint.stage2-appointed-letter: the complainant is told who is new.
      if (rules.stage2AppointedLetter) notifyAppointed(state, { io: io.id !== previous.io, ip: ip.id !== previous.ip });
      return;
    }
    state.steps.appointed = at;
    record(state, 'investigators-appointed', input.actor, at, now, input.note, { investigatingOfficer: io.id, independentPerson: ip.id, ...register });
    if (state.policy.stage2Contact) startTimescale(state, 'stage2.contact', dateOf(at), 'investigators appointed', now);
    // complaint.stage2-appointed-letter: who they are and what happens next, with the dates.
    if (rules.stage2AppointedLetter) notifyAppointed(state);
  };
};

/** What the case must be for this command, whatever its input: the plan's first check, and the case page's (../gates.ts). */
export const contactGate: Gate = (state) => {
  requireStage(state, 'stage2');
  requireNotOnHold(state);
  if (!state.policy.stage2Contact) refuse(`this council's policy (${state.policy.id}) has no Stage 2 contact step`);
  if (!state.steps.appointed) refuse('the investigators are not appointed yet');
};

export const contact: Plan<'contact'> = (state, input, now) => {
  contactGate(state);
  const deadline = findDeadline(state, 'stage2.contact');
  if (deadline?.metAt) refuse(`the Investigating Officer already contacted the complainant at ${deadline.metAt}`);
  const at = stepTime(state, input, now, 'appointed');
  return () => {
    meetDeadline(state, 'stage2.contact', at);
    record(state, 'contacted', input.actor, at, now, input.note);
  };
};

/** What the case must be for this command, whatever its input: the plan's first check, and the case page's (../gates.ts). */
export const agreeStatementGate: Gate = (state) => {
  requireStage(state, 'stage2');
  requireNotOnHold(state);
  if (!state.steps.appointed) refuse('the investigators are not appointed yet');
  if (state.stage2!.statementAgreedOn) refuse(`the statement of complaint was already agreed on ${formatLong(state.stage2!.statementAgreedOn)}`);
};

export const agreeStatement: Plan<'agree-statement'> = (state, input, now, rules = CURRENT_RULES) => {
  agreeStatementGate(state);
  const at = stepTime(state, input, now, 'appointed');
  return () => {
    const on = dateOf(at);
    state.stage2!.statementAgreedOn = on;
    state.steps.statementAgreed = at;
    record(state, 'statement-agreed', input.actor, at, now, input.note);
    if (state.policy.stage2ClockStart === 'statement-agreed') {
      startTimescale(state, 'stage2.respond', on, 'statement of complaint agreed', now);
    }
    // complaint.stage2-progress: the investigation begins, and its progress updates fall due (stage2-steps.ts).
    if (rules.stage2Progress) startProgress(state, on, now);
    notify(state, 'letter', 'stage2-statement-agreed', { respondBy: findDeadline(state, 'stage2.respond')?.due ?? null });
  };
};

/** What the case must be for this command, whatever its input: the plan's first check, and the case page's (../gates.ts). */
export const suspendForResolutionGate: Gate = (state) => {
  requireStage(state, 'stage2');
  requireNotOnHold(state);
  if (state.status === 'early-resolution') refuse(`the investigation is already suspended since ${state.earlyResolutionSince}`);
  if (state.status !== 'in-progress') refuse('only an investigation in progress can be suspended for early resolution');
};

export const suspendForResolution: Plan<'suspend-for-resolution'> = (state, input, now) => {
  suspendForResolutionGate(state);
  const at = stepTime(state, input, now, 'stage2Requested');
  return () => {
    state.status = 'early-resolution';
    state.earlyResolutionSince = at;
    state.steps.suspended = at;
    pauseClocks(state, dateOf(at), 'suspended for early resolution', now);
    record(state, 'suspended-for-resolution', input.actor, at, now, input.note);
  };
};

/** What the case must be for this command, whatever its input: the plan's first check, and the case page's (../gates.ts). */
export const resumeGate: Gate = (state) => {
  requireStage(state, 'stage2');
  if (state.status !== 'early-resolution') refuse('the investigation is not suspended for early resolution');
};

export const resume: Plan<'resume'> = (state, input, now) => {
  resumeGate(state);
  const at = stepTime(state, input, now, 'suspended');
  return () => {
    state.status = 'in-progress';
    delete state.earlyResolutionSince;
    resumeClocks(state, dateOf(at), now);
    record(state, 'resumed', input.actor, at, now, input.note);
  };
};

/** What the case must be for this command, whatever its input: the plan's first check, and the case page's (../gates.ts). */
export const submitReportsGate: Gate = (state) => {
  requireStage(state, 'stage2');
  requireNotOnHold(state);
  if (!state.steps.appointed) refuse('the investigators are not appointed yet');
};

export const submitReports: Plan<'submit-reports'> = (state, input, now) => {
  submitReportsGate(state);
  const already = input.reports.filter((r) => state.stage2!.reports.includes(r));
  if (already.length > 0) refuse(`already submitted: ${already.join(', ')}`);
  const at = stepTime(state, input, now, 'statementAgreed' in state.steps ? 'statementAgreed' : 'appointed');
  return () => {
    state.stage2!.reports.push(...input.reports);
    record(state, 'reports-submitted', input.actor, at, now, input.note, { reports: input.reports.join(',') });
  };
};

/** What the case must be for this command, whatever its input: the plan's first check, and the case page's (../gates.ts). */
export const adjudicateGate: Gate = (state) => {
  requireStage(state, 'stage2');
  requireNotOnHold(state);
  if (state.status === 'early-resolution') refuse('the investigation is suspended for early resolution: resume it first');
  const missing = (['investigating-officer', 'independent-person'] as const).filter((r) => !state.stage2!.reports.includes(r));
  if (missing.length > 0) refuse(`the adjudication needs both reports; missing: ${missing.join(', ')}`);
  if (state.steps.adjudicated) refuse(`already adjudicated at ${state.steps.adjudicated}`);
};

export const adjudicate: Plan<'adjudicate'> = (state, input, now, rules = CURRENT_RULES) => {
  adjudicateGate(state);
  const at = stepTime(state, input, now, 'statementAgreed' in state.steps ? 'statementAgreed' : 'appointed');
  return () => {
    meetDeadline(state, 'stage2.respond', at);
    stopProgress(state, at);
    state.steps.adjudicated = at;
    state.status = 'awaiting-escalation';
    if (input.findings) state.findings.push({ stage: 'stage2', findings: input.findings, recordedAt: at });
    const window = startTimescale(state, 'stage2.escalate', dateOf(at), 'adjudication sent', now);
    record(state, 'adjudicated', input.actor, at, now, input.note);
    notify(state, 'letter', 'stage2-adjudication', { escalateBy: window.due, ...responseContent(state, 'stage2', rules) });
  };
};
