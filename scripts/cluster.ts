// `npm run cluster`: the production shape on this machine, every part its
// own process: PostgreSQL, Temporal's frontend, history, matching and worker
// services (mutual TLS, SQL visibility, 4 history shards), the Temporal UI,
// two app workers and two API instances. Prints where everything is; Ctrl-C
// stops it all, and a part that dies on its own is named and stops the rest.
// Everything it keeps is in CLUSTER_DATA_DIR (default .data/cluster).
import fs from 'node:fs';
import path from 'node:path';
import { startCluster, type Cluster } from './cluster/cluster';
// @ts-expect-error plain JS helper shared with the bootstrap
import { SCHEMA_DIR, SQL_TOOL, TEMPORAL_SERVER, UI_SERVER } from './cluster/build.mjs';
// @ts-expect-error plain JS helper shared with the bootstrap
import { ROOT } from './tools.mjs';

const root = ROOT as string;
const dataDir = path.resolve(root, process.env.CLUSTER_DATA_DIR ?? '.data/cluster');
const startedAt = Date.now();
let cluster: Cluster | undefined;
let stopSoFar: (() => Promise<void>) | undefined;
let stopping = false;

async function stop(why: string, code: number): Promise<void> {
  if (stopping) return;
  stopping = true;
  console.log(`\n${why}: stopping everything…`);
  await (cluster ? cluster.stop() : stopSoFar?.());
  console.log('stopped.');
  process.exit(code);
}
process.on('SIGINT', () => void stop('SIGINT', 0));
process.on('SIGTERM', () => void stop('SIGTERM', 0));

try {
  cluster = await startCluster({
    root,
    dataDir,
    durable: true,
    ports: {
      postgres: 5433,
      frontend: 7233,
      history: 7234,
      matching: 7235,
      worker: 7239,
      membership: { frontend: 6933, history: 6934, matching: 6935, worker: 6939 },
      ui: 8233,
      codec: 8234,
      apis: [3000, 3001],
    },
    binaries: {
      server: TEMPORAL_SERVER as string,
      sqlTool: SQL_TOOL as string,
      schemaDir: SCHEMA_DIR as string,
      uiServer: fs.existsSync(UI_SERVER as string) ? (UI_SERVER as string) : undefined,
    },
    workers: 2,
    appEnv: { LOG_LEVEL: process.env.LOG_LEVEL ?? 'warn' },
    say: (line) => console.log(`starting ${line}`),
    onStarting: (stopper) => {
      stopSoFar = stopper;
    },
    onDeath: (name, how, logFile) => void stop(`${name} ${how} (its log: ${path.relative(root, logFile)})`, 1),
  });
} catch (error) {
  if (stopping) await new Promise(() => undefined); // Ctrl-C during start-up: stop() exits
  console.error(`\nThe cluster did not start: ${(error as Error).message}\nLogs: ${path.relative(root, path.join(dataDir, 'logs'))}/`);
  process.exit(1);
}

const c = cluster;
// Paths inside the clone relative to it, others as they are.
const rel = (p: string) => (p.startsWith(`${root}${path.sep}`) ? path.relative(root, p) : p);
const p = c.settings.ports;
console.log(`
The cluster is running (started in ${Math.round((Date.now() - startedAt) / 1000)} s).
  API               ${c.apiUrls.join('  ')}   (docs: /docs; a token: DATA_DIR=${rel(c.appEnvironment.DATA_DIR!)} npm run --silent token -- complaints-officer)
  Temporal UI       ${c.uiUrl ?? '(not built: see the README)'}${c.codecUrl ? `  codec endpoint ${c.codecUrl} (TLS from the local CA: see the README)` : ''}
  Temporal frontend ${c.address}  mutual TLS: CA ${rel(c.certs.ca)}, client ${rel(c.certs.clientCert)}, server name ${c.certs.serverName}
    history :${p.history}  matching :${p.matching}  worker :${p.worker}   namespace "${c.namespace}", task queue "${c.taskQueue}"
  App workers       worker-1, worker-2 (pids ${c.processes.pid('worker-1')}, ${c.processes.pid('worker-2')})
  PostgreSQL        127.0.0.1:${c.postgres.port}  databases temporal, temporal_visibility, complaints (data ${rel(path.join(dataDir, 'postgres'))})
  Logs              ${rel(c.logDir)}/
  Temporal CLI      temporal --address ${c.address} --tls-ca-path ${rel(c.certs.ca)} --tls-cert-path ${rel(c.certs.clientCert)} --tls-key-path ${rel(c.certs.clientKey)} workflow list
Press Ctrl-C to stop.
`);
