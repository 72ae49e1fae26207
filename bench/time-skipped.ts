// A full three-stage case on Temporal's Java time-skipping test server (what
// the product's deadline tests run on): the wall time it takes, against a
// trivial workflow that sleeps the same span of workflow time.
import { randomUUID } from 'node:crypto';
import fs from 'node:fs';
import { TestWorkflowEnvironment } from '@temporalio/testing';
import { Worker } from '@temporalio/worker';
import proto from '@temporalio/proto';
import type { WorkflowHandle } from '@temporalio/client';
import { createActivities } from '../activities';
import { defaultCalendarData } from '../domain/holidays';
import { ENGLAND_STATUTORY_POLICY } from '../domain/policy';
import { type CommandName } from '../domain/complaint/commands';
import { commandUpdates } from '../workflows/complaint/messages';
import { complaintWorkflow } from '../workflows/complaint/workflow';
import { registerSearchAttributes } from '../temporal/connection';
import { untilResting } from '../temporal/resting';
import { benchBundle, fmt, machineLoad, progress, quietRuntime, ratio, THREE_STAGE_RECEIVED_AT, THREE_STAGE_STEPS } from './harness';
import { sleeperWorkflow } from './workflows';
// @ts-expect-error plain JS helper shared with the bootstrap
import { TEST_SERVER_LAUNCHER } from '../scripts/tools.mjs';

const RUNS = Number(process.env.BENCH_TIME_SKIPPED_RUNS ?? 3);

/** An Update with no answer in 10 s is sent again under the same id, which Temporal applies at most once. */
async function update(handle: WorkflowHandle, name: string, input: Record<string, unknown>): Promise<void> {
  const updateId = `${name}-${randomUUID()}`;
  for (let attempt = 1; ; attempt++) {
    try {
      await handle.client.connection.withDeadline(Date.now() + 10_000, () =>
        handle.executeUpdate(commandUpdates[name as CommandName] as (typeof commandUpdates)['acknowledge'], { args: [{ ...input, actor: 'bench' } as never], updateId }),
      );
      return;
    } catch (error) {
      progress(`time-skipped: ${name} attempt ${attempt}: ${(error as Error).message}`);
      if (attempt >= 5 || !/deadline|timed? ?out/i.test(String((error as Error).message))) throw error;
    }
  }
}

interface Timed {
  wallMs: number;
  workflowMs: number;
  /** The case's wall time by phase: skips to each step, waits until it rests, Updates, the run-out after the last step. */
  phases?: Record<'skip' | 'rest' | 'update' | 'tail', number>;
  /** CPU spent meanwhile: this process (worker, workflow threads and client) and the test server's processes. */
  cpu?: { bench: number; server: number };
  /** The round trips the workflow's history records: workflow tasks, activities, timers fired, Updates; and local activities (no round trip: a marker in their workflow task). */
  trips?: Record<'workflowTasks' | 'activities' | 'timers' | 'updates' | 'localActivities', number>;
}

/** The processes this one started (the test server's launcher and JVM), from /proc; none where there is no /proc. */
function children(pid = process.pid): number[] {
  if (!fs.existsSync('/proc')) return [];
  const found: number[] = [];
  for (const entry of fs.readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = fs.readFileSync(`/proc/${entry}/stat`, 'utf8');
      if (Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]) === pid) found.push(Number(entry), ...children(Number(entry)));
    } catch {
      // gone meanwhile
    }
  }
  return found;
}

/** User and system CPU ms of `pids` (clock ticks of 10 ms). */
function cpuMsOf(pids: number[]): number {
  let ms = 0;
  for (const pid of pids) {
    try {
      const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
      const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      ms += (Number(fields[11]) + Number(fields[12])) * 10;
    } catch {
      // gone meanwhile
    }
  }
  return ms;
}

