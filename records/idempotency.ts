import type { Db } from './db';
import { json, RESPONSE_COLUMNS } from './sql';
import type { StoredResponse } from './types';

/** The API's responses to requests with an Idempotency-Key, per (key, actor). */
export class ResponseStore {
  constructor(private readonly db: Db) {}

  /**
   * Stores the API's response to a request with an Idempotency-Key. The
   * first response stored for (key, actor) stands: the result is the stored
   * one, which the caller returns if it differs from its own. `reference`
   * names the case whose data the answer holds: disposing of the case's
   * personal data deletes the answer too (records/personal-data.ts).
   */
  async rememberResponse(input: { key: string; actor: string; method: string; path: string; status: number; body: unknown; reference?: string }): Promise<StoredResponse> {
    const inserted = await this.db.query<StoredResponse>(
      `INSERT INTO idempotency_keys (key, actor, method, path, status, body, reference) VALUES ($1, $2, $3, $4, $5, $6, $7)
       ON CONFLICT (council, key, actor) DO NOTHING RETURNING ${RESPONSE_COLUMNS}`,
      [input.key, input.actor, input.method, input.path, input.status, json(input.body ?? null), input.reference ?? null],
    );
    return inserted.rows[0] ?? (await this.recallResponse(input.key, input.actor))!;
  }

  /** The stored response for (key, actor), if any. The API should refuse a key reused for another method or path. */
  async recallResponse(key: string, actor: string): Promise<StoredResponse | undefined> {
    const r = await this.db.query<StoredResponse>(`SELECT ${RESPONSE_COLUMNS} FROM idempotency_keys WHERE key = $1 AND actor = $2`, [key, actor]);
    return r.rows[0];
  }

  /** Forgets responses stored before `before` (they may hold personal data); returns how many. */
  async forgetResponsesBefore(before: string): Promise<number> {
    const r = await this.db.query('DELETE FROM idempotency_keys WHERE created_at < $1 RETURNING 1', [before]);
    return r.rows.length;
  }
}
