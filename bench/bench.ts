// `npm run bench`: scripted load on a dev server over loopback. Each figure
// sits beside a baseline measured in the same run on the same server:
//   - a transition through the API (HTTP → auth → zod → Temporal Update with
//     validator → workflow → case view) against a no-op Update awaiting one
//     no-op activity, and against calling the same complaint Update directly
//     (the difference is the API's own cost);
//   - case creation through the API against a no-op workflow's start, at
//     increasing concurrency.
// Results go to bench/RESULTS.md with the machine they ran on.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { AddressInfo } from 'node:net';
import { Client, Connection } from '@temporalio/client';
import { DefaultLogger, NativeConnection, Runtime, Worker } from '@temporalio/worker';
import { createActivities } from '../activities';
import { createApp } from '../api/app';
import { openPglite } from '../records/db';
import { migrate } from '../records/migrate';
import { Records } from '../records/repository';
import { LOCAL_AUDIENCE, LOCAL_ISSUER, loadOrCreateLocalKeys, signLocalToken } from '../api/auth/local-keys';
import { startDevServer } from '../temporal/dev-server';
import { commandUpdates } from '../workflows/complaint/messages';
import { bareUpdate, noopUpdate, noopWorkflow } from './workflows';
// @ts-expect-error plain JS helper shared with the bootstrap
import { TEMPORAL_CLI } from '../scripts/tools.mjs';

const HERE = path.dirname(fileURLToPath(import.meta.url));
const SAMPLES = Number(process.env.BENCH_SAMPLES ?? 200);

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;
}

interface Stats { n: number; perSecond: number; p50: number; p95: number; p99: number }

/** Runs `op` `n` times with `concurrency` in flight; latencies in ms. */
async function measure(n: number, concurrency: number, op: (i: number) => Promise<unknown>): Promise<Stats> {
  const latencies: number[] = [];
  let next = 0;
  const started = performance.now();
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      for (let i = next++; i < n; i = next++) {
        const t = performance.now();
        await op(i);
        latencies.push(performance.now() - t);
      }
    }),
  );
  const seconds = (performance.now() - started) / 1000;
  latencies.sort((a, b) => a - b);
  return { n, perSecond: n / seconds, p50: percentile(latencies, 50), p95: percentile(latencies, 95), p99: percentile(latencies, 99) };
}

const fmt = (x: number) => (x >= 100 ? x.toFixed(0) : x.toFixed(1));
const ratio = (a: number, b: number) => `${(a / b).toFixed(2)}×`;
function progress(message: string) {
  process.stderr.write(`[bench] ${message}\n`);
}

Runtime.install({ logger: new DefaultLogger('WARN') });
const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'complaints-bench-'));
progress('starting a dev server…');
const server = await startDevServer({ binary: TEMPORAL_CLI as string, port: 7300 + Math.floor(Math.random() * 500), logFile: path.join(tmp, 'temporal.log') });
const connection = await Connection.connect({ address: server.address });
const client = new Client({ connection });
const nativeConnection = await NativeConnection.connect({ address: server.address });
const taskQueue = 'bench';
const worker = await Worker.create({
  connection: nativeConnection,
  taskQueue,
  workflowsPath: path.join(HERE, 'workflows.ts'),
  activities: { ...createActivities({ records: { syncCase: async () => ({ eventsInserted: 0 }) }, notices: { async deliver() {} } }), async noopActivity() {} },
});
const running = worker.run();
const keys = await loadOrCreateLocalKeys(tmp);
const recordsDb = await openPglite('memory://');
await migrate(recordsDb);
const records = new Records(recordsDb);
const app = createApp({
  client,
  records,
  taskQueue,
  defaultPolicy: 'england-statutory',
  auth: { keys: { localJwks: { keys: [keys.publicJwk] } }, issuer: LOCAL_ISSUER, audience: LOCAL_AUDIENCE },
  rateLimitPerMinute: 1_000_000,
  log: () => undefined,
});
const http = app.listen(0, '127.0.0.1');
await new Promise((r) => http.once('listening', r));
const base = `http://127.0.0.1:${(http.address() as AddressInfo).port}`;
const token = await signLocalToken(keys, 'bench-officer', ['complaints-officer', 'complaints-manager']);
const headers = { 'content-type': 'application/json', authorization: `Bearer ${token}` };
const body = (i: number) =>
  JSON.stringify({ receivedAt: '2026-11-02T09:00:00Z', channel: 'email', complainant: { name: `Bench ${i}`, type: 'parent' }, summary: 'bench' });

async function createCase(i: number): Promise<string> {
  const res = await fetch(`${base}/v1/complaints`, { method: 'POST', headers, body: body(i) });
  if (res.status !== 201) throw new Error(`create: ${res.status} ${await res.text()}`);
  return ((await res.json()) as { reference: string }).reference;
}

// Warm up: bundle, caches, JIT.
progress('warming up…');
const warm = await createCase(-1);
const noop = await client.workflow.start(noopWorkflow, { workflowId: `noop-${Date.now()}`, taskQueue });
for (let i = 0; i < 20; i++) await noop.executeUpdate(noopUpdate, { args: [i] });

