import type { Db } from './db';
import type { CaseSnapshot } from './types';

/**
 * The workflow's learning themes per stage and the complainant's latest
 * satisfaction (migration 014), filed by `syncCase`. Idempotent: a retried
 * sync writes nothing. A snapshot from a worker older than them (neither
 * given) leaves them as they are.
 */
export async function syncClosure(tx: Db, ref: string, snapshot: CaseSnapshot): Promise<void> {
  for (const l of snapshot.learning ?? []) {
    await tx.query(
      `INSERT INTO learning (reference, stage, themes, recorded_at) VALUES ($1, $2, $3, $4)
       ON CONFLICT (reference, stage) DO UPDATE SET themes = EXCLUDED.themes, recorded_at = EXCLUDED.recorded_at
         WHERE (learning.themes, learning.recorded_at) IS DISTINCT FROM (EXCLUDED.themes, EXCLUDED.recorded_at)`,
      [ref, l.stage, l.themes, l.recordedAt],
    );
  }
  if (snapshot.satisfaction !== undefined) {
    await tx.query('UPDATE cases SET satisfaction = $2 WHERE reference = $1 AND satisfaction IS DISTINCT FROM $2', [ref, snapshot.satisfaction]);
  }
}
