// Temporal's four services as separate processes on the cluster's
// PostgreSQL, configured by deploy/temporal/server/cluster.yaml (the file
// docker-compose.yml runs too), with mutual TLS from ./certs.ts.
import { execFile } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import { promisify } from 'node:util';
import { Client, Connection, type ConnectionOptions, type TLSConfig } from '@temporalio/client';
import { msToTs } from '@temporalio/common/lib/time';
import proto from '@temporalio/proto';
import { registerSearchAttributes } from '../../temporal/connection';
import type { Certificates } from './certs';
import type { Processes, ProcessSpec } from './processes';

const run = promisify(execFile);

export const SERVICES = ['history', 'matching', 'frontend', 'worker'] as const;
export type Service = (typeof SERVICES)[number];

export interface TemporalPorts {
  frontend: number;
  history: number;
  matching: number;
  worker: number;
  /** Membership (ringpop) ports, one per service: below 32768, as Temporal stores them in a smallint. */
  membership: Record<Service, number>;
}

export interface TemporalSettings {
  root: string;
  serverBinary: string;
  sqlTool: string;
  schemaDir: string;
  logDir: string;
  db: { host: string; port: number; user: string };
  ports: TemporalPorts;
  certs: Certificates;
}

/** The environment that deploy/temporal/server/cluster.yaml reads. */
export function serverEnvironment(settings: TemporalSettings): NodeJS.ProcessEnv {
  const { ports, db, certs } = settings;
  return {
    TEMPORAL_DB_HOST: db.host,
    TEMPORAL_DB_PORT: String(db.port),
    TEMPORAL_DB_USER: db.user,
    TEMPORAL_DB_PASSWORD: '',
    TEMPORAL_TLS_DIR: certs.dir,
    TEMPORAL_TLS_SERVER_NAME: certs.serverName,
    TEMPORAL_BIND_IP: '127.0.0.1',
    TEMPORAL_FRONTEND_PORT: String(ports.frontend),
    TEMPORAL_HISTORY_PORT: String(ports.history),
    TEMPORAL_MATCHING_PORT: String(ports.matching),
    TEMPORAL_WORKER_PORT: String(ports.worker),
    TEMPORAL_FRONTEND_MEMBERSHIP_PORT: String(ports.membership.frontend),
    TEMPORAL_HISTORY_MEMBERSHIP_PORT: String(ports.membership.history),
    TEMPORAL_MATCHING_MEMBERSHIP_PORT: String(ports.membership.matching),
    TEMPORAL_WORKER_MEMBERSHIP_PORT: String(ports.membership.worker),
    TEMPORAL_DYNAMIC_CONFIG: path.join(settings.root, 'deploy', 'temporal', 'server', 'dynamicconfig.yaml'),
  };
}

/** Creates or updates the `temporal` and `temporal_visibility` schemas (deploy/temporal/setup-schema.sh). */
export async function setUpSchema(settings: TemporalSettings): Promise<void> {
  await run('sh', [path.join(settings.root, 'deploy', 'temporal', 'setup-schema.sh')], {
    env: { ...process.env, ...serverEnvironment(settings), SQL_TOOL: settings.sqlTool, SCHEMA_DIR: settings.schemaDir },
    timeout: 300_000,
    maxBuffer: 16 * 1024 * 1024,
  });
}

export function serviceSpec(settings: TemporalSettings, service: Service): ProcessSpec {
  return {
    name: `temporal-${service}`,
    command: settings.serverBinary,
    args: ['--root', settings.root, '--config', 'deploy/temporal/server', '--env', 'cluster', '--allow-no-auth', 'start', '--service', service],
    env: serverEnvironment(settings),
    cwd: settings.root,
    logFile: path.join(settings.logDir, `temporal-${service}.log`),
  };
}

/** Starts the four services, each in its own process, and waits for each to listen. */
export async function startServices(settings: TemporalSettings, processes: Processes): Promise<void> {
  for (const service of SERVICES) {
    processes.start(serviceSpec(settings, service));
    await waitForService(settings, service, () => processes.has(`temporal-${service}`));
  }
}

