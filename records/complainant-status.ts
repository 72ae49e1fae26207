import type { Db } from './db';
import { DEADLINE_LABELS } from './letters/values';

/**
 * What a signed-in complainant may see of one of their cases: dates, states,
 * the letters sent to them, and who is handling it by role. Never staff
 * names or notes, never other people's details, never a hold's reason (a
 * safeguarding hold's reason can itself be sensitive).
 */
export interface ComplainantCaseStatus {
  reference: string;
  stage: string;
  status: string;
  receivedAt: string;
  onHold: boolean;
  closedAt: string | null;
  /** The date the case waits for: a duty of the council's, or the complainant's own window. */
  next: DueDate | null;
  /** The oldest duty of the council's past its date and not done: the complainant is told the council is late. */
  overdue: DueDate | null;
  /** Letters to the complainant, once each whatever channels carried it, oldest first. */
  letters: Array<{ subject: string; date: string }>;
  /**
   * Who is handling it, by role ("Investigating Officer"), never by name: the
   * council confirms the appointment of the IO and IP and keeps the
   * complainant informed of progress (RRC guidance for complainants, Stage 2).
   */
  handledBy: string[];
}

/** A deadline in words: its key, what it is, its London date and how that date was reached ("3 working days → …"). */
export interface DueDate {
  key: string;
  label: string;
  due: string;
  explanation: string | null;
}

/** Each part in a case (records case_parties) as a complainant reads it. */
const PART_WORDS: Record<string, string> = {
  'assigned-officer': 'Complaints Officer',
  'investigating-officer': 'Investigating Officer',
  'independent-person': 'Independent Person',
  'adjudicating-officer': 'Adjudicating Officer',
  'panel-chair': 'Review Panel Chair',
  'panel-member': 'Review Panel member',
};

/** The order parts are named in: as the procedure meets them. */
const PART_ORDER = Object.keys(PART_WORDS);

/** The status of each of `references` that is filed and not disposed of, in the order given. */
export async function complainantStatus(db: Db, references: readonly string[]): Promise<ComplainantCaseStatus[]> {
  if (references.length === 0) return [];
  const cases = await db.query<{
    reference: string;
    stage: string;
    status: string;
    receivedAt: string;
    onHold: boolean;
    closedAt: string | null;
    nextKey: string | null;
    nextDue: string | null;
    nextExplanation: string | null;
    overdueKey: string | null;
    overdueDue: string | null;
    overdueExplanation: string | null;
  }>(
    `SELECT c.reference, c.stage, c.status, c.received_at AS "receivedAt", c.on_hold AS "onHold", c.closed_at AS "closedAt",
            c.next_deadline_key AS "nextKey", c.next_due AS "nextDue", n.explanation AS "nextExplanation",
            c.overdue_key AS "overdueKey", o.due AS "overdueDue", o.explanation AS "overdueExplanation"
       FROM cases c
       LEFT JOIN deadlines n ON n.reference = c.reference AND n.key = c.next_deadline_key
       LEFT JOIN deadlines o ON o.reference = c.reference AND o.key = c.overdue_key
      WHERE c.reference = ANY($1) AND c.disposed_at IS NULL`,
    [references],
  );
  const letters = await complainantLetters(db, references);
  const parts = await db.query<{ reference: string; part: string }>('SELECT DISTINCT reference, part FROM case_parties WHERE reference = ANY($1)', [references]);
  const byReference = new Map(cases.rows.map((row) => [row.reference, row]));
  return references.flatMap((reference) => {
    const row = byReference.get(reference);
    if (!row) return [];
    const handledBy = parts.rows
      .filter((p) => p.reference === reference && PART_WORDS[p.part])
      .sort((a, b) => PART_ORDER.indexOf(a.part) - PART_ORDER.indexOf(b.part))
      .map((p) => PART_WORDS[p.part]!);
    return [
      {
        reference,
        stage: row.stage,
        status: row.status,
        receivedAt: row.receivedAt,
        onHold: row.onHold,
        closedAt: row.closedAt,
        next: dueDate(row.nextKey, row.nextDue, row.nextExplanation),
        overdue: dueDate(row.overdueKey, row.overdueDue, row.overdueExplanation),
        letters: letters.rows.filter((l) => l.reference === reference).map(({ subject, date }) => ({ subject, date })),
        handledBy: handledBy.length > 0 ? handledBy : ['Complaints Team'],
      },
    ];
  });
}

function dueDate(key: string | null, due: string | null, explanation: string | null): DueDate | null {
  return key && due ? { key, label: DEADLINE_LABELS[key] ?? key, due, explanation } : null;
}

/**
 * The letters addressed to the complainant of each case (never a staff copy,
 * a reminder or an alert), once each whatever channels carried it, oldest
 * first: the list the status page numbers its letters by.
 */
export async function complainantLetters(db: Db, references: readonly string[]) {
  return db.query<{ reference: string; noticeId: number; subject: string; date: string }>(
    `SELECT reference, notice_id AS "noticeId", min(subject) AS subject, min(COALESCE(sent_at, claimed_at)) AS date
       FROM correspondence
      WHERE reference = ANY($1) AND kind = 'letter' AND recipient_role = 'complainant' AND status IN ('sent', 'queued')
      GROUP BY reference, notice_id
      ORDER BY date, notice_id`,
    [references],
  );
}
