import type { Db } from './db';
import { insertOwnEvent } from './sql';

/**
 * Personal data across the case file: its disposal once the retention period
 * is over, reaching every table that holds it, rather than in each store. A
 * person's subject access export is its sibling, records/subject-access.ts.
 */
export class PersonalData {
  constructor(
    private readonly db: Db,
    private readonly now: () => Date,
  ) {}

  /**
   * Disposes of the personal data of cases closed before `closedBefore` (an
   * instant or a date) and not disposed of yet: people rows, summaries,
   * desired outcomes, event notes and details, letter addresses, subjects
   * and bodies, restriction reasons, stored Idempotency-Key answers, and the
   * constituent's details of enquiries answered before it. Keeps the anonymous columns the annual
   * report counts (stage, outcome, team, complainant type, deadlines,
   * findings) and records a `personal-data-disposed` event. Returns the
   * references disposed of.
   */
  async disposeClosedBefore(closedBefore: string, actor = 'retention'): Promise<string[]> {
    return this.db.transaction(async (tx) => {
      const due = await tx.query<{ reference: string }>(
        `SELECT reference FROM cases WHERE closed_at < $1::timestamptz AND disposed_at IS NULL ORDER BY reference FOR UPDATE`,
        [closedBefore],
      );
      const refs = due.rows.map((r) => r.reference);
      // An MP's or councillor's enquiry (migration 013) is done when answered: its constituent's details go
      // on the same terms as a closed case's, or with the case it concerns. The member's name is public office.
      await tx.query(
        `UPDATE enquiries SET constituent_name = NULL, constituent_contact = NULL
          WHERE (constituent_name IS NOT NULL OR constituent_contact IS NOT NULL)
            AND (answered_on < ($1::timestamptz AT TIME ZONE 'Europe/London')::date OR reference = ANY($2))`,
        [closedBefore, refs],
      );
      if (refs.length === 0) return refs;
      const now = this.now();
      await tx.query('DELETE FROM people WHERE reference = ANY($1)', [refs]);
      await tx.query(
        'UPDATE cases SET summary = NULL, desired_outcome = NULL, matter_occurred_on = NULL, disposed_at = $2, updated_at = $2 WHERE reference = ANY($1)',
        [refs, now.toISOString()],
      );
      await tx.query('UPDATE events SET note = NULL, detail = NULL WHERE reference = ANY($1)', [refs]);
      await tx.query('UPDATE correspondence SET recipient_address = NULL, subject = NULL, body = NULL, communication_needs = NULL WHERE reference = ANY($1)', [refs]);
      // The complainant's communication needs (migration 011): they can show a disability.
      await tx.query('DELETE FROM communication_needs WHERE reference = ANY($1)', [refs]);
      await tx.query('UPDATE contact_restrictions SET reason = NULL WHERE reference = ANY($1)', [refs]);
      // Evidence and reasons given for the case's actions are free text (migration 003).
      await tx.query('UPDATE action_notes SET text = NULL, evidence_reference = NULL WHERE action_id IN (SELECT id FROM actions WHERE reference = ANY($1))', [refs]);
      // Answers kept for a retried Idempotency-Key can hold the case view and contact details (migration 009).
      await tx.query('DELETE FROM idempotency_keys WHERE reference = ANY($1)', [refs]);
      for (const ref of refs) await insertOwnEvent(tx, ref, 'personal-data-disposed', actor, now, { closedBefore });
      return refs;
    });
  }
}
