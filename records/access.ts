import type { Db } from './db';
import { ACCESS_COLUMNS } from './sql';
import type { AccessRecord, AccessView } from './types';

/** The access audit: who read or exported which case, and when. */
export class AccessLog {
  constructor(
    private readonly db: Db,
    private readonly now: () => Date,
  ) {}

  /** Records that `actor` read or exported a case (or, without a reference, a listing), and which view of it. */
  async recordAccess(input: { reference?: string; actor: string; action: 'read' | 'export'; view?: AccessView; at?: string }): Promise<void> {
    await this.db.query('INSERT INTO access_log (reference, actor, action, at, view) VALUES ($1, $2, $3, $4, $5)', [
      input.reference ?? null,
      input.actor,
      input.action,
      input.at ?? this.now().toISOString(),
      input.view ?? null,
    ]);
  }

  /** Who accessed what: filtered by case, actor, and `from` (inclusive) `to` (exclusive) instants; oldest first. */
  async listAccess(query: { reference?: string; actor?: string; from?: string; to?: string } = {}): Promise<AccessRecord[]> {
    const r = await this.db.query<AccessRecord>(
      `SELECT ${ACCESS_COLUMNS} FROM access_log
       WHERE ($1::text IS NULL OR reference = $1) AND ($2::text IS NULL OR actor = $2)
         AND ($3::timestamptz IS NULL OR at >= $3) AND ($4::timestamptz IS NULL OR at < $4)
       ORDER BY at, id`,
      [query.reference ?? null, query.actor ?? null, query.from ?? null, query.to ?? null],
    );
    return r.rows;
  }
}
