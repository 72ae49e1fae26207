import { randomUUID } from 'node:crypto';
import { TestWorkflowEnvironment } from '@temporalio/testing';
import { Runtime, DefaultLogger, Worker } from '@temporalio/worker';
import { inject } from 'vitest';
import { createActivities } from '../../activities';
// @ts-expect-error plain JS helper shared with the bootstrap
import { TEST_SERVER_LAUNCHER } from '../../scripts/tools.mjs';
import { registerSearchAttributes } from '../../temporal/connection';
import { dataConverter } from '../../temporal/data-converter';

let runtimeInstalled = false;
function quietRuntime(): void {
  if (runtimeInstalled) return;
  runtimeInstalled = true;
  Runtime.install({ logger: new DefaultLogger('WARN') });
}

export interface Scenario {
  env: TestWorkflowEnvironment;
  worker: Worker;
  taskQueue: string;
  /** Runs `fn` while the worker polls, then stops the worker and the server. */
  run<T>(fn: () => Promise<T>): Promise<T>;
}

export interface ScenarioOptions {
  /** The worker's activities; by default `createActivities({})` (notices logged). */
  activities?: ReturnType<typeof createActivities>;
  /**
   * Workflows the worker keeps cached (sticky). 0 for a test that replaces the
   * worker: the Java test server never moves a dead worker's sticky tasks back
   * to the task queue, as a real server does after a few seconds.
   */
  maxCachedWorkflows?: number;
}

/**
 * A time-skipping test server of its own whose clock starts at `startTime`,
 * launched by our launcher through the SDK (which gives it 5 s to answer),
 * and a worker on a task queue of its own, using the run's workflow bundle.
 */
export async function scenario(startTime: string, options: ScenarioOptions = {}): Promise<Scenario> {
  quietRuntime();
  const env = await TestWorkflowEnvironment.createTimeSkipping({
    server: {
      executable: { type: 'existing-path', path: TEST_SERVER_LAUNCHER as string },
      extraArgs: [`--start-time=${new Date(startTime).toISOString()}`],
    },
  });
  await registerSearchAttributes(env.client, env.namespace ?? 'default', { canList: false });
  const taskQueue = `test-${randomUUID()}`;
  const worker = await Worker.create({
    connection: env.nativeConnection,
    namespace: env.namespace ?? 'default',
    taskQueue,
    workflowBundle: { codePath: inject('workflowBundlePath') },
    dataConverter: dataConverter(undefined),
    activities: options.activities ?? createActivities({}),
    ...(options.maxCachedWorkflows !== undefined ? { maxCachedWorkflows: options.maxCachedWorkflows } : {}),
  });
  return {
    env,
    worker,
    taskQueue,
    async run(fn) {
      try {
        return await worker.runUntil(fn);
      } finally {
        await env.teardown();
      }
    },
  };
}
