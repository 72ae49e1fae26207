// Two councils on one deployment: does one council's bulk import starve the
// other's transitions? The embedded default's shape (scripts/start.ts): one
// dev server, one process holding the API, the records (PGlite) and a worker
// per council namespace (worker/council-pool.ts). Council B's sequential
// hold/release transitions through the API are measured while council A is
// quiet, then while A imports BENCH_IMPORT_CASES (default 1,000) open cases
// through POST /v1/imports in chunks as `npm run import` sends them, until
// every imported case's workflow has filed itself in A's records.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { Client, Connection } from '@temporalio/client';
import { NativeConnection } from '@temporalio/worker';
import { openCouncilDelivery } from '../activities/delivery/council';
import { loadOrCreateLocalKeys, signLocalToken } from '../api/auth/local-keys';
import type { Role } from '../api/auth/roles';
import { loadConfig } from '../config/config';
import { openPglite } from '../records/db';
import { migrate } from '../records/migrate';
import { Records } from '../records/repository';
import { addCouncil, parseCouncilArgs } from '../scripts/council/add';
import { loadPayloadKeys } from '../temporal/codec';
import { dataConverter } from '../temporal/data-converter';
import { commandUpdates } from '../workflows/complaint/messages';
import { startCouncilWorkers } from '../worker/council-pool';
import { benchDevServer, fmt, listenBenchApi, machineLoad, progress, quietRuntime, ratio, sleep, statsOf, type Stats } from './harness';

const SAMPLES = Number(process.env.BENCH_SAMPLES ?? 200);
const IMPORT_CASES = Number(process.env.BENCH_IMPORT_CASES ?? 1_000);
/** Rows a request, as `npm run import` sends them by default. */
const IMPORT_CHUNK = Number(process.env.BENCH_IMPORT_CHUNK ?? 50);
const TASK_QUEUE = 'complaints';
const A = 'alpha';
const B = 'beta';
/** BENCH_WORKER_SLOTS=<workflow tasks>,<activities>: each council's worker's slots (the SDK's defaults otherwise). */
const SLOTS = process.env.BENCH_WORKER_SLOTS ? { workflowTasks: Number(process.env.BENCH_WORKER_SLOTS.split(',')[0]), activities: Number(process.env.BENCH_WORKER_SLOTS.split(',')[1]) } : undefined;
const ROLES: Role[] = ['complaints-officer', 'complaints-manager'];

interface Deployment {
  base: string;
  /** A client of `council`'s namespace, for the same transition as a direct Update. */
  client(council: string): Client;
  /** Headers for a caller of `council`. */
  headers: Record<string, Record<string, string>>;
  /** Cases of `council` that have filed themselves (their workflow's first sync reached the records). */
  filed(council: string): Promise<number>;
  stop(): Promise<void>;
}

async function startDeployment(): Promise<Deployment> {
  quietRuntime();
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'complaints-bench-councils-'));
  const server = await benchDevServer(tmp);
  const converter = dataConverter(loadPayloadKeys({ dataDir: tmp }));
  const connection = await Connection.connect({ address: server.address });
  const client = new Client({ connection, dataConverter: converter });
  const nativeConnection = await NativeConnection.connect({ address: server.address });
  const db = await openPglite('memory://');
  await migrate(db);
  const records = new Records(db);
  for (const [id, name] of [[A, 'Alphashire Council'], [B, 'Betashire Council']]) {
    const parsed = parseCouncilArgs(['add', id!, '--name', name!, '--policy', 'england-statutory']);
    if (parsed.command !== 'add') throw new Error('not an add');
    await addCouncil({ db, connection, taskQueue: TASK_QUEUE }, parsed.settings);
  }
  // Letters to each council's outbox (no SMTP or Notify configured), as the embedded default sends them.
  const config = loadConfig({ COUNCIL_NAME: 'Bench Council' });
  const pool = await startCouncilWorkers({
    connection: nativeConnection,
    db,
    records,
    defaultNamespace: 'default',
    taskQueue: TASK_QUEUE,
    only: [A, B],
    dataConverter: converter,
    notices: (councilRecords, settings) => openCouncilDelivery(config, councilRecords, settings),
    ...(SLOTS ? { slots: SLOTS } : {}),
  });
  const keys = await loadOrCreateLocalKeys(tmp);
  const { http, base } = await listenBenchApi({ client, records, taskQueue: TASK_QUEUE, keys });
  const headers: Deployment['headers'] = {};
  for (const council of [A, B]) {
    const token = await signLocalToken(keys, `bench-${council}`, ROLES, 8, [], [council]);
    headers[council] = { 'content-type': 'application/json', authorization: `Bearer ${token}` };
  }
  const clients = new Map([A, B].map((id) => [id, new Client({ connection, namespace: `complaints-${id}`, dataConverter: converter })]));
  return {
    base,
    client: (council) => clients.get(council)!,
    headers,
    async filed(council) {
      // As the records' owner: every council's rows, counted for one.
      const { rows } = await db.query<{ n: number }>('SELECT count(DISTINCT reference)::int AS n FROM events WHERE council = $1', [council]);
      return rows[0]!.n;
    },
    async stop() {
      await new Promise((r) => http.close(r));
      await pool.shutdown();
      await nativeConnection.close();
      await connection.close();
      await db.close();
      await server.stop();
      fs.rmSync(tmp, { recursive: true, force: true });
    },
  };
}

