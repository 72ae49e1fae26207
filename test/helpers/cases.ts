import { randomUUID } from 'node:crypto';
/**
 * Shared builders for the procedure tests: start a case on a scenario's test
 * server, run a command, read the view, move the test server's clock.
 */
import { Context } from '@temporalio/activity';
import type { WorkflowHandle } from '@temporalio/client';
import type { UpdateDefinition } from '@temporalio/common';
import type { z } from 'zod';
import { defaultCalendarData, type CalendarData } from '../../domain/holidays';
import { ENGLAND_STATUTORY_POLICY, type Policy } from '../../domain/policy';
import { type COMMAND_SCHEMAS, type CommandName } from '../../domain/complaint/commands';
import { caseViewQuery, commandUpdates } from '../../workflows/complaint/messages';
import type { NoticeSink } from '../../activities';
import type { CaseView, ClockKey, Notice } from '../../domain/complaint/state';
import { complaintWorkflow } from '../../workflows/complaint/workflow';
import { untilResting } from '../../temporal/resting';
import { eventually } from './eventually';
import { refusal } from './refusal';
import type { Scenario } from './time-skipping';

export type CaseHandle = WorkflowHandle<typeof complaintWorkflow>;

/** A command's input as written (before zod's defaults). */
export type CommandArg<C extends CommandName> = z.input<(typeof COMMAND_SCHEMAS)[C]>;

export interface CaseOptions {
  reference: string;
  receivedAt: string;
  policy?: Policy;
  calendar?: CalendarData;
  team?: string;
  /** A grace period after creation for logging past steps, as the API gives (domain/complaint/past.ts). */
  graceMinutes?: number;
  /** The window its clock wakes are spread across, as the API gives (domain/complaint/wake-spread.ts). */
  wakeSpreadMs?: number;
}

/** Starts a complaint workflow (the reference is its id) on the scenario's task queue. */
export async function openCase(s: Scenario, options: CaseOptions): Promise<CaseHandle> {
  return s.env.client.workflow.start(complaintWorkflow, {
    workflowId: options.reference,
    taskQueue: s.taskQueue,
    args: [
      {
        reference: options.reference,
        receivedAt: options.receivedAt,
        policy: options.policy ?? ENGLAND_STATUTORY_POLICY,
        calendar: options.calendar ?? defaultCalendarData('england-and-wales'),
        actor: 'officer-1',
        ...(options.team ? { team: options.team } : {}),
        ...(options.graceMinutes ? { graceMinutes: options.graceMinutes } : {}),
        ...(options.wakeSpreadMs ? { wakeSpreadMs: options.wakeSpreadMs } : {}),
      },
    ],
  });
}

function timedOut(error: unknown): boolean {
  for (let e = error as { message?: string; cause?: unknown; code?: unknown } | undefined; e; e = e.cause as typeof e) {
    if (e.code === 4 || /deadline|timed out|timeout/i.test(String(e.message))) return true;
  }
  return false;
}

/**
 * Runs one command (an Update) and returns the case view it answers with.
 * The Java test server can lose an Update that arrives while one of the
 * workflow's activities runs (the dev server does not): an Update that has
 * no answer in 10 s is sent again with the same id, which Temporal applies
 * at most once.
 */
export async function run<C extends CommandName>(handle: CaseHandle, name: C, input: CommandArg<C>): Promise<CaseView> {
  // The update's declared input is the parsed (output) type; the workflow parses what it is sent.
  const update = commandUpdates[name] as unknown as UpdateDefinition<CaseView, [CommandArg<C>]>;
  const updateId = `${name}-${randomUUID()}`;
  for (let attempt = 1; ; attempt++) {
    try {
      return await handle.client.connection.withDeadline(Date.now() + 10_000, () => handle.executeUpdate(update, { args: [input], updateId }));
    } catch (error) {
      if (attempt >= 5 || !timedOut(error)) throw error;
    }
  }
}

/** The reason the workflow refused a command; fails if the command was accepted. */
export function refused<C extends CommandName>(handle: CaseHandle, name: C, input: CommandArg<C>): Promise<string> {
  return refusal(run(handle, name, input));
}

export function view(handle: CaseHandle): Promise<CaseView> {
  return handle.query(caseViewQuery);
}

/** Polls the view until `done` holds (a timer's workflow task may still be in flight after a sleep). */
export function viewWhen(handle: CaseHandle, done: (v: CaseView) => boolean): Promise<CaseView> {
  return eventually(() => view(handle), done);
}

/** The deadline `key` of a view; fails the test if there is none. */
export function clock(v: CaseView, key: ClockKey): CaseView['deadlines'][number] {
  const found = v.deadlines.find((d) => d.key === key);
  if (!found) throw new Error(`no deadline ${key}; deadlines: ${v.deadlines.map((d) => d.key).join(', ')}`);
  return found;
}

/** `{ key: due }` of the deadlines in a given state, for one literal comparison. */
export function dues(v: CaseView, state: CaseView['deadlines'][number]['state'] = 'pending'): Record<string, string> {
  return Object.fromEntries(v.deadlines.filter((d) => d.state === state).map((d) => [d.key, d.due]));
}

/** Moves the test server's clock forward to `iso` (no-op if it is already there). */
export async function sleepUntil(s: Scenario, iso: string): Promise<void> {
  const ms = Date.parse(iso) - (await s.env.currentTimeMs());
  if (ms > 0) await s.env.sleep(ms);
}

/**
 * Moves the clock to `iso` and runs the command dated `iso`: the step
 * happened then (a step may not be dated in the future).
 */
export async function runAt<C extends CommandName>(
  s: Scenario,
  handle: CaseHandle,
  iso: string,
  name: C,
  input: Omit<CommandArg<C>, 'at' | 'actor'> & { actor?: string },
): Promise<CaseView> {
  await sleepUntil(s, iso);
  // The Java test server can lose an Update sent while an activity runs: a step waits until the case rests, as staff would.
  await untilResting(handle, () => s.env.currentTimeMs());
  return run(handle, name, { actor: 'officer-1', ...input, at: iso } as CommandArg<C>);
}

/** Like runAt, for a command expected to be refused: returns the reason. */
export async function refusedAt<C extends CommandName>(
  s: Scenario,
  handle: CaseHandle,
  iso: string,
  name: C,
  input: Omit<CommandArg<C>, 'at' | 'actor'> & { actor?: string },
): Promise<string> {
  await sleepUntil(s, iso);
  // The Java test server can lose an Update sent while an activity runs: a step waits until the case rests, as staff would.
  await untilResting(handle, () => s.env.currentTimeMs());
  return refused(handle, name, { actor: 'officer-1', ...input, at: iso } as CommandArg<C>);
}

export const IO = { id: 'io-7', team: 'Independent Reviews' };
export const IP = { id: 'ip-3', team: 'External' };
export const PANEL = [
  { id: 'panel-chair-1', role: 'chair' as const },
  { id: 'panel-member-2', role: 'member' as const },
  { id: 'panel-member-3', role: 'member' as const },
];

export interface Delivered {
  reference: string;
  notice: Notice;
  /** Test-server time the delivery was scheduled (epoch ms): when the workflow sent it. */
  scheduledAt: number;
}

/** A NoticeSink that keeps every delivery, with the (skipped) time it was sent. */
export function recordingSink(): { sink: NoticeSink; delivered: Delivered[] } {
  const delivered: Delivered[] = [];
  return {
    delivered,
    sink: {
      async deliver(reference, notice) {
        delivered.push({ reference, notice, scheduledAt: Context.current().info.currentAttemptScheduledTimestampMs });
      },
    },
  };
}
