import type { IsoDate } from '../domain/dates';
import { pageByReceipt, type ReceiptPageQuery } from './paging';
import type { Db } from './db';

/**
 * Compliments and representations logged by the complaints team
 * (records/migrations/005_compliments.sql). A representation here is one that
 * never became a case; a contact triaged as a representation is a case of its
 * own, and the annual report counts both.
 */

export const FEEDBACK_KINDS = ['compliment', 'representation'] as const;
export type FeedbackKind = (typeof FEEDBACK_KINDS)[number];
/** How a logged representation ended (BANES 2022-23 4.2: resolved or not pursued); none given is answered. */
export const REPRESENTATION_OUTCOMES = ['answered', 'not-pursued'] as const;
export type RepresentationOutcome = (typeof REPRESENTATION_OUTCOMES)[number];

export interface FeedbackInput {
  kind: FeedbackKind;
  receivedOn: IsoDate;
  team?: string;
  channel?: string;
  /** Who it came from, as a type (child, parent, foster-carer, …): never a name. */
  fromType?: string;
  note?: string;
  /** A representation's only (migration 024). */
  outcome?: RepresentationOutcome;
  recordedBy: string;
  /** Hash of the caller and their Idempotency-Key, with the request body's hash: a retry writes nothing twice. */
  requestKey?: string;
  requestHash?: string;
}

export interface FeedbackRecord {
  id: number;
  kind: FeedbackKind;
  receivedOn: IsoDate;
  team: string | null;
  channel: string | null;
  fromType: string | null;
  note: string | null;
  outcome: RepresentationOutcome | null;
  recordedBy: string;
  recordedAt: string;
}

const COLUMNS = `id, kind, received_on AS "receivedOn", team, channel, from_type AS "fromType", note, outcome, recorded_by AS "recordedBy", recorded_at AS "recordedAt"`;

export class FeedbackKeyReused extends Error {
  override name = 'FeedbackKeyReused';
}

export class FeedbackStore {
  constructor(private readonly db: Db) {}

  /**
   * Logs a compliment or representation. Idempotent on `requestKey`: a retry
   * returns the first row (`created: false`); the same key with another body
   * throws FeedbackKeyReused.
   */
  async log(input: FeedbackInput): Promise<{ created: boolean; feedback: FeedbackRecord }> {
    const inserted = await this.db.query<FeedbackRecord>(
      `INSERT INTO feedback (kind, received_on, team, channel, from_type, note, recorded_by, request_key, request_hash, outcome)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10) ON CONFLICT (council, request_key) DO NOTHING RETURNING ${COLUMNS}`,
      [input.kind, input.receivedOn, input.team ?? null, input.channel ?? null, input.fromType ?? null, input.note ?? null, input.recordedBy, input.requestKey ?? null, input.requestHash ?? null, input.outcome ?? null],
    );
    if (inserted.rows[0]) return { created: true, feedback: inserted.rows[0] };
    const existing = await this.db.query<FeedbackRecord & { requestHash: string | null }>(
      `SELECT ${COLUMNS}, request_hash AS "requestHash" FROM feedback WHERE request_key = $1`,
      [input.requestKey],
    );
    const row = existing.rows[0]!;
    if (row.kind !== input.kind || row.requestHash !== (input.requestHash ?? null)) throw new FeedbackKeyReused('this Idempotency-Key was already used for a different request');
    const { requestHash: _hash, ...feedback } = row;
    return { created: false, feedback };
  }

  /** One page of a kind, newest received first; `cursor` is the last id of the previous page. */
  async list(query: ReceiptPageQuery & { kind: FeedbackKind }): Promise<{ items: FeedbackRecord[]; nextCursor: string | null }> {
    return pageByReceipt<FeedbackRecord>(this.db, 'feedback', COLUMNS, query, { column: 'kind', value: query.kind });
  }
}

/** Logged compliments and representations received in a period (London dates, both ends), by kind and team. */
export async function feedbackCounts(db: Db, from: IsoDate, to: IsoDate): Promise<Array<{ kind: FeedbackKind; team: string | null; outcome: RepresentationOutcome | null; n: number }>> {
  const r = await db.query<{ kind: FeedbackKind; team: string | null; outcome: RepresentationOutcome | null; n: number }>(
    `SELECT kind, team, outcome, count(*)::int AS n FROM feedback WHERE received_on BETWEEN $1::date AND $2::date GROUP BY kind, team, outcome`,
    [from, to],
  );
  return r.rows;
}
