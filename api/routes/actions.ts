import { randomUUID } from 'node:crypto';
import { Router } from 'express';
import { WorkflowNotFoundError, WorkflowUpdateFailedError, type Client } from '@temporalio/client';
import { ApplicationFailure } from '@temporalio/common';
import { z } from 'zod';
import { londonDateOf } from '../../domain/dates';
import { ActionRecords } from '../../records/actions';
import type { Records } from '../../records/repository';
import { ACTION_SOURCES, actionWorkflowId, staffId, type ACTION_COMMAND_BODIES, type ActionCommandName } from '../../domain/actions/commands';
import { ACTION_TABLE } from '../../domain/actions/table';
import { actionUpdates } from '../../workflows/actions/messages';
import { ACTION_REFUSED } from '../../workflows/actions/workflow';
import { listingScope } from '../../domain/access';
import { requireRole, type Caller } from '../auth/authenticate';
import { caseAccess, requireCaseCommand, type CaseAccess } from '../auth/case-access';
import { ROLES } from '../auth/roles';
import { bodyHash, idempotencyKey, scopedKeyHash, replayedAnswer } from '../idempotency';
import { fieldProblem, PROBLEM_TYPES, ProblemError, validationProblem } from '../problems';

export interface ActionRoutesDeps {
  client: Client;
  records: Records;
  /** Wall clock, injectable so tests can pin "today" (what "overdue" is measured against). */
  now?: () => number;
}

const booleanQuery = z.enum(['true', 'false']).transform((v) => v === 'true');

export const listActionsSchema = z
  .object({
    owner: staffId().optional(),
    overdue: booleanQuery.optional(),
    status: z.enum(['open', 'done']).optional(),
    reference: z.string().regex(/^[A-Za-z0-9.-]{1,100}$/).optional(),
    cursor: z.string().min(1).max(500).optional(),
    limit: z.coerce.number().int().min(1).max(200).default(50),
  })
  .strict();

const ACTION_ID = /^[A-Za-z0-9.-]{1,200}$/;

function noSuchAction(id: string): ProblemError {
  return new ProblemError(404, PROBLEM_TYPES.notFound, 'No such action', `No action has id ${id}`);
}

function parseId(raw: string): string {
  if (!ACTION_ID.test(raw)) throw noSuchAction(raw);
  return raw;
}

/** The owner of an action reads it and completes it, whatever their part in its case (not the auditor, who only reads). */
function owns(caller: Caller, action: { owner: string }): boolean {
  return caller.subject === action.owner && caller.roles.some((r) => r !== 'auditor');
}

