import { answersCorporate } from '../../policy';
import { findDeadline, meetDeadline, startTimescale } from '../clocks';
import { close } from '../closing';
import type { CommandInput } from '../commands';
import { CURRENT_RULES, type Rules } from '../rules';
import type { ComplaintState } from '../state';
import { notify, record, refuse, requireNotOnHold, requireStage, stepTime } from './common';

/**
 * The complaints that are not Children Act complaints, found at triage:
 * - a corporate complaint, answered by the complaints team itself where the
 *   council's policy says so (BANES 1.5, 2.4: the same team triages and
 *   handles both procedures; 8.5: "a response should be provided in 15
 *   working days"), with no Stage 2 here (8.8: the corporate team's own);
 *   otherwise routed to the corporate procedure with a letter;
 * - a service request (Rutland 2.1: "a request that the Council provides a
 *   service … not a Complaint but … recorded and reported on in the same
 *   way"), closed with a letter saying the service will deal with it.
 */

/** Why a corporate complaint cannot go to Stage 2: its next step is its own procedure's, or the Ombudsman. */
export const CORPORATE_NO_STAGE2 =
  "a corporate complaint has no Stage 2 under the children's statutory procedure: " +
  "the complainant's next step is the corporate complaints procedure's own review (its Stage 2), then the Ombudsman";

/** Whether a case is a corporate complaint the team answers (it has the `corporate.respond` duty). */
export function answeredCorporate(state: ComplaintState): boolean {
  return state.procedure === 'corporate' && findDeadline(state, 'corporate.respond') !== undefined;
}

/** Triage `corporate`: kept and answered in 15 working days, or routed out with the reasons in writing. */
export function triageCorporate(state: ComplaintState, input: CommandInput<'triage'>, at: string, now: number, rules: Rules = CURRENT_RULES): () => void {
  // complaint.corporate-answered: asked only where the policy answers them, so other cases record no marker.
  if (answersCorporate(state.policy) && rules.corporateAnswered) {
    return () => {
      state.procedure = 'corporate';
      state.status = 'in-progress';
      state.steps.triaged = at;
      record(state, 'triaged', input.actor, at, now, input.note, { decision: 'corporate', answered: true });
      // From receipt, as the statutory Stage 1 is (BANES 8.2, 8.3 count from receipt): triage is the team's own
      // step and its delay is no reason for the complainant to wait longer.
      const respond = startTimescale(state, 'corporate.respond', state.receivedOn, 'received', now);
      // Acknowledged before triage, as a Children Act complaint: the complainant is told which procedure, and the date.
      if (findDeadline(state, 'stage1.acknowledge')?.metAt) notify(state, 'letter', 'corporate-acknowledgement', { respondBy: respond.due });
    };
  }
  if (!input.reason) refuse('a decision of corporate needs a reason, given to the complainant in writing');
  return () => {
    state.procedure = 'corporate';
    state.steps.triaged = at;
    record(state, 'triaged', input.actor, at, now, input.note, { decision: 'corporate' });
    close(state, { kind: 'routed-out', to: 'corporate' }, at, now);
    notify(state, 'letter', 'routed-to-corporate-procedure', { reasons: input.reason! });
  };
}

/** Triage `service-request`: not a complaint (Rutland 2.1); closed, the service asked to provide it, with a letter. */
export function triageServiceRequest(state: ComplaintState, input: CommandInput<'triage'>, at: string, now: number): () => void {
  if (!input.reason) refuse('a decision of service-request needs a reason, given to the complainant in writing');
  // A new decision: no history from before it carries one, so no patch is needed.
  return () => {
    state.procedure = 'service-request';
    state.steps.triaged = at;
    record(state, 'triaged', input.actor, at, now, input.note, { decision: 'service-request' });
    close(state, { kind: 'routed-out', to: 'service-request' }, at, now);
    notify(state, 'letter', 'service-request-recorded', { reasons: input.reason! });
  };
}

/**
 * The team's response to a corporate complaint meets `corporate.respond`
 * and closes the case as resolved with the response letter, which names the
 * next step: the corporate procedure's review, then the Ombudsman.
 */
export function respondCorporate(state: ComplaintState, input: CommandInput<'respond'>, now: number): () => void {
  requireStage(state, 'stage1');
  requireNotOnHold(state);
  const at = stepTime(state, input, now, 'triaged');
  return () => {
    meetDeadline(state, 'corporate.respond', at);
    state.steps.responded = at;
    record(state, 'responded', input.actor, at, now, input.note, { procedure: 'corporate' });
    close(state, { kind: 'resolved', stage: 'stage1' }, at, now);
    notify(state, 'letter', 'corporate-response', { receivedOn: state.receivedOn });
  };
}
