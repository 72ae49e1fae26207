// A worker on its own (the production shape: workers scale apart from the API).
import path from 'node:path';
import { DefaultLogger, Runtime } from '@temporalio/worker';
import { loadConfig } from '../config/config';
import { createLog, sdkLogLevel } from '../config/log';
import { openDelivery } from '../activities/delivery/open';
import { openRecords } from '../records/open';
import { loadPayloadKeys } from '../temporal/codec';
import { connectClient, connectWorker } from '../temporal/connection';
import { dataConverter } from '../temporal/data-converter';
import { ensureRetentionSchedule } from '../temporal/schedules';
import { createWorker } from './worker';

const config = loadConfig();
const log = createLog(config.LOG_LEVEL);
// Before any connection: the SDK's own lines and the workflows' `log` at LOG_LEVEL.
Runtime.install({ logger: new DefaultLogger(sdkLogLevel(config.LOG_LEVEL)) });
const keys = config.PAYLOAD_ENCRYPTION
  ? loadPayloadKeys({ json: config.PAYLOAD_KEYS, file: config.PAYLOAD_KEYS_FILE, dataDir: path.resolve(config.DATA_DIR) })
  : undefined;
const { records } = await openRecords(config, process.cwd());
const correspondence = openDelivery(config, records);
const connection = await connectWorker(config);
// The daily retention run; every worker's start-up keeps it as configured (idempotent).
const client = await connectClient(config, undefined, dataConverter(keys));
await ensureRetentionSchedule(client, { taskQueue: config.TEMPORAL_TASK_QUEUE, policyId: config.DEFAULT_POLICY });
await client.connection.close();
const worker = await createWorker({
  connection,
  namespace: config.TEMPORAL_NAMESPACE,
  taskQueue: config.TEMPORAL_TASK_QUEUE,
  dataConverter: dataConverter(keys),
  activities: { records, notices: correspondence },
});
log.info(`worker polling task queue "${config.TEMPORAL_TASK_QUEUE}" on ${config.TEMPORAL_ADDRESS ?? 'the dev server'}`);
await worker.run(); // shuts down gracefully on SIGINT/SIGTERM
await connection.close();
