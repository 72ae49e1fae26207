import { Router } from 'express';
import { WorkflowExecutionAlreadyStartedError, WorkflowNotFoundError, type Client } from '@temporalio/client';
import { z } from 'zod';
import { bankHolidayFileSchema, DIVISIONS } from '../../domain/bank-holidays';
import { CalendarStore, type CalendarChange, type CalendarVersion } from '../../records/calendar';
import type { Records } from '../../records/repository';
import { calendarChangeProgressQuery, calendarChangeWorkflowId, type CalendarChangeProgress } from '../../workflows/calendar/messages';
import { calendarChangeWorkflow } from '../../workflows/calendar/workflow';
import { requireRole } from '../auth/authenticate';
import { ROLES, type Role } from '../auth/roles';
import { bodyHash, idempotencyKey, replayedAnswer, scopedKeyHash } from '../idempotency';
import { fieldProblem, PROBLEM_TYPES, ProblemError, validationProblem } from '../problems';

/** Loading a bank holidays file or a closure day moves live cases' dates: a manager's decision. */
export const CALENDAR_CHANGE_ROLES: readonly Role[] = ['complaints-manager'];
// The calendar and its changes are role-level, not case-level (domain/access.ts): dates and counts of cases moved, no case's data.
/** Every member of staff may see the calendar their dates are counted on. */
const CALENDAR_READ_ROLES: readonly Role[] = ROLES;
const CHANGE_READ_ROLES: readonly Role[] = ['complaints-officer', 'complaints-manager', 'auditor'];

export const closureDaySchema = z
  .object({
    date: z.iso.date().describe('The London date the council is closed.'),
    reason: z.string().trim().min(1).max(200).meta({ description: 'Why, as shown in the explanations of the deadlines it touches.', examples: ['Office move'] }),
  })
  .strict()
  .meta({ description: 'A council closure day.', examples: [{ date: '2026-12-29', reason: 'Office move' }] });

export interface CalendarRoutesDeps {
  client: Client;
  records: Records;
  taskQueue: string;
}

/** A closure day names a date or a reason; anything else is read as a GOV.UK bank holidays file. */
function isClosureDayBody(body: unknown): boolean {
  return typeof body === 'object' && body !== null && !Array.isArray(body) && ('date' in body || 'reason' in body);
}

function versionView(version: CalendarVersion) {
  const events = version.bankHolidays['england-and-wales'].events;
  return {
    id: version.id,
    createdAt: version.createdAt,
    createdBy: version.createdBy,
    closureDays: version.closureDays,
    bankHolidays: { division: 'england-and-wales', from: events[0]?.date ?? null, to: events.at(-1)?.date ?? null, events: events.map((e) => ({ date: e.date, title: e.title })) },
  };
}

function changeView(change: CalendarChange, progress: CalendarChangeProgress | null) {
  return { id: change.seq, version: change.version, kind: change.kind, detail: change.detail, actor: change.actor, createdAt: change.createdAt, workflowId: calendarChangeWorkflowId(change.version), progress };
}

