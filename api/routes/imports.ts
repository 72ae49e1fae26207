import crypto from 'node:crypto';
import express, { Router } from 'express';
import type { Client } from '@temporalio/client';
import { z } from 'zod';
import type { CalendarData } from '../../domain/holidays';
import { londonDateOf } from '../../domain/dates';
import type { Policy } from '../../domain/policy';
import { councilPolicy } from '../council-policy';
import { currentCalendarData } from '../../records/calendar';
import type { Records } from '../../records/repository';
import { ImportRefused, startingState } from '../../domain/complaint/imported';
import { headline } from '../../domain/complaint/clocks';
import { ComplaintProcedure, ComplaintStage, ComplaintStatus, ComplaintTeam, OnHold, Overdue, OverdueKey, OverdueSince } from '../../workflows/complaint/search-attributes';
import type { ComplaintInput, ComplaintState } from '../../domain/complaint/state';
import { TransitionRefused } from '../../domain/complaint/transitions';
import { requireRole } from '../auth/authenticate';
import type { Role } from '../auth/roles';
import { CsvError, parseCsv, parseCsvRecords } from '../csv';
import { startCase } from '../case-start';
import { bodyHash, idempotencyKey, scopedKeyHash, replayedAnswer } from '../idempotency';
import { caseFileOf, DEFAULT_IMPORT_MAX_ROWS, importRowObject, importRowSchema, receivedInstant, stepsOf, type ImportRow } from '../imports';
import { jsonBody } from '../json-body';
import { fieldProblem, PROBLEM_TYPES, ProblemError, unstorableText, validationProblem } from '../problems';

/** Importing cases is a manager's decision: they start statutory clocks in bulk (role-level: the manager reaches every case, domain/access.ts). */
export const IMPORT_ROLES: readonly Role[] = ['complaints-manager'];
/** Rows started at once within a request: enough to overlap round trips, few enough to share the server. */
const ROW_CONCURRENCY = 4;
/** Temporal's states in which an imported case counts as imported (a failed or terminated start may be retried). */
const IMPORTED_STATES = new Set(['RUNNING', 'COMPLETED', 'CONTINUED_AS_NEW']);

export interface ImportRoutesDeps {
  client: Client;
  records: Records;
  taskQueue: string;
  defaultPolicy: string;
  now?: () => number;
  historyLimit?: number;
  wakeSpreadMs?: number;
  /** How long one row may wait on Temporal before the request answers 503 (ms). */
  temporalTimeoutMs?: number;
  /** Largest import body (bytes); larger than other requests, as files are. */
  importLimitBytes?: number;
  /** Rows one import may have (IMPORT_MAX_ROWS). */
  importMaxRows?: number;
}

export const importQuerySchema = z
  .object({
    dryRun: z.enum(['true', 'false']).default('false').transform((v) => v === 'true'),
    /** The system the rows come from: part of each case's import key, so two systems' ids never collide. */
    source: z.string().regex(/^[A-Za-z0-9._-]{1,40}$/, 'a system name: letters, digits and . _ - (up to 40)').default('legacy'),
  })
  .strict();

// The row cap is checked apart (bodyRows), as a 413 naming the limit.
export const importBodySchema = z.object({ rows: z.array(z.unknown()).min(1) }).strict();

export type RowStatus = 'started' | 'already-imported' | 'would-start' | 'invalid';
export interface RowResult {
  /** 1-based position of the row in this request (a CSV body's data lines, header excluded). */
  row: number;
  sourceId?: string;
  status: RowStatus;
  reference?: string;
  stage?: string;
  problems?: Array<{ field: string; message: string }>;
}

interface Prepared {
  index: number;
  row: ImportRow;
  input: ComplaintInput & { imported: NonNullable<ComplaintInput['imported']> };
  state: ComplaintState;
  importKey: string;
  year: number;
}

