import { Router } from 'express';
import type { Client } from '@temporalio/client';
import { currentCalendarData } from '../../records/calendar';
import { londonDateOf } from '../../domain/dates';
import { getPolicy, type Policy } from '../../domain/policy';
import { COMMAND_SCHEMAS, type CommandName } from '../../domain/complaint/commands';
import { COMMAND_TABLE } from '../../domain/complaint/table';
import { caseViewQuery } from '../../workflows/complaint/messages';
import {
  ComplaintProcedure,
  ComplaintStage,
  ComplaintStatus,
  ComplaintTeam,
  OnHold,
  Overdue,
} from '../../workflows/complaint/search-attributes';
import { ImportRefused, startingState, type ImportedStep } from '../../domain/complaint/imported';
import { DEFAULT_GRACE_MINUTES } from '../../domain/complaint/past';
import { caseView, type CaseView, type ComplaintInput } from '../../domain/complaint/state';
import { openingState } from '../../domain/complaint/opening';
import { owedAdvocacyWarning } from '../../domain/complaint/advocacy';
import { TransitionRefused } from '../../domain/complaint/transitions';
import { CURRENT_RULES } from '../../domain/complaint/rules';
import { contactOf } from '../../records/letters/contact';
import type { Records } from '../../records/repository';
import type { CaseRecord, ChronologyEntry, PersonInput } from '../../records/types';
import { chronologyLine, chronologyPage, HOLD_REASON_ROLES } from '../chronology';
import { listingScope } from '../../domain/access';
import { requireCommandRole, requireRole, type Caller } from '../auth/authenticate';
import { caseAccess, noSuchComplaint, requireView } from '../auth/case-access';
import { CREATE_ROLES, ROLES } from '../auth/roles';
import { caseSummary } from '../case-summary';
import { startCase } from '../case-start';
import { clientBody } from '../command-body';
import { registerCheck } from '../register-check';
import { bodyHash, idempotencyKey, scopedKeyHash } from '../idempotency';
import { fieldProblem, PROBLEM_TYPES, ProblemError, validationProblem } from '../problems';
import { sendComplaintCommand } from '../complaint-command';
import { createComplaintSchema, listComplaintsSchema, referenceSchema, type CreateComplaint } from '../schemas';

export interface ComplaintRoutesDeps {
  client: Client;
  /** The system of record: personal data, the listing, letters, the audit of reads. */
  records: Records;
  taskQueue: string;
  defaultPolicy: string;
  /** Wall clock, injectable so tests can pin "now". */
  now?: () => number;
  /** History events after which a case's workflow continues as new (default: the workflow's own). */
  historyLimit?: number;
  /** The window across which the new case's clock wakes are spread (ms; none when absent). */
  wakeSpreadMs?: number;
  /** Minutes after creation in which past steps may be logged before alerts and lapses (default DEFAULT_GRACE_MINUTES). */
  graceMinutes?: number;
  /** Counts commands by name and outcome (metrics). */
  onCommand?: (command: string, outcome: 'ok' | 'refused' | 'error') => void;
}

