import fs from 'node:fs';
import http from 'node:http';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import type { TestProject } from 'vitest/node';
import { startCluster, type Cluster } from '../../scripts/cluster/cluster';
import { SERVICES, type Service } from '../../scripts/cluster/temporal';
import { EXAMPLE_COUNCIL } from '../../config/config';
import { freePort } from '../helpers/ports';
import { startSmtp, type LocalSmtp } from '../helpers/smtp';
// @ts-expect-error plain JS helper shared with the bootstrap
import { ensureTemporalServer, ensureUiServer } from '../../scripts/cluster/build.mjs';
// @ts-expect-error plain JS helper shared with the bootstrap
import { ROOT } from '../../scripts/tools.mjs';

/** What the cluster tests are given: plain data (certificates by path). */
export interface ClusterInfo {
  address: string;
  namespace: string;
  taskQueue: string;
  /** The Temporal services' gRPC ports. */
  ports: { frontend: number; history: number; matching: number; worker: number };
  certs: { dir: string; ca: string; clientCert: string; clientKey: string; serverName: string };
  recordsUrl: string;
  apiUrls: string[];
  uiUrl?: string;
  /** The UI's codec endpoint (https, the cluster's server certificate). */
  codecUrl?: string;
  /** The app's data folder: its local signing keys and payload keys. */
  appDataDir: string;
  logDir: string;
  /**
   * POST /kill/<name> (SIGKILL), /start/<service>, /crash-postgres and /start-postgres; GET /pids (name → pid);
   * POST /smtp/hold, /smtp/release and GET /smtp/mails (the app's mail server): this process owns the cluster's processes.
   */
  controlUrl: string;
}

declare module 'vitest' {
  export interface ProvidedContext {
    cluster: ClusterInfo;
  }
}

let cluster: Cluster | undefined;
let control: http.Server | undefined;
let smtp: LocalSmtp | undefined;
let tmp: string | undefined;

/** Once per `npm run test:cluster`: the whole cluster, from the cached build (built first on a cold machine). */
export async function setup(project: TestProject): Promise<void> {
  const built = Date.now();
  const binaries = ensureTemporalServer() as { server: string; sqlTool: string; schemaDir: string };
  const uiServer = ensureUiServer() as string;
  if (Date.now() - built > 5_000) console.log(`[cluster] built the Temporal server and UI in ${Math.round((Date.now() - built) / 1000)} s`);
  tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'complaints-cluster-'));
  fs.chmodSync(tmp, 0o755); // PostgreSQL runs as its own user below it
  const port = freePort;
  // The app's letters by email go to a real SMTP server in this process, which the tests can make hold its answer.
  smtp = await startSmtp();
  const mail = smtp;
  const started = Date.now();
  cluster = await startCluster({
    root: ROOT as string,
    dataDir: tmp,
    ports: {
      postgres: await port(),
      frontend: await port(),
      history: await port(),
      matching: await port(),
      worker: await port(),
      membership: { frontend: await membershipPort(), history: await membershipPort(), matching: await membershipPort(), worker: await membershipPort() },
      ui: await port(),
      apis: [await port(), await port()],
    },
    binaries: { ...binaries, uiServer },
    workers: 2,
    appEnv: {
      LOG_LEVEL: 'warn',
      RATE_LIMIT_PER_ADDRESS_PER_MINUTE: '1000000',
      RATE_LIMIT_PER_MINUTE: '1000000',
      SMTP_URL: smtp.url,
      MAIL_FROM: 'Complaints <complaints@council.example>',
      ...EXAMPLE_COUNCIL,
    },
    onDeath: (name, how, logFile) => {
      console.error(`[cluster] ${name} ${how}; its log: ${logFile}\n${tail(logFile)}`);
    },
  });
  console.log(`[cluster] started in ${Math.round((Date.now() - started) / 1000)} s`);
  const c = cluster;
  control = http.createServer((req, res) => {
    const [, action, name] = (req.url ?? '').split('/');
    const done = (status: number, text = '') => res.writeHead(status).end(text);
    if (req.method === 'POST' && (action === 'crash-postgres' || action === 'start-postgres')) {
      // Down as a crash would take it (no clean shutdown), and up again on the same data.
      const step = action === 'crash-postgres' ? c.postgres.stop('immediate') : c.postgres.start();
      step.then(() => done(200), (error: Error) => done(500, error.message));
      return;
    }
    if (action === 'smtp') {
      if (req.method === 'GET' && name === 'mails') return res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ accepted: mail.mails, waiting: mail.waiting() }));
      if (req.method === 'POST' && (name === 'hold' || name === 'release')) {
        mail.hold(name === 'hold');
        return done(200);
      }
      return done(404);
    }
    if (req.method === 'GET' && action === 'pids') {
      const pids = Object.fromEntries(c.processes.names().map((n) => [n, c.processes.pid(n)]));
      return res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(pids));
    }
    if (req.method !== 'POST' || !name) return done(404);
    if (action === 'kill') {
      const pid = c.processes.pid(name);
      if (!pid) return done(404, `no running ${name}`);
      void c.processes.stop(name, 'SIGKILL').then(() => done(200, String(pid)));
    } else if (action === 'start' && (SERVICES as readonly string[]).includes(name)) {
      c.restartService(name as Service).then(() => done(200), (error: Error) => done(500, error.message));
    } else if (action === 'start') {
      try {
        c.processes.start(c.spec(name));
        done(200);
      } catch (error) {
        done(404, (error as Error).message);
      }
    } else done(404);
  });
  await new Promise<void>((resolve) => control!.listen(0, '127.0.0.1', resolve));
  project.provide('cluster', {
    address: c.address,
    namespace: c.namespace,
    taskQueue: c.taskQueue,
    ports: { frontend: c.settings.ports.frontend, history: c.settings.ports.history, matching: c.settings.ports.matching, worker: c.settings.ports.worker },
    certs: { dir: c.certs.dir, ca: c.certs.ca, clientCert: c.certs.clientCert, clientKey: c.certs.clientKey, serverName: c.certs.serverName },
    recordsUrl: c.recordsUrl,
    apiUrls: c.apiUrls,
    uiUrl: c.uiUrl,
    codecUrl: c.codecUrl,
    appDataDir: c.appEnvironment.DATA_DIR!,
    logDir: c.logDir,
    controlUrl: `http://127.0.0.1:${(control.address() as { port: number }).port}`,
  });
}

export async function teardown(): Promise<void> {
  control?.close();
  await cluster?.stop();
  await smtp?.close();
  if (tmp) fs.rmSync(tmp, { recursive: true, force: true });
}

/**
 * A free port below 32768: Temporal keeps membership ports in a smallint
 * column, so none from the kernel's ephemeral range (where freePort's come from).
 */
async function membershipPort(): Promise<number> {
  for (;;) {
    const candidate = 20_000 + Math.floor(Math.random() * 12_000);
    const free = await new Promise<boolean>((resolve) => {
      const server = net.createServer();
      server.once('error', () => resolve(false));
      server.listen(candidate, '127.0.0.1', () => server.close(() => resolve(true)));
    });
    if (free) return candidate;
  }
}

function tail(file: string): string {
  try {
    return fs.readFileSync(file, 'utf8').slice(-3_000);
  } catch {
    return '';
  }
}
