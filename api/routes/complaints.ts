import crypto from 'node:crypto';
import { Router } from 'express';
import {
  WorkflowExecutionAlreadyStartedError,
  WorkflowNotFoundError,
  WorkflowUpdateFailedError,
  type Client,
} from '@temporalio/client';
import { ApplicationFailure } from '@temporalio/common';
import { defaultCalendarData } from '../../domain/calendar';
import { getPolicy } from '../../domain/policy';
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
import { PROBLEM_TYPES, ProblemError, validationProblem } from '../problems';
import { createComplaintSchema, referenceSchema } from '../schemas';

export interface ComplaintRoutesDeps {
  client: Client;
  taskQueue: string;
  defaultPolicy: string;
  /** Wall clock, injectable so tests can pin "now". */
  now?: () => number;
}

/** Until staff sign in (bearer tokens), steps are recorded as done through the API. */
const ACTOR = 'api';

// Crockford base32 without I, L, O, U: readable on the phone, no offensive words.
const REFERENCE_ALPHABET = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';

export function newReference(now: number): string {
  const year = new Date(now).getUTCFullYear();
  const suffix = Array.from({ length: 6 }, () => REFERENCE_ALPHABET[crypto.randomInt(32)]).join('');
  return `CSC-${year}-${suffix}`;
}

function parseReference(raw: string): string {
  const parsed = referenceSchema.safeParse(raw);
  if (!parsed.success) throw new ProblemError(404, PROBLEM_TYPES.notFound, 'No such complaint', `No complaint has reference ${raw}`);
  return parsed.data;
}

/** Turns Temporal's answers into the API's problems. */
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

  router.post('/', async (req, res) => {
    const parsed = createComplaintSchema.safeParse(req.body);
    if (!parsed.success) throw validationProblem(parsed.error);
    const body = parsed.data;
    if (Date.parse(body.receivedAt) > now()) {
      throw new ProblemError(400, PROBLEM_TYPES.validation, 'The request is not valid', 'See errors for each invalid field.', {
        errors: [{ field: 'receivedAt', message: 'is in the future' }],
      });
    }
    let policy;
    try {
      policy = getPolicy(body.policy ?? deps.defaultPolicy);
    } catch (error) {
      throw new ProblemError(400, PROBLEM_TYPES.validation, 'The request is not valid', 'See errors for each invalid field.', {
        errors: [{ field: 'policy', message: (error as Error).message }],
      });
    }
    const calendar = defaultCalendarData(policy.division, policy.closureDays);
    for (;;) {
      const reference = newReference(now());
      try {
        const handle = await deps.client.workflow.start(complaintWorkflow, {
          workflowId: reference,
          taskQueue: deps.taskQueue,
          args: [{ reference, receivedAt: body.receivedAt, policy, calendar, team: body.team, actor: ACTOR }],
          typedSearchAttributes: [
            { key: ComplaintStage, value: 'stage1' },
            { key: ComplaintStatus, value: 'awaiting-triage' },
            { key: ComplaintProcedure, value: 'untriaged' },
            ...(body.team ? [{ key: ComplaintTeam, value: body.team }] : []),
            { key: OnHold, value: false },
            { key: Overdue, value: false },
          ],
          memo: { reference, stage: 'stage1' },
        });
        const view = await handle.query(caseViewQuery);
        res.status(201).location(`/v1/complaints/${reference}`).json(view);
        return;
      } catch (error) {
        // A reference already in use (one in a billion): draw another.
        if (!(error instanceof WorkflowExecutionAlreadyStartedError)) throw error;
      }
    }
  });

  router.get('/:reference', async (req, res) => {
    const reference = parseReference(req.params.reference);
    try {
      res.json(await deps.client.workflow.getHandle(reference).query(caseViewQuery));
    } catch (error) {
      temporalProblem(error, reference);
    }
  });

  router.post('/:reference/commands/:command', async (req, res) => {
    const reference = parseReference(req.params.reference);
    const command = req.params.command as CommandName;
    if (!Object.hasOwn(COMMAND_SCHEMAS, command)) {
      throw new ProblemError(404, PROBLEM_TYPES.notFound, 'No such command', `Unknown command "${req.params.command}"; commands: ${Object.keys(COMMAND_SCHEMAS).join(', ')}`);
    }
    // The actor comes from the caller's identity, never from the body.
    const schema = (COMMAND_SCHEMAS[command] as typeof stepSchema).omit({ actor: true }).strict();
    const parsed = schema.safeParse(req.body ?? {});
    if (!parsed.success) throw validationProblem(parsed.error);
    try {
      const view = await deps.client.workflow
        .getHandle(reference)
        .executeUpdate(commandUpdates[command] as (typeof commandUpdates)['acknowledge'], { args: [{ ...parsed.data, actor: ACTOR }] });
      res.json(view);
    } catch (error) {
      temporalProblem(error, reference);
    }
  });

  return router;
}
