// `npm start`: the whole product on its embedded defaults, in one process
// (plus the Temporal dev server it launches): dev server with a persistent
// database and the Web UI, the worker, and the API. With TEMPORAL_ADDRESS set
// it uses that cluster instead and starts no server.
import fs from 'node:fs';
import path from 'node:path';
import type { Server } from 'node:http';
import { createApp } from '../api/app';
import { appSettings } from '../api/app-settings';
import { ConfigError, loadApiConfig, usesExampleCouncil } from '../config/config';
import { createLog, sdkLogLevel } from '../config/log';
import { openCouncilDelivery } from '../activities/delivery/council';
import { openRecords } from '../records/open';
import { loadPayloadKeys } from '../temporal/codec';
import { connectClient, connectWorker, registerSearchAttributes } from '../temporal/connection';
import { dataConverter } from '../temporal/data-converter';
import { ensureRetentionSchedule } from '../temporal/schedules';
import { startDevServer, type DevServer } from '../temporal/dev-server';
import { DefaultLogger, Runtime } from '@temporalio/worker';
import { startCouncilWorkers } from '../worker/council-pool';
// @ts-expect-error plain JS helper shared with the bootstrap
import { ROOT, TEMPORAL_CLI } from './tools.mjs';

function fail(message: string): never {
  console.error(`\n${message}\n`);
  process.exit(1);
}

// A git-ignored .env beside package.json, if any (see .env.example).
const envFile = path.join(ROOT as string, '.env');
if (fs.existsSync(envFile)) process.loadEnvFile(envFile);

// Before anything starts or connects: a bad setting (or production without AUTH_JWKS_URL) stops here.
let config;
try {
  config = loadApiConfig();
} catch (error) {
  if (error instanceof ConfigError) fail(error.message);
  throw error;
}

// The SDK's lines (worker, workflows' `log`, core) at LOG_LEVEL; LOG_LEVEL=warn keeps the summary below alone on screen.
Runtime.install({ logger: new DefaultLogger(sdkLogLevel(config.LOG_LEVEL)) });
const log = createLog(config.LOG_LEVEL);

const dataDir = path.resolve(ROOT as string, config.DATA_DIR);
let devServer: DevServer | undefined;
if (!config.TEMPORAL_ADDRESS) {
  console.log('starting the Temporal dev server…');
  try {
    devServer = await startDevServer({
      binary: TEMPORAL_CLI as string,
      port: config.TEMPORAL_DEV_SERVER_PORT,
      uiPort: config.TEMPORAL_UI_PORT,
      dbFile: path.join(dataDir, 'temporal.db'),
      logFile: path.join(dataDir, 'temporal.log'),
      namespace: config.TEMPORAL_NAMESPACE,
      uiCodecEndpoint: config.PAYLOAD_ENCRYPTION ? `http://${config.HOST === '0.0.0.0' ? '127.0.0.1' : config.HOST}:${config.PORT}/codec` : undefined,
    });
  } catch (error) {
    fail(`Could not start the Temporal dev server: ${(error as Error).message}\n` +
      `Is port ${config.TEMPORAL_DEV_SERVER_PORT} or ${config.TEMPORAL_UI_PORT} already in use? ` +
      'Set TEMPORAL_DEV_SERVER_PORT / TEMPORAL_UI_PORT, or TEMPORAL_ADDRESS to use a running cluster.');
  }
}

const payloadKeys = config.PAYLOAD_ENCRYPTION
  ? loadPayloadKeys({ json: config.PAYLOAD_KEYS, file: config.PAYLOAD_KEYS_FILE, dataDir })
  : undefined;
const converter = dataConverter(payloadKeys);
const client = await connectClient(config, devServer?.address, converter);
const added = await registerSearchAttributes(client, config.TEMPORAL_NAMESPACE);
if (added.length > 0) console.log(`registered search attributes: ${added.join(', ')}`);
await ensureRetentionSchedule(client, { taskQueue: config.TEMPORAL_TASK_QUEUE, policyId: config.DEFAULT_POLICY });

// One system of record for the worker and the API (PGlite belongs to one process).
const recordsServices = await openRecords(config, ROOT as string).catch((error: Error) =>
  fail(`Could not open the records database: ${error.message}`),
);

