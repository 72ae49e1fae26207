// The production shape on one machine, as processes: PostgreSQL, Temporal's
// four services with mutual TLS, the Temporal UI, and the app's workers and
// API instances against them. `npm run cluster` and the cluster tests
// (test/cluster/) both start it here.
import fs from 'node:fs';
import path from 'node:path';
import { loadOrCreateLocalKeys } from '../../api/auth/local-keys';
import { loadPayloadKeys } from '../../temporal/codec';
import { ensureCertificates, type Certificates } from './certs';
import { startCodecFront, type CodecFront } from './codec-front';
import { startClusterPostgres, type ClusterPostgres } from './postgres';
import { Processes, type ProcessSpec } from './processes';
import { clientTls, registerNamespace, waitForPollers, serviceSpec, setUpSchema, startServices, waitForPort, waitForService, type Service, type TemporalPorts, type TemporalSettings } from './temporal';

export interface ClusterPorts extends TemporalPorts {
  postgres: number;
  ui?: number;
  /** The codec endpoint over https for the UI (0: any free port). */
  codec?: number;
  apis: number[];
}

export interface ClusterOptions {
  root: string;
  /** Everything the cluster keeps: PostgreSQL's data, certificates, keys, logs. */
  dataDir: string;
  ports: ClusterPorts;
  binaries: { server: string; sqlTool: string; schemaDir: string; uiServer?: string };
  /** App workers to run (each its own process). */
  workers: number;
  namespace?: string;
  taskQueue?: string;
  /** PostgreSQL with fsync (a cluster to keep) or without (tests: it still keeps every commit across its own crash). */
  durable?: boolean;
  /** Settings for the app's processes beyond those the cluster sets (e.g. LOG_LEVEL). */
  appEnv?: NodeJS.ProcessEnv;
  /** Told of any process that dies on its own, by name. */
  onDeath?: (name: string, how: string, logFile: string) => void;
  /** Progress lines. */
  say?: (line: string) => void;
  /** Given, as soon as there is anything to stop, a way to stop what has started so far (Ctrl-C during start-up). */
  onStarting?: (stopSoFar: () => Promise<void>) => void;
}

export interface Cluster {
  address: string;
  namespace: string;
  taskQueue: string;
  certs: Certificates;
  postgres: ClusterPostgres;
  /** The case records' PostgreSQL database, shared by every worker and API instance. */
  recordsUrl: string;
  apiUrls: string[];
  uiUrl?: string;
  /** The codec endpoint the UI calls: the first API instance's /codec over https (codec-front.ts). */
  codecUrl?: string;
  /** The environment an app process is given to reach this cluster. */
  appEnvironment: NodeJS.ProcessEnv;
  logDir: string;
  processes: Processes;
  settings: TemporalSettings;
  /** The spec of a process by name (temporal-history, worker-1, api-2…), to start it again. */
  spec(name: string): ProcessSpec;
  /** Starts a Temporal service again after a test stopped it. */
  restartService(service: Service): Promise<void>;
  stop(): Promise<void>;
}