function parseReference(raw: string): string {
  const parsed = referenceSchema.safeParse(raw);
  if (!parsed.success) throw noSuchComplaint(raw);
  return parsed.data;
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
    if (body.matterOccurredOn && body.matterOccurredOn > londonDateOf(received)) {
      throw fieldProblem('matterOccurredOn', `is after the complaint was received (${londonDateOf(received)})`);
    }
    let policy: Policy;
    try {
      policy = getPolicy(body.policy ?? deps.defaultPolicy);
    } catch (error) {
      throw fieldProblem('policy', (error as Error).message);
    }
    // The council's current calendar (GET /v1/calendar), with the policy's own closure days.
    const calendar = await currentCalendarData(deps.records.db, policy);
    const history = body.history ? await withRegisterAnswers(deps.records, historySteps(body.history, caller), now()) : undefined;
    const openedAt = new Date(now()).toISOString();
    const start = (reference: string): ComplaintInput & { openedAt: string } => ({
      reference,
      receivedAt: body.receivedAt,
      policy,
      calendar,
      team: body.team,
      actor: caller.subject,
      // A date, not personal data: triage applies the 12-month rule to it.
      ...(body.matterOccurredOn ? { matterOccurredOn: body.matterOccurredOn } : {}),
      ...(deps.historyLimit ? { historyLimit: deps.historyLimit } : {}),
      ...(deps.wakeSpreadMs ? { wakeSpreadMs: deps.wakeSpreadMs } : {}),
      graceMinutes: deps.graceMinutes ?? DEFAULT_GRACE_MINUTES,
      ...(history ? { imported: { source: 'history', steps: history } } : {}),
      openedAt,
    });
    // A history the procedure refuses is the client's error: checked before anything is filed or started.
    if (body.history) checkHistory(start('CSC-0000-000000'), Date.parse(openedAt));
    const keyHash = key ? scopedKeyHash(caller.subject, key) : undefined;
    const requestHash = bodyHash(body);
    const year = Number(londonDateOf(received).slice(0, 4));

    const started = await startCase(deps, {
      year,
      ...(keyHash ? { key: { hash: keyHash, memo: 'idempotencyKey' as const } } : {}),
      file: (reference) => ({
        reference,
        receivedAt: new Date(received).toISOString(),
        channel: body.channel,
        policyId: policy.id,
        policyVersion: policy.version,
        team: body.team,
        summary: body.summary,
        desiredOutcome: body.desiredOutcome,
        matterOccurredOn: body.matterOccurredOn,
        ...(body.childCare ? { childCare: body.childCare } : {}),
        people: peopleOf(body),
        ...(body.communicationNeeds ? { communicationNeeds: body.communicationNeeds } : {}),
        actor: caller.subject,
      }),
      input: start,
      searchAttributes: [
        { key: ComplaintStage, value: 'stage1' },
        { key: ComplaintStatus, value: 'awaiting-triage' },
        { key: ComplaintProcedure, value: 'untriaged' },
        ...(body.team ? [{ key: ComplaintTeam, value: body.team }] : []),
        { key: OnHold, value: false },
        { key: Overdue, value: false },
      ],
      memo: { stage: 'stage1', ...(keyHash ? { requestHash } : {}) },
    });
    if (!started) throw new Error('no free complaint reference after 20 attempts');
    const { reference } = started;
    if (started.outcome === 'existing' && started.memo?.requestHash !== requestHash) {
      throw new ProblemError(409, PROBLEM_TYPES.idempotencyKeyReused, 'Idempotency-Key reused', `This key already created ${reference} from a different request.`);
    }
    // A retried create answers with the case as it is now: a read of it.
    if (started.outcome === 'existing') await deps.records.recordAccess({ reference, actor: caller.subject, action: 'read', view: 'case' });
    // A new case is answered at once with the view its workflow's first task
    // makes (opening.ts), without waiting for the worker; a retried one as it is now.
    const view = started.outcome === 'started' ? caseView(openingState(start(reference))) : await deps.client.workflow.getHandle(reference).query(caseViewQuery);
    // Says at once when no letter can reach the complainant.
    res.status(201).location(`/v1/complaints/${reference}`).json({ ...view, contact: contactOf(body.complainant) });
  });

  /**
   * GET /v1/complaints: the listing, from the system of record (Temporal
   * visibility is the operators' view): only the cases the caller reaches.
   * Its columns are dates, states and codes, no personal data: no access log entry.
   */
  router.get('/', async (req, res) => {
    const caller = requireRole(ROLES, 'Listing cases', req.caller);
    const parsed = listComplaintsSchema.safeParse(req.query);
    if (!parsed.success) throw validationProblem(parsed.error);
    try {
      res.json(await deps.records.listCases(parsed.data, listingScope(caller)));
    } catch (error) {
      if ((error as Error).name === 'RecordsInputError') throw fieldProblem('cursor', (error as Error).message);
      throw error;
    }
  });

  /**
   * GET /v1/complaints/{reference}: the case view from its workflow, with the
   * people and the complaint's text from the record, for those who read the
   * `case` view of it (and an access log entry); the `summary` view for the
   * others (the auditor).
   */
  router.get('/:reference', async (req, res) => {
    const caller = requireRole(ROLES, 'Reading a case', req.caller);
    const reference = parseReference(req.params.reference);
    const access = await caseAccess(deps, caller, reference);
    // No such workflow: a 404 from the error handler (api/problems.ts).
    const view = await deps.client.workflow.getHandle(reference).query(caseViewQuery);
    if (!access.views.has('case')) {
      res.json(caseSummary(view, { letters: (await deps.records.listCorrespondence(reference)).length }));
      return;
    }
    const filed = await deps.records.getCase(reference);
    await deps.records.recordAccess({ reference, actor: caller.subject, action: 'read', view: 'case' });
    const complainant = filed?.people.find((p) => p.role === 'complainant'); // none once disposed of
    const childCare = (await deps.records.equalities.childCare(reference)) ?? null; // BANES 3.4: the child's, with the case
    const communicationNeeds = filed ? ((await deps.records.communicationNeeds.get(reference)) ?? null) : undefined;
    res.json({ ...withAdvocacyWarning(view, filed), ...(complainant ? { contact: contactOf(complainant) } : {}), ...personalData(filed), childCare, ...(filed ? { communicationNeeds } : {}) });
  });

  /** GET /v1/complaints/{reference}/correspondence: every letter and alert, as sent. */
  router.get('/:reference/correspondence', async (req, res) => {
    const caller = requireRole(ROLES, 'Reading correspondence', req.caller);
    const reference = parseReference(req.params.reference);
    requireView(await caseAccess(deps, caller, reference), 'correspondence', 'Reading correspondence');
    await requireFiled(deps.records, reference);
    await deps.records.recordAccess({ reference, actor: caller.subject, action: 'read', view: 'correspondence' });
    res.json({ reference, correspondence: await deps.records.listCorrespondence(reference) });
  });

  /** GET /v1/complaints/{reference}/chronology: every event and letter in order, as the Ombudsman asks for (JSON, or HTML). */
  router.get('/:reference/chronology', async (req, res) => {
    const caller = requireRole(ROLES, 'Exporting a chronology', req.caller);
    const reference = parseReference(req.params.reference);
    const access = await caseAccess(deps, caller, reference);
    requireView(access, 'chronology', 'Exporting a chronology');
    await requireFiled(deps.records, reference);
    await deps.records.recordAccess({ reference, actor: caller.subject, action: 'export', view: 'chronology' });
    const entries = await deps.records.caseChronology(reference);
    // What a hold's reason shows follows the caller's part in this case, not every role it holds.
    const lines = entries.map((entry) => chronologyLine(entry, access.roles));
    if (req.accepts(['application/json', 'text/html']) === 'text/html') {
      res.type('html').send(chronologyPage(reference, lines));
      return;
    }
    // The machine codes stay, with the plain words beside them; a hold's reason only for those who may see it.
    const seesHoldReason = access.roles.some((r) => HOLD_REASON_ROLES.includes(r));
    res.json({
      reference,
      entries: entries.map((entry, i) => ({ ...(seesHoldReason ? entry : withoutHoldReason(entry)), ...lines[i] })),
    });
  });

  /** POST /v1/complaints/{reference}/commands/{command}: one transition; 200 with the new case view, 409 with the reason if refused. */
  router.post('/:reference/commands/:command', async (req, res) => {
    const command = req.params.command as CommandName;
    if (!Object.hasOwn(COMMAND_TABLE, command)) {
      throw new ProblemError(404, PROBLEM_TYPES.notFound, 'No such command', `Unknown command "${req.params.command}"; commands: ${Object.keys(COMMAND_TABLE).join(', ')}`);
    }
    const caller = requireRole(ROLES, `The ${command} command`, req.caller);
    // The case first (404 when the caller does not reach it, whatever the body), then the caller's part in it, then the key, then the body.
    const reference = parseReference(req.params.reference);
    const { view } = await sendComplaintCommand({ ...deps, now }, { caller, reference, command, body: req.body, key: () => idempotencyKey(req) });
    res.json(view);
  });

  return router;
}

