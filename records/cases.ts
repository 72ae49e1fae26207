import type { Db } from './db';
import { RecordsInputError } from './errors';
import { json, listEvents, loadCase, SUMMARY_COLUMNS } from './sql';
import { scopeCondition } from './scope';
import { insertNeeds } from './communication-needs';
import type { CaseAccessFacts, CasePage, CaseParty, CaseRecord, CaseSummary, EventRecord, ListCasesQuery, ListingScope, NewCase } from './types';


/**
 * The case file: the case and its people (filed by the API or an import),
 * its listing, its audit trail, and what the workflow's sync filed about it
 * (findings, the Ombudsman referral). The sync itself is records/case-sync.ts.
 */
export class CaseStore {
  constructor(
    private readonly db: Db,
    private readonly now: () => Date,
  ) {}

  /**
   * Stores a new case and its people. Idempotent on the reference: a second
   * call returns the stored case and writes nothing (`created: false`).
   */
  async createCase(input: NewCase): Promise<{ created: boolean; case: CaseRecord }> {
    return this.db.transaction(async (tx) => {
      const filed = await fileCase(tx, input, this.now);
      return { created: filed.created, case: filed.case ?? (await loadCase(tx, input.reference))! };
    });
  }

  /**
   * As createCase, but a case it has just stored is not read back (three
   * statements fewer on the path of every new case): `case` is only there
   * when the reference was filed already.
   */
  async fileCase(input: NewCase): Promise<{ created: true; case?: undefined } | { created: false; case: CaseRecord }> {
    return this.db.transaction((tx) => fileCase(tx, input, this.now));
  }

  /** The case with its people and deadlines, or undefined. */
  async getCase(reference: string): Promise<CaseRecord | undefined> {
    return loadCase(this.db, reference);
  }

  /** Findings with their remedies, per stage and head. */
  async listFindings(reference: string): Promise<
    Array<{ stage: string; head: string; finding: string; category: string; recordedAt: string; remedies: Array<{ type: string; amountPence: number | null }> }>
  > {
    const r = await this.db.query<Awaited<ReturnType<CaseStore['listFindings']>>[number]>(
      `SELECT f.stage, f.head, f.finding, f.category, f.recorded_at AS "recordedAt",
              COALESCE((SELECT jsonb_agg(jsonb_build_object('type', r.type, 'amountPence', r.amount_pence) ORDER BY r.ordinal)
                        FROM remedies r WHERE r.reference = f.reference AND r.stage = f.stage AND r.head = f.head), '[]'::jsonb) AS remedies
       FROM findings f WHERE f.reference = $1 ORDER BY f.stage, f.head`,
      [reference],
    );
    return r.rows;
  }

  /** The Ombudsman referral, if any. */
  async getOmbudsmanReferral(reference: string): Promise<
    | { referredAt: string; ombudsmanReference: string | null; decision: string | null; decidedAt: string | null; remedies: string[]; complianceDate: string | null; compliedAt: string | null }
    | undefined
  > {
    const r = await this.db.query<NonNullable<Awaited<ReturnType<CaseStore['getOmbudsmanReferral']>>>>(
      `SELECT referred_at AS "referredAt", ombudsman_reference AS "ombudsmanReference", decision, decided_at AS "decidedAt",
              remedies, compliance_date AS "complianceDate", complied_at AS "compliedAt"
       FROM ombudsman_referrals WHERE reference = $1`,
      [reference],
    );
    return r.rows[0];
  }

  /**
   * What the access rule needs of a filed case (domain/access.ts): its team
   * and who has a part in it, as the workflow last synced them. Undefined when
   * no such case is filed.
   */
  async caseAccessFacts(reference: string): Promise<CaseAccessFacts | undefined> {
    // One statement: asked before every command and read, and each statement on a council's handle is a transaction of its own.
    const c = await this.db.query<{ team: string | null; parties: CaseParty[] }>(
      `SELECT team, COALESCE((SELECT json_agg(json_build_object('id', person_id, 'part', part) ORDER BY part, person_id)
                               FROM case_parties WHERE case_parties.reference = cases.reference), '[]'::json) AS parties
         FROM cases WHERE reference = $1`,
      [reference],
    );
    const row = c.rows[0];
    if (!row) return undefined;
    return { team: row.team, parties: row.parties };
  }

