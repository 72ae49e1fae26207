import type { Db } from './db';
import { RecordsInputError } from './errors';
import { listRestrictions, RESTRICTION_COLUMNS } from './sql';
import type { ContactRestrictionInput, ContactRestrictionRecord, RestrictionLevel } from './types';

/** A measure as the conduct workflow files it (domain/conduct/state.ts `Measure`, without its timers). */
export interface ConductEntry {
  level: 'warned' | 'restricted' | 'refused';
  startsOn: string;
  decidedAt: string;
  decidedBy: string;
  reason: string;
  allowedContact: string[];
  expiresOn?: string;
  reviewOn?: string;
  notifiedAt?: string;
  endedOn?: string;
  endedHow?: 'lifted' | 'expired' | 'escalated';
  discontinuedOn?: string;
}

/** One row of the register: the restriction as filed, and whether it is in force. */
export type RegisterEntry = Omit<ContactRestrictionRecord, 'createdAt'> & {
  /** In force on the date asked about (today by default): started, and neither ended nor expired. */
  inForce: boolean;
};

export interface RegisterQuery {
  personId?: number;
  level?: RestrictionLevel;
  /** Only entries in force on this date. */
  activeOn?: string;
  /** The date `inForce` is judged on (default: `activeOn`, else today in London). */
  on: string;
}

/** The workflow's level names; the register's (001_records.sql) say 'warning'. */
const LEVELS: Record<ConductEntry['level'], RestrictionLevel> = { warned: 'warning', restricted: 'restricted', refused: 'refused' };

const COLUMNS = `id, reference, person_id AS "personId", level, allowed_contact AS "allowedContact", reason, starts_on AS "startsOn",
  expires_on AS "expiresOn", review_on AS "reviewOn", notified_at AS "notifiedAt", decided_by AS "decidedBy",
  ended_on AS "endedOn", ended_how AS "endedHow", discontinued_on AS "discontinuedOn"`;

/**
 * The unreasonable-conduct register (Rutland appendix A para 9): who, when
 * each measure came into force and is due to expire, what the restrictions
 * are, when the person was told; kept by the conduct workflow through its
 * activity, and read by the API and the annual report.
 */
export class ConductRegister {
  constructor(private readonly db: Db) {}

  /**
   * Files the person's measures. Idempotent: each is one row keyed by
   * (reference, person, level, start date), updated only when it differs,
   * so a retried activity writes nothing twice.
   */
  async file(input: { personId: number; reference: string; entries: ConductEntry[] }): Promise<{ written: number }> {
    return this.db.transaction(async (tx) => {
      const person = await tx.query('SELECT 1 FROM people WHERE id = $1 AND reference = $2', [input.personId, input.reference]);
      if (person.rows.length === 0) throw new RecordsInputError(`person ${input.personId} is not part of case ${input.reference}`);
      let written = 0;
      for (const e of input.entries) {
        const r = await tx.query(
          `INSERT INTO contact_restrictions (reference, person_id, level, allowed_contact, reason, starts_on, expires_on, review_on, notified_at,
                                            decided_by, ended_on, ended_how, discontinued_on)
           VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13)
           ON CONFLICT (reference, person_id, level, starts_on) DO UPDATE
             SET allowed_contact = EXCLUDED.allowed_contact, reason = EXCLUDED.reason, expires_on = EXCLUDED.expires_on,
                 review_on = EXCLUDED.review_on, notified_at = EXCLUDED.notified_at, decided_by = EXCLUDED.decided_by,
                 ended_on = EXCLUDED.ended_on, ended_how = EXCLUDED.ended_how, discontinued_on = EXCLUDED.discontinued_on, updated_at = now()
             WHERE (contact_restrictions.allowed_contact, contact_restrictions.reason, contact_restrictions.expires_on, contact_restrictions.review_on,
                    contact_restrictions.notified_at, contact_restrictions.decided_by, contact_restrictions.ended_on, contact_restrictions.ended_how,
                    contact_restrictions.discontinued_on)
                   IS DISTINCT FROM (EXCLUDED.allowed_contact, EXCLUDED.reason, EXCLUDED.expires_on, EXCLUDED.review_on, EXCLUDED.notified_at,
                                     EXCLUDED.decided_by, EXCLUDED.ended_on, EXCLUDED.ended_how, EXCLUDED.discontinued_on)
           RETURNING 1`,
          [
            input.reference,
            input.personId,
            LEVELS[e.level],
            e.allowedContact,
            e.reason,
            e.startsOn,
            e.expiresOn ?? null,
            e.reviewOn ?? null,
            e.notifiedAt ?? null,
            e.decidedBy,
            e.endedOn ?? null,
            e.endedHow ?? null,
            e.discontinuedOn ?? null,
          ],
        );
        written += r.rows.length;
      }
      return { written };
    });
  }

  /** The register, oldest first; filtered by person, level, or entries in force on a date. */
  async list(query: RegisterQuery): Promise<RegisterEntry[]> {
    const r = await this.db.query<Omit<RegisterEntry, 'inForce'>>(
      `SELECT ${COLUMNS} FROM contact_restrictions
        WHERE ($1::bigint IS NULL OR person_id = $1) AND ($2::text IS NULL OR level = $2)
          AND ($3::date IS NULL OR (starts_on <= $3 AND (COALESCE(ended_on, expires_on) IS NULL OR COALESCE(ended_on, expires_on) > $3)))
        ORDER BY starts_on, id`,
      [query.personId ?? null, query.level ?? null, query.activeOn ?? null],
    );
    const on = query.on;
    return r.rows.map((row) => {
      const end = row.endedOn ?? row.expiresOn;
      return { ...row, inForce: row.startsOn <= on && (end === null || end > on) };
    });
  }

