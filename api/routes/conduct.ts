import { Router } from 'express';
import { WithStartWorkflowOperation, type Client } from '@temporalio/client';
import { z } from 'zod';
import { londonDateOf } from '../../domain/dates';
import { getPolicy } from '../../domain/policy';
import { councilPolicy } from '../council-policy';
import { currentCalendarData } from '../../records/calendar';
import { ConductRegister, type RegisterEntry } from '../../records/conduct';
import { RESTRICTION_LEVELS } from '../../records/types';
import type { Records } from '../../records/repository';
import { conductBodySchema, type ConductCommandName } from '../../domain/conduct/commands';
import { CONDUCT_TABLE } from '../../domain/conduct/table';
import { conductUpdates } from '../../workflows/conduct/messages';
import { conductWorkflowId } from '../../domain/conduct/state';
import { conductWorkflow } from '../../workflows/conduct/workflow';
import { requireCommandRole, requireRole, type Caller } from '../auth/authenticate';
import type { Role } from '../auth/roles';
import { bodyHash, idempotencyKey, scopedKeyHash, replayedAnswer } from '../idempotency';
import { PROBLEM_TYPES, ProblemError, validationProblem } from '../problems';

/**
 * Who reads the register: those who run the protocol, and the auditor
 * (without the reasons, which are personal data). All three reach every case
 * (domain/access.ts), so the register is read whole: the manager and the
 * Director as casework, the auditor as the `summary` (dates, levels, ways of
 * contact; no reasons).
 */
export const CONDUCT_READ_ROLES: readonly Role[] = ['complaints-manager', 'director', 'auditor'];

const personIdSchema = z.string().regex(/^[1-9]\d{0,14}$/).transform(Number);

export const registerQuerySchema = z
  .object({
    personId: personIdSchema.optional(),
    level: z.enum(RESTRICTION_LEVELS).optional(),
    /** Only entries in force on this London date. */
    activeOn: z.iso.date().optional(),
  })
  .strict();

export interface ConductRoutesDeps {
  client: Client;
  records: Records;
  taskQueue: string;
  defaultPolicy: string;
  now?: () => number;
}

function parsePersonId(raw: string): number {
  const parsed = personIdSchema.safeParse(raw);
  if (!parsed.success) throw new ProblemError(404, PROBLEM_TYPES.notFound, 'No such person', `No person has id ${raw}`);
  return parsed.data;
}

/** The roles that run the protocol read its reasons (a logged read); the auditor does not. */
function readsReasons(caller: Caller): boolean {
  return caller.roles.some((r) => r !== 'auditor' && CONDUCT_READ_ROLES.includes(r));
}

function withheld(entries: RegisterEntry[], caller: Caller): RegisterEntry[] {
  return readsReasons(caller) ? entries : entries.map((e) => ({ ...e, reason: null }));
}

/** /v1/conduct: the unreasonable-conduct protocol, one workflow per person; the register from the records store. */
export function conductRoutes(deps: ConductRoutesDeps): Router {
  const router = Router();
  const register = new ConductRegister(deps.records.db);
  const today = () => londonDateOf(deps.now?.() ?? Date.now());

  /** GET /v1/conduct: the register, filtered by person, level, or entries in force on a date. */
  router.get('/', async (req, res) => {
    const caller = requireRole(CONDUCT_READ_ROLES, 'Reading the conduct register', req.caller);
    const parsed = registerQuerySchema.safeParse(req.query);
    if (!parsed.success) throw validationProblem(parsed.error);
    const entries = await register.list({ ...parsed.data, on: parsed.data.activeOn ?? today() });
    if (readsReasons(caller)) await deps.records.recordAccess({ actor: caller.subject, action: 'read', view: 'conduct' });
    res.json({ entries: withheld(entries, caller) });
  });

  /** GET /v1/conduct/{personId}: the person's level today and every measure on the register. */
  router.get('/:personId', async (req, res) => {
    const caller = requireRole(CONDUCT_READ_ROLES, 'Reading the conduct register', req.caller);
    const personId = parsePersonId(req.params.personId);
    const person = await register.person(personId);
    if (!person) throw new ProblemError(404, PROBLEM_TYPES.notFound, 'No such person', `No person has id ${personId}`);
    const entries = await register.list({ personId, on: today() });
    if (readsReasons(caller)) await deps.records.recordAccess({ reference: person.reference, actor: caller.subject, action: 'read', view: 'conduct' });
    const inForce = entries.filter((e) => e.inForce).at(-1);
    res.json({ personId, reference: person.reference, workflowId: conductWorkflowId(personId), level: inForce?.level ?? 'none', entries: withheld(entries, caller) });
  });

  /**
   * POST /v1/conduct/{personId}/commands/{name}: one decision. Starts the
   * person's workflow on first use (update-with-start). 200 with the
   * person's conduct view; 409 with the reason if refused.
   */
  router.post('/:personId/commands/:command', async (req, res) => {
    const command = req.params.command as ConductCommandName;
    if (!Object.hasOwn(CONDUCT_TABLE, command)) {
      throw new ProblemError(404, PROBLEM_TYPES.notFound, 'No such command', `Unknown command "${req.params.command}"; commands: ${Object.keys(CONDUCT_TABLE).join(', ')}`);
    }
    const caller = requireCommandRole(CONDUCT_TABLE[command], `The ${command} decision`, req.caller);
    const personId = parsePersonId(req.params.personId);
    const key = idempotencyKey(req);
    // The actor comes from the caller's token, never from the body.
    const schema = conductBodySchema(command);
    const parsed = schema.safeParse(req.body ?? {});
    if (!parsed.success) throw validationProblem(parsed.error);
    const person = await register.person(personId);
    if (!person) throw new ProblemError(404, PROBLEM_TYPES.notFound, 'No such person', `No person has id ${personId}`);

    const keyHash = key ? scopedKeyHash(caller.subject, key) : undefined;
    const requestPath = `${req.baseUrl}/${personId}/commands/${command}#${bodyHash(parsed.data)}`;
    // A replayed decision shows the person's measures and their reasons: a read of their conduct.
    if (await replayedAnswer(deps.records, keyHash, caller.subject, { method: 'POST', path: requestPath }, res, { reference: person.reference, view: 'conduct' })) return;
    // The council's current calendar, as a new case gets; later changes reach the workflow by signal.
    let policy;
    try {
      policy = getPolicy(person.policyId, person.policyVersion);
    } catch {
      policy = (await councilPolicy(deps.records, deps.defaultPolicy))();
    }
    const calendar = await currentCalendarData(deps.records.db, policy);
    const start = new WithStartWorkflowOperation(conductWorkflow, {
      workflowId: conductWorkflowId(personId),
      taskQueue: deps.taskQueue,
      args: [{ personId, reference: person.reference, calendar }],
      workflowIdConflictPolicy: 'USE_EXISTING',
    });
    // A refused decision is a 409 from the error handler (api/problems.ts).
    const view = await deps.client.workflow.executeUpdateWithStart(conductUpdates[command] as (typeof conductUpdates)['warn'], {
      args: [{ ...(parsed.data as object), actor: caller.subject } as never],
      startWorkflowOperation: start,
      ...(keyHash ? { updateId: `conduct.${command}:${keyHash}` } : {}),
    });
    if (keyHash) await deps.records.rememberResponse({ key: keyHash, actor: caller.subject, method: 'POST', path: requestPath, status: 200, body: view, reference: person.reference });
    res.json(view);
  });

  return router;
}

