import type { Db } from './db';

/**
 * The draft of a complaint being made on the pages (migration 022): one row
 * per form session, keyed by the SHA-256 of its cookie value. What the state
 * holds is the pages' business (web/session.ts); here it is JSON.
 */
export class ComplaintFormStore {
  constructor(private readonly db: Db) {}

  /** The session's state, unless it has been idle since before `idleSince` (then it is gone). */
  async load(idHash: string, idleSince: Date): Promise<unknown> {
    const found = await this.db.query<{ state: unknown }>('SELECT state FROM complaint_form_sessions WHERE id_hash = $1 AND touched_at > $2', [idHash, idleSince.toISOString()]);
    return found.rows[0]?.state;
  }

  /** Keeps the state as it now is. */
  async save(idHash: string, state: unknown, at: Date): Promise<void> {
    await this.db.query(
      `INSERT INTO complaint_form_sessions (id_hash, state, touched_at) VALUES ($1, $2, $3)
       ON CONFLICT (id_hash) DO UPDATE SET state = EXCLUDED.state, touched_at = EXCLUDED.touched_at`,
      [idHash, JSON.stringify(state), at.toISOString()],
    );
  }

  /** Restarts the idle clock of a session read but not changed. */
  async touch(idHash: string, at: Date): Promise<void> {
    await this.db.query('UPDATE complaint_form_sessions SET touched_at = $2 WHERE id_hash = $1', [idHash, at.toISOString()]);
  }

  /** Deletes drafts idle since before `idleSince`: their answers are kept no longer. */
  async purge(idleSince: Date): Promise<number> {
    const gone = await this.db.query('DELETE FROM complaint_form_sessions WHERE touched_at <= $1 RETURNING id_hash', [idleSince.toISOString()]);
    return gone.rows.length;
  }
}
