// 1,000 deadlines falling due in the same minute. The product's clocks fall at
// fixed London times (reminders at 09:00, deadlines at the end of the due
// date), so to have 1,000 fall due a minute from now whatever the hour, each
// case starts from a state made by the workflow's own initialState() whose
// nearest clock (its acknowledgement reminder) is moved to that instant, as a
// continue-as-new would carry it. From there everything is the real workflow's
// timer path: one timer to the nearest wake, then the reminder owed, delivered
// by an activity. The baseline: 1,000 trivial workflows with one timer to
// their own instant, then one no-op activity. The cases have the spread
// window the API gives new cases (domain/complaint/wake-spread.ts): each
// wakes at its own offset after the instant, so a case's lateness is counted
// from its own wake, and its offset is reported apart. Each kind runs on a
// dev server and worker of its own, set up alike (the product's default
// slots), the baseline in a bundle of its own; each phase runs until every
// wake is delivered (BENCH_DEADLINES_CAP minutes at most), so no p99 is cut
// off, and says where the CPU went: the worker's process or the dev server.
import fs from 'node:fs';
import path from 'node:path';
import { defaultCalendarData } from '../domain/holidays';
import { ENGLAND_STATUTORY_POLICY } from '../domain/policy';
import { initialState } from '../domain/complaint/transitions';
import { DEFAULT_WAKE_SPREAD_MS, wakeOffset } from '../domain/complaint/wake-spread';
import { complaintWorkflow } from '../workflows/complaint/workflow';
import { DEFAULT_WORKER_SLOTS, type WorkerSlots } from '../worker/worker';
import { fmt, HERE, machineLoad, pool, progress, ratio, sleep, startHarness, statsOf, TASK_QUEUE, type Harness, type HarnessOptions, type Stats } from './harness';
import { timerWorkflow } from './timer-workflow';

const COUNT = Number(process.env.BENCH_DEADLINES ?? 1_000);
const LEAD_MS = process.env.BENCH_DEADLINES_LEAD !== undefined ? Number(process.env.BENCH_DEADLINES_LEAD) * 1000 : undefined;
/** The cases' spread window, seconds (DEADLINE_WAKE_SPREAD's default unless BENCH_WAKE_SPREAD says). */
const SPREAD_MS = process.env.BENCH_WAKE_SPREAD !== undefined ? Number(process.env.BENCH_WAKE_SPREAD) * 1000 : DEFAULT_WAKE_SPREAD_MS;
/** How long after the last wake a phase waits for every wake to be delivered, minutes. */
const CAP_MS = Number(process.env.BENCH_DEADLINES_CAP ?? 30) * 60_000;
/** BENCH_WORKER_SLOTS=<workflow tasks>,<activities>: the worker's slots; the product's defaults otherwise. */
const SLOTS: WorkerSlots = process.env.BENCH_WORKER_SLOTS
  ? (([workflowTasks, activities]) => ({ workflowTasks, activities }))(process.env.BENCH_WORKER_SLOTS.split(',').map(Number))
  : DEFAULT_WORKER_SLOTS;
/** BENCH_DEADLINES_CACHE: the worker's sticky cache (maxCachedWorkflows); the SDK's default otherwise, as the product's. */
const CACHE = process.env.BENCH_DEADLINES_CACHE !== undefined ? Number(process.env.BENCH_DEADLINES_CACHE) : undefined;
const TIMER_WORKFLOWS = path.join(HERE, 'timer-workflow.ts');

/** CPU seconds a process has used (user and system), from /proc; this process's own from Node. */
function cpuSeconds(pid?: number): number {
  if (pid === undefined) {
    const { user, system } = process.cpuUsage();
    return (user + system) / 1e6;
  }
  try {
    const fields = fs.readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
    // utime and stime (fields 14 and 15, counted after the command's closing parenthesis), in clock ticks of 1/100 s.
    return (Number(fields[11]) + Number(fields[12])) / 100;
  } catch {
    return Number.NaN;
  }
}

/** The next whole minute at least `leadMs` away. */
function dueMinute(leadMs: number): number {
  return Math.ceil((Date.now() + leadMs) / 60_000) * 60_000;
}

