import { withSchemas, type CommandRow } from '../command-table';
import { OFFICE } from '../roles';
import { COMMAND_SCHEMAS as S, type CommandName } from './commands';
import type { Plan } from './transitions/common';
import { acknowledge, triage } from './transitions/intake';
import { clarify, respond } from './transitions/stage1';
import { escalate, refuseEscalation } from './transitions/escalation';
import { adjudicate, agreeStatement, appointInvestigators, contact, resume, submitReports, suspendForResolution } from './transitions/stage2';
import { adjournPanel, panelNotice, recordPanel, schedulePanel } from './transitions/stage3';
import { finalResponse, panelReport, shareRecommendations } from './transitions/stage3end';
import { extend, hold, releaseHold } from './transitions/holds';
import { recordOmbudsmanCompliance, recordOmbudsmanDecision, referToOmbudsman } from './transitions/ombudsman';
import { closeCase, recordFindings, withdraw } from './transitions/closing';
import { assign } from './transitions/assign';
import { recordLearning, recordSatisfaction, takeUpAgain } from './transitions/closure';
import { advocacy } from './transitions/advocacy';
import { answerExtension, requestExtension } from './transitions/extension-request';
import { arrangeMeeting, progressUpdate, recordMeeting } from './transitions/stage2-steps';

/** A row of the complaint's table: the command's schema, roles and plan. */
export type ComplaintCommand<C extends CommandName> = CommandRow<Plan<C>>;

/**
 * The complaint procedure's commands, one row each: the input schema
 * (commands.ts), who may send it, and its plan (transitions/, one file per
 * part of the procedure). The Updates (workflows/complaint/messages.ts), their
 * registration, the API's command routes, role checks and OpenAPI are derived
 * from it. The auditor reads only, so is in no row.
 */
export const COMMAND_TABLE = withSchemas<{ [C in CommandName]: ComplaintCommand<C> }>(S, {
  triage: { roles: OFFICE, plan: triage },
  acknowledge: { roles: OFFICE, plan: acknowledge },
  clarify: { roles: [...OFFICE, 'service-manager'], plan: clarify },
  extend: { roles: [...OFFICE, 'service-manager'], plan: extend },
  respond: { roles: [...OFFICE, 'service-manager'], plan: respond },
  escalate: {
    roles: OFFICE,
    // Accepting a request after its window closed is a manager's decision.
    rolesWhen: [{ field: 'lateAcceptedReason', roles: ['complaints-manager'], what: 'Accepting a late request' }],
    plan: escalate,
  },
  'refuse-escalation': { roles: ['complaints-manager'], plan: refuseEscalation },
  'appoint-investigators': { roles: OFFICE, plan: appointInvestigators },
  contact: { roles: [...OFFICE, 'investigating-officer'], plan: contact },
  'agree-statement': { roles: [...OFFICE, 'investigating-officer'], plan: agreeStatement },
  'suspend-for-resolution': { roles: OFFICE, plan: suspendForResolution },
  resume: { roles: OFFICE, plan: resume },
  'submit-reports': { roles: [...OFFICE, 'investigating-officer', 'independent-person'], plan: submitReports },
  adjudicate: { roles: ['complaints-manager', 'adjudicating-officer'], plan: adjudicate },
  'schedule-panel': { roles: OFFICE, plan: schedulePanel },
  'notify-panel': { roles: OFFICE, plan: panelNotice('stage3.notifyPanel', 'panel-notified') },
  'send-papers': { roles: OFFICE, plan: panelNotice('stage3.papers', 'papers-sent') },
  'adjourn-panel': { roles: OFFICE, plan: adjournPanel },
  'record-panel': { roles: [...OFFICE, 'panel-chair'], plan: recordPanel },
  'panel-report': { roles: [...OFFICE, 'panel-chair'], plan: panelReport },
  'share-recommendations': { roles: OFFICE, plan: shareRecommendations },
  'final-response': { roles: ['complaints-manager', 'director'], plan: finalResponse },
  hold: { roles: [...OFFICE, 'service-manager'], plan: hold },
  'release-hold': { roles: [...OFFICE, 'service-manager'], plan: releaseHold },
  withdraw: { roles: OFFICE, plan: withdraw },
  'record-findings': { roles: [...OFFICE, 'adjudicating-officer', 'panel-chair'], plan: recordFindings },
  'refer-to-ombudsman': { roles: OFFICE, plan: referToOmbudsman },
  'record-ombudsman-decision': { roles: OFFICE, plan: recordOmbudsmanDecision },
  'record-ombudsman-compliance': { roles: OFFICE, plan: recordOmbudsmanCompliance },
  close: { roles: ['complaints-manager'], plan: closeCase },
  // Who works a case decides who sees it (domain/access.ts): a manager's decision.
  assign: { roles: ['complaints-manager'], plan: assign },
  'record-learning': { roles: [...OFFICE, 'service-manager', 'adjudicating-officer', 'director'], plan: recordLearning },
  'record-satisfaction': { roles: OFFICE, plan: recordSatisfaction },
  'take-up-again': { roles: OFFICE, plan: takeUpAgain },
  advocacy: { roles: OFFICE, plan: advocacy },
  'progress-update': { roles: [...OFFICE, 'investigating-officer'], plan: progressUpdate },
  'arrange-meeting': { roles: [...OFFICE, 'investigating-officer', 'service-manager'], plan: arrangeMeeting },
  'record-meeting': { roles: [...OFFICE, 'investigating-officer', 'service-manager'], plan: recordMeeting },
  'request-extension': { roles: [...OFFICE, 'service-manager'], plan: requestExtension },
  // The complainant's own answer (domain/access.ts, COMPLAINANT_COMMANDS); staff record one given to them by phone or letter.
  'answer-extension': { roles: OFFICE, plan: answerExtension },
});
