/**
 * A creation is answered from the case's opening (domain/complaint/opening.ts)
 * without waiting for the worker: with no worker polling its task queue, the
 * API still answers 201, and once a worker runs the case, its workflow shows
 * exactly the view the creation answered with, to the millisecond. A retry
 * with the same Idempotency-Key finds the one case and answers with it, and
 * the histories replay.
 */
import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { AddressInfo } from 'node:net';
import type { Server } from 'node:http';
import { Client, Connection } from '@temporalio/client';
import { DefaultLogger, NativeConnection, Runtime, Worker } from '@temporalio/worker';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { createActivities } from '../../activities';
import { createApp } from '../../api/app';
import { LOCAL_AUDIENCE, LOCAL_ISSUER, loadOrCreateLocalKeys, signLocalToken } from '../../api/auth/local-keys';
import { openPglite, type Db } from '../../records/db';
import { migrate } from '../../records/migrate';
import { Records } from '../../records/repository';
import { dataConverter } from '../../temporal/data-converter';
import { caseViewQuery } from '../../workflows/complaint/messages';

type View = Record<string, unknown> & { reference: string; contact?: unknown; deadlines: Array<{ key: string; due: string; state: string; missedAt: string | null }>; events: Array<{ action: string; recordedAt: string }> };

const taskQueue = `no-worker-${crypto.randomUUID()}`;
const converter = dataConverter({ current: 'test-1', keys: new Map([['test-1', crypto.randomBytes(32)]]) });
let connection: Connection;
let client: Client;
let db: Db;
let records: Records;
let server: Server;
let baseUrl: string;
let token: string;
let keysDir: string;

beforeAll(async () => {
  Runtime.install({ logger: new DefaultLogger('WARN') });
  connection = await Connection.connect({ address: inject('devServerAddress') });
  client = new Client({ connection, dataConverter: converter });
  db = await openPglite('memory://');
  await migrate(db);
  records = new Records(db);
  keysDir = fs.mkdtempSync(path.join(os.tmpdir(), 'complaints-keys-'));
  const keys = await loadOrCreateLocalKeys(keysDir);
  // The API alone: nothing polls its task queue until the test starts a worker.
  const app = createApp({
    client,
    records,
    taskQueue,
    defaultPolicy: 'england-statutory',
    auth: { keys: { localJwks: { keys: [keys.publicJwk] } }, issuer: LOCAL_ISSUER, audience: LOCAL_AUDIENCE },
    log: () => undefined,
    rateLimitPerAddressPerMinute: 1_000_000,
  });
  server = await new Promise((resolve) => {
    const s = app.listen(0, '127.0.0.1', () => resolve(s));
  });
  baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  token = await signLocalToken(keys, 'officer-1', ['complaints-officer'], 8);
});

afterAll(async () => {
  await new Promise((resolve) => server?.close(resolve));
  await connection?.close();
  await db?.close();
  if (keysDir) fs.rmSync(keysDir, { recursive: true, force: true });
});

function create(payload: unknown, key: string): Promise<Response> {
  return fetch(`${baseUrl}/v1/complaints`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${token}`, 'idempotency-key': key },
    body: JSON.stringify(payload),
  });
}

/** The workflow's own view, the creation's `contact` aside (the API adds it from the request). */
function workflowSide(view: View): View {
  const { contact: _fromRecord, ...rest } = view;
  return rest as View;
}

describe('creating a case while no worker runs', () => {
  it('answers 201 at once with the view the workflow then shows, exactly; a retry finds the one case', async () => {
    // Received five weeks ago and logged only now: its acknowledgement (3 working days) is already missed when it is opened.
    const late = { receivedAt: '2026-10-26T10:00:00Z', channel: 'letter', complainant: { name: 'Late Letter (fictional)', type: 'parent' }, summary: 'a letter found in the post room' };
    // Received a minute ago: nothing falls due while the test runs.
    const fresh = { receivedAt: new Date(Date.now() - 60_000).toISOString(), channel: 'email', complainant: { name: 'Fresh Email (fictional)', type: 'young-person' }, summary: 'sent just now' };

    const lateRes = await create(late, 'late-1');
    const freshRes = await create(fresh, 'fresh-1');
    expect(lateRes.status).toBe(201);
    expect(freshRes.status).toBe(201);
    const lateView = (await lateRes.json()) as View;
    const freshView = (await freshRes.json()) as View;

    // Received Mon 26 Oct 2026: three working days → Thu 29 Oct 2026, long gone when it was logged.
    expect(lateView.deadlines).toEqual([expect.objectContaining({ key: 'stage1.acknowledge', due: '2026-10-29', state: 'missed' })]);
    expect(lateView.deadlines[0]!.missedAt).not.toBeNull();
    expect(freshView.deadlines).toEqual([expect.objectContaining({ key: 'stage1.acknowledge', state: 'pending', missedAt: null })]);
    expect(lateView.contact).toEqual(expect.any(Object));

    // Both cases are started and filed, though no worker has run them yet.
    for (const view of [lateView, freshView]) {
      const described = await client.workflow.getHandle(view.reference).describe();
      expect(described.status.name).toBe('RUNNING');
      expect(described.historyLength).toBeLessThanOrEqual(3); // started, its first task scheduled: nothing run yet
      expect(await records.getCase(view.reference)).toBeDefined();
    }

    // A worker comes: each workflow's view is the answer, to the millisecond (recordedAt, missedAt).
    const nativeConnection = await NativeConnection.connect({ address: inject('devServerAddress') });
    const worker = await Worker.create({
      connection: nativeConnection,
      taskQueue,
      workflowBundle: { codePath: inject('workflowBundlePath') },
      activities: createActivities({ records }),
      dataConverter: converter,
    });
    try {
      await worker.runUntil(async () => {
        for (const view of [lateView, freshView]) {
          const queried = await client.workflow.getHandle(view.reference).query(caseViewQuery);
          expect(queried).toEqual(workflowSide(view));
        }
        // The same key again: the one case, answered as it is now (the same).
        const retried = await create(late, 'late-1');
        expect(retried.status).toBe(201);
        expect(await retried.json()).toEqual(lateView);
      });
    } finally {
      await nativeConnection.close();
    }
    // Each history, with its complaint.opened-at marker, replays as it ran.
    for (const view of [lateView, freshView]) {
      const history = await client.workflow.getHandle(view.reference).fetchHistory();
      await Worker.runReplayHistory({ workflowBundle: { codePath: inject('workflowBundlePath') }, dataConverter: converter }, history, view.reference);
    }
  });
});
