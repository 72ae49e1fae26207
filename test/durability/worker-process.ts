// A complaints worker in a process of its own, for tests that SIGKILL it.
// Its notice sink appends to a file and is idempotent on (reference, notice
// id), as every real channel must be; it can be slowed so a test can kill it
// in the middle of a delivery.
import fs from 'node:fs';
import { DefaultLogger, NativeConnection, Runtime, Worker } from '@temporalio/worker';
import { createActivities } from '../../activities';
import { dataConverter } from '../../temporal/data-converter';

const { TEMPORAL_ADDRESS, TASK_QUEUE, BUNDLE, SINK_FILE, NOTICE_DELAY_MS = '0' } = process.env;
if (!TEMPORAL_ADDRESS || !TASK_QUEUE || !BUNDLE || !SINK_FILE) throw new Error('TEMPORAL_ADDRESS, TASK_QUEUE, BUNDLE and SINK_FILE are required');

Runtime.install({ logger: new DefaultLogger('ERROR') });
const connection = await NativeConnection.connect({ address: TEMPORAL_ADDRESS });
const worker = await Worker.create({
  connection,
  taskQueue: TASK_QUEUE,
  workflowBundle: { codePath: BUNDLE },
  dataConverter: dataConverter(undefined),
  // A dead worker's sticky queue is abandoned quickly, so tests need not wait long.
  stickyQueueScheduleToStartTimeout: '1s',
  activities: createActivities({
    notices: {
      async deliver(reference, notice) {
        fs.appendFileSync(`${SINK_FILE}.attempts`, `${reference} ${notice.id} ${process.pid}\n`);
        await new Promise((r) => setTimeout(r, Number(NOTICE_DELAY_MS)));
        const sent = fs.existsSync(SINK_FILE) ? fs.readFileSync(SINK_FILE, 'utf8').split('\n').filter(Boolean).map((l) => JSON.parse(l)) : [];
        if (sent.some((s: { reference: string; id: number }) => s.reference === reference && s.id === notice.id)) return;
        fs.appendFileSync(SINK_FILE, `${JSON.stringify({ reference, id: notice.id, subject: notice.subject })}\n`);
      },
    },
  }),
});
process.stdout.write('ready\n');
await worker.run();