export async function startCluster(options: ClusterOptions): Promise<Cluster> {
  const say = options.say ?? (() => undefined);
  const dataDir = path.resolve(options.dataDir);
  const logDir = path.join(dataDir, 'logs');
  fs.mkdirSync(logDir, { recursive: true });
  const namespace = options.namespace ?? 'default';
  const taskQueue = options.taskQueue ?? 'complaints';
  const processes = new Processes(options.onDeath ?? (() => undefined));
  const specs = new Map<string, ProcessSpec>();
  const started = (spec: ProcessSpec) => {
    specs.set(spec.name, spec);
    processes.start(spec);
  };

  say('PostgreSQL…');
  const postgres = await startClusterPostgres({ dir: path.join(dataDir, 'postgres'), port: options.ports.postgres, durable: options.durable });
  let codecFront: CodecFront | undefined;
  const stopSoFar = async () => {
    await processes.stopAll(5_000);
    await codecFront?.close();
    await postgres.stop();
  };
  options.onStarting?.(stopSoFar);
  try {
    await postgres.ensureDatabase('complaints');
    const certs = await ensureCertificates(path.join(dataDir, 'certs'));
    const settings: TemporalSettings = {
      root: options.root,
      serverBinary: options.binaries.server,
      sqlTool: options.binaries.sqlTool,
      schemaDir: options.binaries.schemaDir,
      logDir,
      db: { host: '127.0.0.1', port: options.ports.postgres, user: 'postgres' },
      ports: options.ports,
      certs,
    };
    say('Temporal schema (temporal, temporal_visibility)…');
    await setUpSchema(settings);
    say('Temporal services: history, matching, frontend, worker…');
    for (const service of ['history', 'matching', 'frontend', 'worker'] as const) specs.set(`temporal-${service}`, serviceSpec(settings, service));
    await startServices(settings, processes);
    const address = `127.0.0.1:${options.ports.frontend}`;
    say(`namespace "${namespace}" and search attributes…`);
    await registerNamespace({ address, tls: clientTls(certs) }, namespace);

    const recordsUrl = postgres.url('complaints');
    const uiUrl = options.ports.ui && options.binaries.uiServer ? `http://127.0.0.1:${options.ports.ui}` : undefined;
    // Keys made once here, before several processes would race to make them.
    const appDataDir = path.join(dataDir, 'app');
    loadPayloadKeys({ dataDir: appDataDir });
    await loadOrCreateLocalKeys(appDataDir);
    const appEnvironment: NodeJS.ProcessEnv = {
      TEMPORAL_ADDRESS: address,
      TEMPORAL_NAMESPACE: namespace,
      TEMPORAL_TASK_QUEUE: taskQueue,
      TEMPORAL_TLS_SERVER_CA_CERT_PATH: certs.ca,
      TEMPORAL_TLS_CLIENT_CERT_PATH: certs.clientCert,
      TEMPORAL_TLS_CLIENT_KEY_PATH: certs.clientKey,
      TEMPORAL_TLS_SERVER_NAME: certs.serverName,
      DATABASE_URL: recordsUrl,
      DATA_DIR: appDataDir,
      HOST: '127.0.0.1',
      ...(uiUrl ? { TEMPORAL_UI_ORIGINS: uiUrl } : {}),
      ...options.appEnv,
    };
    const node = (file: string) => [process.execPath, ['--import', 'tsx', path.join(options.root, file)]] as const;

    say(`app: ${options.workers} workers, ${options.ports.apis.length} API instances…`);
    for (let i = 1; i <= options.workers; i++) {
      const [command, args] = node('worker/main.ts');
      started({ name: `worker-${i}`, command, args: [...args], env: appEnvironment, cwd: options.root, logFile: path.join(logDir, `worker-${i}.log`) });
    }
    const apiUrls: string[] = [];
    for (const [i, port] of options.ports.apis.entries()) {
      const [command, args] = node('api/server.ts');
      const name = `api-${i + 1}`;
      started({ name, command, args: [...args], env: { ...appEnvironment, PORT: String(port) }, cwd: options.root, logFile: path.join(logDir, `${name}.log`) });
      apiUrls.push(`http://127.0.0.1:${port}`);
    }
    if (uiUrl) {
      // The UI sends the operator's token to a codec endpoint only over https: the API's /codec behind TLS, as a council's load balancer serves it.
      codecFront = await startCodecFront({ port: options.ports.codec ?? 0, target: apiUrls[0]!, cert: certs.serverCert, key: certs.serverKey });
      started({
        name: 'temporal-ui',
        command: options.binaries.uiServer!,
        args: ['--root', options.root, '--config', 'deploy/temporal/ui', '--env', 'cluster', 'start'],
        env: {
          ...appEnvironment,
          TEMPORAL_UI_PORT: String(options.ports.ui),
          TEMPORAL_CORS_ORIGINS: uiUrl,
          // The UI decodes payloads through the first API instance's codec endpoint (api/routes/codec.ts), over https.
          TEMPORAL_CODEC_ENDPOINT: codecFront.url,
        },
        cwd: options.root,
        logFile: path.join(logDir, 'temporal-ui.log'),
      });
    }
    await waitForPollers({ address, tls: clientTls(certs) }, namespace, taskQueue, options.workers);
    for (const [i, url] of apiUrls.entries()) await waitForReady(`${url}/readyz`, () => processes.has(`api-${i + 1}`), `api-${i + 1}`);
    if (uiUrl) await waitForPort(options.ports.ui!, 60_000, () => processes.has('temporal-ui'), 'temporal-ui');

    return {
      address,
      namespace,
      taskQueue,
      certs,
      postgres,
      recordsUrl,
      apiUrls,
      uiUrl,
      codecUrl: codecFront?.url,
      appEnvironment,
      logDir,
      processes,
      settings,
      spec(name) {
        const spec = specs.get(name);
        if (!spec) throw new Error(`no process named ${name}`);
        return spec;
      },
      async restartService(service) {
        processes.start(serviceSpec(settings, service));
        await waitForService(settings, service, () => processes.has(`temporal-${service}`));
      },
      async stop() {
        await processes.stopAll();
        await codecFront?.close();
        await postgres.stop();
      },
    };
  } catch (error) {
    await stopSoFar();
    throw error;
  }
}

async function waitForReady(url: string, alive: () => boolean, what: string, timeoutMs = 180_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (!alive()) throw new Error(`${what} exited before it was ready`);
    const ok = await fetch(url).then((r) => r.ok, () => false);
    if (ok) return;
    if (Date.now() > deadline) throw new Error(`${what}: ${url} not ready within ${timeoutMs} ms`);
    await new Promise((r) => setTimeout(r, 250));
  }
}