async function tripsOf(handle: WorkflowHandle): Promise<NonNullable<Timed['trips']>> {
  const { events } = await handle.fetchHistory();
  const type = proto.temporal.api.enums.v1.EventType;
  const count = (t: number) => (events ?? []).filter((e) => e.eventType === t).length;
  return {
    workflowTasks: count(type.EVENT_TYPE_WORKFLOW_TASK_COMPLETED),
    activities: count(type.EVENT_TYPE_ACTIVITY_TASK_COMPLETED),
    timers: count(type.EVENT_TYPE_TIMER_FIRED),
    updates: count(type.EVENT_TYPE_WORKFLOW_EXECUTION_UPDATE_COMPLETED),
    localActivities: (events ?? []).filter((e) => e.eventType === type.EVENT_TYPE_MARKER_RECORDED && e.markerRecordedEventAttributes?.markerName === 'core_local_activity').length,
  };
}

async function onTestServer<T>(fn: (env: TestWorkflowEnvironment, taskQueue: string) => Promise<T>): Promise<T> {
  const env = await TestWorkflowEnvironment.createTimeSkipping({
    server: { executable: { type: 'existing-path', path: TEST_SERVER_LAUNCHER as string }, extraArgs: [`--start-time=${THREE_STAGE_RECEIVED_AT}`] },
  });
  const taskQueue = `bench-${randomUUID()}`;
  try {
    await registerSearchAttributes(env.client, env.namespace ?? 'default', { canList: false });
    const worker = await Worker.create({
      connection: env.nativeConnection,
      taskQueue,
      workflowBundle: await benchBundle(),
      activities: { ...createActivities({ records: { syncCase: async () => ({ eventsInserted: 0 }) }, notices: { async deliver() {} } }), async noopActivity() {} },
    });
    return await worker.runUntil(fn(env, taskQueue));
  } finally {
    await env.teardown();
  }
}

/** Receipt to the end of the workflow: every step at its instant, then the year the closed case is kept. */
function fullCase(): Promise<Timed> {
  return onTestServer(async (env, taskQueue) => {
    const server = children();
    const [bench0, server0] = [process.cpuUsage(), cpuMsOf(server)];
    const t = performance.now();
    const reference = `CSC-2026-TS${randomUUID().slice(0, 4).toUpperCase()}`;
    const handle = await env.client.workflow.start(complaintWorkflow, {
      workflowId: reference,
      taskQueue,
      args: [{ reference, receivedAt: THREE_STAGE_RECEIVED_AT, policy: ENGLAND_STATUTORY_POLICY, calendar: defaultCalendarData('england-and-wales'), actor: 'bench' }],
    });
    const phases = { skip: 0, rest: 0, update: 0, tail: 0 };
    const timed = async (phase: keyof typeof phases, work: () => Promise<unknown>) => {
      const t0 = performance.now();
      const result = await work();
      phases[phase] += performance.now() - t0;
      return result;
    };
    for (const [name, input] of THREE_STAGE_STEPS) {
      // A minute past the step's instant: a reminder due at that very instant (09:00) has fired and gone quiet by then.
      await timed('skip', async () => {
        const ms = Date.parse(input.at as string) + 60_000 - (await env.currentTimeMs());
        if (ms > 0) await env.sleep(ms);
      });
      await timed('rest', () => untilResting(handle, () => env.currentTimeMs()));
      await timed('update', () => update(handle, name, input));
    }
    const view = (await timed('tail', () => handle.result())) as Awaited<ReturnType<typeof handle.result>>;
    const wallMs = performance.now() - t;
    const bench = process.cpuUsage(bench0);
    const cpu = { bench: (bench.user + bench.system) / 1000, server: cpuMsOf(server) - server0 };
    if (view.stage !== 'closed') throw new Error(`the case ended in ${view.stage}`);
    // The test server's clock runs on once nothing waits on it: the span is the workflow's own, start to close.
    const { startTime, closeTime } = await handle.describe();
    return { wallMs, workflowMs: closeTime!.getTime() - startTime.getTime(), phases, cpu, trips: await tripsOf(handle) };
  });
}

