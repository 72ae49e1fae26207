import { Router } from 'express';
import type { Client } from '@temporalio/client';
import { OFFICE } from '../../domain/roles';
import type { Records } from '../../records/repository';
import { requireRole } from '../auth/authenticate';
import { caseAccess, noSuchComplaint, requireCaseCommand } from '../auth/case-access';
import { ROLES } from '../auth/roles';
import { validationProblem } from '../problems';
import { communicationNeedsSchema } from '../schemas-people';
import { referenceSchema } from '../schemas';

/**
 * PUT /v1/complaints/{reference}/communication-needs (Luton 3.3, 13.4 and
 * 13.7): how letters and meetings must reach the complainant. Personal data:
 * the records store only, never the workflow; letters made after the change
 * carry the new needs (activities/delivery/correspondence.ts).
 */
export function communicationNeedsRoutes(deps: { client: Client; records: Records }): Router {
  const router = Router();
  const what = 'Changing communication needs';
  router.put('/:reference/communication-needs', async (req, res) => {
    const caller = requireRole(ROLES, what, req.caller);
    const ref = referenceSchema.safeParse(req.params.reference);
    if (!ref.success) throw noSuchComplaint(req.params.reference);
    const reference = ref.data;
    // Whoever may work the case (the complaints team that reaches it), as for its commands.
    requireCaseCommand(await caseAccess(deps, caller, reference), caller, OFFICE, what);
    const parsed = communicationNeedsSchema.safeParse(req.body ?? {});
    if (!parsed.success) throw validationProblem(parsed.error);
    if (!(await deps.records.getCase(reference))) throw noSuchComplaint(reference);
    await deps.records.communicationNeeds.set(reference, parsed.data, caller.subject);
    res.json({ reference, communicationNeeds: await deps.records.communicationNeeds.get(reference) });
  });
  return router;
}

/** Its path for the OpenAPI document. */
export function communicationNeedsOpenApiPaths(
  schema: (s: typeof communicationNeedsSchema) => Record<string, unknown>,
  problems: (...statuses: number[]) => Record<string, unknown>,
  reference: Record<string, unknown>,
): Record<string, unknown> {
  return {
    '/v1/complaints/{reference}/communication-needs': {
      put: {
        operationId: 'putCommunicationNeeds',
        summary: "Sets the complainant's communication needs: format, language, interpreter, BSL, other arrangements",
        description:
          `Roles: ${OFFICE.join(', ')}, on a case they reach. Replaces the needs recorded (set at logging with communicationNeeds, or here); letters made after it carry the new needs ` +
          '(each letter\'s correspondence row keeps the needs in force when it was made, and a printed letter opens with a line for staff). Kept in the case file only, never in the workflow.',
        tags: ['complaints'],
        parameters: [reference],
        requestBody: { required: true, content: { 'application/json': { schema: schema(communicationNeedsSchema) } } },
        responses: { '200': { description: 'the needs now recorded' }, ...problems(400, 401, 403, 404, 413, 415, 429, 503) },
      },
    },
  };
}
