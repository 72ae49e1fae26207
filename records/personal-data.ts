import type { Db } from './db';
import { ACCESS_COLUMNS, CORRESPONDENCE_COLUMNS, insertOwnEvent, listEvents, listRestrictions, loadCase, PERSON_COLUMNS } from './sql';
import type { AccessRecord, CorrespondenceRecord, PersonRecord, SubjectAccessExport } from './types';

/**
 * Personal data across the case file: its disposal once the retention period
 * is over, and a person's subject access export. Both reach every table that
 * holds personal data, so they live together rather than in each store.
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
   * and bodies, restriction reasons. Keeps the anonymous columns the annual
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
      if (refs.length === 0) return refs;
      const now = this.now();
      await tx.query('DELETE FROM people WHERE reference = ANY($1)', [refs]);
      await tx.query(
        'UPDATE cases SET summary = NULL, desired_outcome = NULL, matter_occurred_on = NULL, disposed_at = $2, updated_at = $2 WHERE reference = ANY($1)',
        [refs, now.toISOString()],
      );
      await tx.query('UPDATE events SET note = NULL, detail = NULL WHERE reference = ANY($1)', [refs]);
      await tx.query('UPDATE correspondence SET recipient_address = NULL, subject = NULL, body = NULL WHERE reference = ANY($1)', [refs]);
      await tx.query('UPDATE contact_restrictions SET reason = NULL WHERE reference = ANY($1)', [refs]);
      // Evidence and reasons given for the case's actions are free text (migration 003).
      await tx.query('UPDATE action_notes SET text = NULL, evidence_reference = NULL WHERE action_id IN (SELECT id FROM actions WHERE reference = ANY($1))', [refs]);
      for (const ref of refs) await insertOwnEvent(tx, ref, 'personal-data-disposed', actor, now, { closedBefore });
      return refs;
    });
  }

  /**
   * Everything held about a person, found by name or email (case-insensitive,
   * exact): per case, the case, their own rows, the events, the letters
   * addressed to them, restrictions on them and who accessed the case. Other
   * people are withheld. Each case exported is logged as an 'export' by `actor`.
   */
  async subjectAccessExport(personNameOrEmail: string, actor: string): Promise<SubjectAccessExport> {
    const query = personNameOrEmail.trim();
    return this.db.transaction(async (tx) => {
      const generatedAt = this.now().toISOString();
      const matched = await tx.query<PersonRecord & { reference: string }>(
        `SELECT reference, ${PERSON_COLUMNS} FROM people WHERE lower(name) = lower($1) OR lower(email) = lower($1) ORDER BY reference, id`,
        [query],
      );
      const byCase = new Map<string, PersonRecord[]>();
      for (const { reference, ...person } of matched.rows) byCase.set(reference, [...(byCase.get(reference) ?? []), person]);

      const cases: SubjectAccessExport['cases'] = [];
      for (const [reference, person] of byCase) {
        const { people, ...record } = (await loadCase(tx, reference))!;
        const ids = person.map((p) => p.id);
        const roles = person.map((p) => p.role);
        const letters = await tx.query<CorrespondenceRecord>(
          `SELECT ${CORRESPONDENCE_COLUMNS} FROM correspondence WHERE reference = $1 AND recipient_role = ANY($2) ORDER BY COALESCE(sent_at, claimed_at), notice_id, channel`,
          [reference, roles],
        );
        const restrictions = (await listRestrictions(tx, { reference })).filter((r) => r.personId !== null && ids.includes(r.personId));
        const access = await tx.query<AccessRecord>(`SELECT ${ACCESS_COLUMNS} FROM access_log WHERE reference = $1 ORDER BY at, id`, [reference]);
        cases.push({
          case: record,
          person,
          otherPeopleWithheld: people.length - person.length,
          events: await listEvents(tx, reference),
          correspondence: letters.rows,
          contactRestrictions: restrictions,
          access: access.rows,
        });
        await tx.query(`INSERT INTO access_log (reference, actor, action, at, view) VALUES ($1, $2, 'export', $3, 'subject-access')`, [reference, actor, generatedAt]);
      }
      return { query, generatedAt, cases };
    });
  }
}
