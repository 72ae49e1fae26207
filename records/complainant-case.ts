import type { Db } from './db';
import { complainantLetters, type DueDate } from './complainant-status';
import { DEADLINE_LABELS } from './letters/values';

/**
 * What the complainant's own page needs beyond `complainantStatus` to offer
 * the right forms and words: the complainant's kind (a child reads easy-read
 * words), the window to ask for the next stage, a Stage 2 extension awaiting
 * their answer, how the case closed, and their own acts. Staff free text
 * never leaves here: an extension's reason, a note, an outcome's reason stay
 * behind; only dates, counts and the complainant's own acts go out.
 */
export interface ComplainantCaseFacts {
  reference: string;
  /** The child or young person is the complainant, or asked for easy read: the pages speak as the RRC guidance for children does. */
  easyRead: boolean;
  /** The latest window to ask for the next stage (`stage1.escalate` or `stage2.escalate`), its date and whether it is still open. */
  window: { key: string; due: string; open: boolean } | null;
  /** The council asked for more Stage 2 time and the complainant has not answered (RRC guidance, Stage 2: "with your agreement"). */
  extensionAsked: { workingDays: number; proposedDue: string } | null;
  /** How a closed case ended, by kind only (never a reason staff wrote). */
  outcome: { kind: string; stage: string | null } | null;
  satisfaction: string | null;
  /** The complainant's own acts (events marked `by: 'complainant'`), oldest first. */
  acts: Array<{ action: string; at: string; detail: Record<string, unknown> }>;
  /** Every date the case waits for (the council's duties and the complainant's window), soonest first. */
  pending: DueDate[];
}

export async function complainantCaseFacts(db: Db, reference: string): Promise<ComplainantCaseFacts | null> {
  const row = (
    await db.query<{ type: string | null; format: string | null; outcome: { kind?: string; stage?: string } | null; satisfaction: string | null }>(
      `SELECT c.complainant_type AS type, n.format, c.outcome, c.satisfaction
         FROM cases c LEFT JOIN communication_needs n ON n.reference = c.reference
        WHERE c.reference = $1 AND c.disposed_at IS NULL`,
      [reference],
    )
  ).rows[0];
  if (!row) return null;
  const window = (
    await db.query<{ key: string; due: string; state: string }>(
      `SELECT key, to_char(due, 'YYYY-MM-DD') AS due, state FROM deadlines
        WHERE reference = $1 AND key IN ('stage1.escalate', 'stage2.escalate') ORDER BY key DESC LIMIT 1`,
      [reference],
    )
  ).rows[0];
  const pending = await db.query<{ key: string; due: string; explanation: string }>(
    `SELECT key, to_char(due, 'YYYY-MM-DD') AS due, explanation FROM deadlines WHERE reference = $1 AND state = 'pending' ORDER BY due, key`,
    [reference],
  );
  const events = await db.query<{ action: string; at: string; detail: Record<string, unknown> | null }>(
    `SELECT action, at, detail FROM events
      WHERE reference = $1 AND (detail->>'by' = 'complainant' OR action IN ('extension-requested', 'extension-agreed', 'extension-declined', 'extended'))
      ORDER BY at, id`,
    [reference],
  );
  // The request awaits an answer until the complainant (or staff on their behalf) answers it.
  let extensionAsked: ComplainantCaseFacts['extensionAsked'] = null;
  for (const e of events.rows) {
    if (e.action === 'extension-requested') extensionAsked = { workingDays: Number(e.detail?.workingDays), proposedDue: String(e.detail?.proposedDue) };
    else if (e.action !== 'extended' || e.detail?.deadline === 'stage2.respond') extensionAsked = null;
  }
  return {
    reference,
    easyRead: row.type === 'child' || row.format === 'easy-read',
    window: window ? { key: window.key, due: window.due, open: window.state === 'pending' } : null,
    extensionAsked,
    outcome: row.outcome?.kind ? { kind: row.outcome.kind, stage: row.outcome.stage ?? null } : null,
    satisfaction: row.satisfaction,
    pending: pending.rows.map((d) => ({ key: d.key, label: DEADLINE_LABELS[d.key] ?? d.key, due: d.due, explanation: d.explanation })),
    acts: events.rows.filter((e) => e.detail?.by === 'complainant').map((e) => ({ action: e.action, at: new Date(e.at).toISOString(), detail: e.detail ?? {} })),
  };
}

/** The `n`th letter (from 1) of the case's complainant letters, as sent, or null. */
export async function complainantLetter(db: Db, reference: string, n: number): Promise<{ subject: string; date: string; body: string } | null> {
  const listed = (await complainantLetters(db, [reference])).rows[n - 1];
  if (!listed) return null;
  const row = (
    await db.query<{ body: string | null }>(
      `SELECT body FROM correspondence
        WHERE reference = $1 AND notice_id = $2 AND kind = 'letter' AND recipient_role = 'complainant' AND body IS NOT NULL
        ORDER BY id LIMIT 1`,
      [reference, listed.noticeId],
    )
  ).rows[0];
  return row?.body ? { subject: listed.subject, date: new Date(listed.date).toISOString(), body: row.body } : null;
}
