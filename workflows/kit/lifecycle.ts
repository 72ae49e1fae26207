import { allHandlersFinished, condition, continueAsNew, log, workflowInfo, type Workflow } from '@temporalio/workflow';

/** Well under Temporal's own suggestion point, so a year-long workflow's history stays small to replay. */
export const DEFAULT_HISTORY_LIMIT = 2_000;

/**
 * Continues as new once the history reaches `limit` events (or Temporal
 * suggests it), after every Update and Signal handler has finished, with
 * `args` (the state, which carries the applied Update ids). Returns when no
 * continue-as-new is due.
 */
export async function continueAsNewAtLimit<F extends Workflow>(limit: number | undefined, ...args: Parameters<F>): Promise<void> {
  const info = workflowInfo();
  if (!info.continueAsNewSuggested && info.historyLength < (limit ?? DEFAULT_HISTORY_LIMIT)) return;
  log.info('continuing as new', { workflowId: info.workflowId, historyLength: info.historyLength });
  await condition(allHandlersFinished);
  await continueAsNew<F>(...args);
}

/**
 * Sends what changed to the records store when `fingerprint` differs from
 * the one stored last (kept in the state, so continue-as-new and replay agree
 * on what is synced). `send` stores the new fingerprint on success. A store
 * that stays down does not stop the workflow: it is tried again later.
 */
export async function syncWhenChanged(fingerprint: string, stored: string | undefined, send: () => Promise<void>, failed: { message: string; context: Record<string, unknown> }): Promise<void> {
  if (fingerprint === stored) return;
  try {
    await send();
  } catch {
    log.warn(failed.message, failed.context);
  }
}

/**
 * A gate for search-attribute and memo upserts: true when `values` differ
 * from the last ones let through. An upsert is a history event, so an
 * unchanged workflow upserts nothing. Never personal data in the values'
 * destination: search attributes and memos are stored unencrypted.
 */
export function changeGate(): (values: readonly unknown[]) => boolean {
  let last = '';
  return (values) => {
    const fingerprint = JSON.stringify(values);
    if (fingerprint === last) return false;
    last = fingerprint;
    return true;
  };
}

/**
 * Delivers the notices owed, in order, each once (the delivery activity's
 * idempotency key is the reference and the notice id). One that cannot be
 * delivered once its retries are spent goes to `undeliverable` and is
 * dropped: a workflow never fails for a letter. `isVoid` drops one unsent.
 */
export async function drainOutbox<N>(outbox: N[], deliver: (notice: N) => Promise<void>, undeliverable: (notice: N) => void, isVoid: (notice: N) => boolean = () => false): Promise<void> {
  while (outbox.length > 0) {
    const notice = outbox[0]!;
    if (!isVoid(notice)) {
      try {
        await deliver(notice);
      } catch {
        undeliverable(notice);
      }
    }
    outbox.shift();
  }
}
