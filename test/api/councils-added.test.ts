import { randomBytes } from 'node:crypto';
import path from 'node:path';
import { Client, type Connection } from '@temporalio/client';
import { NativeConnection } from '@temporalio/worker';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { OutboxChannel } from '../../activities/delivery/channels';
import { Correspondence } from '../../activities/delivery/correspondence';
import { WorkingDayCalendar } from '../../domain/calendar';
import { getPolicy } from '../../domain/policy';
import { currentCalendarData } from '../../records/calendar';
import type { Records } from '../../records/repository';
import { addCouncil, parseCouncilArgs } from '../../scripts/council/add';
import { dataConverter } from '../../temporal/data-converter';
import { ensureNamespace } from '../../temporal/namespaces';
import { startCouncilWorkers, type CouncilWorkerPool } from '../../worker/council-pool';
import { startApi, type ApiHarness } from '../helpers/dev-server';
import { eventually } from '../helpers/eventually';

/**
 * A worker process running while a council is added: on the dev server, the
 * workers start with `default` only, the council is added as `npm run
 * council -- add` adds it, and a case made in it through the API runs its
 * first task (the case files itself in the council's own records) with no
 * restart. A process with WORKER_COUNCILS never takes it on.
 */
const run = randomBytes(3).toString('hex');
const LATE = `late-${run}`;
const ROOT = path.resolve(import.meta.dirname, '../..');

let api: ApiHarness;
let temporal: Connection;
let connection: NativeConnection;
let pool: CouncilWorkerPool;
let onlyDefault: CouncilWorkerPool;
const added: string[] = [];

beforeAll(async () => {
  api = await startApi();
  temporal = api.client.connection as Connection;
  connection = await NativeConnection.connect({ address: inject('devServerAddress') });
  // The harness's own worker polls `default` on this task queue, and the SDK allows one per namespace and queue in a
  // process: the default council of each process here has a namespace of its own instead.
  const scratch = [`scratch-a-${run}`, `scratch-b-${run}`];
  for (const namespace of scratch) await ensureNamespace(temporal, namespace);
  const options = {
    connection,
    db: api.ownerDb!,
    records: api.records,
    taskQueue: api.taskQueue,
    dataConverter: dataConverter(api.payloadKeys),
    workflowBundle: { codePath: inject('workflowBundlePath') },
    notices: (records: Records) => new Correspondence({ records, channels: [new OutboxChannel()], council: { name: 'Test Council', contact: 'the Complaints Team' } }),
    lookEveryMs: 1_000,
  };
  pool = await startCouncilWorkers({ ...options, defaultNamespace: scratch[0]!, onAdded: (w) => added.push(w.council) });
  onlyDefault = await startCouncilWorkers({ ...options, defaultNamespace: scratch[1]!, only: ['default'] });
}, 120_000);
afterAll(async () => {
  await pool?.shutdown();
  await onlyDefault?.shutdown();
  await connection?.close();
  await api?.stop();
});

describe('a council added while the workers run', () => {
  it('gets its own worker within a look, and a case made in it runs its first task without a restart', async () => {
    expect(pool.workers.map((w) => w.council)).toEqual(['default']);
    const parsed = parseCouncilArgs(['add', LATE, '--name', 'Lateshire Council', '--policy', 'england-statutory'], ROOT);
    if (parsed.command !== 'add') throw new Error('not an add');
    await addCouncil({ db: api.ownerDb!, connection: temporal, taskQueue: api.taskQueue }, parsed.settings);

    // The next look (every second here, 30 s by default) starts its worker, in its own namespace.
    await eventually(async () => pool.workers.map((w) => w.council), (councils) => councils.includes(LATE), 60_000);
    expect(added).toEqual([LATE]);
    expect(pool.workers.find((w) => w.council === LATE)!.namespace).toBe(`complaints-${LATE}`);

    const receivedAt = Date.now() - 60_000;
    const res = await fetch(`${api.baseUrl}/v1/complaints`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${await api.token('complaints-manager', 'manager-late', ['Children in Care'], [LATE])}` },
      body: JSON.stringify({ receivedAt: new Date(receivedAt).toISOString(), channel: 'email', complainant: { name: 'Lee Late (fictional)', type: 'parent', email: 'lee@example.org' }, summary: 'Contact changed', team: 'Children in Care' }),
    });
    const body = (await res.json()) as { reference: string };
    expect(res.status, JSON.stringify(body)).toBe(201);
    // Its first task ran: the workflow filed its clocks in the council's own records (the API files only the case and its
    // opening event), at the date the council's calendar gives: 3 working days from the day it counts as received.
    const policy = getPolicy('england-statutory');
    const lateRecords = api.records.forCouncil(LATE);
    const calendar = new WorkingDayCalendar(await currentCalendarData(lateRecords.db, policy));
    const acknowledgeBy = calendar.addWorkingDays(calendar.receiptDate(receivedAt, policy.receipt), 3);
    const filed = async (records: Records) => (await records.db.query<{ key: string; due: string }>(`SELECT key, to_char(due, 'YYYY-MM-DD') AS due FROM deadlines WHERE reference = $1`, [body.reference])).rows;
    expect(await eventually(() => filed(lateRecords), (rows) => rows.length > 0, 60_000)).toEqual([{ key: 'stage1.acknowledge', due: acknowledgeBy }]);
    expect(await filed(api.records)).toEqual([]);
    const history = await new Client({ connection: api.client.connection, namespace: `complaints-${LATE}`, dataConverter: dataConverter(api.payloadKeys) }).workflow.getHandle(body.reference).fetchHistory();
    expect(history.events!.some((e) => e.workflowTaskCompletedEventAttributes)).toBe(true);

    // A process limited by WORKER_COUNCILS never takes it on.
    expect(await onlyDefault.look()).toEqual([]);
    expect(onlyDefault.workers.map((w) => w.council)).toEqual(['default']);
  }, 180_000);

  it('shutdown drains every worker, the one added while running too, and looks no more', async () => {
    await pool.shutdown();
    expect(pool.workers.map((w) => [w.council, w.worker.getState()])).toEqual([
      ['default', 'STOPPED'],
      [LATE, 'STOPPED'],
    ]);
    expect(await pool.look()).toEqual([]);
  }, 120_000);
});
