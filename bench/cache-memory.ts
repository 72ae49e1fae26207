// What a case held in the worker's sticky cache costs in memory: the
// process's resident set after opening BENCH_CACHE_OPEN cases with a sticky
// cache of BENCH_CACHE_SIZE, against before. Run once with a cache holding
// every case and once with a cache of 2; the difference over the cases held
// is the cost of one (`BENCH_CACHE_SIZE=1000 npx tsx bench/cache-memory.ts`).
import { defaultCalendarData } from '../domain/holidays';
import { ENGLAND_STATUTORY_POLICY } from '../domain/policy';
import { complaintWorkflow } from '../workflows/complaint/workflow';
import { pool, sleep, startHarness, TASK_QUEUE } from './harness';

const OPEN = Number(process.env.BENCH_CACHE_OPEN ?? 1000);
const CACHE = Number(process.env.BENCH_CACHE_SIZE ?? OPEN);
const mib = (bytes: number) => (bytes / 2 ** 20).toFixed(1);

const h = await startHarness({ maxCachedWorkflows: CACHE });
const receivedAt = new Date(Date.now() - 60_000).toISOString();
const calendar = defaultCalendarData('england-and-wales');
let synced = 0;
h.hooks.onSync = () => void synced++;
const open = async (from: number, n: number) => {
  const before = synced;
  await pool(n, 8, async (i) => {
    const reference = `MEM-${from + i}-${Date.now()}`;
    await h.client.workflow.start(complaintWorkflow, {
      workflowId: reference,
      taskQueue: TASK_QUEUE,
      args: [{ reference, receivedAt, policy: ENGLAND_STATUTORY_POLICY, calendar, actor: 'bench' }],
    });
  });
  while (synced - before < n) await sleep(200);
  await sleep(5_000);
};
// Warm: the worker's context, the bundle, the first cases.
await open(0, 20);
const rss0 = process.memoryUsage().rss;
const status0 = h.worker.getStatus();
await open(20, OPEN);
const rss1 = process.memoryUsage().rss;
const status1 = h.worker.getStatus();
console.log(
  `cache ${CACHE}, ${OPEN} cases opened: RSS ${mib(rss0)} → ${mib(rss1)} MiB (+${mib(rss1 - rss0)}); cached ${status0.numCachedWorkflows} → ${status1.numCachedWorkflows}`,
);
await h.stop();
process.exit(0);
