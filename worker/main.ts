// A worker on its own (the production shape: workers scale apart from the API).
import path from 'node:path';
import { DefaultLogger, Runtime } from '@temporalio/worker';
import { loadConfig } from '../config/config';
import { createLog, sdkLogLevel } from '../config/log';
import { openCouncilDelivery } from '../activities/delivery/council';
import { openRecords } from '../records/open';
import { loadPayloadKeys } from '../temporal/codec';
import { connectClient, connectWorker } from '../temporal/connection';
import { dataConverter } from '../temporal/data-converter';
import { ensureRetentionSchedule } from '../temporal/schedules';
import { startCouncilWorkers } from './council-pool';

const config = loadConfig();
const log = createLog(config.LOG_LEVEL);
// Before any connection: the SDK's own lines and the workflows' `log` at LOG_LEVEL.
Runtime.install({ logger: new DefaultLogger(sdkLogLevel(config.LOG_LEVEL)) });
const keys = config.PAYLOAD_ENCRYPTION
  ? loadPayloadKeys({ json: config.PAYLOAD_KEYS, file: config.PAYLOAD_KEYS_FILE, dataDir: path.resolve(config.DATA_DIR) })
  : undefined;
const { db, records } = await openRecords(config, process.cwd());
const connection = await connectWorker(config);
// The daily retention run; every worker's start-up keeps the default council's as configured (idempotent; other councils' are made by `npm run council -- add`).
const client = await connectClient(config, undefined, dataConverter(keys));
await ensureRetentionSchedule(client, { taskQueue: config.TEMPORAL_TASK_QUEUE, policyId: config.DEFAULT_POLICY });
await client.connection.close();
// A worker per council (WORKER_COUNCILS, or every one added, and any added while it runs), each in its own namespace over its own records.
const pool = await startCouncilWorkers({
  connection,
  db,
  records,
  defaultNamespace: config.TEMPORAL_NAMESPACE,
  taskQueue: config.TEMPORAL_TASK_QUEUE,
  only: config.WORKER_COUNCILS,
  slots: { workflowTasks: config.WORKER_WORKFLOW_TASK_SLOTS, activities: config.WORKER_ACTIVITY_SLOTS },
  maxCachedWorkflows: config.WORKER_MAX_CACHED_WORKFLOWS,
  dataConverter: dataConverter(keys),
  notices: (councilRecords, settings) => openCouncilDelivery(config, councilRecords, settings),
  onAdded: ({ council, namespace }) => log.info(`council ${council} added: worker polling task queue "${config.TEMPORAL_TASK_QUEUE}" in namespace "${namespace}"`),
  onLookFailed: (error) => log.warn('could not look for councils added (tried again shortly)', error),
});
for (const { council, namespace } of pool.workers) {
  log.info(`worker polling task queue "${config.TEMPORAL_TASK_QUEUE}" in namespace "${namespace}" (council ${council}) on ${config.TEMPORAL_ADDRESS ?? 'the dev server'}`);
}
await pool.done; // every worker drains on SIGINT/SIGTERM
await connection.close();