/** /v1/actions: recommendations' actions, read from the records store, changed through their workflows. */
export function actionRoutes(deps: ActionRoutesDeps): Router {
  const router = Router();
  const now = deps.now ?? Date.now;
  const store = new ActionRecords(deps.records.db);
  const today = () => londonDateOf(now());

  /**
   * The caller's access to an action's case: an action of a case it does not
   * reach is no action at all (404, the same as an unknown id).
   */
  async function accessToCaseOf(caller: Caller, action: { id: string; reference: string }): Promise<CaseAccess> {
    try {
      return await caseAccess(deps, caller, action.reference);
    } catch (error) {
      if (error instanceof ProblemError && error.status === 404) throw noSuchAction(action.id);
      throw error;
    }
  }

  /**
   * GET /v1/actions?owner=&overdue=true&status=&reference=&cursor=&limit=: in
   * due order, the actions of the cases the caller reaches and those it owns.
   * Dates, states and staff ids, no personal data: no access log entry.
   */
  router.get('/', async (req, res) => {
    const caller = requireRole(ROLES, 'Listing actions', req.caller);
    const parsed = listActionsSchema.safeParse(req.query);
    if (!parsed.success) throw validationProblem(parsed.error);
    try {
      res.json(await store.list({ ...parsed.data, today: today() }, listingScope(caller)));
    } catch (error) {
      if ((error as Error).name === 'RecordsInputError') throw fieldProblem('cursor', (error as Error).message);
      throw error;
    }
  });

  /**
   * GET /v1/actions/{id}: the action, its history, and the evidence. The free
   * text (logged) for its owner and those who read the case's `actions` view;
   * dates and states only for the others who reach the case (the `summary`:
   * the auditor, the investigators, the panel's members).
   */
  router.get('/:id', async (req, res) => {
    const caller = requireRole(ROLES, 'Reading an action', req.caller);
    const id = parseId(req.params.id);
    const action = await store.get(id, today());
    if (!action) throw noSuchAction(id);
    const withText = owns(caller, action) || (await accessToCaseOf(caller, action)).views.has('actions');
    const detail = await store.detail(id, today(), { withText });
    if (!detail) throw noSuchAction(id);
    if (withText) await deps.records.recordAccess({ reference: detail.reference, actor: caller.subject, action: 'read', view: 'actions' });
    res.json(detail);
  });

  /** POST /v1/actions/{id}/commands/{complete|reassign|extend}: 200 with the action's view; 409 with the reason if refused. */
  router.post('/:id/commands/:command', async (req, res) => {
    const command = req.params.command as ActionCommandName;
    if (!Object.hasOwn(ACTION_TABLE, command)) {
      throw new ProblemError(404, PROBLEM_TYPES.notFound, 'No such command', `Unknown command "${req.params.command}"; commands: ${Object.keys(ACTION_TABLE).join(', ')}`);
    }
    const row = ACTION_TABLE[command];
    const caller = requireRole(ROLES, `The ${command} command`, req.caller);
    const id = parseId(req.params.id);
    const action = await store.get(id, today());
    if (!action) throw noSuchAction(id);
    // The owner may complete their own action; anything else takes one of the command's roles, in the action's case.
    if (!(row.ownerMay === true && owns(caller, action))) requireCaseCommand(await accessToCaseOf(caller, action), caller, row.roles, `The ${command} command`);
    const key = idempotencyKey(req);
    const parsed = row.body.safeParse(req.body ?? {});
    if (!parsed.success) throw validationProblem(parsed.error);
    const body = parsed.data as z.infer<(typeof ACTION_COMMAND_BODIES)[ActionCommandName]>;

    const keyHash = key ? scopedKeyHash(caller.subject, key) : undefined;
    const requestPath = `/v1/actions/${id}/commands/${command}#${bodyHash(body)}`;
    if (await replayedAnswer(deps.records, keyHash, caller.subject, { method: 'POST', path: requestPath }, res)) return;
    if (action.status === 'done') {
      throw new ProblemError(409, PROBLEM_TYPES.transitionRefused, 'The action does not allow this step', `the action was completed at ${action.completedAt}`);
    }
    if (!action.tracked) {
      throw new ProblemError(409, PROBLEM_TYPES.transitionRefused, 'The action does not allow this step', 'no workflow follows this action yet (its case predates action plans)');
    }

    // The Update id is the note id too: a retry finds both already there.
    const updateId = `action.${command}:${keyHash ?? randomUUID()}`;
    const at = 'at' in body && body.at !== undefined ? { at: body.at } : {};
    const args =
      command === 'reassign'
        ? { actor: caller.subject, noteId: updateId, ...at, owner: (body as { owner: string }).owner }
        : command === 'extend'
          ? { actor: caller.subject, noteId: updateId, ...at, workingDays: (body as { workingDays: number }).workingDays }
          : { actor: caller.subject, noteId: updateId, ...at };
    // The text first, so the step's event always finds its note; a refused step's note is removed again.
    await store.addNote({
      actionId: id,
      noteId: updateId,
      kind: command,
      actor: caller.subject,
      ...('reason' in body ? { text: body.reason } : {}),
      ...('evidence' in body ? { ...(body.evidence.summary ? { text: body.evidence.summary } : {}), ...(body.evidence.reference ? { evidenceReference: body.evidence.reference } : {}) } : {}),
    });
    let view;
    try {
      view = await deps.client.workflow
        .getHandle(actionWorkflowId(id))
        .executeUpdate(actionUpdates[command] as (typeof actionUpdates)['complete'], { args: [args as never], updateId });
    } catch (error) {
      // Refused, or the action's workflow is over: the step's note goes again (the 409 is api/problems.ts's).
      if ((error instanceof WorkflowUpdateFailedError && error.cause instanceof ApplicationFailure && error.cause.type === ACTION_REFUSED) || error instanceof WorkflowNotFoundError) {
        await store.removeNote(id, updateId);
      }
      throw error;
    }
    if (keyHash) await deps.records.rememberResponse({ key: keyHash, actor: caller.subject, method: 'POST', path: requestPath, status: 200, body: view, reference: action.reference });
    res.json(view);
  });

  return router;
}