async function post(d: Deployment, council: string, url: string, body: unknown, extra: Record<string, string> = {}): Promise<unknown> {
  for (;;) {
    const res = await fetch(`${d.base}${url}`, { method: 'POST', headers: { ...d.headers[council], ...extra }, body: JSON.stringify(body) });
    // A 503 (the API's Temporal deadline under load) is retried as a client would, with the same Idempotency-Key where there is one.
    if (res.status === 503) {
      await res.arrayBuffer();
      await sleep(Number(res.headers.get('retry-after') ?? 1) * 1000);
      continue;
    }
    if (res.status !== 200 && res.status !== 201) throw new Error(`${url}: ${res.status} ${await res.text()}`);
    return res.json();
  }
}

/** An open case as an older system exports it: received yesterday, awaiting triage. */
function importRow(i: number, stamp: number) {
  return {
    sourceId: `bench-${stamp}-${i}`,
    receivedAt: new Date(Date.now() - 86_400_000).toISOString(),
    channel: 'email',
    complainantName: `Imported ${i} (fictional)`,
    complainantType: 'parent',
    summary: 'Imported for the councils benchmark.',
  };
}

interface ImportRun {
  /** Seconds until the last chunk's answer. */
  answered: number;
  /** Seconds until every imported case had filed itself. */
  filed: number;
  started: number;
}

/** A's import in chunks, one after another (as `npm run import` sends them); resolves once every case has filed itself. */
async function importInto(d: Deployment, council: string, n: number): Promise<ImportRun> {
  const stamp = Date.now();
  const before = await d.filed(council);
  const t = performance.now();
  let started = 0;
  for (let offset = 0; offset < n; offset += IMPORT_CHUNK) {
    const rows = Array.from({ length: Math.min(IMPORT_CHUNK, n - offset) }, (_, k) => importRow(offset + k, stamp));
    const answer = (await post(d, council, '/v1/imports?source=bench', { rows }, { 'idempotency-key': `import-${stamp}-${offset}` })) as { summary: { started: number; invalid: number } };
    if (answer.summary.invalid > 0) throw new Error(`import: ${answer.summary.invalid} rows refused`);
    started += answer.summary.started;
  }
  const answered = (performance.now() - t) / 1000;
  while ((await d.filed(council)) - before < started) await sleep(250);
  return { answered, filed: (performance.now() - t) / 1000, started };
}

const holdOrRelease = (i: number): [string, Record<string, unknown>] => (i % 2 === 0 ? ['hold', { reason: 'safeguarding' }] : ['release-hold', {}]);

/** B's transitions in one phase: through the API, and the same Update called directly on a second case; and the process's event loop delay meanwhile. */
interface Phase { api: Stats; direct: Stats; loopP50: number; loopP99: number }