const workerConnection = await connectWorker(config, devServer?.address);
console.log('bundling workflow code…');
// A worker per council added (only `default` until `npm run council -- add`), each in its own namespace over its own records;
// a council added while this runs gets its worker within LOOK_EVERY_MS (worker/council-pool.ts).
const workers = await startCouncilWorkers({
  connection: workerConnection,
  db: recordsServices.db,
  records: recordsServices.records,
  defaultNamespace: config.TEMPORAL_NAMESPACE,
  taskQueue: config.TEMPORAL_TASK_QUEUE,
  only: config.WORKER_COUNCILS,
  slots: { workflowTasks: config.WORKER_WORKFLOW_TASK_SLOTS, activities: config.WORKER_ACTIVITY_SLOTS },
  maxCachedWorkflows: config.WORKER_MAX_CACHED_WORKFLOWS,
  dataConverter: converter,
  notices: (councilRecords, settings) => openCouncilDelivery(config, councilRecords, settings),
  onAdded: ({ council, namespace }) => console.log(`council ${council} added: its worker polls namespace "${namespace}"`),
  onLookFailed: (error) => log.warn('could not look for councils added (tried again shortly)', error),
});
// A worker failing ends the process, so it is started again whole.
workers.done.catch((error: unknown) => {
  console.error('a worker failed', error);
  process.exit(1);
});

const app = createApp({
  client,
  records: recordsServices.records,
  ...(await appSettings(config, ROOT as string, log, payloadKeys)),
  uiOrigins: config.TEMPORAL_UI_ORIGINS ?? [`http://127.0.0.1:${config.TEMPORAL_UI_PORT}`, `http://localhost:${config.TEMPORAL_UI_PORT}`],
});
const server = await new Promise<Server>((resolve, reject) => {
  const listening = app.listen(config.PORT, config.HOST, () => resolve(listening));
  listening.once('error', reject);
}).catch((error: Error) => fail(`The API could not listen on ${config.HOST}:${config.PORT}: ${error.message}`));

const temporalAddress = devServer?.address ?? config.TEMPORAL_ADDRESS;
console.log(`
Children's complaints engine is running.
  API               http://${config.HOST}:${config.PORT}   (docs: /docs; a token: npm run --silent token -- complaints-officer)
  Complainants      http://${config.HOST}:${config.PORT}/complaints   (make a complaint; follow one: /complaints/sign-in)
  Staff pages       http://${config.HOST}:${config.PORT}/staff   (${config.STAFF_OIDC_CLIENT_ID ? 'sign in at AUTH_ISSUER' : 'local sign-in: pick a role, for local use only'})
  Temporal UI       ${devServer?.uiUrl ?? '(your cluster\'s UI)'}
  Temporal server   ${temporalAddress}  namespace "${config.TEMPORAL_NAMESPACE}", task queue "${config.TEMPORAL_TASK_QUEUE}"
  Records           ${config.DATABASE_URL ? 'PostgreSQL at DATABASE_URL' : `PGlite in ${path.join(dataDir, 'records')}`}
  Temporal data     ${devServer ? path.join(dataDir, 'temporal.db') : '(your cluster)'}
Press Ctrl-C to stop.
`);
if (usesExampleCouncil(config)) {
  console.log('Letters are signed with example contact details: set COUNCIL_NAME and COUNCIL_COMPLAINTS_PHONE, _EMAIL and _ADDRESS (.env.example).\n');
}

let stopping = false;
async function stop(signal: string): Promise<void> {
  if (stopping) return;
  stopping = true;
  console.log(`\n${signal}: stopping…`);
  await new Promise((resolve) => server.close(resolve));
  // Drains every council's worker (the SDK may already be shutting them down on the signal).
  await workers.shutdown().catch(() => undefined);
  await workerConnection.close();
  await client.connection.close();
  await recordsServices.close();
  await devServer?.stop();
  console.log('stopped.');
  process.exit(0);
}
process.on('SIGINT', () => void stop('SIGINT'));
process.on('SIGTERM', () => void stop('SIGTERM'));
