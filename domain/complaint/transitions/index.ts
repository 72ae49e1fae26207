import { plansOf } from '../../command-table';
import { COMMAND_TABLE } from '../table';

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

/** Every command's plan, by Update name: the plan column of the command table (../table.ts). */
export const TRANSITIONS = plansOf(COMMAND_TABLE);
