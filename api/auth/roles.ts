import type { CommandName } from '../../domain/complaint/commands';

/** The roles a token may carry (claim `roles`). */
export const ROLES = [
  'complaints-officer',
  'complaints-manager',
  'service-manager',
  'investigating-officer',
  'independent-person',
  'adjudicating-officer',
  'panel-chair',
  'director',
  'auditor',
] as const;
export type Role = (typeof ROLES)[number];

const OFFICE: Role[] = ['complaints-officer', 'complaints-manager'];

/** Who may send each command. The auditor reads only. */
export const COMMAND_ROLES: Record<CommandName, readonly Role[]> = {
  triage: OFFICE,
  acknowledge: OFFICE,
  clarify: [...OFFICE, 'service-manager'],
  extend: [...OFFICE, 'service-manager'],
  respond: [...OFFICE, 'service-manager'],
  escalate: OFFICE,
  'refuse-escalation': ['complaints-manager'],
  'appoint-investigators': OFFICE,
  contact: [...OFFICE, 'investigating-officer'],
  'agree-statement': [...OFFICE, 'investigating-officer'],
  'suspend-for-resolution': OFFICE,
  resume: OFFICE,
  'submit-reports': [...OFFICE, 'investigating-officer', 'independent-person'],
  adjudicate: ['complaints-manager', 'adjudicating-officer'],
  'schedule-panel': OFFICE,
  'notify-panel': OFFICE,
  'send-papers': OFFICE,
  'adjourn-panel': OFFICE,
  'record-panel': [...OFFICE, 'panel-chair'],
  'panel-report': [...OFFICE, 'panel-chair'],
  'final-response': ['complaints-manager', 'director'],
  hold: [...OFFICE, 'service-manager'],
  'release-hold': [...OFFICE, 'service-manager'],
  withdraw: OFFICE,
  'record-findings': [...OFFICE, 'adjudicating-officer', 'panel-chair'],
  'refer-to-ombudsman': OFFICE,
  'record-ombudsman-decision': OFFICE,
  'record-ombudsman-compliance': OFFICE,
  close: ['complaints-manager'],
};

/** Creating a case: the complaints team logs what arrives. */
export const CREATE_ROLES: readonly Role[] = OFFICE;
/** Accepting a request after its window closed is a manager's decision. */
export const LATE_ACCEPT_ROLES: readonly Role[] = ['complaints-manager'];
/** Who sees names, contact details and the complaint's text. */
export const PERSONAL_DATA_ROLES: readonly Role[] = ROLES.filter((r) => r !== 'auditor');
/** Who sees decoded payloads through the codec endpoint (the Temporal UI): operators who run the procedure. */
export const CODEC_ROLES: readonly Role[] = ['complaints-manager'];
/**
 * Who may act on a recommendation's action (besides its owner, who may
 * complete it whatever their role): completing takes the office or a
 * manager; moving it to someone else or to a later date takes a manager.
 */
export const ACTION_COMMAND_ROLES: Record<'complete' | 'reassign' | 'extend', readonly Role[]> = {
  complete: [...OFFICE, 'service-manager', 'director'],
  reassign: ['complaints-manager', 'service-manager', 'director'],
  extend: ['complaints-manager', 'director'],
};