/** Each past step checked against its command's schema; the actor is the caller, as for a command. */
function historySteps(history: NonNullable<CreateComplaint['history']>, caller: Caller): ImportedStep[] {
  const errors: Array<{ field: string; message: string }> = [];
  const steps = history.map(({ command, ...input }, index) => {
    const parsed = clientBody(COMMAND_SCHEMAS[command]).strict().safeParse(input);
    if (!parsed.success) for (const issue of parsed.error.issues) errors.push({ field: ['history', index, ...issue.path].join('.'), message: issue.message });
    return { command, input: { ...input, actor: caller.subject } } as ImportedStep;
  });
  if (errors.length > 0) throw new ProblemError(400, PROBLEM_TYPES.validation, 'The request is not valid', 'See errors for each invalid field.', { errors });
  // Each past step is the caller's own act, so needs its command's roles (a complaints officer cannot log a close).
  steps.forEach((step, index) => requireCommandRole(COMMAND_TABLE[step.command], `history.${index}: the ${step.command} command`, caller, step.input));
  return steps;
}

/**
 * Past steps logged at creation are the caller's own acts, so an appointment
 * among them is checked against the independence register as a command is
 * (a 400 naming the step), and carries the register's answer.
 */
async function withRegisterAnswers(records: Records, steps: ImportedStep[], present: number): Promise<ImportedStep[]> {
  const checked: ImportedStep[] = [];
  for (const [index, step] of steps.entries()) {
    try {
      const register = await registerCheck(records, step.command, step.input as Record<string, unknown>, present);
      checked.push(register ? ({ ...step, input: { ...step.input, register } } as ImportedStep) : step);
    } catch (error) {
      if (error instanceof ProblemError) throw fieldProblem(`history.${index}`, `${step.command}: ${error.detail ?? error.title}`);
      throw error;
    }
  }
  return checked;
}

