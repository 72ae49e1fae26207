import { fileURLToPath } from 'node:url';
import type { DataConverter } from '@temporalio/common';
import { NativeConnection, Worker, type WorkflowBundleOption } from '@temporalio/worker';
import { createActivities, type ActivityDeps } from '../activities';

export const WORKFLOWS_PATH = fileURLToPath(new URL('../workflows/index.ts', import.meta.url));

export interface WorkerOptions {
  connection: NativeConnection;
  namespace: string;
  taskQueue: string;
  /** A prebuilt bundle (tests bundle once per run); otherwise bundled from source at start. */
  workflowBundle?: WorkflowBundleOption;
  dataConverter?: DataConverter;
  activities?: ActivityDeps;
  /** Bounds on the tasks this worker runs at once (DEFAULT_WORKER_SLOTS for any left out). */
  slots?: WorkerSlots;
}

export interface WorkerSlots {
  workflowTasks?: number;
  activities?: number;
}

/**
 * A worker's slots when not set (WORKER_WORKFLOW_TASK_SLOTS,
 * WORKER_ACTIVITY_SLOTS). A worker runs its workflow tasks on one thread, so
 * slots past a few only queue tasks inside the process, where each task's
 * 10-second timeout runs on; bounded, the rest wait on the server, untimed,
 * for this worker or another on the task queue. The SDK's 40 and 100 let
 * 10,000 wakes at once time tasks out, retry them and fall behind (the
 * deadlines and councils benchmarks).
 */
export const DEFAULT_WORKER_SLOTS = { workflowTasks: 4, activities: 8 } as const satisfies Required<WorkerSlots>;

/** The complaints worker: the complaint workflow and its activities on one task queue. */
export async function createWorker(options: WorkerOptions): Promise<Worker> {
  return Worker.create({
    connection: options.connection,
    namespace: options.namespace,
    taskQueue: options.taskQueue,
    ...(options.workflowBundle ? { workflowBundle: options.workflowBundle } : { workflowsPath: WORKFLOWS_PATH }),
    activities: createActivities(options.activities ?? {}),
    ...(options.dataConverter ? { dataConverter: options.dataConverter } : {}),
    maxConcurrentWorkflowTaskExecutions: options.slots?.workflowTasks ?? DEFAULT_WORKER_SLOTS.workflowTasks,
    maxConcurrentActivityTaskExecutions: options.slots?.activities ?? DEFAULT_WORKER_SLOTS.activities,
  });
}
