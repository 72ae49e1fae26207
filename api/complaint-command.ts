import { WorkflowUpdateFailedError, type Client } from '@temporalio/client';
import { ApplicationFailure } from '@temporalio/common';
import { partLimit } from '../domain/access';
import type { CommandName } from '../domain/complaint/commands';
import { COMMAND_TABLE } from '../domain/complaint/table';
import type { CaseView } from '../domain/complaint/state';
import type { Records } from '../records/repository';
import { caseViewQuery, commandUpdates } from '../workflows/complaint/messages';
import { TRANSITION_REFUSED } from '../workflows/kit/refusal';
import { requireCommandRole, type Caller } from './auth/authenticate';
import { caseAccess, requireCaseCommand } from './auth/case-access';
import { strictClientBody } from './command-body';
import { bodyHash, recalledAnswer, scopedKeyHash } from './idempotency';
import { PROBLEM_TYPES, ProblemError, validationProblem } from './problems';
import { registerCheck } from './register-check';

/**
 * One command on one complaint, as the API's POST
 * /v1/complaints/{reference}/commands/{command} and the staff pages' forms
 * both send it: the case first (404 when the caller does not reach it), the
 * caller's part in it, the body (the table's schema, strict), the roles its
 * fields call for, the part's limits, the independence register, then the
 * workflow's Update (its id from the idempotency key). A keyed retry gets the
 * first answer: Temporal deduplicates an Update id only within one run, so
 * the answer is also kept in the records store, which outlives
 * continue-as-new and restarts.
 */
export interface ComplaintCommandDeps {
  client: Client;
  records: Records;
  now: () => number;
  onCommand?: (command: string, outcome: 'ok' | 'refused' | 'error') => void;
}

export interface ComplaintCommand {
  caller: Caller;
  reference: string;
  command: CommandName;
  body: unknown;
  /** The idempotency key, read after the case and the caller's part in it are known (a bad one is the caller's 400). */
  key: () => string | undefined;
}

/** The request a keyed answer is kept under: the API's path, whichever page sent it, so one key is one effect. */
const requestPathOf = (reference: string, command: string, body: unknown) => `/v1/complaints/${reference}/commands/${command}#${bodyHash(body)}`;

/** The case view after the command; `replayed` when a keyed retry got the first answer. Throws ProblemError, or the workflow's refusal (`refusalOf`). */
export async function sendComplaintCommand(deps: ComplaintCommandDeps, c: ComplaintCommand): Promise<{ view: CaseView; replayed: boolean }> {
  const { caller, reference, command } = c;
  const row = COMMAND_TABLE[command];
  const what = `The ${command} command`;
  const as = requireCaseCommand(await caseAccess(deps, caller, reference), caller, row.roles, what);
  const key = c.key();
  // The actor comes from the caller's token, never from the body.
  const parsed = strictClientBody(row.schema).safeParse(c.body ?? {});
  if (!parsed.success) throw validationProblem(parsed.error);
  // The roles the body's fields call for (a late acceptance is a manager's), among those the caller acts in here.
  requireCommandRole(row, what, { ...caller, roles: as }, parsed.data);
  // A part acts only for itself (an Independent Person submits no Investigating Officer's report).
  const overstep = partLimit(command, as, parsed.data);
  if (overstep) throw new ProblemError(403, PROBLEM_TYPES.forbidden, 'Not allowed', overstep);

  const keyHash = key ? scopedKeyHash(caller.subject, key) : undefined;
  const requestPath = requestPathOf(reference, command, parsed.data);
  const recalled = await recalledAnswer(deps.records, keyHash, caller.subject, { method: 'POST', path: requestPath }, { reference, view: 'case' });
  if (recalled) return { view: recalled.body as CaseView, replayed: true };
  // The independence register's answer (BANES 9.3): a refusal is a 409 naming its rule; the answer goes with the command.
  const register = await registerCheck(deps.records, command, parsed.data, deps.now());
  try {
    const view = await deps.client.workflow
      .getHandle(reference)
      .executeUpdate(commandUpdates[command] as (typeof commandUpdates)['acknowledge'], {
        args: [{ ...parsed.data, actor: caller.subject, ...(register ? { register } : {}) }],
        ...(keyHash ? { updateId: `${command}:${keyHash}` } : {}),
      });
    deps.onCommand?.(command, 'ok');
    if (keyHash) await deps.records.rememberResponse({ key: keyHash, actor: caller.subject, method: 'POST', path: requestPath, status: 200, body: view, reference });
    return { view, replayed: false };
  } catch (error) {
    deps.onCommand?.(command, error instanceof WorkflowUpdateFailedError ? 'refused' : 'error');
    throw error; // a refusal is a 409, no such case a 404: api/problems.ts
  }
}

/** The workflow's reason when it refused the step (the API's 409 detail); undefined for any other error. */
export function refusalOf(error: unknown): string | undefined {
  if (error instanceof WorkflowUpdateFailedError && error.cause instanceof ApplicationFailure && error.cause.type === TRANSITION_REFUSED) return error.cause.message;
  return undefined;
}

/** The case view as its workflow shows it now. */
export function currentView(client: Client, reference: string): Promise<CaseView> {
  return client.workflow.getHandle(reference).query(caseViewQuery);
}
