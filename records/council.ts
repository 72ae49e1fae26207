import { AsyncLocalStorage } from 'node:async_hooks';
import { councilIdProblem } from '../domain/council';
import type { Db } from './db';

const requestCouncil = new AsyncLocalStorage<string>();

/** Runs `fn` (and everything it awaits) in `council`'s context: a request's, set once its token is read (api/auth/council.ts). */
export function inCouncil<T>(council: string, fn: () => T): T {
  const problem = councilIdProblem(council);
  if (problem) throw new Error(problem);
  return requestCouncil.run(council, fn);
}

/** The council of the work in hand; an error, never a guess, outside any. */
export function currentCouncil(): string {
  const council = requestCouncil.getStore();
  if (council === undefined) throw new Error('no council context: the records of a request are read inside inCouncil()');
  return council;
}

/** The role every council's queries run as (records/migrations/025_council_partition.sql): it owns nothing and cannot bypass row-level security. */
export const APP_ROLE = 'complaints_app';

/**
 * `db` confined to one council's rows. Every query runs in a transaction
 * that first becomes `complaints_app` and sets `app.council`, both local to
 * the transaction, so nothing carries over to the next use of a pooled
 * connection, and the row-level security policies decide what the query
 * sees, whatever its WHERE clause says. A lone query is a transaction of its
 * own; inside `transaction(fn)`, every query of `fn` shares the one set-up.
 *
 * The council id is checked here (lowercase letters, digits, hyphens) before
 * it goes into the statement, so it can never be read as SQL.
 */
export function councilDb(db: Db, council: string | (() => string)): Db {
  if (db.council !== undefined) throw new Error(`this database handle is council ${db.council}'s already`);
  const councilNow = () => {
    const id = typeof council === 'string' ? council : council();
    const problem = councilIdProblem(id);
    if (problem) throw new Error(problem);
    return id;
  };
  if (typeof council === 'string') councilNow();
  const scoped: Db = {
    kind: db.kind,
    get council() {
      return councilNow();
    },
    query: (sql, params) => scoped.transaction((tx) => tx.query(sql, params)),
    exec: (sql) => scoped.transaction((tx) => tx.exec(sql)),
    // The driver's transaction Db joins nested calls, so `tx` keeps the set-up throughout.
    transaction: (fn) => {
      const id = councilNow();
      return db.transaction(async (tx) => {
        await tx.exec(`SET LOCAL ROLE ${APP_ROLE}; SELECT set_config('app.council', '${id}', true)`);
        return fn({ ...tx, council: id });
      });
    },
    close: () => db.close(),
  };
  return scoped;
}
