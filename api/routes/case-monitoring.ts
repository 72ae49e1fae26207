import { Router } from 'express';
import { z } from 'zod';
import type { Client } from '@temporalio/client';
import { CHILD_CARE } from '../../domain/care-flags';
import { EQUALITIES_FIELDS, EQUALITIES_SUBJECTS } from '../../domain/equalities';
import { OFFICE } from '../../domain/roles';
import type { Records } from '../../records/repository';
import { requireRole } from '../auth/authenticate';
import { ROLES } from '../auth/roles';
import { caseAccess, noSuchComplaint, requireCaseCommand, requireView } from '../auth/case-access';
import { validationProblem } from '../problems';
import { referenceSchema } from '../schemas';

/**
 * What the complaints team records about the people of a case beside the
 * procedure, straight into the records store (never the workflow, search
 * attributes or logs):
 * - equalities monitoring (BANES 3.9, Luton 13.7): voluntary, given by the
 *   complainant, written by the complaints team, read per case only through
 *   the `equalities` view (the complaints manager, domain/access.ts), each
 *   read logged; reported in aggregate only (records/report-closure.ts);
 * - the child's care flag (BANES 3.4), read with the case view.
 */

export interface CaseMonitoringDeps {
  client: Client;
  records: Records;
}

const answer = (values: readonly string[]) => z.enum(values as [string, ...string[]]).optional();
export const equalitiesSchema = z
  .object({
    subject: z.enum(EQUALITIES_SUBJECTS).describe('Whose answers: the complainant\'s or the child\'s.'),
    ageBand: answer(EQUALITIES_FIELDS.ageBand),
    sex: answer(EQUALITIES_FIELDS.sex),
    ethnicity: answer(EQUALITIES_FIELDS.ethnicity),
    disability: answer(EQUALITIES_FIELDS.disability),
    religion: answer(EQUALITIES_FIELDS.religion),
    sexualOrientation: answer(EQUALITIES_FIELDS.sexualOrientation),
  })
  .strict()
  .meta({
    description: 'Equalities monitoring, as the person gave it: every answer optional (left out: not given), each with prefer-not-to-say. Replaces what was recorded for that person.',
    examples: [{ subject: 'complainant', ageBand: '25-44', sex: 'female', ethnicity: 'prefer-not-to-say' }],
  });

export const childCareSchema = z
  .object({ childCare: z.enum(CHILD_CARE).describe('The child is in care, care-experienced, a care leaver, or none of these (BANES 3.4).') })
  .strict()
  .meta({ examples: [{ childCare: 'in-care' }] });

function parseReference(raw: string): string {
  const parsed = referenceSchema.safeParse(raw);
  if (!parsed.success) throw noSuchComplaint(raw);
  return parsed.data;
}

export function caseMonitoringRoutes(deps: CaseMonitoringDeps): Router {
  const router = Router();

  /** POST /v1/complaints/{reference}/equalities: the complaints team records what a person gave. The answer reads nothing back. */
  router.post('/:reference/equalities', async (req, res) => {
    const what = 'Recording equalities monitoring';
    const caller = requireRole(ROLES, what, req.caller);
    const reference = parseReference(req.params.reference);
    requireCaseCommand(await caseAccess(deps, caller, reference), caller, OFFICE, what);
    const parsed = equalitiesSchema.safeParse(req.body ?? {});
    if (!parsed.success) throw validationProblem(parsed.error);
    const { subject, ...answers } = parsed.data;
    await requireFiled(deps.records, reference);
    await deps.records.equalities.record(reference, subject, answers, caller.subject);
    res.json({ reference, subject, recorded: true });
  });

  /** GET /v1/complaints/{reference}/equalities: the answers, for the `equalities` view only; logged. */
  router.get('/:reference/equalities', async (req, res) => {
    const what = 'Reading equalities monitoring';
    const caller = requireRole(ROLES, what, req.caller);
    const reference = parseReference(req.params.reference);
    requireView(await caseAccess(deps, caller, reference), 'equalities', what);
    await requireFiled(deps.records, reference);
    await deps.records.recordAccess({ reference, actor: caller.subject, action: 'read', view: 'equalities' });
    res.json({ reference, equalities: await deps.records.equalities.read(reference) });
  });

  /** POST /v1/complaints/{reference}/child-care: changes the child's care flag (set when the case is logged). */
  router.post('/:reference/child-care', async (req, res) => {
    const what = "Recording the child's care status";
    const caller = requireRole(ROLES, what, req.caller);
    const reference = parseReference(req.params.reference);
    requireCaseCommand(await caseAccess(deps, caller, reference), caller, OFFICE, what);
    const parsed = childCareSchema.safeParse(req.body ?? {});
    if (!parsed.success) throw validationProblem(parsed.error);
    await requireFiled(deps.records, reference);
    await deps.records.equalities.setChildCare(reference, parsed.data.childCare, caller.subject);
    res.json({ reference, childCare: parsed.data.childCare });
  });

  return router;
}

async function requireFiled(records: Records, reference: string): Promise<void> {
  if ((await records.equalities.childCare(reference)) === undefined) throw noSuchComplaint(reference);
}

/** The three operations for /openapi.json and /docs. */
export function caseMonitoringOpenApiPaths(schema: (s: z.ZodType) => Record<string, unknown>, problems: (...statuses: number[]) => Record<string, unknown>): Record<string, unknown> {
  const reference = { name: 'reference', in: 'path', required: true, schema: { type: 'string' } };
  return {
    '/v1/complaints/{reference}/equalities': {
      post: {
        operationId: 'recordEqualities',
        summary: 'Records the equalities monitoring a person gave (voluntary; special category data, held apart)',
        description: `Roles: ${OFFICE.join(', ')}, on a case they reach. The answers are not read back.`,
        tags: ['complaints'],
        parameters: [reference],
        requestBody: { required: true, content: { 'application/json': { schema: schema(equalitiesSchema), example: { subject: 'complainant', ageBand: '25-44', sex: 'female' } } } },
        responses: { '200': { description: 'recorded: reference, subject, recorded: true' }, ...problems(400, 401, 403, 404, 415, 429, 503) },
      },
      get: {
        operationId: 'getEqualities',
        summary: "The case's equalities monitoring answers (the complaints manager only; logged)",
        description: 'The `equalities` view of the case (the README\'s access table): the complaints manager alone; every other role 403 (404 on a case it does not reach).',
        tags: ['complaints'],
        parameters: [reference],
        responses: { '200': { description: 'the answers per person' }, ...problems(401, 403, 404, 429, 503) },
      },
    },
    '/v1/complaints/{reference}/child-care': {
      post: {
        operationId: 'recordChildCare',
        summary: "Changes the child's care status: in care, care-experienced, a care leaver, or none",
        description: `Roles: ${OFFICE.join(', ')}, on a case they reach. Read with the case view (\`childCare\`).`,
        tags: ['complaints'],
        parameters: [reference],
        requestBody: { required: true, content: { 'application/json': { schema: schema(childCareSchema), example: { childCare: 'in-care' } } } },
        responses: { '200': { description: 'the flag as recorded' }, ...problems(400, 401, 403, 404, 415, 429, 503) },
      },
    },
  };
}
