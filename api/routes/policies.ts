import { Router } from 'express';
import { policyHistory } from '../../domain/policy';
import { policyDiff, policyRef } from '../../domain/policy-versions';
import { requireRole } from '../auth/authenticate';
import { ROLES, type Role } from '../auth/roles';

// Role-level, not case-level (domain/access.ts): the council's procedure, no case's data.
/** Every member of staff may read the procedure their dates are counted by. */
const POLICY_READ_ROLES: readonly Role[] = ROLES;

/** Each profile with its versions, oldest first: the policy as it stood, its note, and what differs from the version before. */
export function policiesView() {
  return policyHistory().map(({ id, versions }) => ({
    id,
    current: policyRef(id, versions.at(-1)!.policy.version),
    versions: versions.map(({ policy, changes }, i) => ({
      ref: policyRef(id, policy.version),
      version: policy.version,
      changes,
      differences: i === 0 ? [] : policyDiff(versions[i - 1]!.policy, policy),
      policy,
    })),
  }));
}

export function policyRoutes(): Router {
  const router = Router();
  /** GET /v1/policies: every profile's versions; a case keeps the one it started on (its view's `policy.version`). */
  router.get('/', (req, res) => {
    requireRole(POLICY_READ_ROLES, 'Reading the policies', req.caller);
    res.json({ policies: policiesView() });
  });
  return router;
}

/** The policies' path for the OpenAPI document. */
export function policyOpenApiPaths(problems: (...statuses: number[]) => Record<string, unknown>): Record<string, unknown> {
  return {
    '/v1/policies': {
      get: {
        operationId: 'listPolicies',
        summary: "Every council policy profile with its versions and what differs between consecutive versions",
        description:
          `Roles: ${POLICY_READ_ROLES.join(', ')}. Each version gives the policy as it stood (timescales, extensions, closure days and the rest), the council's note of what changed, ` +
          'and `differences` from the version before: each field that differs, `from` and `to` (for lists also `added` and `removed`). ' +
          "A case keeps the version it started on (`policy.version` in its view), through calendar changes too; a new version reaches only cases started after it.",
        tags: ['policies'],
        responses: { '200': { description: 'the profiles and their versions' }, ...problems(401, 403, 429, 503) },
      },
    },
  };
}