/** Waits until a service listens: on its gRPC port, or for the worker service (which serves none) its membership port. */
export function waitForService(settings: TemporalSettings, service: Service, alive: () => boolean): Promise<void> {
  const port = service === 'worker' ? settings.ports.membership.worker : settings.ports[service];
  return waitForPort(port, 120_000, alive, `temporal-${service}`);
}

/** The TLS a client of this cluster's frontend presents: the client certificate, and the CA it trusts. */
export function clientTls(certs: Certificates): TLSConfig {
  return {
    serverNameOverride: certs.serverName,
    serverRootCACertificate: fs.readFileSync(certs.ca),
    clientCertPair: { crt: fs.readFileSync(certs.clientCert), key: fs.readFileSync(certs.clientKey) },
  };
}

/**
 * Registers the namespace and this project's search attributes, retrying
 * while the services find one another (the system workflows that add search
 * attributes run on Temporal's own worker service).
 */
export async function registerNamespace(options: ConnectionOptions, namespace: string, retentionDays = 30): Promise<string[]> {
  const connection = await retry(() => Connection.connect({ connectTimeout: 2_000, ...options }), 120_000);
  try {
    await retry(async () => {
      try {
        await connection.workflowService.registerNamespace({
          namespace,
          workflowExecutionRetentionPeriod: msToTs(`${retentionDays} days`),
        });
      } catch (error) {
        if ((error as { code?: number }).code !== 6) throw error; // ALREADY_EXISTS: registered on an earlier run
      }
    }, 120_000);
    const client = new Client({ connection, namespace });
    const added = await retry(() => registerSearchAttributes(client, namespace), 120_000);
    // The frontend knows the namespace once a visibility query on it answers.
    await retry(() => connection.workflowService.countWorkflowExecutions({ namespace, query: '' }), 60_000);
    return added;
  } finally {
    await connection.close();
  }
}

/**
 * Waits until `count` workers poll the task queue for workflow tasks (a
 * worker bundles the workflow code before it polls, which takes a while).
 */
export async function waitForPollers(options: ConnectionOptions, namespace: string, taskQueue: string, count: number, timeoutMs = 180_000): Promise<void> {
  const connection = await Connection.connect({ connectTimeout: 2_000, ...options });
  try {
    await retry(async () => {
      const { pollers } = await connection.workflowService.describeTaskQueue({
        namespace,
        taskQueue: { name: taskQueue, kind: proto.temporal.api.enums.v1.TaskQueueKind.TASK_QUEUE_KIND_NORMAL },
        taskQueueType: proto.temporal.api.enums.v1.TaskQueueType.TASK_QUEUE_TYPE_WORKFLOW,
      });
      if (new Set(pollers?.map((p) => p.identity)).size < count) throw new Error(`${pollers?.length ?? 0} of ${count} workers polling ${taskQueue}`);
    }, timeoutMs);
  } finally {
    await connection.close();
  }
}

async function retry<T>(attempt: () => Promise<T>, timeoutMs: number): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      return await attempt();
    } catch (error) {
      if (Date.now() > deadline) throw error;
      await new Promise((r) => setTimeout(r, 500));
    }
  }
}

export async function waitForPort(port: number, timeoutMs: number, alive: () => boolean = () => true, what = `port ${port}`): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (!alive()) throw new Error(`${what} exited before it listened on 127.0.0.1:${port}`);
    const open = await new Promise<boolean>((resolve) => {
      const socket = net.connect(port, '127.0.0.1');
      socket.once('connect', () => {
        socket.destroy();
        resolve(true);
      });
      socket.once('error', () => resolve(false));
    });
    if (open) return;
    if (Date.now() > deadline) throw new Error(`${what}: nothing answered on 127.0.0.1:${port} within ${timeoutMs} ms`);
    await new Promise((r) => setTimeout(r, 200));
  }
}
