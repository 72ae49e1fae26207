import type { Db } from '../records/db';
import { ActionRecords, type ActionSnapshot } from '../records/actions';

/** The action workflow's record activity; without a records store (workflow-logic tests) it stores nothing. */
export function createActionActivities(deps: { records?: { db?: Db } }) {
  const store = deps.records?.db ? new ActionRecords(deps.records.db) : undefined;
  return {
    /** Stores an action's row and its new events; idempotent (events by seq). Returns the events stored. */
    async recordAction(snapshot: ActionSnapshot): Promise<number> {
      if (!store) return 0;
      return (await store.record(snapshot)).eventsInserted;
    },
  };
}
