import { plansOf, withSchemas, type CommandRow } from '../command-table';
import { CONDUCT_COMMAND_SCHEMAS as S, type ConductCommandName } from './commands';
import { discontinue, lift, refuseContact, restrict, review, warn, type Plan } from './transitions';

/**
 * The unreasonable-conduct protocol's decisions, one row each: the input
 * schema (commands.ts), who may take it, and its plan (transitions.ts). The
 * Updates, their registration, the API's routes, role checks and OpenAPI are
 * derived from it.
 *
 * Who decides what: Rutland appendix A, the officer's manager warns; the
 * Strategic Director decides restrictions, their period, refusing contact and
 * stopping investigations. Luton 9.2: the complaints manager recommends, the
 * service director approves. So the complaints manager may warn and lift; the
 * Director takes the rest.
 */
export const CONDUCT_TABLE = withSchemas<{ [C in ConductCommandName]: CommandRow<Plan<C>> }>(S, {
  warn: { roles: ['complaints-manager', 'director'], plan: warn },
  restrict: { roles: ['director'], plan: restrict },
  review: { roles: ['director'], plan: review },
  'refuse-contact': { roles: ['director'], plan: refuseContact },
  discontinue: { roles: ['director'], plan: discontinue },
  lift: { roles: ['complaints-manager', 'director'], plan: lift },
});

/** Every decision's plan, by Update name: the plan column of the table. */
export const CONDUCT_TRANSITIONS = plansOf(CONDUCT_TABLE);
