// What every benchmark section stands on: a dev server of its own over
// loopback, a worker on the bench bundle (the product's workflows and the
// baselines) and the API, plus the statistics the sections report.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { AddressInfo } from 'node:net';
import type { Server } from 'node:http';
import { Client, Connection, type TLSConfig } from '@temporalio/client';
import type { DataConverter } from '@temporalio/common';
import { DefaultLogger, NativeConnection, Runtime, Worker, type WorkflowBundle } from '@temporalio/worker';
import { createActivities, type NoticeSink } from '../activities';
import { createApp } from '../api/app';
import { LOCAL_AUDIENCE, LOCAL_ISSUER, loadOrCreateLocalKeys, signLocalToken, type LocalKeys } from '../api/auth/local-keys';
import { openPglite } from '../records/db';
import { migrate } from '../records/migrate';
import { Records } from '../records/repository';
import type { CaseSnapshot } from '../records/types';
import { startDevServer, type DevServer } from '../temporal/dev-server';
import { loadPayloadKeys } from '../temporal/codec';
import { dataConverter } from '../temporal/data-converter';
import { bundleWorkflows, defaultMaxCachedWorkflows, DEFAULT_WORKER_SLOTS, type WorkerSlots } from '../worker/worker';
// @ts-expect-error plain JS helper shared with the bootstrap
import { TEMPORAL_CLI } from '../scripts/tools.mjs';

export const HERE = path.dirname(fileURLToPath(import.meta.url));
export const BENCH_WORKFLOWS = path.join(HERE, 'workflows.ts');
export const TASK_QUEUE = 'bench';

export function progress(message: string): void {
  process.stderr.write(`[bench ${new Date().toISOString().slice(11, 19)}] ${message}\n`);
}

let runtimeInstalled = false;
// The worker's own counters (Prometheus, on loopback), read by stickyCacheMisses().
const METRICS_ADDRESS = `127.0.0.1:${20_000 + Math.floor(Math.random() * 10_000)}`;
export function quietRuntime(): void {
  if (runtimeInstalled) return;
  runtimeInstalled = true;
  Runtime.install({ logger: new DefaultLogger('WARN'), telemetryOptions: { metrics: { prometheus: { bindAddress: METRICS_ADDRESS } } } });
}

/**
 * How many workflow tasks so far arrived for a case the worker had evicted
 * from its sticky cache (the SDK's `sticky_cache_miss`, every worker in this
 * process): each such wake replays the case's history first.
 */
export async function stickyCacheMisses(): Promise<number> {
  const text = await (await fetch(`http://${METRICS_ADDRESS}/metrics`)).text();
  let misses = 0;
  for (const m of text.matchAll(/^(?:temporal_)?sticky_cache_miss(?:_total)?(?:\{[^}]*\})? (\d+)/gm)) misses += Number(m[1]);
  return misses;
}

// Bundled once per run: every section's worker reuses it (a bundle of its own likewise).
const bundles = new Map<string, Promise<WorkflowBundle>>();
export function benchBundle(workflowsPath = BENCH_WORKFLOWS): Promise<WorkflowBundle> {
  let bundle = bundles.get(workflowsPath);
  if (!bundle) bundles.set(workflowsPath, (bundle = bundleWorkflows({ workflowsPath, logger: new DefaultLogger('WARN') })));
  return bundle;
}

// ------------------------------------------------------------------ statistics

export function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;
}

export interface Stats { n: number; perSecond: number; p50: number; p95: number; p99: number; max: number }

export function statsOf(values: number[], seconds = 0): Stats {
  const sorted = [...values].sort((a, b) => a - b);
  return {
    n: sorted.length,
    perSecond: seconds > 0 ? sorted.length / seconds : 0,
    p50: percentile(sorted, 50),
    p95: percentile(sorted, 95),
    p99: percentile(sorted, 99),
    max: sorted[sorted.length - 1] ?? 0,
  };
}

/** Runs `op` `n` times with `concurrency` in flight; latencies in ms. */
export async function measure(n: number, concurrency: number, op: (i: number) => Promise<unknown>): Promise<Stats> {
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
  return statsOf(latencies, (performance.now() - started) / 1000);
}

/** Runs `op` for 0..n-1 with at most `concurrency` in flight, no timing. */
export async function pool(n: number, concurrency: number, op: (i: number) => Promise<unknown>): Promise<void> {
  let next = 0;
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      for (let i = next++; i < n; i = next++) await op(i);
    }),
  );
}