export async function councilsSection(): Promise<string[]> {
  const loadStart = machineLoad();
  const d = await startDeployment();
  try {
    progress('councils: warming up both councils…');
    const triaged = async () => {
      const created = (await post(d, B, '/v1/complaints', {
        receivedAt: new Date(Date.now() - 60_000).toISOString(),
        channel: 'email',
        complainant: { name: 'Bench (fictional)', type: 'parent' },
        summary: 'bench',
      })) as { reference: string };
      await post(d, B, `/v1/complaints/${created.reference}/commands/triage`, { decision: 'stage1' });
      return created.reference;
    };
    const viaApi = await triaged();
    const direct = d.client(B).workflow.getHandle(await triaged());
    let next = 0;
    // One API transition, then the same command as a direct Update: latencies into `api` and `updates`.
    const pair = async (api: number[], updates: number[]) => {
      const i = next++;
      const [name, body] = holdOrRelease(i);
      let t0 = performance.now();
      await post(d, B, `/v1/complaints/${viaApi}/commands/${name}`, body);
      api.push(performance.now() - t0);
      t0 = performance.now();
      await (i % 2 === 0
        ? direct.executeUpdate(commandUpdates.hold, { args: [{ actor: 'bench', reason: 'safeguarding' }] })
        : direct.executeUpdate(commandUpdates['release-hold'], { args: [{ actor: 'bench' }] }));
      updates.push(performance.now() - t0);
    };
    const phase = async (until: (n: number) => boolean): Promise<Phase> => {
      const api: number[] = [];
      const updates: number[] = [];
      const loop = monitorEventLoopDelay({ resolution: 10 });
      loop.enable();
      while (!until(api.length)) await pair(api, updates);
      loop.disable();
      return { api: statsOf(api), direct: statsOf(updates), loopP50: loop.percentile(50) / 1e6, loopP99: loop.percentile(99) / 1e6 };
    };
    await phase((n) => n >= 10);
    await importInto(d, A, 20);

    progress(`councils: B with A quiet, ${SAMPLES} transitions of each kind…`);
    const quiet = await phase((n) => n >= SAMPLES);

    progress(`councils: A importing ${IMPORT_CASES} cases, B's transitions meanwhile…`);
    const loadBeforeImport = machineLoad();
    let importing = true;
    const imported = importInto(d, A, IMPORT_CASES).finally(() => void (importing = false));
    const busy = await phase(() => !importing);
    const run = await imported;
    const loadAfterImport = machineLoad();

    progress(`councils: B with A quiet again, ${SAMPLES} transitions of each kind…`);
    const after = await phase((n) => n >= SAMPLES);

    const rowOf = (label: string, s: Stats, base: Stats, loop: Phase) =>
      `| ${label} | ${s.n} | ${fmt(s.p50)} | ${fmt(s.p95)} | ${fmt(s.p99)} | ${fmt(s.max)} | ${ratio(s.p50, base.p50)} | ${ratio(s.p95, base.p95)} | ${ratio(s.p99, base.p99)} | ${fmt(loop.loopP50)}, ${fmt(loop.loopP99)} |`;
    const target = busy.api.p50 <= 2 * quiet.api.p50 ? 'met' : 'not met';
    return [
      `## One council's bulk import against another's transitions`,
      '',
      `Run ${new Date().toISOString()}; ${loadStart} at the start, ${loadBeforeImport.replace('load average ', '')} as the import began, ${loadAfterImport.replace('load average ', '')} as it ended. Two councils added as \`npm run council -- add\` adds them, on one dev server, served by one process as \`npm start\` runs: the API, the records (PGlite) and a worker per council namespace (\`complaints-${A}\`, \`complaints-${B}\`). Council B: sequential hold/release transitions through the API on one triaged case, each followed by the same command as a direct Update on a second case (the worker's part without the API's). Council A: ${IMPORT_CASES.toLocaleString('en-GB')} open cases imported through \`POST /v1/imports\` in chunks of ${IMPORT_CHUNK}, one after another as \`npm run import\` sends them; each case is filed in A's records, its workflow started in A's namespace, and "during" lasts until every one has filed itself (its workflow's first sync). The last column is the process's event loop delay (the API's, the activities' and PGlite's thread).`,
      '',
      '| council B | samples | p50 ms | p95 ms | p99 ms | max ms | p50 ratio | p95 ratio | p99 ratio | event loop delay p50, p99 ms |',
      '|---|---|---|---|---|---|---|---|---|---|',
      rowOf('API transition, A quiet (baseline)', quiet.api, quiet.api, quiet),
      rowOf(`API transition during A's import of ${IMPORT_CASES.toLocaleString('en-GB')}`, busy.api, quiet.api, busy),
      rowOf('API transition, A quiet again after', after.api, quiet.api, after),
      rowOf('direct Update, A quiet (baseline)', quiet.direct, quiet.direct, quiet),
      rowOf(`direct Update during A's import`, busy.direct, quiet.direct, busy),
      rowOf('direct Update, A quiet again after', after.direct, quiet.direct, after),
      '',
      `A's import: ${run.started.toLocaleString('en-GB')} cases started, the last chunk answered after ${fmt(run.answered)} s (${fmt(run.started / run.answered)} cases a second), every case filed by its own workflow after ${fmt(run.filed)} s (${fmt(run.started / run.filed)} a second). B's API transition p50 during the import against quiet: ${ratio(busy.api.p50, quiet.api.p50)} (target ≤ 2×: ${target}).`,
      '',
    ];
  } finally {
    await d.stop();
  }
}

if (process.argv[1]?.endsWith('councils.ts')) {
  console.log((await councilsSection()).join('\n'));
  process.exit(0);
}
