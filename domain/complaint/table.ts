import type { CommandRow } from '../command-table';
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
export const COMMAND_TABLE: { [C in CommandName]: ComplaintCommand<C> } = {
  triage: { schema: S.triage, roles: OFFICE, plan: triage },
  acknowledge: { schema: S.acknowledge, roles: OFFICE, plan: acknowledge },
  clarify: { schema: S.clarify, roles: [...OFFICE, 'service-manager'], plan: clarify },
  extend: { schema: S.extend, roles: [...OFFICE, 'service-manager'], plan: extend },
  respond: { schema: S.respond, roles: [...OFFICE, 'service-manager'], plan: respond },
  escalate: {
    schema: S.escalate,
    roles: OFFICE,
    // Accepting a request after its window closed is a manager's decision.
    rolesWhen: [{ field: 'lateAcceptedReason', roles: ['complaints-manager'], what: 'Accepting a late request' }],
    plan: escalate,
  },
  'refuse-escalation': { schema: S['refuse-escalation'], roles: ['complaints-manager'], plan: refuseEscalation },
  'appoint-investigators': { schema: S['appoint-investigators'], roles: OFFICE, plan: appointInvestigators },
  contact: { schema: S.contact, roles: [...OFFICE, 'investigating-officer'], plan: contact },
  'agree-statement': { schema: S['agree-statement'], roles: [...OFFICE, 'investigating-officer'], plan: agreeStatement },
  'suspend-for-resolution': { schema: S['suspend-for-resolution'], roles: OFFICE, plan: suspendForResolution },
  resume: { schema: S.resume, roles: OFFICE, plan: resume },
  'submit-reports': { schema: S['submit-reports'], roles: [...OFFICE, 'investigating-officer', 'independent-person'], plan: submitReports },
  adjudicate: { schema: S.adjudicate, roles: ['complaints-manager', 'adjudicating-officer'], plan: adjudicate },
  'schedule-panel': { schema: S['schedule-panel'], roles: OFFICE, plan: schedulePanel },
  'notify-panel': { schema: S['notify-panel'], roles: OFFICE, plan: panelNotice('stage3.notifyPanel', 'panel-notified') },
  'send-papers': { schema: S['send-papers'], roles: OFFICE, plan: panelNotice('stage3.papers', 'papers-sent') },
  'adjourn-panel': { schema: S['adjourn-panel'], roles: OFFICE, plan: adjournPanel },
  'record-panel': { schema: S['record-panel'], roles: [...OFFICE, 'panel-chair'], plan: recordPanel },
  'panel-report': { schema: S['panel-report'], roles: [...OFFICE, 'panel-chair'], plan: panelReport },
  'share-recommendations': { schema: S['share-recommendations'], roles: OFFICE, plan: shareRecommendations },
  'final-response': { schema: S['final-response'], roles: ['complaints-manager', 'director'], plan: finalResponse },
  hold: { schema: S.hold, roles: [...OFFICE, 'service-manager'], plan: hold },
  'release-hold': { schema: S['release-hold'], roles: [...OFFICE, 'service-manager'], plan: releaseHold },
  withdraw: { schema: S.withdraw, roles: OFFICE, plan: withdraw },
  'record-findings': { schema: S['record-findings'], roles: [...OFFICE, 'adjudicating-officer', 'panel-chair'], plan: recordFindings },
  'refer-to-ombudsman': { schema: S['refer-to-ombudsman'], roles: OFFICE, plan: referToOmbudsman },
  'record-ombudsman-decision': { schema: S['record-ombudsman-decision'], roles: OFFICE, plan: recordOmbudsmanDecision },
  'record-ombudsman-compliance': { schema: S['record-ombudsman-compliance'], roles: OFFICE, plan: recordOmbudsmanCompliance },
  close: { schema: S.close, roles: ['complaints-manager'], plan: closeCase },
  // Who works a case decides who sees it (domain/access.ts): a manager's decision.
  assign: { schema: S.assign, roles: ['complaints-manager'], plan: assign },
  'record-learning': { schema: S['record-learning'], roles: [...OFFICE, 'service-manager', 'adjudicating-officer', 'director'], plan: recordLearning },
  'record-satisfaction': { schema: S['record-satisfaction'], roles: OFFICE, plan: recordSatisfaction },
  'take-up-again': { schema: S['take-up-again'], roles: OFFICE, plan: takeUpAgain },
  advocacy: { schema: S.advocacy, roles: OFFICE, plan: advocacy },
  'progress-update': { schema: S['progress-update'], roles: [...OFFICE, 'investigating-officer'], plan: progressUpdate },
  'arrange-meeting': { schema: S['arrange-meeting'], roles: [...OFFICE, 'investigating-officer', 'service-manager'], plan: arrangeMeeting },
  'record-meeting': { schema: S['record-meeting'], roles: [...OFFICE, 'investigating-officer', 'service-manager'], plan: recordMeeting },
  'request-extension': { schema: S['request-extension'], roles: [...OFFICE, 'service-manager'], plan: requestExtension },
  // The complainant's own answer (domain/access.ts, COMPLAINANT_COMMANDS); staff record one given to them by phone or letter.
  'answer-extension': { schema: S['answer-extension'], roles: OFFICE, plan: answerExtension },
};