  /**
   * One page of the people on the register (each has a conduct workflow,
   * which runs for as long as they may need one), by id after `cursor`, with
   * their case's policy: a calendar change pages through them.
   */
  async peoplePage(input: { cursor: number | null; limit: number }): Promise<{ people: Array<{ personId: number; policyId: string; policyVersion: number }>; nextCursor: number | null }> {
    const r = await this.db.query<{ personId: string | number; policyId: string; policyVersion: number }>(
      `SELECT DISTINCT r.person_id AS "personId", c.policy_id AS "policyId", c.policy_version AS "policyVersion" FROM contact_restrictions r JOIN cases c USING (reference)
        WHERE r.person_id IS NOT NULL AND ($1::bigint IS NULL OR r.person_id > $1) ORDER BY r.person_id LIMIT $2`,
      [input.cursor, input.limit + 1],
    );
    const people = r.rows.slice(0, input.limit).map((p) => ({ personId: Number(p.personId), policyId: p.policyId, policyVersion: p.policyVersion }));
    return { people, nextCursor: r.rows.length > input.limit ? people.at(-1)!.personId : null };
  }

  async countPeople(): Promise<number> {
    const r = await this.db.query<{ n: number }>(`SELECT count(DISTINCT person_id)::int AS n FROM contact_restrictions WHERE person_id IS NOT NULL`);
    return r.rows[0]?.n ?? 0;
  }

  /** The person's row: which case they belong to, and its policy; undefined if there is no such person. */
  async person(personId: number): Promise<{ personId: number; reference: string; policyId: string; policyVersion: number; role: string } | undefined> {
    const r = await this.db.query<{ personId: number; reference: string; policyId: string; policyVersion: number; role: string }>(
      `SELECT p.id AS "personId", p.reference, c.policy_id AS "policyId", c.policy_version AS "policyVersion", p.role FROM people p JOIN cases c USING (reference) WHERE p.id = $1`,
      [personId],
    );
    return r.rows[0];
  }

  /**
   * The open cases of a person, oldest reference first. People rows belong
   * to one case each, so the same person in another case is found as the
   * subject access export finds them, but stricter, since a match closes a
   * case: a complainant or representative with the same email, or the same
   * name and the same phone or address. Their own row's case is always
   * included. Closed and disposed cases are not listed.
   */
  async openCasesOf(personId: number): Promise<string[]> {
    const r = await this.db.query<{ reference: string }>(
      `WITH me AS (SELECT id, lower(name) AS name, lower(email) AS email, phone, lower(address) AS address FROM people WHERE id = $1)
       SELECT DISTINCT c.reference FROM me, people p JOIN cases c ON c.reference = p.reference
        WHERE c.status <> 'closed' AND c.disposed_at IS NULL
          AND (p.id = me.id
               OR (p.role IN ('complainant', 'representative')
                   AND ((me.email IS NOT NULL AND lower(p.email) = me.email)
                        OR (lower(p.name) = me.name AND ((me.phone IS NOT NULL AND p.phone = me.phone) OR (me.address IS NOT NULL AND lower(p.address) = me.address))))))
        ORDER BY c.reference`,
      [personId],
    );
    return r.rows.map((row) => row.reference);
  }

  // The register as staff keep it by hand (POST /v1/complaints/{ref}/contact-restrictions).

  /**
   * Adds an entry to the register of contact restrictions. Idempotent on
   * (reference, person, level, start date). The person must belong to the case.
   */
  async addContactRestriction(input: ContactRestrictionInput): Promise<{ created: boolean; restriction: ContactRestrictionRecord }> {
    return this.db.transaction(async (tx) => {
      const person = await tx.query('SELECT 1 FROM people WHERE id = $1 AND reference = $2', [input.personId, input.reference]);
      if (person.rows.length === 0) throw new RecordsInputError(`person ${input.personId} is not part of case ${input.reference}`);
      const inserted = await tx.query<ContactRestrictionRecord>(
        `INSERT INTO contact_restrictions (reference, person_id, level, allowed_contact, reason, starts_on, expires_on, review_on, notified_at, decided_by)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)
         ON CONFLICT (reference, person_id, level, starts_on) DO NOTHING RETURNING ${RESTRICTION_COLUMNS}`,
        [
          input.reference,
          input.personId,
          input.level,
          input.allowedContact,
          input.reason ?? null,
          input.startsOn,
          input.expiresOn ?? null,
          input.reviewOn ?? null,
          input.notifiedAt ?? null,
          input.decidedBy,
        ],
      );
      if (inserted.rows[0]) return { created: true, restriction: inserted.rows[0] };
      const existing = await tx.query<ContactRestrictionRecord>(
        `SELECT ${RESTRICTION_COLUMNS} FROM contact_restrictions WHERE reference = $1 AND person_id = $2 AND level = $3 AND starts_on = $4`,
        [input.reference, input.personId, input.level, input.startsOn],
      );
      return { created: false, restriction: existing.rows[0]! };
    });
  }

  /** The register, filtered by case, person, or restrictions in force on a date (started, not expired). */
  async listContactRestrictions(query: { reference?: string; personId?: number; activeOn?: string } = {}): Promise<ContactRestrictionRecord[]> {
    return listRestrictions(this.db, query);
  }
}