type Wire = (hooks: { ready(id: string): void; fired(id: string): void }, dueAt: number) => void;

/**
 * Starts `count` workflows all due at `dueAt`, waits until each has run its
 * first task (its timer set: it is ready), then collects the lateness each
 * reports, until all have or CAP_MS after the last wake pass. `wakeOf`:
 * when the workflow `id` is meant to wake (default `dueAt`). From the
 * instant to the last delivery, the CPU used by this process (the worker, and
 * the hooks counting) and by the dev server.
 */
async function phase(h: Harness, label: string, start: (i: number, dueAt: number) => Promise<unknown>, wire: Wire, count: number, dueAt: number, wakeOf: (id: string) => number = () => dueAt, lastWake = dueAt) {
  const t0 = Date.now();
  const lateness = new Map<string, number>();
  const fromInstant: number[] = [];
  const ready = new Set<string>();
  let lastFired = dueAt;
  const fired = (id: string) => {
    if (lateness.has(id)) return;
    lastFired = Date.now();
    lateness.set(id, lastFired - wakeOf(id));
    fromInstant.push(lastFired - dueAt);
  };
  wire({ ready: (id) => ready.add(id), fired }, dueAt);
  progress(`deadlines: starting ${count} ${label}, due ${new Date(dueAt).toISOString()}…`);
  await pool(count, 8, (i) => start(i, dueAt));
  while (ready.size < count && Date.now() < dueAt) await sleep(200);
  const readyBy = Date.now();
  const readyInTime = ready.size;
  await sleep(dueAt - Date.now());
  const serverPid = h.server?.process.pid;
  const cpu0 = { worker: cpuSeconds(), server: cpuSeconds(serverPid) };
  const cap = lastWake + CAP_MS;
  for (let look = Date.now(), seen = 0; lateness.size < count && Date.now() < cap; await sleep(500)) {
    if (count >= 1_000 && Date.now() - look >= 30_000) {
      progress(`deadlines: ${label}: ${lateness.size} of ${count} delivered, ${fmt(((lateness.size - seen) * 1000) / (Date.now() - look))}/s; CPU so far: worker ${fmt(cpuSeconds() - cpu0.worker)} s, server ${fmt(cpuSeconds(serverPid) - cpu0.server)} s; worker process RSS ${Math.round(process.memoryUsage().rss / 2 ** 20)} MiB`);
      [look, seen] = [Date.now(), lateness.size];
    }
  }
  const cpu = { worker: cpuSeconds() - cpu0.worker, server: cpuSeconds(serverPid) - cpu0.server };
  const values = [...lateness.values()];
  const timedOut = await taskTimeouts(h, [...lateness.keys()]);
  const deliveryMs = Math.max(lastFired - dueAt, 1);
  progress(`deadlines: ${label}: ${readyInTime} of ${count} ready by the instant (${fmt((dueAt - readyBy) / 1000)} s to spare), ${values.length} delivered, the last ${fmt(deliveryMs / 1000)} s after the instant`);
  return {
    stats: statsOf(values),
    fromInstant: statsOf(fromInstant),
    fired: values.length,
    capped: values.length < count,
    readyInTime,
    readyMs: readyBy - t0,
    spareMs: dueAt - readyBy,
    early: values.filter((v) => v < 0).length,
    deliveryMs,
    cpu,
    timedOut,
  };
}

/** Workflow tasks that timed out or failed (a task the worker held past its timeout, then retried), in up to 100 histories spread over `ids`. */
async function taskTimeouts(h: Harness, ids: string[]): Promise<{ histories: number; tasks: number }> {
  const sample = ids.filter((_, i) => i % Math.max(1, Math.floor(ids.length / 100)) === 0).slice(0, 100);
  let tasks = 0;
  for (const id of sample) {
    const { events } = await h.client.workflow.getHandle(id).fetchHistory();
    tasks += (events ?? []).filter((e) => e.workflowTaskTimedOutEventAttributes || e.workflowTaskFailedEventAttributes).length;
  }
  return { histories: sample.length, tasks };
}

