import type { z } from 'zod';
import { withSchemas, type CommandRow } from '../command-table';
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
export const ACTION_TABLE = withSchemas<{ [C in ActionCommandName]: ActionCommand<C> }>(S, {
  complete: { get body() { return B.complete; }, roles: [...OFFICE, 'service-manager', 'director'], ownerMay: true, plan: complete },
  reassign: { get body() { return B.reassign; }, roles: ['complaints-manager', 'service-manager', 'director'], plan: reassign },
  extend: { get body() { return B.extend; }, roles: ['complaints-manager', 'director'], plan: extend },
});
