import { Router } from 'express';
import {
  WorkflowExecutionAlreadyStartedError,
  WorkflowNotFoundError,
  WorkflowUpdateFailedError,
  type Client,
} from '@temporalio/client';
import { ApplicationFailure } from '@temporalio/common';
import { defaultCalendarData } from '../../domain/calendar';
import { londonDateOf } from '../../domain/dates';
import { getPolicy, type Policy } from '../../domain/policy';
import { caseViewQuery, COMMAND_SCHEMAS, commandUpdates, type CommandName, type stepSchema } from '../../workflows/complaint/messages';
import {
  ComplaintProcedure,
  ComplaintStage,
  ComplaintStatus,
  ComplaintTeam,
  OnHold,
  Overdue,
} from '../../workflows/complaint/search-attributes';
import { TRANSITION_REFUSED, complaintWorkflow } from '../../workflows/complaint/workflow';
import { requireRole } from '../auth/authenticate';
import { COMMAND_ROLES, CREATE_ROLES, LATE_ACCEPT_ROLES } from '../auth/roles';
import { bodyHash, idempotencyKey, referenceFor, scopedKeyHash } from '../idempotency';
import { fieldProblem, PROBLEM_TYPES, ProblemError, validationProblem } from '../problems';
import { createComplaintSchema, referenceSchema } from '../schemas';

export interface ComplaintRoutesDeps {
  client: Client;
  taskQueue: string;
  defaultPolicy: string;
  /** Wall clock, injectable so tests can pin "now". */
  now?: () => number;
  /** Counts commands by name and outcome (metrics). */
  onCommand?: (command: string, outcome: 'ok' | 'refused' | 'error') => void;
}

function parseReference(raw: string): string {
  const parsed = referenceSchema.safeParse(raw);
  if (!parsed.success) throw new ProblemError(404, PROBLEM_TYPES.notFound, 'No such complaint', `No complaint has reference ${raw}`);
  return parsed.data;
}

/** Turns Temporal's answers into the API's problems; rethrows anything else. */
function temporalProblem(error: unknown, reference: string): never {
  if (error instanceof WorkflowNotFoundError) {
    throw new ProblemError(404, PROBLEM_TYPES.notFound, 'No such complaint', `No complaint has reference ${reference}`);
  }
  if (error instanceof WorkflowUpdateFailedError && error.cause instanceof ApplicationFailure && error.cause.type === TRANSITION_REFUSED) {
    throw new ProblemError(409, PROBLEM_TYPES.transitionRefused, 'The case does not allow this step', error.cause.message);
  }
  throw error;
}

