import { randomBytes } from 'node:crypto';
import path from 'node:path';
import type { Connection } from '@temporalio/client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { WorkingDayCalendar } from '../../domain/calendar';
import { getPolicy } from '../../domain/policy';
import { currentCalendarData } from '../../records/calendar';
import { addCouncil, parseCouncilArgs } from '../../scripts/council/add';
import { startApi, type ApiHarness } from '../helpers/dev-server';
import { eventually } from '../helpers/eventually';

/**
 * A council added in the process that serves it, as `npm start` would with
 * the add run inside it: the API serves it from its next request (the add
 * tells the council directory), and the harness's workers, looking every
 * half second as a worker process looks every 30, run its cases' first task.
 */
const run = randomBytes(3).toString('hex');
const NEW = `newly-${run}`;
const ROOT = path.resolve(import.meta.dirname, '../..');

let api: ApiHarness;

beforeAll(async () => {
  api = await startApi({ lookEveryMs: 500 });
}, 120_000);
afterAll(async () => {
  await api?.stop();
});

const complaint = (receivedAt: number) => ({
  receivedAt: new Date(receivedAt).toISOString(),
  channel: 'email',
  complainant: { name: 'Noor Newly (fictional)', type: 'parent', email: 'noor@example.org' },
  summary: 'Contact changed',
  team: 'Children in Care',
});

async function create(receivedAt: number): Promise<{ status: number; body: { reference: string; detail?: string } }> {
  const res = await fetch(`${api.baseUrl}/v1/complaints`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${await api.token('complaints-manager', 'manager-newly', ['Children in Care'], [NEW])}` },
    body: JSON.stringify(complaint(receivedAt)),
  });
  return { status: res.status, body: (await res.json()) as { reference: string } };
}

describe('a council added in the process that serves it', () => {
  it('is served from the next request, and the workers it runs pick it up within a look', async () => {
    const receivedAt = Date.now() - 60_000;
    expect((await create(receivedAt)).status).toBe(503);
    const parsed = parseCouncilArgs(['add', NEW, '--name', 'Newlyshire Council', '--policy', 'england-statutory'], ROOT);
    if (parsed.command !== 'add') throw new Error('not an add');
    await addCouncil({ db: api.ownerDb!, connection: api.client.connection as Connection, taskQueue: api.taskQueue, directory: api.records.councils }, parsed.settings);

    // No wait for the directory's TTL (10 s here): the add told it.
    const created = await create(receivedAt);
    expect(created.status, JSON.stringify(created.body)).toBe(201);
    // Its first task ran in a worker the harness's pool started: the case filed its clocks in the council's own records.
    const policy = getPolicy('england-statutory');
    const records = api.records.forCouncil(NEW);
    const calendar = new WorkingDayCalendar(await currentCalendarData(records.db, policy));
    const acknowledgeBy = calendar.addWorkingDays(calendar.receiptDate(receivedAt, policy.receipt), 3);
    const filed = async () => (await records.db.query<{ key: string; due: string }>(`SELECT key, to_char(due, 'YYYY-MM-DD') AS due FROM deadlines WHERE reference = $1`, [created.body.reference])).rows;
    expect(await eventually(filed, (rows) => rows.length > 0, 60_000)).toEqual([{ key: 'stage1.acknowledge', due: acknowledgeBy }]);
  }, 180_000);
});
