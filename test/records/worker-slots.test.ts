import { NativeConnection } from '@temporalio/worker';
import { afterAll, beforeAll, describe, expect, it, inject } from 'vitest';
import { ConfigError, loadConfig } from '../../config/config';
import { openPglite, type Db } from '../../records/db';
import { migrate } from '../../records/migrate';
import { Records } from '../../records/repository';
import { startCouncilWorkers } from '../../worker/council-pool';
import { DEFAULT_WORKER_SLOTS } from '../../worker/worker';

let db: Db;
let connection: NativeConnection;

beforeAll(async () => {
  db = await openPglite('memory://');
  await migrate(db);
  connection = await NativeConnection.connect({ address: inject('devServerAddress') });
});
afterAll(async () => {
  await connection?.close();
  await db?.close();
});

describe("each council's worker's slots", () => {
  it('WORKER_WORKFLOW_TASK_SLOTS and WORKER_ACTIVITY_SLOTS: whole numbers from 1, unset by default', () => {
    expect(loadConfig({}).WORKER_WORKFLOW_TASK_SLOTS).toBeUndefined();
    expect(loadConfig({}).WORKER_ACTIVITY_SLOTS).toBeUndefined();
    expect(loadConfig({ WORKER_WORKFLOW_TASK_SLOTS: '4', WORKER_ACTIVITY_SLOTS: '8' })).toMatchObject({ WORKER_WORKFLOW_TASK_SLOTS: 4, WORKER_ACTIVITY_SLOTS: 8 });
    for (const bad of ['0', '2.5', 'four']) {
      expect(() => loadConfig({ WORKER_WORKFLOW_TASK_SLOTS: bad }), bad).toThrow(ConfigError);
      expect(() => loadConfig({ WORKER_ACTIVITY_SLOTS: bad }), bad).toThrow(/WORKER_ACTIVITY_SLOTS/);
    }
  });

  it("bound each council's worker as set, and are the product's bounded defaults when not", async () => {
    const options = {
      connection,
      db,
      records: new Records(db),
      defaultNamespace: 'default',
      only: ['default'],
      workflowBundle: { codePath: inject('workflowBundlePath') },
      notices: () => ({ deliver: async () => undefined }),
    };
    const tunerOf = async (slots: { workflowTasks?: number; activities?: number }) => {
      const pool = await startCouncilWorkers({ ...options, taskQueue: `slots-${Date.now()}-${Math.random()}`, slots });
      expect(pool.workers).toHaveLength(1);
      // Stopped, so it lets go of the connection.
      await pool.shutdown();
      return pool.workers[0]!.worker.options.tuner;
    };
    expect(await tunerOf({ workflowTasks: 4, activities: 8 })).toMatchObject({ workflowTaskSlotSupplier: { numSlots: 4 }, activityTaskSlotSupplier: { numSlots: 8 } });
    // Far below the SDK's 40 and 100, which let a burst of wakes time workflow tasks out in the process.
    expect(DEFAULT_WORKER_SLOTS).toEqual({ workflowTasks: 4, activities: 8 });
    expect(await tunerOf({})).toMatchObject({ workflowTaskSlotSupplier: { numSlots: 4 }, activityTaskSlotSupplier: { numSlots: 8 } });
    expect(await tunerOf({ workflowTasks: 6 })).toMatchObject({ workflowTaskSlotSupplier: { numSlots: 6 }, activityTaskSlotSupplier: { numSlots: 8 } });
  });
});
