import { CouncilNotServed } from '../council-clients';
import { WorkflowNotFoundError, type Client } from '@temporalio/client';
import { decideCommand, viewsOf, rolesReaching, type CaseAccessFacts, type View } from '../../domain/access';
import type { Role } from '../../domain/roles';
import type { Records } from '../../records/repository';
import { accessFactsQuery } from '../../workflows/complaint/messages';
import { PROBLEM_TYPES, ProblemError } from '../problems';
import type { Caller } from './authenticate';

/**
 * The API's one application of the access rule (domain/access.ts) to a case:
 * what the caller may read of it and do on it. The rule itself is the
 * table's; this only finds the case's facts and answers 404 or 403.
 */
export interface CaseAccessDeps {
  client: Client;
  records: Pick<Records, 'caseAccessFacts'>;
}

export interface CaseAccess {
  reference: string;
  facts: CaseAccessFacts;
  /** The caller's roles that reach this case. */
  roles: Role[];
  views: Set<View>;
}

/** The one answer for a case that does not exist and for one the caller may not know of: existence is not disclosed. */
export function noSuchComplaint(reference: string): ProblemError {
  return new ProblemError(404, PROBLEM_TYPES.notFound, 'No such complaint', `No complaint has reference ${reference}`);
}

/**
 * The caller's access to a case; 404 when it reaches nothing of it. The
 * records store's copy of the facts may lag the workflow by one sync, so a
 * refusal (or a case not yet filed) is confirmed with the workflow's own
 * facts: an Investigating Officer can act the moment they are appointed.
 */
export async function caseAccess(deps: CaseAccessDeps, caller: Caller, reference: string): Promise<CaseAccess> {
  let facts = await deps.records.caseAccessFacts(reference);
  if (!facts || viewsOf(caller, facts).size === 0) {
    // The workflow is asked only in the namespace of the request's own
    // council (api/council-clients.ts): another council's case is not there.
    try {
      facts = await deps.client.workflow.getHandle(reference).query(accessFactsQuery);
    } catch (error) {
      if (error instanceof WorkflowNotFoundError || error instanceof CouncilNotServed) throw noSuchComplaint(reference);
      throw error;
    }
  }
  const views = viewsOf(caller, facts);
  if (views.size === 0) throw noSuchComplaint(reference);
  return { reference, facts, roles: rolesReaching(caller, facts), views };
}

/** 403 unless the caller may read `view` of the case (it already reaches the case: caseAccess). */
export function requireView(access: CaseAccess, view: View, what: string): void {
  if (access.views.has(view)) return;
  throw new ProblemError(
    403,
    PROBLEM_TYPES.forbidden,
    'Not allowed',
    `${what} needs the ${view} view of this case; your part in it reads: ${[...access.views].join(', ')}`,
  );
}

/**
 * Whether the caller may send a command of this row on the case: only in a
 * role that reaches it (404 when none does, 403 naming the roles when it
 * reaches the case otherwise). Returns the roles it acts in.
 */
export function requireCaseCommand(access: CaseAccess, caller: Caller, rowRoles: readonly Role[], what: string): Role[] {
  const decision = decideCommand(caller, access.facts, rowRoles, what);
  if (decision.allowed) return decision.as;
  if (decision.status === 404) throw noSuchComplaint(access.reference);
  throw new ProblemError(403, PROBLEM_TYPES.forbidden, 'Not allowed', decision.detail);
}