export function complaintRoutes(deps: ComplaintRoutesDeps): Router {
  const router = Router();
  const now = deps.now ?? Date.now;

  /** POST /v1/complaints: logs a complaint and starts its workflow. 201 with Location and the case view. */
  router.post('/', async (req, res) => {
    const caller = requireRole(CREATE_ROLES, 'Logging a complaint', req.caller);
    const key = idempotencyKey(req);
    const parsed = createComplaintSchema.safeParse(req.body);
    if (!parsed.success) throw validationProblem(parsed.error);
    const body = parsed.data;
    const received = Date.parse(body.receivedAt);
    if (received > now()) throw fieldProblem('receivedAt', 'is in the future');
    let policy: Policy;
    try {
      policy = getPolicy(body.policy ?? deps.defaultPolicy);
    } catch (error) {
      throw fieldProblem('policy', (error as Error).message);
    }
    const calendar = defaultCalendarData(policy.division, policy.closureDays);
    const keyHash = key ? scopedKeyHash(caller.subject, key) : undefined;
    const requestHash = bodyHash(body);
    const year = Number(londonDateOf(received).slice(0, 4));

    for (let attempt = 0; attempt < 20; attempt++) {
      const reference = referenceFor(year, keyHash, attempt);
      try {
        const handle = await deps.client.workflow.start(complaintWorkflow, {
          workflowId: reference,
          taskQueue: deps.taskQueue,
          args: [{ reference, receivedAt: body.receivedAt, policy, calendar, team: body.team, actor: caller.subject }],
          typedSearchAttributes: [
            { key: ComplaintStage, value: 'stage1' },
            { key: ComplaintStatus, value: 'awaiting-triage' },
            { key: ComplaintProcedure, value: 'untriaged' },
            ...(body.team ? [{ key: ComplaintTeam, value: body.team }] : []),
            { key: OnHold, value: false },
            { key: Overdue, value: false },
          ],
          // Hashes only: the memo is stored unencrypted.
          memo: { reference, stage: 'stage1', ...(keyHash ? { idempotencyKey: keyHash, requestHash } : {}) },
        });
        res.status(201).location(`/v1/complaints/${reference}`).json(await handle.query(caseViewQuery));
        return;
      } catch (error) {
        if (!(error instanceof WorkflowExecutionAlreadyStartedError)) throw error;
        if (!keyHash) continue; // a random reference already in use: draw another
        const existing = await deps.client.workflow.getHandle(reference).describe();
        if (existing.memo?.idempotencyKey !== keyHash) continue; // another case's reference: next in this key's sequence
        if (existing.memo?.requestHash !== requestHash) {
          throw new ProblemError(409, PROBLEM_TYPES.idempotencyKeyReused, 'Idempotency-Key reused', `This key already created ${reference} from a different request.`);
        }
        res.status(201).location(`/v1/complaints/${reference}`).json(await deps.client.workflow.getHandle(reference).query(caseViewQuery));
        return;
      }
    }
    throw new Error('no free complaint reference after 20 attempts');
  });

  /** GET /v1/complaints/{reference}: the case view from its workflow. */
  router.get('/:reference', async (req, res) => {
    requireRole(['complaints-officer', 'complaints-manager', 'service-manager', 'investigating-officer', 'independent-person', 'adjudicating-officer', 'panel-chair', 'director', 'auditor'], 'Reading a case', req.caller);
    const reference = parseReference(req.params.reference);
    try {
      res.json(await deps.client.workflow.getHandle(reference).query(caseViewQuery));
    } catch (error) {
      temporalProblem(error, reference);
    }
  });

  /** POST /v1/complaints/{reference}/commands/{command}: one transition; 200 with the new case view, 409 with the reason if refused. */
  router.post('/:reference/commands/:command', async (req, res) => {
    const command = req.params.command as CommandName;
    if (!Object.hasOwn(COMMAND_SCHEMAS, command)) {
      throw new ProblemError(404, PROBLEM_TYPES.notFound, 'No such command', `Unknown command "${req.params.command}"; commands: ${Object.keys(COMMAND_SCHEMAS).join(', ')}`);
    }
    const caller = requireRole(COMMAND_ROLES[command], `The ${command} command`, req.caller);
    const reference = parseReference(req.params.reference);
    const key = idempotencyKey(req);
    // The actor comes from the caller's token, never from the body.
    const schema = (COMMAND_SCHEMAS[command] as typeof stepSchema).omit({ actor: true }).strict();
    const parsed = schema.safeParse(req.body ?? {});
    if (!parsed.success) throw validationProblem(parsed.error);
    if (command === 'escalate' && 'lateAcceptedReason' in parsed.data) requireRole(LATE_ACCEPT_ROLES, 'Accepting a late request', caller);
    try {
      const view = await deps.client.workflow
        .getHandle(reference)
        .executeUpdate(commandUpdates[command] as (typeof commandUpdates)['acknowledge'], {
          args: [{ ...parsed.data, actor: caller.subject }],
          ...(key ? { updateId: `${command}:${scopedKeyHash(caller.subject, key)}` } : {}),
        });
      deps.onCommand?.(command, 'ok');
      res.json(view);
    } catch (error) {
      deps.onCommand?.(command, error instanceof WorkflowUpdateFailedError ? 'refused' : 'error');
      temporalProblem(error, reference);
    }
  });

  return router;
}
