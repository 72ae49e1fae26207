import type { z } from 'zod';
import type { CommandRow } from '../command-table';
import { OFFICE } from '../roles';
import { ACTION_COMMAND_BODIES as B, ACTION_COMMAND_SCHEMAS as S, type ActionCommandName } from './commands';
import { complete, extend, reassign, type ActionPlan } from './transitions';

/** A row of the action's table: besides the Update's input, the API's body (free text kept in the records store). */
export interface ActionCommand<C extends ActionCommandName> extends CommandRow<ActionPlan<C>> {
  body: z.ZodType;
  /** The action's owner may send it whatever their role (the auditor aside). */
  ownerMay?: boolean;
}

/**
 * A recommendation's action commands, one row each: the Update's input
 * schema, the API's body, who may send it and its plan (transitions.ts). The
 * Updates, their registration, the API's routes, role checks and OpenAPI are
 * derived from it. Completing takes the office or a manager (or the owner);
 * moving it to someone else or to a later date takes a manager.
 */
export const ACTION_TABLE: { [C in ActionCommandName]: ActionCommand<C> } = {
  complete: { schema: S.complete, body: B.complete, roles: [...OFFICE, 'service-manager', 'director'], ownerMay: true, plan: complete },
  reassign: { schema: S.reassign, body: B.reassign, roles: ['complaints-manager', 'service-manager', 'director'], plan: reassign },
  extend: { schema: S.extend, body: B.extend, roles: ['complaints-manager', 'director'], plan: extend },
};
