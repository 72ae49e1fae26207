import pg from 'pg';
import proto from '@temporalio/proto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openPostgres, type Db } from '../../records/db';
import { migrate } from '../../records/migrate';
import { Records } from '../../records/repository';
import { startApi, type ApiHarness } from '../helpers/dev-server';
import { eventually } from '../helpers/eventually';
import { startPostgres, type TestPostgres } from '../setup/postgres';

// The case file is synced by a regular activity after the workflow task that
// changed the case (its answer goes out with that task): a records store that
// stops answering must neither hold a transition's answer nor lose the sync.
let pgServer: TestPostgres;
let db: Db;
let api: ApiHarness;
beforeAll(async () => {
  pgServer = await startPostgres();
  db = await openPostgres(pgServer.url);
  await migrate(db);
  api = await startApi({ records: new Records(db), recordsDb: db });
});
afterAll(async () => {
  await api?.stop();
  await db?.close();
  await pgServer?.stop();
});

async function post(path: string, body: unknown): Promise<{ status: number; body: { reference: string; status: string; events: Array<{ action: string }> } }> {
  const res = await fetch(`${api.baseUrl}${path}`, {
    method: 'POST',
    headers: { authorization: `Bearer ${await api.token('complaints-officer')}`, 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
  return { status: res.status, body: (await res.json()) as { reference: string; status: string; events: Array<{ action: string }> } };
}

const eventRows = async (reference: string) =>
  (
    await db.query<{ seq: number; action: string; rows: number }>(
      `SELECT seq, min(action) AS action, count(*)::int AS rows FROM events WHERE reference = $1 AND seq IS NOT NULL GROUP BY seq ORDER BY seq`,
      [reference],
    )
  ).rows;

const letters = async (reference: string) => (await api.records.listCorrespondence(reference)).filter((c) => c.kind === 'letter');

/** The case's history: its syncRecords activities scheduled, and completed. */
async function syncsOf(reference: string): Promise<{ scheduled: number; completed: number }> {
  const { events } = await api.client.workflow.getHandle(reference).fetchHistory();
  const type = proto.temporal.api.enums.v1.EventType;
  const scheduled = (events ?? []).filter((e) => e.eventType === type.EVENT_TYPE_ACTIVITY_TASK_SCHEDULED && e.activityTaskScheduledEventAttributes?.activityType?.name === 'syncRecords');
  const ids = new Set(scheduled.map((e) => String(e.eventId)));
  const completed = (events ?? []).filter((e) => e.eventType === type.EVENT_TYPE_ACTIVITY_TASK_COMPLETED && ids.has(String(e.activityTaskCompletedEventAttributes?.scheduledEventId)));
  return { scheduled: scheduled.length, completed: completed.length };
}

describe('a transition while the records store cannot write the case', () => {
  it('is answered without waiting for the store; the case file is synced once the store writes again, before its letter, each row once', async () => {
    const created = await post('/v1/complaints', { receivedAt: new Date(Date.now() - 60_000).toISOString(), channel: 'email', complainant: { name: 'Lock Person', type: 'parent' }, summary: 'locked store' });
    expect(created.status).toBe(201);
    const reference = created.body.reference;
    expect((await post(`/v1/complaints/${reference}/commands/triage`, { decision: 'stage1' })).status).toBe(200);
    await eventually(() => eventRows(reference), (r) => r.length === 2, 30_000);
    // Its completion reaches the history just after its commit.
    expect(await eventually(() => syncsOf(reference), (n) => n.completed === 2, 30_000)).toEqual({ scheduled: 2, completed: 2 });
    expect(await api.records.getCase(reference)).toMatchObject({ stage: 'stage1', onHold: false });

    // Another session takes the cases table: every sync's write waits behind it (reads still pass).
    const locker = new pg.Client({ connectionString: pgServer.url });
    await locker.connect();
    try {
      await locker.query('BEGIN');
      await locker.query('LOCK TABLE cases IN EXCLUSIVE MODE');
      const held = await post(`/v1/complaints/${reference}/commands/hold`, { reason: 'safeguarding' });
      // Answered while the store still cannot write, its sync scheduled and waiting.
      expect(held.status).toBe(200);
      expect(held.body.events.map((e) => e.action)).toEqual(['received', 'triaged', 'held']);
      expect(await syncsOf(reference)).toEqual({ scheduled: 3, completed: 2 });
      // Nothing of it on file yet, and its letter waits for the case file.
      expect((await eventRows(reference)).map((r) => r.action)).toEqual(['received', 'triaged']);
      expect(await letters(reference)).toEqual([]);
      expect(await api.records.getCase(reference)).toMatchObject({ stage: 'stage1', onHold: false });
      await locker.query('COMMIT');
    } finally {
      await locker.end();
    }

    // The store writes again: the activity files the change, each row once, then the letter goes.
    const rows = await eventually(() => eventRows(reference), (r) => r.length === 3, 60_000);
    expect(rows).toEqual(['received', 'triaged', 'held'].map((action, i) => ({ seq: i + 1, action, rows: 1 })));
    expect(await api.records.getCase(reference)).toMatchObject({ stage: 'stage1', onHold: true });
    const sent = await eventually(() => letters(reference), (l) => l.length === 1 && l[0]!.status !== 'sending', 30_000);
    expect(sent.map((l) => l.template)).toEqual(['case-on-hold']);

    expect(await eventually(() => syncsOf(reference), (n) => n.completed === 3, 30_000)).toEqual({ scheduled: 3, completed: 3 });
    await api.client.workflow.getHandle(reference).terminate('test over');
  });
});
