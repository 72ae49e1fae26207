import { Client, Connection } from '@temporalio/client';
import { NativeConnection, type Worker } from '@temporalio/worker';
import v8 from 'node:v8';
import { afterAll, beforeAll, describe, expect, it, inject } from 'vitest';
import { ConfigError, loadConfig } from '../../config/config';
import { defaultCalendarData } from '../../domain/holidays';
import { ENGLAND_STATUTORY_POLICY } from '../../domain/policy';
import { openPglite, type Db } from '../../records/db';
import { migrate } from '../../records/migrate';
import { Records } from '../../records/repository';
import { complaintWorkflow } from '../../workflows/complaint/workflow';
import { createCouncilWorkers } from '../../worker/councils';
import { defaultMaxCachedWorkflows } from '../../worker/worker';

let db: Db;
let connection: NativeConnection;
let clientConnection: Connection;
let client: Client;

beforeAll(async () => {
  db = await openPglite('memory://');
  await migrate(db);
  connection = await NativeConnection.connect({ address: inject('devServerAddress') });
  clientConnection = await Connection.connect({ address: inject('devServerAddress') });
  client = new Client({ connection: clientConnection });
});
afterAll(async () => {
  await clientConnection?.close();
  await connection?.close();
  await db?.close();
});

/** The default council's worker on a task queue of its own, with the sticky cache given (the SDK's when undefined). */
async function councilWorker(maxCachedWorkflows: number | undefined): Promise<{ worker: Worker; taskQueue: string }> {
  const taskQueue = `cache-${Date.now()}-${Math.random()}`;
  const workers = await createCouncilWorkers({
    connection,
    db,
    records: new Records(db),
    defaultNamespace: 'default',
    taskQueue,
    only: ['default'],
    workflowBundle: { codePath: inject('workflowBundlePath') },
    notices: () => ({ deliver: async () => undefined }),
    maxCachedWorkflows,
  });
  expect(workers).toHaveLength(1);
  return { worker: workers[0]!.worker, taskQueue };
}

/** Opens `n` cases on the worker's queue and waits until the worker has run each one's first task; the cases it then holds in memory. */
async function cachedAfterOpening(worker: Worker, taskQueue: string, n: number): Promise<number> {
  const running = worker.run();
  const calendar = defaultCalendarData('england-and-wales');
  const receivedAt = new Date(Date.now() - 60_000).toISOString();
  const handles = [];
  try {
    for (let i = 0; i < n; i++) {
      const reference = `CACHE-${i}-${taskQueue}`;
      handles.push(
        await client.workflow.start(complaintWorkflow, {
          workflowId: reference,
          taskQueue,
          args: [{ reference, receivedAt, policy: ENGLAND_STATUTORY_POLICY, calendar, actor: 'test' }],
        }),
      );
    }
    // Each case's first workflow task completed: the worker has created it, and keeps it or evicts it.
    for (const handle of handles) {
      await expect
        .poll(async () => ((await handle.fetchHistory()).events ?? []).some((e) => e.workflowTaskCompletedEventAttributes), { timeout: 60_000, interval: 200 })
        .toBe(true);
    }
    return worker.getStatus().numCachedWorkflows;
  } finally {
    for (const handle of handles) await handle.terminate('test over').catch(() => undefined);
    worker.shutdown();
    await running;
  }
}

describe("each council's worker's sticky cache", () => {
  it('WORKER_MAX_CACHED_WORKFLOWS: a whole number from 2, unset by default', () => {
    expect(loadConfig({}).WORKER_MAX_CACHED_WORKFLOWS).toBeUndefined();
    expect(loadConfig({ WORKER_MAX_CACHED_WORKFLOWS: '3000' }).WORKER_MAX_CACHED_WORKFLOWS).toBe(3000);
    for (const bad of ['0', '1', '2.5', 'many', '100001']) {
      expect(() => loadConfig({ WORKER_MAX_CACHED_WORKFLOWS: bad }), bad).toThrow(ConfigError);
    }
    expect(() => loadConfig({ WORKER_MAX_CACHED_WORKFLOWS: '1' })).toThrow(/WORKER_MAX_CACHED_WORKFLOWS/);
  });

  it('holds at most the cases set: three opened, two kept', async () => {
    const { worker, taskQueue } = await councilWorker(2);
    expect(worker.options.maxCachedWorkflows).toBe(2);
    expect(await cachedAfterOpening(worker, taskQueue, 3)).toBe(2);
  });

  it("is the SDK's figure from the heap when not set, and keeps every case opened below it", async () => {
    const { worker, taskQueue } = await councilWorker(undefined);
    // The SDK 1.24's default with a reused V8 context: 600 workflows per GiB of heap beyond 200 MiB.
    const heapMiB = v8.getHeapStatistics().heap_size_limit / 2 ** 20;
    expect(worker.options.maxCachedWorkflows).toBe(Math.max(Math.floor((Math.max(heapMiB - 200, 0) * 600) / 1024), 10));
    expect(await cachedAfterOpening(worker, taskQueue, 3)).toBe(3);
  });

  it('by the heap: 2,282 cases with a 4 GiB heap, 482 with 1 GiB, never fewer than 10', () => {
    expect(defaultMaxCachedWorkflows(4 * 2 ** 30)).toBe(2_282);
    expect(defaultMaxCachedWorkflows(2 ** 30)).toBe(482);
    expect(defaultMaxCachedWorkflows(128 * 2 ** 20)).toBe(10);
  });
});
