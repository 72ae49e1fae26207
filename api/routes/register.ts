import { Router } from 'express';
import type { Records } from '../../records/repository';
import type { RegisterEntry } from '../../records/register';
import { requireRole } from '../auth/authenticate';
import type { Role } from '../auth/roles';
import { OFFICE } from '../../domain/roles';
import { fieldProblem, PROBLEM_TYPES, ProblemError, validationProblem } from '../problems';
import { registerEntrySchema, registerIdSchema } from '../schemas-people';

/**
 * The independence register (BANES 2022-23 9.3): who may be appointed as an
 * Investigating Officer, an Independent Person, a Review Panel member or its
 * Chair. Complaints managers keep it; the complaints team reads it (names of
 * staff and contractors: each read is logged, view `register`). Role-level,
 * not case-level: it holds no case's data.
 */
const READ_ROLES: readonly Role[] = OFFICE;
const WRITE_ROLES: readonly Role[] = ['complaints-manager'];

/** An id in the path: a read of one that cannot exist is a 404; a write naming one is the client's mistake, a 400 naming the field. */
function parseId(raw: string, use: 'read' | 'write' = 'read'): string {
  const parsed = registerIdSchema.safeParse(raw);
  if (parsed.success) return parsed.data;
  if (use === 'write') throw fieldProblem('id', parsed.error.issues[0]?.message ?? 'not a staff or contractor id');
  throw new ProblemError(404, PROBLEM_TYPES.notFound, 'Not on the register', 'No register entry has that id');
}

/** An entry as the API shows it: `councilOfficerOrMember` as the body gives it. */
function shown(e: RegisterEntry) {
  const { ofCouncil, ...rest } = e;
  return { ...rest, councilOfficerOrMember: ofCouncil };
}

export function registerRoutes(deps: { records: Records }): Router {
  const router = Router();

  /** GET /v1/register: every entry. */
  router.get('/', async (req, res) => {
    const caller = requireRole(READ_ROLES, 'Reading the independence register', req.caller);
    await deps.records.recordAccess({ actor: caller.subject, action: 'read', view: 'register' });
    res.json({ register: (await deps.records.register.list()).map(shown) });
  });

  /** GET /v1/register/{id}: one entry, or 404. */
  router.get('/:id', async (req, res) => {
    const caller = requireRole(READ_ROLES, 'Reading the independence register', req.caller);
    const entry = await deps.records.register.get(parseId(req.params.id));
    if (!entry) throw new ProblemError(404, PROBLEM_TYPES.notFound, 'Not on the register', `No register entry ${req.params.id}: a complaints manager adds it with PUT /v1/register/${req.params.id}`);
    await deps.records.recordAccess({ actor: caller.subject, action: 'read', view: 'register' });
    res.json(shown(entry));
  });

  /** PUT /v1/register/{id}: adds (201) or replaces (200) an entry. */
  router.put('/:id', async (req, res) => {
    const caller = requireRole(WRITE_ROLES, 'Keeping the independence register', req.caller);
    const id = parseId(req.params.id, 'write');
    const parsed = registerEntrySchema.safeParse(req.body);
    if (!parsed.success) throw validationProblem(parsed.error);
    const { councilOfficerOrMember, ...body } = parsed.data;
    const { created, entry } = await deps.records.register.put({ id, ...body, ofCouncil: councilOfficerOrMember }, caller.subject);
    res.status(created ? 201 : 200).json(shown(entry));
  });

  return router;
}

/** The register's paths for the OpenAPI document. */
export function registerOpenApiPaths(schema: (s: typeof registerEntrySchema) => Record<string, unknown>, problems: (...statuses: number[]) => Record<string, unknown>): Record<string, unknown> {
  const id = { name: 'id', in: 'path', required: true, schema: { type: 'string', pattern: '^[A-Za-z0-9._@-]{1,100}$' }, example: 'ip.baker' };
  const reads = `Roles: ${READ_ROLES.join(', ')}; each read is logged (the access log, view register).`;
  return {
    '/v1/register': {
      get: { operationId: 'listRegister', summary: 'The independence register (BANES 9.3): every entry', description: reads, tags: ['register'], responses: { '200': { description: 'the entries' }, ...problems(401, 403, 429, 503) } },
    },
    '/v1/register/{id}': {
      get: { operationId: 'getRegisterEntry', summary: 'One entry of the independence register', description: reads, tags: ['register'], parameters: [id], responses: { '200': { description: 'the entry' }, ...problems(401, 403, 404, 429, 503) } },
      put: {
        operationId: 'putRegisterEntry',
        summary: 'Adds or replaces an entry of the independence register',
        description:
          `Roles: ${WRITE_ROLES.join(', ')}. The id is the one commands name the person with. Appointing an Independent Person or a Review Panel member or Chair needs an entry for that part, and one not an officer or member of the council (Luton 16.3, Rutland 10.1): the command is refused (409, /problems/not-independent) otherwise.`,
        tags: ['register'],
        parameters: [id],
        requestBody: { required: true, content: { 'application/json': { schema: schema(registerEntrySchema) } } },
        responses: { '200': { description: 'replaced' }, '201': { description: 'added' }, ...problems(400, 401, 403, 413, 415, 429, 503) },
      },
    },
  };
}
