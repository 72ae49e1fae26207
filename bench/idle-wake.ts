// The first transition on a case the worker has evicted from its sticky
// cache, against the same transition on a case still cached, with a cache
// small enough that a few hundred cases evict most of them. Run alone
// (`npx tsx bench/idle-wake.ts`), with `--cpu-prof` to see where the wake goes.
import { defaultCalendarData } from '../domain/holidays';
import { ENGLAND_STATUTORY_POLICY } from '../domain/policy';
import { commandUpdates } from '../workflows/complaint/messages';
import { complaintWorkflow } from '../workflows/complaint/workflow';
import { fmt, machineLoad, pool, progress, ratio, sleep, startHarness, statsOf, stickyCacheMisses, TASK_QUEUE } from './harness';

const CACHE = Number(process.env.BENCH_IDLE_CACHE ?? 50);
const OPEN = Number(process.env.BENCH_IDLE_OPEN ?? 150);
const SAMPLES = Number(process.env.BENCH_IDLE_SAMPLES ?? 40);

export async function idleWakeSection(): Promise<string[]> {
  const load = machineLoad();
  const h = await startHarness({ maxCachedWorkflows: CACHE });
  try {
    const receivedAt = new Date(Date.now() - 60_000).toISOString();
    const calendar = defaultCalendarData('england-and-wales');
    let synced = 0;
    h.hooks.onSync = () => void synced++;
    const opened: string[] = [];
    const stamp = Date.now();
    for (let i = 0; i < OPEN; i++) opened.push(`IDLE-${i}-${stamp}`);
    // Opened in order, so the last CACHE are the cached ones.
    await pool(OPEN, 1, async (i) => {
      const reference = opened[i]!;
      await h.client.workflow.start(complaintWorkflow, {
        workflowId: reference,
        taskQueue: TASK_QUEUE,
        args: [{ reference, receivedAt, policy: ENGLAND_STATUTORY_POLICY, calendar, actor: 'bench' }],
      });
    });
    while (synced < OPEN) await sleep(200);
    await sleep(1_000);
    const triage = async (id: string) => {
      const t0 = performance.now();
      await h.client.workflow.getHandle(id).executeUpdate(commandUpdates.triage, { args: [{ actor: 'bench', decision: 'stage1' }] });
      return performance.now() - t0;
    };
    progress(`idle-wake: warm cases… (monotonic ${process.hrtime.bigint() / 1000n} µs)`);
    const warm: number[] = [];
    const misses0 = await stickyCacheMisses();
    for (const id of opened.slice(OPEN - SAMPLES)) warm.push(await triage(id));
    const misses1 = await stickyCacheMisses();
    progress(`idle-wake: idle cases… (monotonic ${process.hrtime.bigint() / 1000n} µs)`);
    const idle: number[] = [];
    for (const id of opened.slice(0, SAMPLES)) idle.push(await triage(id));
    progress(`idle-wake: done (monotonic ${process.hrtime.bigint() / 1000n} µs)`);
    const misses2 = await stickyCacheMisses();
    const w = statsOf(warm);
    const c = statsOf(idle);
    return [
      `## First transition on an evicted case against a cached one`,
      '',
      `Run ${new Date().toISOString()}; ${load}. ${OPEN} cases opened, the worker's sticky cache ${CACHE}; the first triage (direct Update) on ${SAMPLES} cases opened last (cached) then on ${SAMPLES} opened first (evicted); "evicted" counts the worker's sticky-cache misses while they ran.`,
      '',
      '| measured | p50 ms | p95 ms | max ms | p50 ratio |',
      '|---|---|---|---|---|',
      `| triage on a cached case (baseline; ${misses1 - misses0} of ${SAMPLES} evicted) | ${fmt(w.p50)} | ${fmt(w.p95)} | ${fmt(w.max)} | 1.00× |`,
      `| triage on an evicted case (${misses2 - misses1} of ${SAMPLES} evicted) | ${fmt(c.p50)} | ${fmt(c.p95)} | ${fmt(c.max)} | ${ratio(c.p50, w.p50)} |`,
      '',
    ];
  } finally {
    await h.stop();
  }
}

if (process.argv[1]?.endsWith('idle-wake.ts')) {
  console.log((await idleWakeSection()).join('\n'));
  process.exit(0);
}