export function calendarRoutes(deps: CalendarRoutesDeps): Router {
  const router = Router();
  const store = new CalendarStore(deps.records.db);

  /** The pass's progress, or null if it has not started; the run of a later change of the same version reports that change. */
  async function progressOf(change: CalendarChange): Promise<CalendarChangeProgress | null> {
    try {
      return await deps.client.workflow.getHandle(calendarChangeWorkflowId(change.version)).query(calendarChangeProgressQuery);
    } catch (error) {
      if (error instanceof WorkflowNotFoundError) return null;
      throw error;
    }
  }

  /**
   * Starts the pass carrying `change` to live cases. A new change replaces a
   * pass still running for the same version (an older change of it); a change
   * already current joins its pass, running or finished: the same run.
   */
  async function startPass(change: CalendarChange, created: boolean): Promise<void> {
    const options = {
      workflowId: calendarChangeWorkflowId(change.version),
      taskQueue: deps.taskQueue,
      args: [{ change: change.seq, version: change.version, actor: change.actor }] as [Parameters<typeof calendarChangeWorkflow>[0]],
    };
    try {
      await deps.client.workflow.start(
        calendarChangeWorkflow,
        created ? { ...options, workflowIdConflictPolicy: 'TERMINATE_EXISTING' } : { ...options, workflowIdConflictPolicy: 'USE_EXISTING', workflowIdReusePolicy: 'REJECT_DUPLICATE' },
      );
    } catch (error) {
      if (!(error instanceof WorkflowExecutionAlreadyStartedError)) throw error;
    }
  }

  /** GET /v1/calendar: the current version (England and Wales holidays, closure days) and the change that made it current. */
  router.get('/', async (req, res) => {
    requireRole(CALENDAR_READ_ROLES, 'Reading the calendar', req.caller);
    const { version, change } = await store.current();
    res.json({ version: versionView(version), change: change ? changeView(change, null) : null });
  });

  /**
   * POST /v1/calendar/changes: a GOV.UK bank holidays file, or a closure day
   * `{date, reason}`. Stores the new version and starts the pass that moves
   * live cases onto it: 202 with the change (Location: its progress). The
   * content already current changes nothing and answers with its change.
   */
  router.post('/changes', async (req, res) => {
    const caller = requireRole(CALENDAR_CHANGE_ROLES, 'Changing the calendar', req.caller);
    const key = idempotencyKey(req);
    const closure = isClosureDayBody(req.body);
    const parsed = closure ? closureDaySchema.safeParse(req.body) : bankHolidayFileSchema().safeParse(req.body);
    if (!parsed.success) throw validationProblem(parsed.error);
    if (!closure) {
      // A calendar is built from one division's events: a division without any could date nothing.
      const file = parsed.data as z.infer<ReturnType<typeof bankHolidayFileSchema>>;
      const empty = DIVISIONS.find((d) => file[d].events.length === 0);
      if (empty) throw fieldProblem(`${empty}.events`, 'has no events');
    }

    const keyHash = key ? scopedKeyHash(caller.subject, key) : undefined;
    const requestPath = `${req.baseUrl}/changes#${bodyHash(parsed.data)}`;
    if (await replayedAnswer(deps.records, keyHash, caller.subject, { method: req.method, path: requestPath }, res)) return;

    const result = closure
      ? await store.addClosureDay(parsed.data as z.infer<typeof closureDaySchema>, caller.subject)
      : await store.loadBankHolidays(parsed.data as z.infer<ReturnType<typeof bankHolidayFileSchema>>, caller.subject);
    let status = 200;
    let body: unknown = { change: null, version: versionView(result.version), detail: 'This calendar is already current: nothing changes.' };
    if (result.change) {
      await startPass(result.change, result.created);
      status = 202;
      body = { ...changeView(result.change, await progressOf(result.change)), created: result.created };
      res.location(`${req.baseUrl}/changes/${result.change.seq}`);
    }
    if (keyHash) await deps.records.rememberResponse({ key: keyHash, actor: caller.subject, method: 'POST', path: requestPath, status, body });
    res.status(status).json(body);
  });

  /** GET /v1/calendar/changes/{id}: one change and how far its pass has got (done, skipped, failed of total). */
  router.get('/changes/:id', async (req, res) => {
    requireRole(CHANGE_READ_ROLES, 'Reading a calendar change', req.caller);
    const id = /^\d{1,15}$/.test(req.params.id) ? Number(req.params.id) : NaN;
    const change = Number.isSafeInteger(id) ? await store.getChange(id) : undefined;
    if (!change) throw new ProblemError(404, PROBLEM_TYPES.notFound, 'No such calendar change', `No calendar change has id ${req.params.id}`);
    const progress = await progressOf(change);
    // The same version loaded again later: its pass reports the later change.
    res.json(progress && progress.change !== change.seq ? { ...changeView(change, null), supersededBy: progress.change } : changeView(change, progress));
  });

  return router;
}

/** The calendar's paths for the OpenAPI document. */
export function calendarOpenApiPaths(schema: (s: z.ZodType) => Record<string, unknown>, problems: (...statuses: number[]) => Record<string, unknown>, idempotencyKeyParameter: unknown): Record<string, unknown> {
  return {
    '/v1/calendar': {
      get: {
        operationId: 'getCalendar',
        summary: 'The current working-day calendar: England and Wales bank holidays, closure days, and the change that made it current',
        tags: ['calendar'],
        responses: { '200': { description: 'the current calendar' }, ...problems(401, 403, 429, 503) },
      },
    },
    '/v1/calendar/changes': {
      post: {
        operationId: 'changeCalendar',
        summary: 'Load a GOV.UK bank holidays file or add a closure day; live cases move onto the new calendar',
        description:
          `Roles: ${CALENDAR_CHANGE_ROLES.join(', ')}. Every case whose workflow is still running is moved onto the new calendar with its own policy: ` +
          'its pending and paused deadlines are counted again, met and missed ones keep their dates, and the case records a calendar-changed event with each moved deadline\'s new explanation. ' +
          'Then each person\'s unreasonable-conduct workflow gets it: a review reminder not yet sent moves to the last open working day on or before the review date. ' +
          'The calendar already current changes nothing (200). Closure days never move a due date: they warn and bring reminders forward.',
        tags: ['calendar'],
        parameters: [idempotencyKeyParameter],
        requestBody: {
          required: true,
          content: { 'application/json': { schema: { oneOf: [{ ...schema(bankHolidayFileSchema()), description: "GOV.UK's bank holidays file (www.gov.uk/bank-holidays.json), as published" }, schema(closureDaySchema)] } } },
        },
        responses: {
          '200': { description: 'already current: nothing changes' },
          '202': { description: 'the change, its pass started', headers: { Location: { schema: { type: 'string' } } } },
          ...problems(400, 401, 403, 409, 413, 415, 429, 503),
        },
      },
    },
    '/v1/calendar/changes/{id}': {
      get: {
        operationId: 'getCalendarChange',
        summary: 'A calendar change and its progress through live cases and conduct workflows (done, skipped, failed of total)',
        description: `Roles: ${CHANGE_READ_ROLES.join(', ')}.`,
        tags: ['calendar'],
        parameters: [{ name: 'id', in: 'path', required: true, schema: { type: 'integer', minimum: 1 } }],
        responses: { '200': { description: 'the change and its progress' }, ...problems(401, 403, 404, 429, 503) },
      },
    },
  };
}
