// The soak's worker, in a process of its own so its memory is the worker's
// alone: the product's workflows and activity code on the bench's dev server,
// reporting RSS and heap to the parent every SOAK_SAMPLE_MS.
import { NativeConnection, Worker } from '@temporalio/worker';
import { createActivities } from '../activities';
import { BUNDLER_OPTIONS, WORKFLOWS_PATH } from '../worker/worker';
import { quietRuntime } from './harness';

quietRuntime();
const address = process.env.SOAK_TEMPORAL_ADDRESS!;
const sampleMs = Number(process.env.SOAK_SAMPLE_MS ?? 30_000);
const connection = await NativeConnection.connect({ address });
const worker = await Worker.create({
  connection,
  taskQueue: process.env.SOAK_TASK_QUEUE ?? 'soak',
  workflowsPath: WORKFLOWS_PATH,
  bundlerOptions: BUNDLER_OPTIONS,
  // A bounded sticky cache that fills in the soak's first minutes: past that, growth is a leak, not the cache filling.
  maxCachedWorkflows: Number(process.env.SOAK_MAX_CACHED_WORKFLOWS ?? 100),
  // No records store or mail server: the worker's own memory is what is measured.
  activities: createActivities({ records: { syncCase: async () => ({ eventsInserted: 0 }) }, notices: { async deliver() {} } }),
});

function sample() {
  const m = process.memoryUsage();
  process.send?.({ type: 'sample', at: Date.now(), rss: m.rss, heapUsed: m.heapUsed, heapTotal: m.heapTotal, external: m.external });
}
const timer = setInterval(sample, sampleMs);
process.on('message', (message: { type?: string }) => {
  if (message?.type === 'stop') worker.shutdown();
});
process.send?.({ type: 'ready' });
sample();
await worker.run();
clearInterval(timer);
await connection.close();
process.exit(0);
