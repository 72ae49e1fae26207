import { Runtime } from '@temporalio/worker';
import { CouncilStore } from '../records/councils';
import { createCouncilWorker, createCouncilWorkers, type CouncilWorker, type CouncilWorkersOptions } from './councils';
import { bundleWorkflows } from './worker';

/** How often a running worker process asks whether a council was added: one query of the councils table. */
export const LOOK_EVERY_MS = 30_000;

export interface CouncilWorkerPool {
  /** The workers running, one per council, in the order they started. */
  readonly workers: readonly CouncilWorker[];
  /** Asks once for councils added since, and starts a worker for each; those started. */
  look(): Promise<CouncilWorker[]>;
  /** Stops looking and drains every worker (each finishes the tasks in hand); settles as `done` does. */
  shutdown(): Promise<void>;
  /** Settles once every worker has stopped: rejects with the first worker's failure, if any. */
  readonly done: Promise<void>;
}

export interface CouncilWorkerPoolOptions extends CouncilWorkersOptions {
  /** How often to look for councils added (LOOK_EVERY_MS). */
  lookEveryMs?: number;
  /** Told of each council's worker started after the first ones. */
  onAdded?: (worker: CouncilWorker) => void;
  /** Told of a look that failed (the database away a moment): the next look tries again. */
  onLookFailed?: (error: unknown) => void;
}

/**
 * Every council's worker, running, and a look every `lookEveryMs` for a
 * council added since (`npm run council -- add`): its worker starts then, in
 * this process, so its cases' first tasks run without a restart.
 *
 * With WORKER_COUNCILS (`only`), the process polls those councils alone, each
 * added before it starts (createCouncilWorkers refuses one that is not), so
 * there is nothing to look for: a council added later is polled by the
 * processes without WORKER_COUNCILS, or by one whose list is changed and
 * restarted.
 *
 * One worker stopping (a failure, or a shutdown signal the SDK passes to
 * every worker) stops them all, so the process ends whole and is restarted
 * whole; `shutdown` drains them all.
 */
export async function startCouncilWorkers(options: CouncilWorkerPoolOptions): Promise<CouncilWorkerPool> {
  // Bundled once for every council's worker, the first ones and any added later; through the Runtime's logger, so LOG_LEVEL holds for the bundler's lines.
  const workflowBundle = options.workflowBundle ?? (await bundleWorkflows({ logger: Runtime.instance().logger }));
  const shared = { ...options, workflowBundle };
  const store = new CouncilStore(options.db);
  const workers: CouncilWorker[] = [];
  const runs: Promise<void>[] = [];
  let stopping = false;
  let failure: { error: unknown } | undefined;
  let looking: Promise<CouncilWorker[]> | undefined;
  let timer: NodeJS.Timeout | undefined;

  const stop = () => {
    if (stopping) return;
    stopping = true;
    clearInterval(timer);
    for (const { worker } of workers) if (worker.getState() === 'RUNNING') worker.shutdown();
  };
  const run = (started: CouncilWorker) => {
    workers.push(started);
    runs.push(
      started.worker.run().then(
        () => stop(),
        (error: unknown) => {
          failure ??= { error };
          stop();
        },
      ),
    );
  };

  const lookOnce = async (): Promise<CouncilWorker[]> => {
    if (stopping || options.only) return [];
    const added = (await store.list()).filter((c) => !workers.some((w) => w.council === c.id));
    const started: CouncilWorker[] = [];
    for (const { id } of added) {
      const worker = await createCouncilWorker(shared, store, id);
      // A shutdown begun while it was made: it never polls, and the process is on its way out.
      if (stopping) break;
      run(worker);
      started.push(worker);
      options.onAdded?.(worker);
    }
    return started;
  };
  // One look at a time: a tick during a slow one is skipped.
  const look = (): Promise<CouncilWorker[]> => {
    looking ??= lookOnce().finally(() => {
      looking = undefined;
    });
    return looking;
  };

  for (const worker of await createCouncilWorkers(shared)) run(worker);
  if (!options.only) {
    timer = setInterval(() => {
      if (!looking) look().catch((error: unknown) => options.onLookFailed?.(error));
    }, options.lookEveryMs ?? LOOK_EVERY_MS);
    timer.unref();
  }

  const done = (async () => {
    // Every run, including those a look started while others were stopping.
    let seen = 0;
    while (seen < runs.length || looking) {
      const upTo = runs.length;
      await looking?.catch(() => undefined);
      await Promise.allSettled(runs.slice(seen, upTo));
      seen = upTo;
    }
    if (failure) throw failure.error;
  })();
  done.catch(() => undefined);

  return {
    workers,
    look,
    async shutdown() {
      stop();
      await done;
    },
    done,
  };
}
