import type { CommandName } from '../commands';
import type { Plan } from './common';
import { acknowledge, triage } from './intake';
import { clarify, respond } from './stage1';
import { escalate, refuseEscalation } from './escalation';
import { adjudicate, agreeStatement, appointInvestigators, contact, resume, submitReports, suspendForResolution } from './stage2';
import { adjournPanel, finalResponse, panelNotice, panelReport, recordPanel, schedulePanel } from './stage3';
import { extend, hold, releaseHold } from './holds';
import { recordOmbudsmanCompliance, recordOmbudsmanDecision, referToOmbudsman } from './ombudsman';
import { closeCase, recordFindings, withdraw } from './closing';

/**
 * The procedure's rules, as pure functions of the state: each command checks
 * everything first and either refuses with a reason or returns the change to
 * apply. The workflow's Update validator runs the check alone; its handler
 * applies. No Temporal, no Node: unit-testable as it stands.
 */
export { notify, notifyDeferredHeads, TransitionRefused } from './common';
export { initialState } from './intake';
export { applyLapses, notifyClosedNotPursued } from './escalation';
export { discontinueCase, retainUntil } from './closing';

/** Every command's plan, by Update name. */
export const TRANSITIONS: { [C in CommandName]: Plan<C> } = {
  triage,
  acknowledge,
  clarify,
  extend,
  respond,
  escalate,
  'refuse-escalation': refuseEscalation,
  'appoint-investigators': appointInvestigators,
  contact,
  'agree-statement': agreeStatement,
  'suspend-for-resolution': suspendForResolution,
  resume,
  'submit-reports': submitReports,
  adjudicate,
  'schedule-panel': schedulePanel,
  'notify-panel': panelNotice('stage3.notifyPanel', 'panel-notified'),
  'send-papers': panelNotice('stage3.papers', 'papers-sent'),
  'adjourn-panel': adjournPanel,
  'record-panel': recordPanel,
  'panel-report': panelReport,
  'final-response': finalResponse,
  hold,
  'release-hold': releaseHold,
  withdraw,
  'record-findings': recordFindings,
  'refer-to-ombudsman': referToOmbudsman,
  'record-ombudsman-decision': recordOmbudsmanDecision,
  'record-ombudsman-compliance': recordOmbudsmanCompliance,
  close: closeCase,
};
