// `npm run bench -- --cluster [--cases=N]`: the open-cases benchmark on the
// production shape (scripts/cluster: PostgreSQL, Temporal's four services with
// mutual TLS, SQL visibility, 4 history shards), the worker and API in the
// bench process as elsewhere. Each figure beside a baseline on the same cluster
// in the same run: creation against no-op workflow starts, a transition with N
// open against 10 open and against a bare no-op Update, and the first
// transition on a long-idle case.
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { defaultCalendarData } from '../domain/holidays';
import { ENGLAND_STATUTORY_POLICY } from '../domain/policy';
import { startCluster, type Cluster } from '../scripts/cluster/cluster';
import { clientTls } from '../scripts/cluster/temporal';
import { commandUpdates } from '../workflows/complaint/messages';
import { complaintWorkflow } from '../workflows/complaint/workflow';
import { fmt, machineLoad, measure, pool, progress, ratio, sleep, startHarness, statsOf, TASK_QUEUE, type Harness, type Stats } from './harness';
import { bareUpdate, noopWorkflow, openedWorkflow } from './workflows';
// @ts-expect-error plain JS helper shared with the bootstrap
import { ensureTemporalServer } from '../scripts/cluster/build.mjs';
// @ts-expect-error plain JS helper shared with the bootstrap
import { ROOT } from '../scripts/tools.mjs';

const SAMPLES = Number(process.env.BENCH_SAMPLES ?? 200);
/** The worker's sticky cache: the SDK's default (about 2,300 here) ran out of heap near 1,900 open cases. */
const CACHE = 1_000;
const CONCURRENCY = 8;

