import v8 from 'node:v8';
import { fileURLToPath } from 'node:url';
import type { DataConverter } from '@temporalio/common';
import { bundleWorkflowCode, NativeConnection, Worker, type BundleOptions, type WorkflowBundleOption } from '@temporalio/worker';
import { createActivities, type ActivityDeps } from '../activities';

export const WORKFLOWS_PATH = fileURLToPath(new URL('../workflows/index.ts', import.meta.url));

/**
 * Modules evaluated once per V8 context and shared by its workflows, rather
 * than again for every workflow created (every wake of an evicted case):
 * zod's and the bank holidays file (workflows/shared-modules.ts says why
 * that is safe). In the bundle, `zod` is workflows/zod.ts, which hands out
 * the shared one.
 */
export const BUNDLER_OPTIONS = {
  preloadModules: [fileURLToPath(new URL('../workflows/shared-modules.ts', import.meta.url))],
  webpackConfigHook: (config) => ({
    ...config,
    resolve: { ...config.resolve, alias: { ...config.resolve?.alias, zod$: fileURLToPath(new URL('../workflows/zod.ts', import.meta.url)) } },
  }),
} satisfies Pick<BundleOptions, 'preloadModules' | 'webpackConfigHook'>;

/** The workflow bundle, as every worker of this app runs it (`workflowsPath` and the rest as the SDK takes them). */
export function bundleWorkflows(options: Omit<BundleOptions, 'preloadModules' | 'webpackConfigHook' | 'workflowsPath'> & { workflowsPath?: string }) {
  return bundleWorkflowCode({ workflowsPath: WORKFLOWS_PATH, ...options, ...BUNDLER_OPTIONS });
}

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
  /** How many cases the worker keeps in memory between their tasks (its sticky cache); defaultMaxCachedWorkflows() when absent. */
  maxCachedWorkflows?: number;
}

export interface WorkerSlots {
  workflowTasks?: number;
  activities?: number;
}

/**
 * The sticky cache when WORKER_MAX_CACHED_WORKFLOWS is unset: the SDK's own
 * default, said here so the worker and its figures agree (600 workflows per
 * GiB of heap beyond 200 MiB, which allows a workflow 1.7 MiB). A case held
 * costs about 0.5 MiB (bench/cache-memory.ts, 1,000 cases held against none),
 * so this fills under a third of the heap: 2,282 with a 4 GiB heap. Each
 * council's worker in a process has a cache of its own, so twice the figure
 * could fill the heap where one process serves several large councils.
 */
export function defaultMaxCachedWorkflows(heapLimitBytes = v8.getHeapStatistics().heap_size_limit): number {
  const heapMiB = heapLimitBytes / 2 ** 20;
  return Math.max(Math.floor((Math.max(heapMiB - 200, 0) * 600) / 1024), 10);
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
    ...(options.workflowBundle ? { workflowBundle: options.workflowBundle } : { workflowsPath: WORKFLOWS_PATH, bundlerOptions: BUNDLER_OPTIONS }),
    activities: createActivities(options.activities ?? {}),
    ...(options.dataConverter ? { dataConverter: options.dataConverter } : {}),
    maxConcurrentWorkflowTaskExecutions: options.slots?.workflowTasks ?? DEFAULT_WORKER_SLOTS.workflowTasks,
    maxConcurrentActivityTaskExecutions: options.slots?.activities ?? DEFAULT_WORKER_SLOTS.activities,
    maxCachedWorkflows: options.maxCachedWorkflows ?? defaultMaxCachedWorkflows(),
  });
}