function jsonSchema(s: z.ZodType): Record<string, unknown> {
  const { $schema: _ignored, ...rest } = z.toJSONSchema(s, { io: 'input', unrepresentable: 'any' }) as Record<string, unknown>;
  return rest;
}

/** The OpenAPI paths of /v1/conduct, from the same zod schemas the routes parse with. */
export function conductOpenApiPaths(): Record<string, unknown> {
  const problem = (description: string) => ({ description, content: { 'application/problem+json': { schema: { $ref: '#/components/schemas/Problem' } } } });
  const errors = {
    '400': problem('Invalid request: every invalid field is listed'),
    '401': problem('No valid bearer token'),
    '403': problem("The caller's roles do not allow this"),
    '404': problem('No such person or command'),
    '429': problem('Too many requests'),
    '503': problem('Temporal or the records store unavailable; retry after Retry-After'),
  };
  const personId = { name: 'personId', in: 'path', required: true, schema: { type: 'string', pattern: '^[1-9][0-9]{0,14}$' }, description: "A person's id in the records store (a case's `people[].id`)." };
  const idempotencyKey = {
    name: 'Idempotency-Key',
    in: 'header',
    required: false,
    schema: { type: 'string', minLength: 1, maxLength: 200, pattern: '^[\\x21-\\x7e]+$' },
    description: 'A retry with the same key returns the first answer and applies nothing twice.',
  };
  const commands = Object.fromEntries(
    (Object.keys(CONDUCT_TABLE) as ConductCommandName[]).map((name) => [
      `/v1/conduct/{personId}/commands/${name}`,
      {
        post: {
          operationId: `conduct_${name.replace(/-/g, '_')}`,
          summary: String(z.globalRegistry.get(conductBodySchema(name))?.description ?? `The ${name} decision of the unreasonable-conduct protocol`).replace(/\.$/, ''),
          description: `Roles: ${CONDUCT_TABLE[name].roles.join(', ')}. Starts the person's protocol on first use. \`at\` defaults to now; never in the future, never before the last decision.`,
          tags: ['conduct'],
          parameters: [personId, idempotencyKey],
          requestBody: { required: true, content: { 'application/json': { schema: jsonSchema(conductBodySchema(name)) } } },
          responses: { '200': { description: "The person's conduct view" }, '409': problem('Refused by the protocol, with the reason'), ...errors },
        },
      },
    ]),
  );
  return {
    '/v1/conduct': {
      get: {
        operationId: 'conductRegister',
        summary: 'The unreasonable-conduct register: who, in force when, expiring when, what restrictions, when notified',
        description: `Roles: ${CONDUCT_READ_ROLES.join(', ')} (the auditor without the reasons).`,
        tags: ['conduct'],
        parameters: Object.keys(registerQuerySchema.shape).map((name) => ({ name, in: 'query', required: false, schema: { type: 'string' } })),
        responses: { '200': { description: 'the register' }, ...errors },
      },
    },
    '/v1/conduct/{personId}': {
      get: {
        operationId: 'conductPerson',
        summary: "A person's level today and every measure on the register",
        description: `Roles: ${CONDUCT_READ_ROLES.join(', ')}.`,
        tags: ['conduct'],
        parameters: [personId],
        responses: { '200': { description: "the person's register entries" }, ...errors },
      },
    },
    ...commands,
  };
}