export async function clusterSection(cases: number): Promise<string[]> {
  const load = machineLoad();
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'complaints-bench-cluster-'));
  fs.chmodSync(tmp, 0o755); // PostgreSQL runs as its own user below it
  let cluster: Cluster | undefined;
  let h: Harness | undefined;
  try {
    progress('cluster: starting (PostgreSQL, Temporal’s four services)…');
    const binaries = ensureTemporalServer() as { server: string; sqlTool: string; schemaDir: string };
    cluster = await startCluster({
      root: ROOT as string,
      dataDir: tmp,
      ports: {
        postgres: await freePort(),
        frontend: await freePort(),
        history: await freePort(),
        matching: await freePort(),
        worker: await freePort(),
        membership: { frontend: await freePort(true), history: await freePort(true), matching: await freePort(true), worker: await freePort(true) },
        apis: [],
      },
      binaries,
      workers: 0,
      say: (line) => progress(`cluster: ${line}`),
    });
    h = await startHarness({ temporal: { address: cluster.address, namespace: cluster.namespace, tls: clientTls(cluster.certs) }, maxCachedWorkflows: CACHE });
    const harness = h;
    progress('cluster: warming up…');
    const warm = await harness.createCase(-1);
    await harness.command(warm, 'triage', { decision: 'stage1' });
    await transitions(harness, warm, 10);
    const noop = await harness.client.workflow.start(noopWorkflow, { workflowId: `noop-${Date.now()}`, taskQueue: TASK_QUEUE });
    for (let i = 0; i < 20; i++) await noop.executeUpdate(bareUpdate, { args: [i] });

    // Creation's baseline: workflows that only run one no-op activity (as a case files itself) and end.
    let noops = 0;
    harness.hooks.onNoop = () => void noops++;
    const baseCount = Math.min(500, Math.max(100, Math.round(cases / 20)));
    progress(`cluster: ${baseCount} no-op workflow starts…`);
    const t0 = performance.now();
    await pool(baseCount, CONCURRENCY, (i) => harness.client.workflow.start(openedWorkflow, { workflowId: `opened-${i}-${Date.now()}`, taskQueue: TASK_QUEUE, args: [`o${i}`] }));
    while (noops < baseCount) await sleep(200);
    const baseRate = baseCount / ((performance.now() - t0) / 1000);

    // 10 open complaint cases: the measured one, the warm-up and 8 more.
    const receivedAt = new Date(Date.now() - 60_000).toISOString();
    const calendar = defaultCalendarData('england-and-wales');
    let synced = 0;
    harness.hooks.onSync = () => void synced++;
    const opened: string[] = [];
    const open = async (from: number, to: number) => {
      const before = synced;
      const t = performance.now();
      await pool(to - from, CONCURRENCY, async (i) => {
        const reference = `OPEN-${from + i}-${Date.now()}`;
        await harness.client.workflow.start(complaintWorkflow, {
          workflowId: reference,
          taskQueue: TASK_QUEUE,
          args: [{ reference, receivedAt, policy: ENGLAND_STATUTORY_POLICY, calendar, actor: 'bench' }],
        });
        opened.push(reference);
      });
      // Counted until every new case has filed itself (its first activity).
      while (synced - before < to - from) await sleep(200);
      return (to - from) / ((performance.now() - t) / 1000);
    };
    const measured = await harness.createCase(0);
    await harness.command(measured, 'triage', { decision: 'stage1' });
    await open(0, 8);
    await sleep(2_000);
    progress('cluster: 10 open…');
    const few = await transitions(harness, measured, SAMPLES);
    const bareFew = await measure(SAMPLES, 1, (i) => noop.executeUpdate(bareUpdate, { args: [i] }));

    progress(`cluster: opening ${(cases - 10).toLocaleString('en-GB')} more (${CONCURRENCY} at a time)…`);
    const t1 = performance.now();
    const rate = await open(8, cases - 2);
    const openSeconds = (performance.now() - t1) / 1000;
    await sleep(2_000);
    progress(`cluster: ${cases.toLocaleString('en-GB')} open…`);
    const many = await transitions(harness, measured, SAMPLES);
    const bareMany = await measure(SAMPLES, 1, (i) => noop.executeUpdate(bareUpdate, { args: [i] }));
    // The cases opened first have long left the worker's cache: their first transition replays their history.
    const idle: number[] = [];
    for (const id of opened.slice(10, 10 + Math.min(SAMPLES, 100))) {
      const t = performance.now();
      await harness.client.workflow.getHandle(id).executeUpdate(commandUpdates.triage, { args: [{ actor: 'bench', decision: 'stage1' }] });
      idle.push(performance.now() - t);
    }
    const cold = statsOf(idle);
    const heapMiB = Math.round(process.memoryUsage().rss / 2 ** 20);

    const n = cases.toLocaleString('en-GB');
    const rowOf = (label: string, s: Stats, base: Stats) => `| ${label} | ${fmt(s.p50)} | ${fmt(s.p95)} | ${fmt(s.p99)} | ${ratio(s.p50, base.p50)} | ${ratio(s.p99, base.p99)} |`;
    return [
      `## ${n} open cases on the cluster`,
      '',
      `Run ${new Date().toISOString()}; ${load} at the start, ${machineLoad().replace('load average ', '')} at the end. \`npm run bench -- --cluster --cases=${cases}\`: PostgreSQL, Temporal's frontend, history (4 shards), matching and worker services as separate processes with mutual TLS and SQL visibility (scripts/cluster), on this machine; the worker (sticky cache ${CACHE.toLocaleString('en-GB')} workflows) and the API in the bench process; case records kept in memory, so the figures are Temporal's. Bench process RSS at the end: ${heapMiB} MiB.`,
      '',
      '| creation | per second | ratio |',
      '|---|---|---|',
      `| no-op workflow starts, each running one no-op activity (baseline; ${baseCount}, ${CONCURRENCY} at a time) | ${fmt(baseRate)} | 1.00× |`,
      `| complaint cases started until each had filed itself (${(cases - 10).toLocaleString('en-GB')}, ${CONCURRENCY} at a time; ${fmt(openSeconds)} s) | ${fmt(rate)} | ${ratio(rate, baseRate)} |`,
      '',
      `| measured (${SAMPLES} sequential unless said) | p50 ms | p95 ms | p99 ms | p50 ratio | p99 ratio |`,
      '|---|---|---|---|---|---|',
      rowOf('transition through the API, 10 open (baseline)', few, few),
      rowOf(`transition through the API, ${n} open`, many, few),
      rowOf('bare no-op Update, 10 open', bareFew, few),
      rowOf(`bare no-op Update, ${n} open`, bareMany, few),
      rowOf(`first transition on ${cold.n} long-idle cases among ${n} (triage, direct Update)`, cold, few),
      '',
      `A transition is a hold or release through the API (each owes one letter, delivered by an activity after the Update answers). Against the bare no-op Update on the same cluster with ${n} open: p50 ${ratio(many.p50, bareMany.p50)}, p99 ${ratio(many.p99, bareMany.p99)}. The idle cases were opened first, so the worker had evicted them (its cache holds ${CACHE.toLocaleString('en-GB')}) and replays each one's short history first.`,
      '',
    ];
  } finally {
    await h?.stop();
    await cluster?.stop();
    fs.rmSync(tmp, { recursive: true, force: true });
  }
}

/** `n` sequential hold/release transitions through the API on one triaged case. */
function transitions(h: Harness, reference: string, n: number): Promise<Stats> {
  return measure(n, 1, (i) => (i % 2 === 0 ? h.command(reference, 'hold', { reason: 'safeguarding' }) : h.command(reference, 'release-hold', {})));
}

/** A free loopback port; `low` for membership ports, which Temporal keeps in a smallint column. */
async function freePort(low = false): Promise<number> {
  for (;;) {
    const candidate = low ? 20_000 + Math.floor(Math.random() * 12_000) : 0;
    const port = await new Promise<number | undefined>((resolve) => {
      const server = net.createServer();
      server.once('error', () => resolve(undefined));
      server.listen(candidate, '127.0.0.1', () => {
        const { port: p } = server.address() as net.AddressInfo;
        server.close(() => resolve(p));
      });
    });
    if (port) return port;
  }
}
