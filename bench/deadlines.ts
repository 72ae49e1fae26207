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
// from its own wake, and its offset is reported apart.
import { defaultCalendarData } from '../domain/holidays';
import { ENGLAND_STATUTORY_POLICY } from '../domain/policy';
import { initialState } from '../domain/complaint/transitions';
import { DEFAULT_WAKE_SPREAD_MS, wakeOffset } from '../domain/complaint/wake-spread';
import { complaintWorkflow } from '../workflows/complaint/workflow';
import { fmt, machineLoad, pool, progress, ratio, sleep, startHarness, statsOf, TASK_QUEUE, type Harness, type Stats } from './harness';
import { timerWorkflow } from './workflows';

const COUNT = Number(process.env.BENCH_DEADLINES ?? 1_000);
const LEAD_MS = process.env.BENCH_DEADLINES_LEAD !== undefined ? Number(process.env.BENCH_DEADLINES_LEAD) * 1000 : undefined;
/** The cases' spread window, seconds (DEADLINE_WAKE_SPREAD's default unless BENCH_WAKE_SPREAD says). */
const SPREAD_MS = process.env.BENCH_WAKE_SPREAD !== undefined ? Number(process.env.BENCH_WAKE_SPREAD) * 1000 : DEFAULT_WAKE_SPREAD_MS;
/** The next whole minute at least `leadMs` away. */
function dueMinute(leadMs: number): number {
  return Math.ceil((Date.now() + leadMs) / 60_000) * 60_000;
}

type Wire = (hooks: { ready(id: string): void; fired(id: string): void }, dueAt: number) => void;

/**
 * Starts `count` workflows all due at `dueAt`, waits until each has run its
 * first task (its timer set: it is ready), then collects the lateness each
 * reports, until all have or 5 minutes after the last wake pass. `wakeOf`:
 * when the workflow `id` is meant to wake (default `dueAt`).
 */
async function phase(h: Harness, label: string, start: (i: number, dueAt: number) => Promise<unknown>, wire: Wire, count: number, dueAt: number, wakeOf: (id: string) => number = () => dueAt, lastWake = dueAt) {
  const t0 = Date.now();
  const lateness = new Map<string, number>();
  const fromInstant: number[] = [];
  const ready = new Set<string>();
  const fired = (id: string) => {
    if (lateness.has(id)) return;
    lateness.set(id, Date.now() - wakeOf(id));
    fromInstant.push(Date.now() - dueAt);
  };
  wire({ ready: (id) => ready.add(id), fired }, dueAt);
  progress(`deadlines: starting ${count} ${label}, due ${new Date(dueAt).toISOString()}…`);
  await pool(count, 8, (i) => start(i, dueAt));
  while (ready.size < count && Date.now() < dueAt) await sleep(200);
  const readyBy = Date.now();
  const readyInTime = ready.size;
  while (lateness.size < count && Date.now() < lastWake + 5 * 60_000) await sleep(500);
  const values = [...lateness.values()];
  progress(`deadlines: ${label}: ${readyInTime} of ${count} ready by the instant (${fmt((dueAt - readyBy) / 1000)} s to spare), ${values.length} fired`);
  return { stats: statsOf(values), fromInstant: statsOf(fromInstant), fired: values.length, readyInTime, readyMs: readyBy - t0, spareMs: dueAt - readyBy, early: values.filter((v) => v < 0).length };
}