// 1. A transition: the hold/release pair is repeatable on one case and each
//    delivers one notice (an activity), like the baseline's one activity.
progress(`transitions: ${SAMPLES} each, one at a time…`);
const apiCase = await createCase(0);
await fetch(`${base}/v1/complaints/${apiCase}/commands/triage`, { method: 'POST', headers, body: JSON.stringify({ decision: 'stage1' }) });
const viaApi = await measure(SAMPLES, 1, async (i) => {
  const name = i % 2 === 0 ? 'hold' : 'release-hold';
  const res = await fetch(`${base}/v1/complaints/${apiCase}/commands/${name}`, { method: 'POST', headers, body: JSON.stringify(i % 2 === 0 ? { reason: 'safeguarding' } : {}) });
  if (res.status !== 200) throw new Error(`${name}: ${res.status} ${await res.text()}`);
  await res.arrayBuffer();
});
const directCase = client.workflow.getHandle(await createCase(1));
await directCase.executeUpdate(commandUpdates.triage, { args: [{ actor: 'bench', decision: 'stage1' }] });
const direct = await measure(SAMPLES, 1, (i) =>
  i % 2 === 0
    ? directCase.executeUpdate(commandUpdates.hold, { args: [{ actor: 'bench', reason: 'safeguarding' }] })
    : directCase.executeUpdate(commandUpdates['release-hold'], { args: [{ actor: 'bench' }] }),
);
const baseline = await measure(SAMPLES, 1, (i) => noop.executeUpdate(noopUpdate, { args: [i] }));
const bare = await measure(SAMPLES, 1, (i) => noop.executeUpdate(bareUpdate, { args: [i] }));

// 2. Creation throughput at increasing concurrency.
const creation: Array<{ concurrency: number; api: Stats; noop: Stats }> = [];
for (const concurrency of [1, 4, 16]) {
  progress(`creation at concurrency ${concurrency}…`);
  const n = Math.max(40, Math.round(SAMPLES / 2));
  const apiStats = await measure(n, concurrency, (i) => createCase(1000 * concurrency + i));
  const noopStats = await measure(n, concurrency, (i) =>
    client.workflow.start(noopWorkflow, { workflowId: `noop-${concurrency}-${i}-${Date.now()}`, taskQueue }),
  );
  creation.push({ concurrency, api: apiStats, noop: noopStats });
}

const cpu = os.cpus()[0]?.model ?? 'unknown CPU';
const lines = [
  '# Benchmark results',
  '',
  `Run ${new Date().toISOString()} on ${os.cpus().length} × ${cpu}, ${Math.round(os.totalmem() / 2 ** 30)} GiB, Node ${process.version}, ${os.platform()} ${os.release()}.`,
  'One Temporal dev server (in-memory SQLite) over loopback; worker and API in the bench process. Each figure beside its baseline from the same run; ratios are figure ÷ baseline (lower is better for latency, higher for throughput).',
  '',
  `## A transition (${SAMPLES} sequential, hold/release on one case; each delivers one notice through an activity)`,
  '',
  '| measured | per second | p50 ms | p95 ms | p99 ms | p50 ratio | p99 ratio |',
  '|---|---|---|---|---|---|---|',
  `| no-op Update awaiting one no-op activity (baseline) | ${fmt(baseline.perSecond)} | ${fmt(baseline.p50)} | ${fmt(baseline.p95)} | ${fmt(baseline.p99)} | 1.00× | 1.00× |`,
  `| a bare no-op Update | ${fmt(bare.perSecond)} | ${fmt(bare.p50)} | ${fmt(bare.p95)} | ${fmt(bare.p99)} | ${ratio(bare.p50, baseline.p50)} | ${ratio(bare.p99, baseline.p99)} |`,
  `| the complaint Update called directly | ${fmt(direct.perSecond)} | ${fmt(direct.p50)} | ${fmt(direct.p95)} | ${fmt(direct.p99)} | ${ratio(direct.p50, baseline.p50)} | ${ratio(direct.p99, baseline.p99)} |`,
  `| the same transition through the API | ${fmt(viaApi.perSecond)} | ${fmt(viaApi.p50)} | ${fmt(viaApi.p95)} | ${fmt(viaApi.p99)} | ${ratio(viaApi.p50, baseline.p50)} | ${ratio(viaApi.p99, baseline.p99)} |`,
  '',
  `The API's own cost (API ÷ direct Update): p50 ${ratio(viaApi.p50, direct.p50)}, p99 ${ratio(viaApi.p99, direct.p99)}. Against a bare no-op Update: p50 ${ratio(viaApi.p50, bare.p50)}, p99 ${ratio(viaApi.p99, bare.p99)}.`,
  '',
  'The complaint Update answers as soon as the transition is applied; its letter is delivered by an activity after the answer, so it is faster than the baseline that awaits its activity inside the Update.',
  '',
  '## Case creation at increasing concurrency',
  '',
  '| concurrency | API creates/s | no-op starts/s | throughput ratio | API p99 ms | no-op p99 ms |',
  '|---|---|---|---|---|---|',
  ...creation.map((c) => `| ${c.concurrency} | ${fmt(c.api.perSecond)} | ${fmt(c.noop.perSecond)} | ${ratio(c.api.perSecond, c.noop.perSecond)} | ${fmt(c.api.p99)} | ${fmt(c.noop.p99)} |`),
  '',
  'API creation includes starting the workflow and answering with its case view (a query, which waits for the first workflow task).',
  '',
];
fs.writeFileSync(path.join(HERE, 'RESULTS.md'), lines.join('\n'));
console.log(lines.join('\n'));

void warm;
http.close();
worker.shutdown();
await running;
await nativeConnection.close();
await connection.close();
await server.stop();
fs.rmSync(tmp, { recursive: true, force: true });