/** Replays the history as the workflow will: a step the procedure refuses is a 400 naming it. */
function checkHistory(input: ComplaintInput, present: number): void {
  try {
    startingState(input, present, CURRENT_RULES);
  } catch (error) {
    if (error instanceof ImportRefused) throw fieldProblem(`history.${error.step}`, `${error.command}: ${error.reason}`);
    if (error instanceof TransitionRefused) throw fieldProblem('receivedAt', error.message);
    throw error;
  }
}

function peopleOf(body: CreateComplaint): PersonInput[] {
  const people: PersonInput[] = [{ role: 'complainant', ...body.complainant }];
  if (body.child) people.push({ role: 'child', ...body.child });
  if (body.representative) people.push({ role: 'representative', ...body.representative });
  if (body.advocate) people.push({ role: 'advocate', ...body.advocate });
  return people;
}

async function requireFiled(records: Records, reference: string): Promise<void> {
  if (!(await records.getCase(reference))) throw noSuchComplaint(reference);
}

/** The record's personal data (nothing once disposed of), for the `case` view. */
function personalData(filed: CaseRecord | undefined) {
  if (!filed) return {};
  return {
    channel: filed.channel,
    summary: filed.summary,
    desiredOutcome: filed.desiredOutcome,
    matterOccurredOn: filed.matterOccurredOn,
    people: filed.people,
  };
}

/**
 * The case view with the advocacy offer owed to the child (s.26A), from the
 * complainant's type on record: an adult complaining about a child owes the
 * child an offer of their own until one is recorded (domain/complaint/advocacy.ts).
 */
function withAdvocacyWarning(view: CaseView, filed: Pick<CaseRecord, 'complainantType' | 'hasChild'> | undefined): CaseView & { advocacy: CaseView['advocacy'] & { warnings: string[] } } {
  const steps = view.advocacy?.steps ?? [];
  const owed = filed ? owedAdvocacyWarning(filed.complainantType, filed.hasChild, steps) : undefined;
  return { ...view, advocacy: { ...view.advocacy, warnings: owed ? [owed] : [] } };
}

/** An entry with a hold's reason taken out (the roles outside HOLD_REASON_ROLES). */
function withoutHoldReason(entry: ChronologyEntry): ChronologyEntry {
  if (entry.type !== 'event' || !HOLD_EVENTS.has(entry.event.action) || !entry.event.detail) return entry;
  const { reason: _withheld, ...detail } = entry.event.detail;
  return { ...entry, event: { ...entry.event, detail } };
}
const HOLD_EVENTS = new Set(['held', 'heads-held', 'hold-released']);
