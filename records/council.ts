import { councilIdProblem } from '../domain/council';
import type { Db } from './db';

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
export function councilDb(db: Db, council: string): Db {
  const problem = councilIdProblem(council);
  if (problem) throw new Error(problem);
  if (db.council !== undefined) throw new Error(`this database handle is council ${db.council}'s already`);
  const enter = `SET LOCAL ROLE ${APP_ROLE}; SELECT set_config('app.council', '${council}', true)`;
  const scoped: Db = {
    kind: db.kind,
    council,
    query: (sql, params) => scoped.transaction((tx) => tx.query(sql, params)),
    exec: (sql) => scoped.transaction((tx) => tx.exec(sql)),
    // The driver's transaction Db joins nested calls, so `tx` keeps the set-up throughout.
    transaction: (fn) =>
      db.transaction(async (tx) => {
        await tx.exec(enter);
        return fn({ ...tx, council });
      }),
    close: () => db.close(),
  };
  return scoped;
}