/** A phase's delivery and where its CPU went, in a sentence. */
function delivery(label: string, p: Awaited<ReturnType<typeof phase>>): string {
  const window = p.deliveryMs / 1000;
  const share = (x: number) => `${fmt(x)} s (${Math.round((100 * x) / window)}% of one core)`;
  return `${label}: ${p.fired.toLocaleString('en-GB')} delivered, the last ${fmt(window)} s after the instant (${fmt(p.fired / window)} a second); from the instant to the last, the worker's process used ${share(p.cpu.worker)} of CPU and the dev server ${share(p.cpu.server)}; ${p.timedOut.tasks} workflow tasks timed out or failed in ${p.timedOut.histories} of their histories.`;
}

export async function deadlinesSection(): Promise<string[]> {
  const load = machineLoad();
  const setUp: HarnessOptions = { slots: SLOTS, ...(CACHE !== undefined ? { maxCachedWorkflows: CACHE } : {}) };
  const calendar = defaultCalendarData('england-and-wales');
  const startTimer = (h: Harness, tag: string) => (i: number, dueAt: number) =>
    h.client.workflow.start(timerWorkflow, { workflowId: `${tag}-${i}`, taskQueue: TASK_QUEUE, args: [dueAt, `${tag}-${i}`] });
  const wireTimer = (h: Harness): Wire => (on) => {
    h.hooks.onNoop = (id) => {
      if (id?.endsWith(':ready')) on.ready(id.slice(0, -':ready'.length));
      else if (id) on.fired(id);
    };
  };
  const startCase = (h: Harness, tag: string, spreadMs = SPREAD_MS) => (i: number, dueAt: number) => {
    const reference = `${tag}-${i}-${dueAt}`;
    const now = Date.now();
    const state = initialState({ reference, receivedAt: new Date(now - 60_000).toISOString(), policy: ENGLAND_STATUTORY_POLICY, calendar, actor: 'bench' }, now);
    const acknowledge = state.deadlines.find((d) => d.key === 'stage1.acknowledge')!;
    acknowledge.reminders = [{ at: dueAt, why: 'falls due in the benchmark minute' }];
    if (spreadMs > 0) state.wakeSpreadMs = spreadMs;
    return h.client.workflow.start(complaintWorkflow, { workflowId: reference, taskQueue: TASK_QUEUE, args: [{ continued: state }] });
  };
  // A case is ready once it has filed itself (its first pass, before its timer); it fires when its reminder goes out.
  const wireCase = (h: Harness): Wire => (on, dueAt) => {
    h.hooks.onSync = (snapshot) => {
      if (Date.now() < dueAt) on.ready(snapshot.reference);
    };
    h.hooks.onNotice = async (reference, notice) => {
      if (notice.kind === 'reminder') on.fired(reference);
    };
  };
  // Twice the time the warm-up took per workflow to be ready, for all of them (the shared machine's load varies), or BENCH_DEADLINES_LEAD seconds.
  const lead = (warm: { readyMs: number }) => LEAD_MS ?? Math.max(45_000, (2 * COUNT * warm.readyMs) / 20);
  // Each kind on a server and worker of its own, set up alike; a warm-up of a few first, so neither pays for first runs.
  const timers = await startHarness({ ...setUp, workflowsPath: TIMER_WORKFLOWS });
  let trivial: Awaited<ReturnType<typeof phase>>;
  try {
    const warm = await phase(timers, 'warm-up timers', startTimer(timers, 'warm-timer'), wireTimer(timers), 20, Date.now() + 30_000);
    trivial = await phase(timers, 'trivial timer workflows', startTimer(timers, `timer-${Date.now()}`), wireTimer(timers), COUNT, dueMinute(lead(warm)));
  } finally {
    await timers.stop();
  }
  const h = await startHarness(setUp);
  try {
    const warm = await phase(h, 'warm-up cases', startCase(h, 'WARM', 0), wireCase(h), 20, Date.now() + 30_000);
    const casesDue = dueMinute(lead(warm));
    // The reference is the workflow id the hooks report; its wake is the instant plus its own offset.
    const wakeOfCase = (reference: string) => casesDue + wakeOffset(reference, casesDue, SPREAD_MS);
    const cases = await phase(h, 'complaint cases', startCase(h, 'DUE'), wireCase(h), COUNT, casesDue, wakeOfCase, casesDue + SPREAD_MS);
    const offsets = statsOf(Array.from({ length: COUNT }, (_, i) => wakeOffset(`DUE-${i}-${casesDue}`, casesDue, SPREAD_MS)));
    // A kind none of which fired in its window (the worker overwhelmed) is reported as such, not as a crash.
    const rowOf = (label: string, p: { fired: number }, stats: Stats, base: Stats) =>
      p.fired === 0 || stats.n === 0 || base.n === 0
        ? `| ${label} | ${p.fired} of ${COUNT} | — | — | — | — | — |`
        : `| ${label} | ${p.fired} | ${fmt(stats.p50)} | ${fmt(stats.p95)} | ${fmt(stats.p99)} | ${fmt(stats.max)} | ${ratio(stats.p99, base.p99)} |`;
    const setUpText = `one worker process, ${SLOTS.workflowTasks ?? 40} workflow-task and ${SLOTS.activities ?? 100} activity slots${SLOTS === DEFAULT_WORKER_SLOTS ? " (the product's defaults)" : ''}, sticky cache ${h.worker.options.maxCachedWorkflows} workflows`;
    const capped = [trivial, cases].some((p) => p.capped)
      ? ` The cap was hit: ${trivial.fired} of ${COUNT} trivial timers and ${cases.fired} of ${COUNT} cases delivered, so a p99 of a kind cut short is a floor, not a figure.`
      : '';
    return [
      `## ${COUNT.toLocaleString('en-GB')} deadlines falling due in the same minute`,
      '',
      `Run ${new Date().toISOString()}; ${load}. ${COUNT.toLocaleString('en-GB')} workflows of each kind started, then all of a kind fall due at the same instant (a whole minute); lateness is when the worker runs the activity the wake owes, minus when the workflow was meant to wake (worker and server share this machine's clock). Both kinds run one activity before their timer (the case files itself; the trivial one a no-op) and one after it. The trivial workflows ran first, in a minute of their own, so the two never compete, each kind on a dev server and a worker of its own set up alike (${setUpText}), the trivial workflow in a bundle of its own (a worker evaluates its bundle's modules for each workflow it creates). Each phase ran until every wake was delivered (at most ${fmt(CAP_MS / 60_000)} minutes after its last wake). The cases spread their wakes across ${fmt(SPREAD_MS / 1000)} s after the instant (DEADLINE_WAKE_SPREAD): each is meant to wake at its own offset, and judges its clocks at the instant itself.`,
      '',
      '| workflows | fired | p50 late ms | p95 late ms | p99 late ms | max ms | p99 ratio |',
      '|---|---|---|---|---|---|---|',
      rowOf('trivial: a no-op activity, one timer, a no-op activity, all woken at the instant (baseline)', trivial, trivial.stats, trivial.stats),
      rowOf('complaint cases: their reminder falls due, the reminder is delivered; late from their own wake', cases, cases.stats, trivial.stats),
      rowOf('the same cases, from the instant (their offset included)', cases, cases.fromInstant, trivial.stats),
      '',
      `The cases' offsets: p50 ${fmt(offsets.p50 / 1000)} s, p99 ${fmt(offsets.p99 / 1000)} s, max ${fmt(offsets.max / 1000)} s after the instant. The reminder (and any due date) the wake owes is judged at the instant: only its delivery waits for the offset.`,
      '',
      `Delivery, ${delivery('trivial', trivial)} ${delivery('Cases', cases)} Load average at the end ${machineLoad().replace(/^load average /, '')}.${capped}`,
      '',
      `Each case starts from the state its own initialState() makes, with its acknowledgement reminder moved to the benchmark minute (the product's reminders fall at 09:00 London and deadlines at midnight, so a real minute cannot be chosen at will); the workflow's main loop, its single timer and the reminder's delivery are the product's. Every workflow had run its first task (timer set) before the instant: trivial ${trivial.readyInTime} of ${COUNT}, ${fmt(trivial.spareMs / 1000)} s to spare; cases ${cases.readyInTime} of ${COUNT}, ${fmt(cases.spareMs / 1000)} s to spare. ${trivial.early + cases.early} fired before their wake (a workflow not ready by the instant acts on its first task).`,
      '',
    ];
  } finally {
    await h.stop();
  }
}