function sleeper(ms: number): Promise<Timed> {
  return onTestServer(async (env, taskQueue) => {
    const server = children();
    const [bench0, server0] = [process.cpuUsage(), cpuMsOf(server)];
    const t = performance.now();
    const handle = await env.client.workflow.start(sleeperWorkflow, { workflowId: `sleeper-${randomUUID()}`, taskQueue, args: [ms] });
    await handle.result();
    const wallMs = performance.now() - t;
    const bench = process.cpuUsage(bench0);
    const cpu = { bench: (bench.user + bench.system) / 1000, server: cpuMsOf(server) - server0 };
    const { startTime, closeTime } = await handle.describe();
    return { wallMs, workflowMs: closeTime!.getTime() - startTime.getTime(), cpu, trips: await tripsOf(handle) };
  });
}

function tripsLine(t: NonNullable<Timed['trips']>): string {
  return `${t.workflowTasks} workflow tasks, ${t.activities} activities, ${t.timers} timers fired, ${t.updates} Updates, ${t.localActivities} local activities (markers in their workflow task)`;
}

export async function timeSkippedSection(): Promise<string[]> {
  const load = machineLoad();
  quietRuntime();
  const cases: Timed[] = [];
  const sleepers: Timed[] = [];
  for (let r = 0; r < RUNS; r++) {
    progress(`time-skipped: run ${r + 1} of ${RUNS}…`);
    const c = await fullCase();
    progress(`time-skipped: the case took ${fmt(c.wallMs)} ms for ${fmt(c.workflowMs / 86_400_000)} days`);
    cases.push(c);
    sleepers.push(await sleeper(c.workflowMs));
  }
  const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
  const caseWall = median(cases.map((c) => c.wallMs));
  const sleeperWall = median(sleepers.map((c) => c.wallMs));
  const days = median(cases.map((c) => c.workflowMs)) / 86_400_000;
  return [
    '## A full three-stage case, time-skipped',
    '',
    `Run ${new Date().toISOString()}; ${load}. On the Java time-skipping test server (its clock starting at receipt, ${THREE_STAGE_RECEIVED_AT}), a case taken through all three stages, each of the ${THREE_STAGE_STEPS.length} steps at its own instant (the clock skipped to it, then the command), then left to run out the year a closed case is kept: ${fmt(days)} days of workflow time, with every reminder and letter on the way. Baseline: a workflow that only sleeps as long, on a fresh test server too. Median of ${RUNS} runs; the server's start is outside both.`,
    '',
    '| measured | wall time ms (median) | runs ms | ratio |',
    '|---|---|---|---|',
    `| trivial workflow sleeping ${fmt(days)} days (baseline) | ${fmt(sleeperWall)} | ${sleepers.map((s) => fmt(s.wallMs)).join(', ')} | 1.00× |`,
    `| full three-stage case | ${fmt(caseWall)} | ${cases.map((s) => fmt(s.wallMs)).join(', ')} | ${ratio(caseWall, sleeperWall)} |`,
    '',
    `Where the case's wall time went (median of the runs, ms): ${(['skip', 'rest', 'update', 'tail'] as const).map((k) => `${{ skip: 'skipping to each step', rest: 'waiting until it rests', update: `the ${THREE_STAGE_STEPS.length} Updates`, tail: 'the run-out after the last step' }[k]} ${fmt(median(cases.map((c) => c.phases![k])))}`).join(', ')}.`,
    '',
    `Where the CPU went (median of the runs, ms): the case, this process (worker, its workflow thread, client) ${fmt(median(cases.map((c) => c.cpu!.bench)))} and the test server ${fmt(median(cases.map((c) => c.cpu!.server)))}; the sleeping workflow ${fmt(median(sleepers.map((c) => c.cpu!.bench)))} and ${fmt(median(sleepers.map((c) => c.cpu!.server)))}. Round trips in the case's history: ${tripsLine(cases[0]!.trips!)}; in the sleeping workflow's: ${tripsLine(sleepers[0]!.trips!)}.`,
    '',
    `The case's extra time is its ${THREE_STAGE_STEPS.length} steps (each a skip to its instant, a wait until the case rests (its own resting query: no activity in flight, its next wake ahead), since the test server can lose an Update sent while an activity runs, and the Update) and the activities its wakes owe (records syncs, letters, reminders). Most of it is in the skips: while the clock moves to each step, the case's wakes on the way run their workflow tasks and activities, which the sleeping baseline has none of.`,
    '',
  ];
}