function jsonSchema(s: z.ZodType): Record<string, unknown> {
  const { $schema: _ignored, ...rest } = z.toJSONSchema(s, { io: 'input', unrepresentable: 'any' }) as Record<string, unknown>;
  return rest;
}

function problems(...statuses: number[]): Record<string, unknown> {
  return Object.fromEntries(
    statuses.map((s) => [String(s), { description: `problem ${s}`, content: { 'application/problem+json': { schema: { $ref: '#/components/schemas/Problem' } } } }]),
  );
}

const idParameter = { name: 'id', in: 'path', required: true, schema: { type: 'string', pattern: ACTION_ID.source }, example: 'CSC-2026-7KQ3MP-stage2-R1' };
const idempotencyParameter = {
  name: 'Idempotency-Key',
  in: 'header',
  required: false,
  schema: { type: 'string', minLength: 1, maxLength: 200, pattern: '^[\\x21-\\x7e]+$' },
  description: 'A retry with the same key returns the first answer and applies nothing twice.',
};

/** The actions' paths for the OpenAPI document (api/openapi.ts spreads them in). */
export function actionPaths(): Record<string, unknown> {
  const commands = Object.fromEntries(
    Object.entries(ACTION_TABLE).map(([name, row]) => [
      `/v1/actions/{id}/commands/${name}`,
      {
        post: {
          operationId: `action_${name}`,
          summary: String(z.globalRegistry.get(row.body)?.description ?? `The action's ${name} command`).replace(/\.$/, ''),
          description: `Roles: ${row.roles.join(', ')}${row.ownerMay ? ', or the action\'s owner' : ''}. The roles count in the action's case only (404 for an action of a case the caller does not reach). \`at\` defaults to now; never in the future. Reasons and evidence are kept in the records store, not in the workflow.`,
          tags: ['actions'],
          parameters: [idParameter, idempotencyParameter],
          requestBody: { required: true, content: { 'application/json': { schema: jsonSchema(row.body) } } },
          responses: { '200': { description: "The action's view" }, ...problems(400, 401, 403, 404, 409, 413, 415, 429, 503) },
        },
      },
    ]),
  );
  return {
    '/v1/actions': {
      get: {
        operationId: 'listActions',
        summary: `Recommendations' actions by owner and by overdue, in due order (sources: ${ACTION_SOURCES.join(', ')})`,
        description: 'Every role: the actions of the cases the caller reaches (README, access) and those it owns. `overdue=true`: open after the end of its due date (London). Read from the records store.',
        tags: ['actions'],
        parameters: [
          { name: 'owner', in: 'query', required: false, schema: { type: 'string' } },
          { name: 'overdue', in: 'query', required: false, schema: { type: 'string', enum: ['true', 'false'] } },
          { name: 'status', in: 'query', required: false, schema: { type: 'string', enum: ['open', 'done'] } },
          { name: 'reference', in: 'query', required: false, schema: { type: 'string' } },
          { name: 'cursor', in: 'query', required: false, schema: { type: 'string' } },
          { name: 'limit', in: 'query', required: false, schema: { type: 'integer', minimum: 1, maximum: 200 } },
        ],
        responses: { '200': { description: '{ actions, nextCursor }' }, ...problems(400, 401, 403, 429, 503) },
      },
    },
    '/v1/actions/{id}': {
      get: {
        operationId: 'getAction',
        summary: 'An action with its history and evidence',
        description: "Its owner, and those who reach its case: the evidence's free text for the owner and the roles that read the case's `actions` view, dates and states only for the others. 404 for an action of a case the caller does not reach.",
        tags: ['actions'],
        parameters: [idParameter],
        responses: { '200': { description: 'the action' }, ...problems(401, 403, 404, 429, 503) },
      },
    },
    ...commands,
  };
}
