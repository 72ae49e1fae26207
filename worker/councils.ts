import type { DataConverter } from '@temporalio/common';
import { Runtime, type NativeConnection, type Worker } from '@temporalio/worker';
import type { NoticeSink } from '../activities';
import { DEFAULT_COUNCIL } from '../domain/council';
import type { Db } from '../records/db';
import { CouncilStore, type CouncilSettings } from '../records/councils';
import type { Records } from '../records/repository';
import { bundleWorkflows, createWorker, type WorkerSlots } from './worker';

export interface CouncilWorker {
  council: string;
  namespace: string;
  worker: Worker;
}

export interface CouncilWorkersOptions {
  connection: NativeConnection;
  /** The database as its owner: the councils table lists every council. */
  db: Db;
  /** The records on that database; each worker's activities get its council's own (records/council.ts). */
  records: Records;
  /** The deployment's own namespace: the `default` council's. */
  defaultNamespace: string;
  taskQueue: string;
  /** WORKER_COUNCILS: the councils this process polls for; every council when absent. */
  only?: readonly string[];
  dataConverter?: DataConverter;
  /** A council's letters (activities/delivery/council.ts); `settings` undefined for `default`. */
  notices: (records: Records, settings: CouncilSettings | undefined) => NoticeSink;
  /** A prebuilt bundle; otherwise bundled once here for every council's worker. */
  workflowBundle?: { code: string } | { codePath: string };
  /** Each council's worker's slots: how much of the process one council's burst may hold at once. */
  slots?: WorkerSlots;
  /** Each council's worker's sticky cache: how many of its cases it keeps in memory between their tasks. */
  maxCachedWorkflows?: number;
}

/**
 * One Worker per council, each polling its council's namespace with
 * activities over that council's records, so a case's syncs, letters and
 * retention disposals land in its own council's partition and nowhere else.
 * These are the councils added when it is called; the pool that runs them
 * (worker/council-pool.ts) also picks up a council added later. Scaling
 * one council's workers on their own is a deployment whose WORKER_COUNCILS
 * names it alone.
 */
export async function createCouncilWorkers(options: CouncilWorkersOptions): Promise<CouncilWorker[]> {
  const store = new CouncilStore(options.db);
  const listed = await store.list();
  if (options.only) {
    const unknown = options.only.filter((id) => !listed.some((c) => c.id === id));
    if (unknown.length > 0) throw new Error(`WORKER_COUNCILS names councils this deployment has not added: ${unknown.join(', ')} (npm run council -- list)`);
  }
  const councils = listed.filter((c) => !options.only || options.only.includes(c.id));
  const workflowBundle = options.workflowBundle ?? (councils.length > 1 ? await bundleWorkflows({ logger: Runtime.instance().logger }) : undefined);
  const workers: CouncilWorker[] = [];
  for (const { id } of councils) workers.push(await createCouncilWorker({ ...options, ...(workflowBundle ? { workflowBundle } : {}) }, store, id));
  return workers;
}

/** The worker of one council added, over its own records and letters. */
export async function createCouncilWorker(options: CouncilWorkersOptions, store: CouncilStore, id: string): Promise<CouncilWorker> {
  const settings = id === DEFAULT_COUNCIL ? undefined : await store.get(id);
  const namespace = settings?.namespace ?? options.defaultNamespace;
  const records = options.records.forCouncil(id);
  const worker = await createWorker({
    connection: options.connection,
    namespace,
    taskQueue: options.taskQueue,
    ...(options.workflowBundle ? { workflowBundle: options.workflowBundle } : {}),
    ...(options.dataConverter ? { dataConverter: options.dataConverter } : {}),
    activities: { records, notices: options.notices(records, settings) },
    ...(options.slots ? { slots: options.slots } : {}),
    ...(options.maxCachedWorkflows ? { maxCachedWorkflows: options.maxCachedWorkflows } : {}),
  });
  return { council: id, namespace, worker };
}
