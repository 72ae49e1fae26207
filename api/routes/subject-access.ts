import { Router } from 'express';
import type { z } from 'zod';
import type { Records } from '../../records/repository';
import { SubjectAccessRefused } from '../../records/subject-access';
import type { SubjectAccessRequest } from '../../records/types';
import { requireRole } from '../auth/authenticate';
import type { Role } from '../auth/roles';
import { fieldProblem, validationProblem } from '../problems';
import { SUBJECT_ACCESS_EXAMPLE, subjectAccessRequestSchema, type SubjectAccessBody } from '../schemas';

/** A subject access export is the complaints manager's (as the council's DPO asks of them). */
const SUBJECT_ACCESS_ROLES: readonly Role[] = ['complaints-manager'];

function recordsRequest(body: SubjectAccessBody): SubjectAccessRequest {
  if (body.personId !== undefined) return { personIds: [body.personId].flat() };
  const { name, dateOfBirth, email, phone, postcode, confirm } = body;
  return { identifiers: { name: name!, dateOfBirth, email, phone, postcode }, ...(confirm ? { confirm } : {}) };
}

/**
 * POST /v1/subject-access: everything held about one person, in the cases
 * where they are exactly identified, other people's data withheld; cases
 * where only the name matches come back as candidates to confirm. Each
 * case exported is logged in the access log as an 'export'; candidates are not.
 */
export function subjectAccessRoutes(deps: { records: Records }): Router {
  const router = Router();
  router.post('/subject-access', async (req, res) => {
    const caller = requireRole(SUBJECT_ACCESS_ROLES, 'A subject access export', req.caller);
    const parsed = subjectAccessRequestSchema.safeParse(req.body);
    if (!parsed.success) throw validationProblem(parsed.error);
    let answer;
    try {
      answer = await deps.records.subjectAccessExport(recordsRequest(parsed.data));
    } catch (error) {
      if (error instanceof SubjectAccessRefused) throw fieldProblem(error.field, error.message);
      throw error;
    }
    // Logged before it is sent: an export that is not in the log never leaves.
    for (const c of answer.cases) await deps.records.recordAccess({ reference: c.case.reference, actor: caller.subject, action: 'export', view: 'subject-access', at: answer.generatedAt });
    res.json(answer);
  });
  return router;
}

/** The schema's rule (zod's refinement) as JSON Schema: an id alone, or a name with another identifier; never both. */
const WHO = [
  { required: ['personId'], properties: Object.fromEntries(['name', 'dateOfBirth', 'email', 'phone', 'postcode', 'confirm'].map((f) => [f, false])) },
  ...['dateOfBirth', 'email', 'phone', 'postcode'].map((f) => ({ required: ['name', f], properties: { personId: false } })),
];

/** The path for the OpenAPI document. */
export function subjectAccessOpenApiPaths(schema: (s: z.ZodType) => Record<string, unknown>, problems: (...statuses: number[]) => Record<string, unknown>): Record<string, unknown> {
  return {
    '/v1/subject-access': {
      post: {
        operationId: 'subjectAccess',
        summary: "Everything held about one person, exactly identified; other people's data withheld; logged as an export",
        description:
          `Roles: ${SUBJECT_ACCESS_ROLES.join(', ')}. The body names the person by \`personId\` (one or several), or by \`name\` with at least one ` +
          'of `dateOfBirth`, `email`, `phone`, `postcode` (a name alone is refused). A case is exported when the person\'s record there agrees on ' +
          'an identifier given and differs on none; other cases holding the name are `candidates` (reference, person id, role, which identifiers ' +
          'matched or differ: no data), exported only when asked again with their `personId` or `confirm: [reference]`. Other people in each ' +
          'case are withheld, and so is free text written by or about them (each such value reads the withheld line; `withholding` says the ' +
          'rule). Each case exported is in the access log as an export; candidates are not.',
        tags: ['audit'],
        requestBody: { required: true, content: { 'application/json': { schema: { ...schema(subjectAccessRequestSchema), anyOf: WHO }, example: SUBJECT_ACCESS_EXAMPLE } } },
        responses: { '200': { description: 'the export: cases, candidates, and what is withheld' }, ...problems(400, 401, 403, 413, 415, 429, 503) },
      },
    },
  };
}
