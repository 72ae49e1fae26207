import type { Db } from './db';
import type { CaseRecord, ContactRestrictionRecord, DeadlineRecord, EventRecord, PersonRecord } from './types';

/** The columns and small queries the records stores share (records/cases.ts, correspondence.ts, access.ts, personal-data.ts …). */

export const SUMMARY_COLUMNS = `
  reference, received_at AS "receivedAt", received_on AS "receivedOn", channel, policy_id AS "policyId", policy_version AS "policyVersion", team,
  complainant_type AS "complainantType", has_child AS "hasChild", has_advocate AS "hasAdvocate", procedure, stage, status, outcome, on_hold AS "onHold",
  calendar_version AS "calendarVersion", next_deadline_key AS "nextDeadlineKey", next_due AS "nextDue", overdue,
  overdue_key AS "overdueKey", overdue_since AS "overdueSince", closed_at AS "closedAt", disposed_at AS "disposedAt"`;
export const CASE_COLUMNS = `${SUMMARY_COLUMNS}, summary, desired_outcome AS "desiredOutcome",
  matter_occurred_on AS "matterOccurredOn", created_at AS "createdAt", updated_at AS "updatedAt"`;
export const PERSON_COLUMNS = `id, role, name, type, email, phone, address, date_of_birth AS "dateOfBirth", organisation, relationship`;
export const DEADLINE_COLUMNS = `key, kind, due, state, met_at AS "metAt", missed_at AS "missedAt", explanation`;
export const EVENT_COLUMNS = `id, seq, action, actor, at, recorded_at AS "recordedAt", note, detail, before, after`;
export const CORRESPONDENCE_COLUMNS = `id, reference, notice_id AS "noticeId", channel, kind, template, recipient_role AS "recipientRole",
  recipient_address AS "recipientAddress", subject, body, body_html AS "bodyHtml", status, claimed_at AS "claimedAt", sent_at AS "sentAt",
  provider_id AS "providerId", error, communication_needs AS "communicationNeeds"`;
export const ACCESS_COLUMNS = `id, reference, actor, action, at, view`;
export const RESPONSE_COLUMNS = `key, actor, method, path, status, body, reference, created_at AS "createdAt"`;
export const RESTRICTION_COLUMNS = `id, reference, person_id AS "personId", level, allowed_contact AS "allowedContact", reason,
  starts_on AS "startsOn", expires_on AS "expiresOn", review_on AS "reviewOn", notified_at AS "notifiedAt",
  decided_by AS "decidedBy", created_at AS "createdAt", ended_on AS "endedOn", ended_how AS "endedHow", discontinued_on AS "discontinuedOn"`;


export const ORDER_EVENTS = 'ORDER BY at, seq NULLS LAST, id';

/** Parameters for jsonb columns: pg would send a JS array as a Postgres array, so always send JSON text. */
export function json(value: unknown): string | null {
  return value === null || value === undefined ? null : JSON.stringify(value);
}

/** JSON with sorted keys: jsonb does not keep the order keys were written in. */
export function stableJson(value: unknown): string {
  return JSON.stringify(value, (_key, v: unknown) =>
    v && typeof v === 'object' && !Array.isArray(v) ? Object.fromEntries(Object.entries(v).sort(([a], [b]) => (a < b ? -1 : 1))) : v,
  );
}

export async function loadCase(db: Db, reference: string): Promise<CaseRecord | undefined> {
  const r = await db.query<Omit<CaseRecord, 'people' | 'deadlines'>>(`SELECT ${CASE_COLUMNS} FROM cases WHERE reference = $1`, [reference]);
  const row = r.rows[0];
  if (!row) return undefined;
  const people = await db.query<PersonRecord>(`SELECT ${PERSON_COLUMNS} FROM people WHERE reference = $1 ORDER BY id`, [reference]);
  const deadlines = await db.query<DeadlineRecord>(`SELECT ${DEADLINE_COLUMNS} FROM deadlines WHERE reference = $1 ORDER BY due, key`, [reference]);
  return { ...row, people: people.rows, deadlines: deadlines.rows };
}

export async function listEvents(db: Db, reference: string): Promise<EventRecord[]> {
  const r = await db.query<EventRecord>(`SELECT ${EVENT_COLUMNS} FROM events WHERE reference = $1 ${ORDER_EVENTS}`, [reference]);
  return r.rows;
}

export async function listRestrictions(db: Db, query: { reference?: string; personId?: number; activeOn?: string }): Promise<ContactRestrictionRecord[]> {
  const r = await db.query<ContactRestrictionRecord>(
    `SELECT ${RESTRICTION_COLUMNS} FROM contact_restrictions
     WHERE ($1::text IS NULL OR reference = $1) AND ($2::bigint IS NULL OR person_id = $2)
       AND ($3::date IS NULL OR (starts_on <= $3 AND (COALESCE(ended_on, expires_on) IS NULL OR COALESCE(ended_on, expires_on) > $3)))
     ORDER BY starts_on, id`,
    [query.reference ?? null, query.personId ?? null, query.activeOn ?? null],
  );
  return r.rows;
}

/** An event the records store makes itself: no seq, so it never collides with the workflow's. */
export async function insertOwnEvent(db: Db, reference: string, action: string, actor: string, at: Date, detail: Record<string, unknown>): Promise<void> {
  await db.query('INSERT INTO events (reference, seq, action, actor, at, recorded_at, detail) VALUES ($1, NULL, $2, $3, $4, $4, $5)', [
    reference,
    action,
    actor,
    at.toISOString(),
    json(detail),
  ]);
}
