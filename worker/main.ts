// A worker on its own (the production shape: workers scale apart from the API).
import { loadConfig } from '../config/config';
import { connectWorker } from '../temporal/connection';
import { createWorker } from './worker';

const config = loadConfig();
const connection = await connectWorker(config);
const worker = await createWorker({ connection, namespace: config.TEMPORAL_NAMESPACE, taskQueue: config.TEMPORAL_TASK_QUEUE });
console.log(`worker polling task queue "${config.TEMPORAL_TASK_QUEUE}" on ${config.TEMPORAL_ADDRESS ?? 'the dev server'}`);
await worker.run(); // shuts down gracefully on SIGINT/SIGTERM
await connection.close();
