// A complaints worker in a process of its own, for tests that SIGKILL it.
// Its notice sink appends to a file and is idempotent on (reference, notice
// id), as every real channel must be; it can be slowed so a test can kill it
// in the middle of a delivery.
//
// With RECORDS_DATABASE_URL it files the case in that PostgreSQL database
// and sends letters to its outbox instead, as production does. With
// SYNC_PAUSE_DIR, a records sync that finds `pause` in that folder does its
// writes, then waits inside its transaction before COMMIT (writing `waiting`
// with the process id) until `pause` is gone: a test can kill the worker
// there. The hook lives only here, around the database handle.
import fs from 'node:fs';
import path from 'node:path';
import { DefaultLogger, NativeConnection, Runtime, Worker } from '@temporalio/worker';
import { createActivities, type ActivityDeps } from '../../activities';
import { openPostgres, type Db } from '../../records/db';
import { OutboxChannel } from '../../activities/delivery/channels';
import { Correspondence } from '../../activities/delivery/correspondence';
import { Records } from '../../records/repository';
import { dataConverter } from '../../temporal/data-converter';

const { TEMPORAL_ADDRESS, TASK_QUEUE, BUNDLE, SINK_FILE, NOTICE_DELAY_MS = '0', RECORDS_DATABASE_URL, SYNC_PAUSE_DIR } = process.env;
if (!TEMPORAL_ADDRESS || !TASK_QUEUE || !BUNDLE || (!SINK_FILE && !RECORDS_DATABASE_URL)) {
  throw new Error('TEMPORAL_ADDRESS, TASK_QUEUE, BUNDLE and SINK_FILE or RECORDS_DATABASE_URL are required');
}

/** `db` whose transactions, once their work is done, wait before COMMIT while SYNC_PAUSE_DIR/pause exists. */
function pausingBeforeCommit(db: Db, dir: string): Db {
  return {
    ...db,
    async transaction(fn) {
      return db.transaction(async (tx) => {
        const result = await fn(tx);
        if (fs.existsSync(path.join(dir, 'pause'))) {
          fs.writeFileSync(path.join(dir, 'waiting'), String(process.pid));
          while (fs.existsSync(path.join(dir, 'pause'))) await new Promise((r) => setTimeout(r, 50));
        }
        return result;
      });
    },
  };
}

const fileSink: NonNullable<ActivityDeps['notices']> = {
  async deliver(reference, notice) {
    fs.appendFileSync(`${SINK_FILE}.attempts`, `${reference} ${notice.id} ${process.pid}\n`);
    await new Promise((r) => setTimeout(r, Number(NOTICE_DELAY_MS)));
    const sent = fs.existsSync(SINK_FILE!) ? fs.readFileSync(SINK_FILE!, 'utf8').split('\n').filter(Boolean).map((l) => JSON.parse(l)) : [];
    if (sent.some((s: { reference: string; id: number }) => s.reference === reference && s.id === notice.id)) return;
    fs.appendFileSync(SINK_FILE!, `${JSON.stringify({ reference, id: notice.id, subject: notice.subject })}\n`);
  },
};

async function recordsDeps(url: string): Promise<ActivityDeps> {
  const db = await openPostgres(url, { max: 4 });
  const records = new Records(db);
  // Only the case sync pauses: letters are claimed and settled on the plain handle.
  const syncing = SYNC_PAUSE_DIR ? new Records(pausingBeforeCommit(db, SYNC_PAUSE_DIR)) : records;
  const notices = new Correspondence({ records, channels: [new OutboxChannel()], council: { name: 'Test Council', contact: 'the Complaints Team', email: 'complaints@test.example' } });
  return { records: syncing, notices };
}

Runtime.install({ logger: new DefaultLogger('ERROR') });
const connection = await NativeConnection.connect({ address: TEMPORAL_ADDRESS });
const worker = await Worker.create({
  connection,
  taskQueue: TASK_QUEUE,
  workflowBundle: { codePath: BUNDLE },
  dataConverter: dataConverter(undefined),
  // A dead worker's sticky queue is abandoned quickly, so tests need not wait long.
  stickyQueueScheduleToStartTimeout: '1s',
  activities: createActivities(RECORDS_DATABASE_URL ? await recordsDeps(RECORDS_DATABASE_URL) : { notices: fileSink }),
});
process.stdout.write('ready\n');
await worker.run();