export async function deadlinesSection(): Promise<string[]> {
  const load = machineLoad();
  const h = await startHarness();
  try {
    const calendar = defaultCalendarData('england-and-wales');
    const startTimer = (tag: string) => (i: number, dueAt: number) =>
      h.client.workflow.start(timerWorkflow, { workflowId: `${tag}-${i}`, taskQueue: TASK_QUEUE, args: [dueAt, `${tag}-${i}`] });
    const wireTimer: Wire = (on) => {
      h.hooks.onNoop = (id) => {
        if (id?.endsWith(':ready')) on.ready(id.slice(0, -':ready'.length));
        else if (id) on.fired(id);
      };
    };
    const startCase = (tag: string, spreadMs = SPREAD_MS) => (i: number, dueAt: number) => {
      const reference = `${tag}-${i}-${dueAt}`;
      const now = Date.now();
      const state = initialState({ reference, receivedAt: new Date(now - 60_000).toISOString(), policy: ENGLAND_STATUTORY_POLICY, calendar, actor: 'bench' }, now);
      const acknowledge = state.deadlines.find((d) => d.key === 'stage1.acknowledge')!;
      acknowledge.reminders = [{ at: dueAt, why: 'falls due in the benchmark minute' }];
      if (spreadMs > 0) state.wakeSpreadMs = spreadMs;
      return h.client.workflow.start(complaintWorkflow, { workflowId: reference, taskQueue: TASK_QUEUE, args: [{ continued: state }] });
    };
    // A case is ready once it has filed itself (its first pass, before its timer); it fires when its reminder goes out.
    const wireCase: Wire = (on, dueAt) => {
      h.hooks.onSync = (snapshot) => {
        if (Date.now() < dueAt) on.ready(snapshot.reference);
      };
      h.hooks.onNotice = async (reference, notice) => {
        if (notice.kind === 'reminder') on.fired(reference);
      };
    };
    // Warm-up: a few of each, so neither phase pays for first runs; how long they take to be ready sizes the lead.
    const warmTimers = await phase(h, 'warm-up timers', startTimer('warm-timer'), wireTimer, 20, Date.now() + 30_000);
    const warmCases = await phase(h, 'warm-up cases', startCase('WARM', 0), wireCase, 20, Date.now() + 30_000);
    // Twice the time the warm-up took per workflow to be ready, for all of them (the shared machine's load varies), or BENCH_DEADLINES_LEAD seconds.
    const lead = (warm: { readyMs: number }) => LEAD_MS ?? Math.max(45_000, (2 * COUNT * warm.readyMs) / 20);
    const trivial = await phase(h, 'trivial timer workflows', startTimer(`timer-${Date.now()}`), wireTimer, COUNT, dueMinute(lead(warmTimers)));
    const casesDue = dueMinute(lead(warmCases));
    // The reference is the workflow id the hooks report; its wake is the instant plus its own offset.
    const wakeOfCase = (reference: string) => casesDue + wakeOffset(reference, casesDue, SPREAD_MS);
    const cases = await phase(h, 'complaint cases', startCase('DUE'), wireCase, COUNT, casesDue, wakeOfCase, casesDue + SPREAD_MS);
    const offsets = statsOf(Array.from({ length: COUNT }, (_, i) => wakeOffset(`DUE-${i}-${casesDue}`, casesDue, SPREAD_MS)));
    // A kind none of which fired in its window (the worker overwhelmed) is reported as such, not as a crash.
    const rowOf = (label: string, p: { fired: number }, stats: Stats, base: Stats) =>
      p.fired === 0 || stats.n === 0 || base.n === 0
        ? `| ${label} | ${p.fired} of ${COUNT} | — | — | — | — | — |`
        : `| ${label} | ${p.fired} | ${fmt(stats.p50)} | ${fmt(stats.p95)} | ${fmt(stats.p99)} | ${fmt(stats.max)} | ${ratio(stats.p99, base.p99)} |`;
    return [
      `## ${COUNT.toLocaleString('en-GB')} deadlines falling due in the same minute`,
      '',
      `Run ${new Date().toISOString()}; ${load}. ${COUNT.toLocaleString('en-GB')} workflows of each kind started, then all of a kind fall due at the same instant (a whole minute); lateness is when the worker runs the activity the wake owes, minus when the workflow was meant to wake (worker and server share this machine's clock). Both kinds run one activity before their timer (the case files itself; the trivial one a no-op) and one after it. The trivial workflows ran first, in a minute of their own, so the two never compete. The cases spread their wakes across ${fmt(SPREAD_MS / 1000)} s after the instant (DEADLINE_WAKE_SPREAD): each is meant to wake at its own offset, and judges its clocks at the instant itself.`,
      '',
      '| workflows | fired | p50 late ms | p95 late ms | p99 late ms | max ms | p99 ratio |',
      '|---|---|---|---|---|---|---|',
      rowOf('trivial: a no-op activity, one timer, a no-op activity, all woken at the instant (baseline)', trivial, trivial.stats, trivial.stats),
      rowOf('complaint cases: their reminder falls due, the reminder is delivered; late from their own wake', cases, cases.stats, trivial.stats),
      rowOf('the same cases, from the instant (their offset included)', cases, cases.fromInstant, trivial.stats),
      '',
      `The cases' offsets: p50 ${fmt(offsets.p50 / 1000)} s, p99 ${fmt(offsets.p99 / 1000)} s, max ${fmt(offsets.max / 1000)} s after the instant. The reminder (and any due date) the wake owes is judged at the instant: only its delivery waits for the offset.`,
      '',
      `Each case starts from the state its own initialState() makes, with its acknowledgement reminder moved to the benchmark minute (the product's reminders fall at 09:00 London and deadlines at midnight, so a real minute cannot be chosen at will); the workflow's main loop, its single timer and the reminder's delivery are the product's. Every workflow had run its first task (timer set) before the instant: trivial ${trivial.readyInTime} of ${COUNT}, ${fmt(trivial.spareMs / 1000)} s to spare; cases ${cases.readyInTime} of ${COUNT}, ${fmt(cases.spareMs / 1000)} s to spare. ${trivial.early + cases.early} fired before their wake (a workflow not ready by the instant acts on its first task).`,
      '',
    ];
  } finally {
    await h.stop();
  }
}