export const fmt = (x: number) => (Math.abs(x) >= 100 ? x.toFixed(0) : x.toFixed(1));
export const ratio = (a: number, b: number) => `${(a / b).toFixed(2)}×`;
export const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** The load on the shared machine when a section starts (other engineers' work included). */
export function machineLoad(): string {
  const [one, five] = os.loadavg();
  return `load average ${one!.toFixed(2)} (1 min), ${five!.toFixed(2)} (5 min) on ${os.cpus().length} cores`;
}

export function machine(): string {
  const cpu = os.cpus()[0]?.model ?? 'unknown CPU';
  return `${os.cpus().length} × ${cpu}, ${Math.round(os.totalmem() / 2 ** 30)} GiB, Node ${process.version}, ${os.platform()} ${os.release()}`;
}

// -------------------------------------------------------------------- harness

/** A dev server of the section's own on a port of its own, its log in `dir`. */
export function benchDevServer(dir: string): Promise<DevServer> {
  return startDevServer({
    binary: TEMPORAL_CLI as string,
    port: 7300 + Math.floor(Math.random() * 500),
    logFile: path.join(dir, 'temporal.log'),
    readyTimeoutMs: 120_000,
  });
}

/** The API on a free loopback port, signed in by `keys`, with no rate limit in a benchmark's way. */
export async function listenBenchApi(deps: { client: Client; records: Records; taskQueue: string; keys: LocalKeys }): Promise<{ http: Server; base: string }> {
  const app = createApp({
    client: deps.client,
    records: deps.records,
    taskQueue: deps.taskQueue,
    defaultPolicy: 'england-statutory',
    auth: { keys: { localJwks: { keys: [deps.keys.publicJwk] } }, issuer: LOCAL_ISSUER, audience: LOCAL_AUDIENCE },
    rateLimitPerMinute: 100_000_000,
    rateLimitPerAddressPerMinute: 100_000_000,
    log: () => undefined,
  });
  const http: Server = app.listen(0, '127.0.0.1');
  await new Promise((r) => http.once('listening', r));
  return { http, base: `http://127.0.0.1:${(http.address() as AddressInfo).port}` };
}

/** Hooks the sections set to observe activities as the worker runs them. */
export interface ActivityHooks {
  onSync?: (snapshot: CaseSnapshot) => void;
  onNotice?: NoticeSink['deliver'];
  onNoop?: (tag: string | undefined) => void;
}

export interface Harness {
  /** The section's own dev server; none on a cluster. */
  server?: DevServer;
  client: Client;
  worker: Worker;
  hooks: ActivityHooks;
  base: string;
  headers: Record<string, string>;
  /** 503s answered to creations (then retried with the same Idempotency-Key). */
  unavailable: number;
  /** A case created through the API (201), its reference. */
  createCase(i: number, receivedAt?: string): Promise<string>;
  /** A command through the API; fails on anything but 200. Resolves to the answer's size in bytes. */
  command(reference: string, name: string, body: Record<string, unknown>): Promise<number>;
  stop(): Promise<void>;
}

export interface HarnessOptions {
  /** Encrypt payloads as the product does (the history section measures stored sizes). */
  encrypt?: boolean;
  /** The worker's sticky cache; the product's default when omitted. */
  maxCachedWorkflows?: number;
  /** The worker files each case in the harness's records store (PGlite), as the product does; a no-op sync otherwise. */
  recordsSync?: boolean;
  /** The worker's workflow-task and activity slots; the product's defaults (DEFAULT_WORKER_SLOTS) when omitted. */
  slots?: WorkerSlots;
  /** The worker's workflows, bundled on their own; the bench bundle (the product's and the baselines) when omitted. */
  workflowsPath?: string;
  /** A Temporal cluster to run on (bench/cluster.ts) rather than a dev server of the section's own. */
  temporal?: { address: string; namespace: string; tls: TLSConfig };
}

export async function startHarness(options: HarnessOptions = {}): Promise<Harness> {
  quietRuntime();
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'complaints-bench-'));
  const server = options.temporal ? undefined : await benchDevServer(tmp);
  const target = options.temporal ?? { address: server!.address, namespace: 'default', tls: undefined };
  const converter: DataConverter | undefined = options.encrypt ? dataConverter(loadPayloadKeys({ dataDir: tmp })) : undefined;
  const connection = await Connection.connect({ address: target.address, ...(target.tls ? { tls: target.tls } : {}) });
  const client = new Client({ connection, namespace: target.namespace, ...(converter ? { dataConverter: converter } : {}) });
  const nativeConnection = await NativeConnection.connect({ address: target.address, ...(target.tls ? { tls: target.tls } : {}) });
  const hooks: ActivityHooks = {};
  const recordsDb = await openPglite('memory://');
  await migrate(recordsDb);
  const records = new Records(recordsDb);
  const product = createActivities({
    records: {
      async syncCase(snapshot) {
        hooks.onSync?.(snapshot);
        return options.recordsSync ? records.syncCase(snapshot) : { eventsInserted: 0 };
      },
    },
    notices: {
      async deliver(reference, notice) {
        await hooks.onNotice?.(reference, notice);
      },
    },
  });
  const worker = await Worker.create({
    connection: nativeConnection,
    namespace: target.namespace,
    taskQueue: TASK_QUEUE,
    workflowBundle: await benchBundle(options.workflowsPath),
    ...(converter ? { dataConverter: converter } : {}),
    maxCachedWorkflows: options.maxCachedWorkflows ?? defaultMaxCachedWorkflows(),
    maxConcurrentWorkflowTaskExecutions: options.slots?.workflowTasks ?? DEFAULT_WORKER_SLOTS.workflowTasks,
    maxConcurrentActivityTaskExecutions: options.slots?.activities ?? DEFAULT_WORKER_SLOTS.activities,
    activities: {
      ...product,
      async noopActivity(tag?: string) {
        hooks.onNoop?.(tag);
      },
    },
  });
  const running = worker.run();
  const keys = await loadOrCreateLocalKeys(tmp);
  const { http, base } = await listenBenchApi({ client, records, taskQueue: TASK_QUEUE, keys });
  const token = await signLocalToken(keys, 'bench-officer', [
    'complaints-officer',
    'complaints-manager',
    'service-manager',
    'investigating-officer',
    'adjudicating-officer',
    'panel-chair',
    'director',
  ]);
  const headers = { 'content-type': 'application/json', authorization: `Bearer ${token}` };
  const runId = `bench-${Date.now()}`;

  const harness: Harness = {
    server,
    client,
    worker,
    hooks,
    base,
    headers,
    unavailable: 0,
    async createCase(i, receivedAt = '2026-11-02T09:00:00Z') {
      // As a client should: a key on every creation, so a retry after a 503 (the API's Temporal deadline under load) creates nothing twice.
      const key = `${runId}-${i}`;
      for (;;) {
        const res = await fetch(`${base}/v1/complaints`, {
          method: 'POST',
          headers: { ...headers, 'idempotency-key': key },
          body: JSON.stringify({ receivedAt, channel: 'email', complainant: { name: `Bench ${i}`, type: 'parent' }, summary: 'bench' }),
        });
        if (res.status === 503) {
          harness.unavailable++;
          await res.arrayBuffer();
          await sleep(Number(res.headers.get('retry-after') ?? 1) * 1000);
          continue;
        }
        if (res.status !== 201) throw new Error(`create: ${res.status} ${await res.text()}`);
        return ((await res.json()) as { reference: string }).reference;
      }
    },
    async command(reference, name, body) {
      const res = await fetch(`${base}/v1/complaints/${reference}/commands/${name}`, { method: 'POST', headers, body: JSON.stringify(body) });
      if (res.status !== 200) throw new Error(`${name}: ${res.status} ${await res.text()}`);
      return (await res.arrayBuffer()).byteLength;
    },
    async stop() {
      await new Promise((r) => http.close(r));
      worker.shutdown();
      await running;
      await nativeConnection.close();
      await connection.close();
      await recordsDb.close();
      await server?.stop();
      fs.rmSync(tmp, { recursive: true, force: true });
    },
  };
  return harness;
}

