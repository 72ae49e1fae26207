import crypto from 'node:crypto';
import type { Client } from '@temporalio/client';
import { startCase } from '../api/case-start';
import { councilPolicy } from '../api/council-policy';
import { londonDateOf } from '../domain/dates';
import { DEFAULT_GRACE_MINUTES } from '../domain/complaint/past';
import { openingState } from '../domain/complaint/opening';
import { caseView, type ComplaintInput } from '../domain/complaint/state';
import { WorkingDayCalendar } from '../domain/calendar';
import { timescaleOf } from '../domain/policy';
import { currentCalendarData } from '../records/calendar';
import type { Records } from '../records/repository';
import { caseViewQuery, commandUpdates } from '../workflows/complaint/messages';
import { ComplaintProcedure, ComplaintStage, ComplaintStatus, OnHold, Overdue } from '../workflows/complaint/search-attributes';
import { communicationNeedsOf, happenedOnDate, peopleOf, type Answers } from './journey';

/** The system actor of what the pages record: no staff member sent it. */
export const WEB_ACTOR = 'web';

export interface SubmitDeps {
  client: Client;
  records: Records;
  taskQueue: string;
  defaultPolicy: string;
  /** The window across which the new case's clock wakes are spread (ms; none when absent). */
  wakeSpreadMs?: number;
}

/**
 * Starts the case from the answers on channel `web`, through the same
 * case-start routine as `POST /v1/complaints`, keyed by the form session so a
 * double submit finds the case the first one started; then records the
 * advocacy offer and its answer when the complainant is the child (s.26A).
 */
export async function submitComplaint(deps: SubmitDeps, a: Answers, formKey: string, receivedAt: number): Promise<{ reference: string; dates: PromisedDates }> {
  const policy = (await councilPolicy(deps.records, deps.defaultPolicy))();
  const calendar = await currentCalendarData(deps.records.db, policy);
  const receivedIso = new Date(receivedAt).toISOString();
  const matterOccurredOn = happenedOnDate(a.happenedOn);
  const keyHash = crypto.createHash('sha256').update(`web-form:${formKey}`).digest('hex');
  const openedAt = new Date(Date.now()).toISOString();
  const input = (reference: string): ComplaintInput & { openedAt: string } => ({
    reference,
    receivedAt: receivedIso,
    policy,
    calendar,
    actor: WEB_ACTOR,
    ...(matterOccurredOn ? { matterOccurredOn } : {}),
    graceMinutes: DEFAULT_GRACE_MINUTES,
    ...(deps.wakeSpreadMs ? { wakeSpreadMs: deps.wakeSpreadMs } : {}),
    openedAt,
  });
  const needs = communicationNeedsOf(a);
  const started = await startCase(deps, {
    year: Number(londonDateOf(receivedAt).slice(0, 4)),
    key: { hash: keyHash, memo: 'idempotencyKey' },
    file: (reference) => ({
      reference,
      receivedAt: receivedIso,
      channel: 'web',
      policyId: policy.id,
      policyVersion: policy.version,
      summary: a.summary!,
      ...(a.outcome ? { desiredOutcome: a.outcome } : {}),
      ...(matterOccurredOn ? { matterOccurredOn } : {}),
      people: peopleOf(a),
      ...(needs ? { communicationNeeds: needs } : {}),
      actor: WEB_ACTOR,
    }),
    input,
    searchAttributes: [
      { key: ComplaintStage, value: 'stage1' },
      { key: ComplaintStatus, value: 'awaiting-triage' },
      { key: ComplaintProcedure, value: 'untriaged' },
      { key: OnHold, value: false },
      { key: Overdue, value: false },
    ],
    memo: { stage: 'stage1', channel: 'web' },
  });
  if (!started) throw new Error('no free complaint reference after 20 attempts');
  const handle = deps.client.workflow.getHandle(started.reference);
  // A new case's dates come from the view its workflow's first task makes (opening.ts), without waiting for the worker.
  let view = started.outcome === 'started' ? caseView(openingState(input(started.reference))) : undefined;
  if ((a.who ?? 'child') === 'child' && a.advocate) {
    // Update ids make a retried submit record each step once.
    const advocacy = commandUpdates.advocacy as (typeof commandUpdates)['acknowledge'];
    await handle.executeUpdate(advocacy, { args: [{ event: 'offered', to: 'complainant', actor: WEB_ACTOR } as never], updateId: `web-advocacy-offered:${keyHash}` });
    const answer = a.advocate === 'yes' ? 'accepted' : 'declined';
    view = await handle.executeUpdate(advocacy, { args: [{ event: answer, to: 'complainant', actor: WEB_ACTOR } as never], updateId: `web-advocacy-answer:${keyHash}` });
  }
  view ??= await handle.query(caseViewQuery);
  const due = (key: string) => view.deadlines.find((d) => d.key === key)?.due;
  // The response clock starts at triage (domain/complaint/transitions/intake.ts) from the date received:
  // until then, the same date from the case's own calendar and policy.
  // Counted from the working day the receipt rule gives (a complaint sent at a weekend counts from the Monday), as the case's own clocks are.
  const respond = due('stage1.respond') ?? new WorkingDayCalendar(calendar).addWorkingDays(view.receivedOn, timescaleOf(policy, 'stage1.respond'));
  return { reference: started.reference, dates: { sentOn: londonDateOf(receivedAt), receivedOn: view.receivedOn, acknowledge: due('stage1.acknowledge')!, acknowledgeDays: timescaleOf(policy, 'stage1.acknowledge'), respond, respondDays: timescaleOf(policy, 'stage1.respond') } };
}

/** What the confirmation promises, as London dates. */
export interface PromisedDates {
  /** The London date the complaint was sent. */
  sentOn: string;
  /** The working day the receipt rule counts it from: the same, or the next working day for one sent at a weekend or on a bank holiday. */
  receivedOn: string;
  acknowledgeDays: number;
  acknowledge: string;
  respond: string;
  respondDays: number;
}
