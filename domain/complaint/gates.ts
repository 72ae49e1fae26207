import { TransitionRefused } from '../refusal';
import type { CommandName } from './commands';
import { CURRENT_RULES, type Rules } from './rules';
import type { ComplaintState } from './state';
import { closeGate, withdrawGate } from './transitions/closing';
import { recordLearningGate, recordSatisfactionGate, takeUpAgainGate } from './transitions/closure';
import { escalateGate, refuseEscalationGate } from './transitions/escalation';
import { answerExtensionGate, requestExtensionGate } from './transitions/extension-request';
import { extendGate, holdGate } from './transitions/holds';
import { acknowledgeGate, triageGate } from './transitions/intake';
import { recordOmbudsmanComplianceGate, recordOmbudsmanDecisionGate, referToOmbudsmanGate } from './transitions/ombudsman';
import { clarifyGate, respondGate } from './transitions/stage1';
import { adjudicateGate, agreeStatementGate, appointInvestigatorsGate, contactGate, resumeGate, submitReportsGate, suspendForResolutionGate } from './transitions/stage2';
import { arrangeMeetingGate, progressUpdateGate } from './transitions/stage2-steps';
import { adjournPanelGate, panelNoticeGate, recordPanelGate, schedulePanelGate } from './transitions/stage3';
import { finalResponseGate, panelReportGate, shareRecommendationsGate } from './transitions/stage3end';
import type { Gate } from './transitions/common';

/**
 * Which commands the case takes now, whatever their input: each command's
 * gate, the checks of the case alone that its plan makes first (the workflow's
 * Update validator runs the plan, so it asks the same function). A command
 * with no gate checks its input first (which head, which person, which
 * meeting), so the case alone never rules it out. Pure: the workflow answers
 * it from its state (openCommandsQuery), for the pages to offer only these.
 */
export const COMMAND_GATES: { readonly [C in CommandName]: Gate | null } = {
  triage: triageGate,
  acknowledge: acknowledgeGate,
  clarify: clarifyGate,
  extend: extendGate,
  respond: respondGate,
  escalate: escalateGate,
  'refuse-escalation': refuseEscalationGate,
  'appoint-investigators': appointInvestigatorsGate,
  contact: contactGate,
  'agree-statement': agreeStatementGate,
  'suspend-for-resolution': suspendForResolutionGate,
  resume: resumeGate,
  'submit-reports': submitReportsGate,
  adjudicate: adjudicateGate,
  'schedule-panel': schedulePanelGate,
  'notify-panel': panelNoticeGate,
  'send-papers': panelNoticeGate,
  'adjourn-panel': adjournPanelGate,
  'record-panel': recordPanelGate,
  'panel-report': panelReportGate,
  'share-recommendations': shareRecommendationsGate,
  'final-response': finalResponseGate,
  hold: holdGate,
  // Which part is held decides: a held part outlives closing (regulation 8).
  'release-hold': null,
  withdraw: withdrawGate,
  // The stage named decides (a stage the case never reached is refused).
  'record-findings': null,
  'refer-to-ombudsman': referToOmbudsmanGate,
  'record-ombudsman-decision': recordOmbudsmanDecisionGate,
  'record-ombudsman-compliance': recordOmbudsmanComplianceGate,
  close: closeGate,
  // Who is assigned decides; a case is assigned to at any time.
  assign: null,
  'record-learning': recordLearningGate,
  'record-satisfaction': recordSatisfactionGate,
  'take-up-again': takeUpAgainGate,
  // Whose advocacy, and which step of it, decide.
  advocacy: null,
  'progress-update': progressUpdateGate,
  'arrange-meeting': arrangeMeetingGate,
  // Which meeting decides.
  'record-meeting': null,
  'request-extension': requestExtensionGate,
  'answer-extension': answerExtensionGate,
};

/** Why the case does not take `command` now, whatever its input; undefined when it may (its input is checked when it is sent). */
export function refusedNow(command: CommandName, state: ComplaintState, rules: Rules = CURRENT_RULES): string | undefined {
  const gate = COMMAND_GATES[command];
  if (!gate) return undefined;
  try {
    gate(state, rules);
    return undefined;
  } catch (error) {
    if (error instanceof TransitionRefused) return error.message;
    throw error;
  }
}

/** The commands the case takes now, in the command table's order. */
export function openCommands(state: ComplaintState, rules: Rules = CURRENT_RULES): CommandName[] {
  return (Object.keys(COMMAND_GATES) as CommandName[]).filter((command) => refusedNow(command, state, rules) === undefined);
}
