import type { Db } from './db';
import { CORRESPONDENCE_COLUMNS, json } from './sql';
import type { CorrespondenceInput, CorrespondenceRecord, CorrespondenceStatus } from './types';

/**
 * The case's correspondence: each letter, email or alert once per (reference,
 * notice id, channel), claimed before it is sent and settled after, so a
 * retried delivery never sends twice (activities/delivery/ does the sending).
 */
export class CorrespondenceStore {
  constructor(private readonly db: Db) {}

  /**
   * Records a letter, email or alert as sent. Idempotent on (reference,
   * noticeId, channel): `recorded: false` if it was already there.
   */
  async recordCorrespondence(input: CorrespondenceInput): Promise<{ recorded: boolean }> {
    const r = await this.db.query(
      `INSERT INTO correspondence (reference, notice_id, channel, kind, template, recipient_role, recipient_address, subject, body,
                                   status, claimed_at, sent_at, provider_id)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $11, $12)
       ON CONFLICT (reference, notice_id, channel) DO NOTHING RETURNING id`,
      [
        input.reference,
        input.noticeId,
        input.channel,
        input.kind,
        input.template,
        input.recipientRole,
        input.recipientAddress ?? null,
        input.subject,
        input.body,
        input.status,
        input.sentAt,
        input.providerId ?? null,
      ],
    );
    return { recorded: r.rows.length > 0 };
  }

  /**
   * Claims the sending of one notice on one channel, before the channel is
   * called. Exactly one concurrent caller wins a new row. An existing row is
   * taken over only if it failed, or if its claim is older than `leaseMs`
   * (its sender crashed); the winner then sends the subject and body stored
   * with the row, so the record stays what was sent. Otherwise the existing
   * row is returned unclaimed: settled (nothing to do) or in flight.
   */
  async claimDelivery(
    input: Omit<CorrespondenceInput, 'status' | 'sentAt' | 'providerId'> & { html?: string; at: string; leaseMs: number; communicationNeeds?: object },
  ): Promise<{ claimed: boolean; row: CorrespondenceRecord }> {
    return this.db.transaction(async (tx) => {
      const inserted = await tx.query<CorrespondenceRecord>(
        `INSERT INTO correspondence (reference, notice_id, channel, kind, template, recipient_role, recipient_address, subject, body, body_html, status, claimed_at,
                                     communication_needs)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $11, 'sending', $10, $12)
         ON CONFLICT (reference, notice_id, channel) DO NOTHING RETURNING ${CORRESPONDENCE_COLUMNS}`,
        [
          input.reference,
          input.noticeId,
          input.channel,
          input.kind,
          input.template,
          input.recipientRole,
          input.recipientAddress ?? null,
          input.subject,
          input.body,
          input.at,
          input.html ?? null,
          json(input.communicationNeeds),
        ],
      );
      if (inserted.rows[0]) return { claimed: true, row: inserted.rows[0] };
      const taken = await tx.query<CorrespondenceRecord>(
        `UPDATE correspondence SET status = 'sending', claimed_at = $4, error = NULL
         WHERE reference = $1 AND notice_id = $2 AND channel = $3
           AND (status = 'failed' OR (status = 'sending' AND claimed_at < $4::timestamptz - make_interval(secs => $5::double precision / 1000)))
         RETURNING ${CORRESPONDENCE_COLUMNS}`,
        [input.reference, input.noticeId, input.channel, input.at, input.leaseMs],
      );
      if (taken.rows[0]) return { claimed: true, row: taken.rows[0] };
      const existing = await tx.query<CorrespondenceRecord>(
        `SELECT ${CORRESPONDENCE_COLUMNS} FROM correspondence WHERE reference = $1 AND notice_id = $2 AND channel = $3`,
        [input.reference, input.noticeId, input.channel],
      );
      return { claimed: false, row: existing.rows[0]! };
    });
  }

  /**
   * Keeps a claim alive while its sender is still at work: moves `claimed_at`
   * on, if the row is still the claim made (or last renewed) at `claimedAt`.
   * False once it is not (settled, or taken over).
   */
  async renewClaim(id: number, claimedAt: string, at: string): Promise<boolean> {
    const r = await this.db.query(
      `UPDATE correspondence SET claimed_at = $3 WHERE id = $1 AND status = 'sending' AND claimed_at = $2::timestamptz RETURNING id`,
      [id, claimedAt, at],
    );
    return r.rows.length > 0;
  }

  /** Settles a claimed row: sent (with when, and the provider's id), queued, waiting for a channel, or failed (with an error code). */
  async settleDelivery(
    id: number,
    outcome: { status: Exclude<CorrespondenceStatus, 'sending'>; sentAt?: string; providerId?: string; error?: string },
  ): Promise<void> {
    await this.db.query(`UPDATE correspondence SET status = $2, sent_at = $3, provider_id = $4, error = $5 WHERE id = $1`, [
      id,
      outcome.status,
      outcome.sentAt ?? null,
      outcome.providerId ?? null,
      outcome.error ?? null,
    ]);
  }

  /** The case's correspondence, oldest first. */
  async listCorrespondence(reference: string): Promise<CorrespondenceRecord[]> {
    const r = await this.db.query<CorrespondenceRecord>(
      `SELECT ${CORRESPONDENCE_COLUMNS} FROM correspondence WHERE reference = $1 ORDER BY COALESCE(sent_at, claimed_at), notice_id, channel`,
      [reference],
    );
    return r.rows;
  }

  /** Every case's correspondence on one channel in one state, oldest first: the outbox to print and post. */
  async listOutbox(query: { channel?: string; status?: CorrespondenceStatus; limit?: number } = {}): Promise<CorrespondenceRecord[]> {
    const r = await this.db.query<CorrespondenceRecord>(
      `SELECT ${CORRESPONDENCE_COLUMNS} FROM correspondence WHERE channel = $1 AND status = $2 ORDER BY claimed_at, id LIMIT $3`,
      [query.channel ?? 'outbox', query.status ?? 'queued', query.limit ?? 100],
    );
    return r.rows;
  }
}