/** The steps of one case through all three stages (test/api/three-stages-http.test.ts), dated after the fact in 2026. */
export const THREE_STAGE_RECEIVED_AT = '2026-03-02T09:00:00Z';
export const THREE_STAGE_STEPS: Array<[string, Record<string, unknown>]> = [
  ['triage', { decision: 'stage1', at: '2026-03-02T10:00:00Z' }],
  ['acknowledge', { at: '2026-03-03T09:00:00Z' }],
  ['respond', { at: '2026-03-13T15:00:00Z' }],
  ['escalate', { at: '2026-03-20T10:00:00Z', reasons: 'Still no support plan' }],
  ['acknowledge', { at: '2026-03-23T09:00:00Z' }],
  ['appoint-investigators', { at: '2026-03-24T09:00:00Z', investigatingOfficer: { id: 'io-7', team: 'Quality Assurance' }, independentPerson: { id: 'ip-3' } }],
  ['agree-statement', { at: '2026-03-31T10:00:00+01:00' }],
  ['submit-reports', { at: '2026-04-30T16:00:00+01:00', reports: ['investigating-officer', 'independent-person'] }],
  [
    'adjudicate',
    {
      at: '2026-05-06T12:00:00+01:00',
      findings: {
        heads: [
          { head: '1', finding: 'upheld', category: 'quality-of-service', remedies: [{ type: 'apology' }] },
          { head: '2', finding: 'not-upheld', category: 'unwelcome-or-disputed-decision' },
        ],
        recommendations: [{ id: 'R1', owner: 'hos-fostering', dueInWorkingDays: 20 }],
      },
    },
  ],
  ['escalate', { at: '2026-05-11T10:00:00+01:00' }],
  ['acknowledge', { at: '2026-05-12T09:00:00+01:00' }],
  [
    'schedule-panel',
    {
      at: '2026-05-12T10:00:00+01:00',
      panelDate: '2026-06-19',
      members: [
        { id: 'chair-1', role: 'chair' },
        { id: 'member-2', role: 'member' },
        { id: 'member-3', role: 'member' },
      ],
    },
  ],
  ['notify-panel', { at: '2026-05-20T09:00:00+01:00' }],
  ['send-papers', { at: '2026-06-01T09:00:00+01:00' }],
  ['record-panel', { at: '2026-06-19T14:00:00+01:00' }],
  ['panel-report', { at: '2026-06-24T10:00:00+01:00' }],
  ['final-response', { at: '2026-07-10T11:00:00+01:00' }],
];