  /**
   * Cases newest first, filtered, a page at a time, only those the caller
   * reaches (`scope`, from domain/access.ts listingScope). Keyset pagination:
   * the cursor (opaque) is the last case's (receivedAt, reference), so pages
   * stay stable while cases are added; the scope is applied in the same
   * query, so each visible case comes once.
   */
  async listCases(query: ListCasesQuery, scope: ListingScope): Promise<CasePage> {
    const limit = query.limit ?? 50;
    if (!Number.isInteger(limit) || limit < 1 || limit > 200) throw new RecordsInputError('limit must be 1 to 200');
    const where: string[] = [];
    const params: unknown[] = [];
    const add = (sql: string, value: unknown) => {
      params.push(value);
      where.push(sql.replace('?', `$${params.length}`));
    };
    if (query.stage !== undefined) add('stage = ?', query.stage);
    if (query.status !== undefined) add('status = ?', query.status);
    if (query.team !== undefined) add('team = ?', query.team);
    if (query.onHold !== undefined) add('on_hold = ?', query.onHold);
    if (query.overdue !== undefined) add('overdue = ?', query.overdue);
    if (query.dueBefore !== undefined) add('next_due < ?::date', query.dueBefore);
    if (query.officer !== undefined) add(`EXISTS (SELECT 1 FROM case_parties op WHERE op.reference = cases.reference AND op.part = 'assigned-officer' AND op.person_id = ?)`, query.officer);
    const reach = scopeCondition(scope, { reference: 'cases.reference', team: 'cases.team' }, (value) => {
      params.push(value);
      return `$${params.length}`;
    });
    if (reach) where.push(reach);
    if (query.cursor !== undefined) {
      const [receivedAt, reference] = decodeCursor(query.cursor);
      params.push(receivedAt, reference);
      where.push(`(received_at, reference) < ($${params.length - 1}::timestamptz, $${params.length})`);
    }
    params.push(limit + 1);
    const r = await this.db.query<CaseSummary>(
      `SELECT ${SUMMARY_COLUMNS} FROM cases ${where.length ? `WHERE ${where.join(' AND ')}` : ''}
       ORDER BY received_at DESC, reference DESC LIMIT $${params.length}`,
      params,
    );
    const cases = r.rows.slice(0, limit);
    const last = cases[cases.length - 1];
    return { cases, nextCursor: r.rows.length > limit && last ? encodeCursor(last.receivedAt, last.reference) : null };
  }

  /** The audit trail in the order things happened. */
  async listEvents(reference: string): Promise<EventRecord[]> {
    return listEvents(this.db, reference);
  }

}

function encodeCursor(receivedAt: string, reference: string): string {
  return Buffer.from(JSON.stringify([receivedAt, reference])).toString('base64url');
}

function decodeCursor(cursor: string): [string, string] {
  try {
    const value: unknown = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
    if (Array.isArray(value) && value.length === 2 && typeof value[0] === 'string' && typeof value[1] === 'string' && !Number.isNaN(Date.parse(value[0]))) {
      return [value[0], value[1]];
    }
  } catch {
    // fall through: not JSON
  }
  throw new RecordsInputError('cursor is not one this API returned');
}

/**
 * The case's rows in `tx`: the case, its people (in the order given) and its
 * `case-recorded` event in one statement, so a new case costs the records
 * one round trip; nothing when the reference was filed already, whose case
 * it returns.
 */
async function fileCase(tx: Db, input: NewCase, now: () => Date): Promise<{ created: true; case?: undefined } | { created: false; case: CaseRecord }> {
  const complainant = input.people.find((p) => p.role === 'complainant');
  const actor = input.actor ?? 'system';
  const inserted = await tx.query(
    `WITH filed AS (
       INSERT INTO cases (reference, received_at, channel, policy_id, team, summary, desired_outcome, matter_occurred_on,
                          complainant_type, has_child, has_advocate, policy_version, child_care)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13)
       ON CONFLICT (reference) DO NOTHING
       RETURNING reference
     ), people_filed AS (
       INSERT INTO people (reference, role, name, type, email, phone, address, date_of_birth, organisation, relationship)
       SELECT filed.reference, p->>'role', p->>'name', p->>'type', p->>'email', p->>'phone', p->>'address',
              (p->>'dateOfBirth')::date, p->>'organisation', p->>'relationship'
         FROM filed, jsonb_array_elements($14::jsonb) WITH ORDINALITY AS given(p, n)
        ORDER BY given.n
     ), recorded AS (
       INSERT INTO events (reference, seq, action, actor, at, recorded_at, detail)
       SELECT filed.reference, NULL, 'case-recorded', $15, $16, $16, $17::jsonb FROM filed
     )
     SELECT reference FROM filed`,
    [
      input.reference,
      input.receivedAt,
      input.channel,
      input.policyId,
      input.team ?? null,
      input.summary,
      input.desiredOutcome ?? null,
      input.matterOccurredOn ?? null,
      complainant?.type ?? null,
      input.people.some((p) => p.role === 'child'),
      input.people.some((p) => p.role === 'advocate'),
      input.policyVersion ?? 1,
      input.childCare ?? null,
      json(input.people),
      actor,
      now().toISOString(),
      json({ people: input.people.map((p) => p.role).join(',') }),
    ],
  );
  if (inserted.rows.length === 0) return { created: false, case: (await loadCase(tx, input.reference))! };
  if (input.communicationNeeds) await insertNeeds(tx, input.reference, input.communicationNeeds, actor, now());
  return { created: true };
}
