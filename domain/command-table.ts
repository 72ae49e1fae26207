import type { z } from 'zod';
import type { Role } from './roles';

/**
 * One row of a workflow kind's command table (domain/<kind>/table.ts): the
 * command's input schema, who may send it, and its plan. The API's command
 * routes, role checks and OpenAPI, and the workflow's Updates and their
 * registration, are all derived from the table.
 */
export interface CommandRow<P> {
  /** The input as the workflow's Update takes it (the actor included). */
  schema: z.ZodType;
  /** Who may send the command. The auditor reads only. */
  roles: readonly Role[];
  /**
   * Roles a field of the input calls for besides `roles`: when the parsed
   * input has `field`, the caller must also hold one of these (`what` names
   * the decision in the 403).
   */
  rolesWhen?: readonly RoleRule[];
  /** The rules: refuses (TransitionRefused) or returns the change to apply. */
  plan: P;
}

export interface RoleRule {
  field: string;
  roles: readonly Role[];
  what: string;
}

/**
 * Rules of every row of every kind: a reason for a step backdated over a
 * deadline already shown missed is a complaints manager's to give
 * (domain/complaint/past.ts, honestBackdate).
 */
export const EVERY_ROW_RULES: readonly RoleRule[] = [
  { field: 'backdateReason', roles: ['complaints-manager'], what: 'Backdating a step over a deadline already shown as missed (backdateReason)' },
];

/** The role rules a parsed input triggers: the row's, in its order, then those of every row. */
export function roleRulesFor(row: Pick<CommandRow<unknown>, 'rolesWhen'>, input: object): readonly RoleRule[] {
  return [...(row.rolesWhen ?? []), ...EVERY_ROW_RULES].filter((rule) => Object.hasOwn(input, rule.field));
}

/** A table's plan column, by command name (for callers that plan without the API: imports, tests). */
export function plansOf<T extends Record<string, { plan: unknown }>>(table: T): { [C in keyof T]: T[C]['plan'] } {
  return Object.fromEntries(Object.entries(table).map(([name, row]) => [name, row.plan])) as { [C in keyof T]: T[C]['plan'] };
}

/**
 * A table's rows, each with its command's schema from `schemas` read when
 * first asked for: a workflow woken for a replay builds none (domain/lazy.ts).
 */
export function withSchemas<T extends { [C in keyof T]: { schema: z.ZodType } }>(schemas: NoInfer<{ [C in keyof T]: z.ZodType }>, rows: { [C in keyof T]: Omit<T[C], 'schema'> }): T {
  for (const name of Object.keys(rows) as (keyof T)[]) {
    Object.defineProperty(rows[name], 'schema', { enumerable: true, get: () => schemas[name] });
  }
  return rows as T;
}