export function importRoutes(deps: ImportRoutesDeps): Router {
  const router = Router();
  const now = deps.now ?? Date.now;
  const limit = deps.importLimitBytes ?? 5_000_000;
  const maxRows = deps.importMaxRows ?? DEFAULT_IMPORT_MAX_ROWS;
  router.use(jsonBody(limit), express.text({ limit, type: ['text/csv'] }));

  /** POST /v1/imports: validates every row, then (unless a dry run) files and starts each case once. */
  router.post('/', async (req, res) => {
    const caller = requireRole(IMPORT_ROLES, 'Importing cases', req.caller);
    const query = importQuerySchema.safeParse(req.query);
    if (!query.success) throw validationProblem(query.error);
    const { dryRun, source } = query.data;
    const key = idempotencyKey(req);
    const rawRows = bodyRows(req, maxRows);
    const field = unstorableText(rawRows, ['rows']);
    if (field !== undefined) throw fieldProblem(field, 'contains a character that cannot be stored (NUL or an unpaired surrogate)');

    const keyHash = key && !dryRun ? scopedKeyHash(caller.subject, key) : undefined;
    const requestPath = `${req.baseUrl}?source=${source}#${bodyHash(rawRows)}`;
    if (await replayedAnswer(deps.records, keyHash, caller.subject, { method: 'POST', path: requestPath }, res)) return;

    const results: RowResult[] = [];
    const prepared: Prepared[] = [];
    const seen = new Map<string, number>();
    // The council's current calendar, as for a case logged through the API, read once per policy.
    const calendars = new Map<string, Promise<CalendarData>>();
    const calendarFor = (policy: Policy) => {
      if (!calendars.has(policy.id)) calendars.set(policy.id, currentCalendarData(deps.records.db, policy));
      return calendars.get(policy.id)!;
    };
    const policyOf = await councilPolicy(deps.records, deps.defaultPolicy);
    for (const [index, raw] of rawRows.entries()) {
      const outcome = await prepare(raw, index, source, caller.subject, deps, now(), calendarFor, policyOf);
      if (!('importKey' in outcome)) {
        results[index] = outcome;
        continue;
      }
      const earlier = seen.get(outcome.row.sourceId);
      if (earlier !== undefined) {
        results[index] = { row: index + 1, sourceId: outcome.row.sourceId, status: 'invalid', problems: [{ field: 'sourceId', message: `repeats row ${earlier + 1}` }] };
        continue;
      }
      seen.set(outcome.row.sourceId, index);
      prepared.push(outcome);
    }

    await inPool(prepared, ROW_CONCURRENCY, async (p) => {
      results[p.index] = await deps.client.connection.withDeadline(now() + (deps.temporalTimeoutMs ?? 10_000), () => importOne(p, dryRun, deps, caller.subject));
    });

    const count = (s: RowStatus) => results.filter((r) => r.status === s).length;
    const body = {
      dryRun,
      source,
      summary: { rows: results.length, started: count('started'), alreadyImported: count('already-imported'), wouldStart: count('would-start'), invalid: count('invalid') },
      results,
    };
    if (keyHash) await deps.records.rememberResponse({ key: keyHash, actor: caller.subject, method: 'POST', path: requestPath, status: 200, body });
    res.json(body);
  });

  return router;
}

/** Columns a CSV file must name: the row fields with no default. */
const REQUIRED_COLUMNS = Object.entries(importRowObject.shape)
  .filter(([, field]) => !(field as z.ZodType).safeParse(undefined).success)
  .map(([name]) => name);

/**
 * The rows of a JSON body ({rows: [...]}) or a CSV file (a header line, then
 * one case a line); more than `maxRows` is a 413 before any row is looked at.
 */
function bodyRows(req: express.Request, maxRows: number): unknown[] {
  const rows = parsedRows(req);
  if (rows.length > maxRows) {
    throw new ProblemError(413, PROBLEM_TYPES.payloadTooLarge, 'Too many rows', `An import takes at most ${maxRows} rows (IMPORT_MAX_ROWS); this one has ${rows.length}. Send it in parts (npm run import does).`);
  }
  return rows;
}

function parsedRows(req: express.Request): unknown[] {
  if (req.is('text/csv')) {
    const text = typeof req.body === 'string' ? req.body : '';
    try {
      // A file without the columns every case needs is the wrong file, even with no rows.
      const header = (parseCsv(text)[0] ?? []).map((name) => name.trim());
      const missing = REQUIRED_COLUMNS.filter((name) => !header.includes(name));
      if (missing.length > 0) throw fieldProblem('body', `the header line lacks the required columns ${missing.join(', ')}`);
      return parseCsvRecords(text);
    } catch (error) {
      if (error instanceof CsvError) throw fieldProblem('body', error.message);
      throw error;
    }
  }
  if (!req.is('application/json') && !req.is('application/*+json')) {
    throw new ProblemError(415, PROBLEM_TYPES.unsupportedMediaType, 'Unsupported media type', 'An import is JSON ({"rows": [...]}) or text/csv.');
  }
  const parsed = importBodySchema.safeParse(req.body ?? {});
  if (!parsed.success) throw validationProblem(parsed.error);
  return parsed.data.rows;
}

