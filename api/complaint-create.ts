import type { Client } from '@temporalio/client';
import { currentCalendarData } from '../records/calendar';
import { londonDateOf } from '../domain/dates';
import type { Policy } from '../domain/policy';
import { COMMAND_SCHEMAS } from '../domain/complaint/commands';
import { COMMAND_TABLE } from '../domain/complaint/table';
import { caseViewQuery } from '../workflows/complaint/messages';
import { ComplaintProcedure, ComplaintStage, ComplaintStatus, ComplaintTeam, OnHold, Overdue } from '../workflows/complaint/search-attributes';
import { ImportRefused, startingState, type ImportedStep } from '../domain/complaint/imported';
import { DEFAULT_GRACE_MINUTES } from '../domain/complaint/past';
import { caseView, type CaseView, type ComplaintInput } from '../domain/complaint/state';
import { openingState } from '../domain/complaint/opening';
import { TransitionRefused } from '../domain/complaint/transitions';
import { CURRENT_RULES } from '../domain/complaint/rules';
import { contactOf } from '../records/letters/contact';
import type { Records } from '../records/repository';
import type { PersonInput } from '../records/types';
import { requireCommandRole, requireRole, type Caller } from './auth/authenticate';
import { CREATE_ROLES } from './auth/roles';
import { startCase } from './case-start';
import { strictClientBody } from './command-body';
import { councilPolicy } from './council-policy';
import { registerCheck } from './register-check';
import { bodyHash, scopedKeyHash } from './idempotency';
import { fieldProblem, PROBLEM_TYPES, ProblemError, validationProblem } from './problems';
import { createComplaintSchema, type CreateComplaint } from './schemas';

/**
 * Logging a complaint, as the API's POST /v1/complaints and the staff pages'
 * form both do it: the caller's role, the body (createComplaintSchema), the
 * checks against the clock and the policy, any past steps replayed as the
 * workflow will, then the case filed and its workflow started (case-start.ts).
 * A keyed retry (the key scoped to the caller) finds the case it made: one
 * key, one case.
 */
export interface ComplaintCreateDeps {
  client: Client;
  records: Records;
  taskQueue: string;
  defaultPolicy: string;
  now: () => number;
  historyLimit?: number;
  /** The window across which the new case's clock wakes are spread (ms; none when absent). */
  wakeSpreadMs?: number;
  graceMinutes?: number;
}

export interface ComplaintCreated {
  reference: string;
  /** `existing`: a keyed retry found the case its first request made. */
  outcome: 'started' | 'existing';
  view: CaseView;
  /** How letters reach the complainant (records/letters/contact.ts). */
  contact: ReturnType<typeof contactOf>;
}

/** Throws ProblemError: 403 for a role that logs no complaint, 400 naming each field, 409 for a key reused for another body. */
export async function createComplaint(deps: ComplaintCreateDeps, c: { caller: Caller | undefined; body: unknown; key: () => string | undefined }): Promise<ComplaintCreated> {
  const caller = requireRole(CREATE_ROLES, 'Logging a complaint', c.caller);
  const key = c.key();
  const parsed = createComplaintSchema.safeParse(c.body);
  if (!parsed.success) throw validationProblem(parsed.error);
  const body = parsed.data;
  const received = Date.parse(body.receivedAt);
  if (received > deps.now()) throw fieldProblem('receivedAt', 'is in the future');
  if (body.matterOccurredOn && body.matterOccurredOn > londonDateOf(received)) {
    throw fieldProblem('matterOccurredOn', `is after the complaint was received (${londonDateOf(received)})`);
  }
  let policy: Policy;
  try {
    policy = (await councilPolicy(deps.records, deps.defaultPolicy))(body.policy);
  } catch (error) {
    if (error instanceof ProblemError) throw error;
    throw fieldProblem('policy', (error as Error).message);
  }
  // The council's current calendar (GET /v1/calendar), with the policy's own closure days.
  const calendar = await currentCalendarData(deps.records.db, policy);
  const history = body.history ? await withRegisterAnswers(deps.records, historySteps(body.history, caller), deps.now()) : undefined;
  const openedAt = new Date(deps.now()).toISOString();
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
  return { reference, outcome: started.outcome === 'existing' ? 'existing' : 'started', view, contact: contactOf(body.complainant) };
}

/** Each past step checked against its command's schema; the actor is the caller, as for a command. */
function historySteps(history: NonNullable<CreateComplaint['history']>, caller: Caller): ImportedStep[] {
  const errors: Array<{ field: string; message: string }> = [];
  const steps = history.map(({ command, ...input }, index) => {
    const parsed = strictClientBody(COMMAND_SCHEMAS[command]).safeParse(input);
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