/** A row checked as far as it can be without Temporal: its fields, its policy, and its history replayed through the procedure. */
async function prepare(
  raw: unknown,
  index: number,
  source: string,
  actor: string,
  deps: ImportRoutesDeps,
  present: number,
  calendarFor: (policy: Policy) => Promise<CalendarData>,
  policyOf: (named?: string) => Policy,
): Promise<Prepared | RowResult> {
  const sourceId = raw && typeof raw === 'object' && typeof (raw as { sourceId?: unknown }).sourceId === 'string' ? (raw as { sourceId: string }).sourceId : undefined;
  const invalid = (problems: RowResult['problems']): RowResult => ({ row: index + 1, ...(sourceId ? { sourceId } : {}), status: 'invalid', problems });
  const parsed = importRowSchema.safeParse(raw);
  if (!parsed.success) return invalid(parsed.error.issues.map((i) => ({ field: i.path.join('.') || '(row)', message: i.message })));
  const row = parsed.data;
  let policy: Policy;
  try {
    policy = policyOf(row.policy);
  } catch (error) {
    return invalid([{ field: 'policy', message: (error as Error).message }]);
  }
  const receivedAt = receivedInstant(row);
  if (Date.parse(receivedAt) > present) return invalid([{ field: 'receivedAt', message: 'is in the future' }]);
  const steps = stepsOf(row, actor);
  const future = steps.filter((s) => s.instant > present);
  if (future.length > 0) return invalid(future.map((s) => ({ field: s.field, message: 'is in the future' })));
  const importKey = crypto.createHash('sha256').update(`import\u0000${source}\u0000${row.sourceId}`).digest('base64url').slice(0, 32);
  const input = {
    reference: 'CSC-0000-000000',
    receivedAt,
    policy,
    calendar: await calendarFor(policy),
    ...(row.team ? { team: row.team } : {}),
    actor,
    ...(deps.historyLimit ? { historyLimit: deps.historyLimit } : {}),
    ...(deps.wakeSpreadMs ? { wakeSpreadMs: deps.wakeSpreadMs } : {}),
    imported: { source, steps: steps.map((s) => s.step) },
  };
  let state: ComplaintState;
  try {
    state = startingState(input, present);
  } catch (error) {
    if (error instanceof ImportRefused) return invalid([{ field: steps[error.step]?.field ?? '(row)', message: error.reason }]);
    if (error instanceof TransitionRefused) return invalid([{ field: 'receivedAt', message: error.message }]);
    throw error;
  }
  if (state.status === 'closed') return invalid([{ field: '(row)', message: `the case would be closed at import (${state.outcome?.kind ?? 'closed'}): only open cases are imported` }]);
  return { index, row, input, state, importKey, year: Number(londonDateOf(Date.parse(receivedAt)).slice(0, 4)) };
}

/** Files and starts one case, or finds it already imported. The reference follows from the source id, so a re-run starts nothing. */
async function importOne(p: Prepared, dryRun: boolean, deps: ImportRoutesDeps, actor: string): Promise<RowResult> {
  const base = { row: p.index + 1, sourceId: p.row.sourceId };
  const started = await startCase(deps, {
    year: p.year,
    key: { hash: p.importKey, memo: 'importKey' },
    startedStates: IMPORTED_STATES,
    dryRun,
    file: (reference) => caseFileOf(p.row, reference, p.input.policy, actor),
    // Filed by an earlier run of this import that did not start: the same case.
    sameFiling: (filed) => Date.parse(filed.receivedAt) === Date.parse(p.input.receivedAt) && filed.summary === p.row.summary,
    input: (reference) => ({ ...p.input, reference }),
    searchAttributes: [
      { key: ComplaintStage, value: p.state.stage },
      { key: ComplaintStatus, value: p.state.status },
      { key: ComplaintProcedure, value: p.state.procedure },
      ...(p.row.team ? [{ key: ComplaintTeam, value: p.row.team }] : []),
      { key: OnHold, value: p.state.hold !== undefined },
      // The workflow's first pass sets the rest (next date and all) as it does for every case.
      ...overdueAttributes(p.state),
    ],
    memo: { stage: p.state.stage },
    // A start that failed may be retried; an imported case is never started twice.
    workflowIdReusePolicy: 'ALLOW_DUPLICATE_FAILED_ONLY',
  });
  if (!started) throw new Error(`no free reference for imported case ${p.row.sourceId} after 20 attempts`);
  const { reference } = started;
  if (started.outcome === 'existing') return { ...base, status: 'already-imported', reference };
  return { ...base, status: started.outcome, reference, stage: p.state.stage };
}

/** What is overdue at import, as the workflow would publish it. */
function overdueAttributes(state: ComplaintState) {
  const { overdue } = headline(state.deadlines);
  return [
    { key: Overdue, value: overdue !== null },
    ...(overdue ? [{ key: OverdueKey, value: overdue.key }, { key: OverdueSince, value: new Date(overdue.since) }] : []),
  ];
}

/** Runs `work` over `items`, `size` at a time; the first failure stops new work and is rethrown once the rest settle. */
async function inPool<T>(items: T[], size: number, work: (item: T) => Promise<void>): Promise<void> {
  let next = 0;
  let failure: { error: unknown } | undefined;
  const lane = async () => {
    while (!failure && next < items.length) {
      const item = items[next++]!;
      try {
        await work(item);
      } catch (error) {
        failure ??= { error };
      }
    }
  };
  await Promise.all(Array.from({ length: Math.min(size, items.length) }, lane));
  if (failure) throw failure.error;
}
