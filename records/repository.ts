import { headline } from '../domain/complaint/clocks';
import type { Db } from './db';
import { CaseNotFound, RecordsInputError } from './errors';
import { annualReport, type AnnualReport, type ReportRange } from './report';
import type {
  AccessRecord,
  CasePage,
  CaseRecord,
  CaseSnapshot,
  CaseSummary,
  ChronologyEntry,
  ContactRestrictionInput,
  ContactRestrictionRecord,
  CorrespondenceInput,
  CorrespondenceRecord,
  CorrespondenceStatus,
  DeadlineRecord,
  EventRecord,
  ListCasesQuery,
  NewCase,
  PersonRecord,
  StoredResponse,
  SubjectAccessExport,
} from './types';

const SUMMARY_COLUMNS = `
  reference, received_at AS "receivedAt", received_on AS "receivedOn", channel, policy_id AS "policyId", team,
  complainant_type AS "complainantType", has_child AS "hasChild", has_advocate AS "hasAdvocate", procedure, stage, status, outcome, on_hold AS "onHold",
  calendar_version AS "calendarVersion", next_deadline_key AS "nextDeadlineKey", next_due AS "nextDue", overdue,
  overdue_key AS "overdueKey", overdue_since AS "overdueSince", closed_at AS "closedAt", disposed_at AS "disposedAt"`;
const CASE_COLUMNS = `${SUMMARY_COLUMNS}, summary, desired_outcome AS "desiredOutcome",
  matter_occurred_on AS "matterOccurredOn", created_at AS "createdAt", updated_at AS "updatedAt"`;
const PERSON_COLUMNS = `id, role, name, type, email, phone, address, date_of_birth AS "dateOfBirth", organisation, relationship`;
const DEADLINE_COLUMNS = `key, kind, due, state, met_at AS "metAt", missed_at AS "missedAt", explanation`;
const EVENT_COLUMNS = `id, seq, action, actor, at, recorded_at AS "recordedAt", note, detail, before, after`;
const CORRESPONDENCE_COLUMNS = `id, reference, notice_id AS "noticeId", channel, kind, template, recipient_role AS "recipientRole",
  recipient_address AS "recipientAddress", subject, body, body_html AS "bodyHtml", status, claimed_at AS "claimedAt", sent_at AS "sentAt",
  provider_id AS "providerId", error`;
const ACCESS_COLUMNS = `id, reference, actor, action, at`;
const RESPONSE_COLUMNS = `key, actor, method, path, status, body, created_at AS "createdAt"`;
const RESTRICTION_COLUMNS = `id, reference, person_id AS "personId", level, allowed_contact AS "allowedContact", reason,
  starts_on AS "startsOn", expires_on AS "expiresOn", review_on AS "reviewOn", notified_at AS "notifiedAt",
  decided_by AS "decidedBy", created_at AS "createdAt", ended_on AS "endedOn", ended_how AS "endedHow", discontinued_on AS "discontinuedOn"`;

/** The case columns `syncCase` derives from the workflow; a change to them is the before/after of an event. */
const DERIVED = ['procedure', 'stage', 'status', 'outcome', 'onHold', 'team', 'closedAt'] as const;
type Derived = Record<(typeof DERIVED)[number], unknown>;

const ORDER_EVENTS = 'ORDER BY at, seq NULLS LAST, id';

export interface RecordsOptions {
  /** The clock for instants the store makes itself (tests pin it). */
  now?: () => Date;
}

/**
 * The system of record: the council's complaint file in PostgreSQL (or
 * PGlite). Every write an activity makes is idempotent by a natural key, so
 * an activity retried after a crash writes each row once.
 */
export class Records {
  private readonly now: () => Date;

  constructor(
    readonly db: Db,
    options: RecordsOptions = {},
  ) {
    this.now = options.now ?? (() => new Date());
  }

  // ------------------------------------------------------------------ cases

  /**
   * Stores a new case and its people. Idempotent on the reference: a second
   * call returns the stored case and writes nothing (`created: false`).
   */
  async createCase(input: NewCase): Promise<{ created: boolean; case: CaseRecord }> {
    return this.db.transaction(async (tx) => {
      const complainant = input.people.find((p) => p.role === 'complainant');
      const inserted = await tx.query(
        `INSERT INTO cases (reference, received_at, channel, policy_id, team, summary, desired_outcome, matter_occurred_on,
                            complainant_type, has_child, has_advocate)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)
         ON CONFLICT (reference) DO NOTHING
         RETURNING reference`,
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
        ],
      );
      if (inserted.rows.length > 0) {
        for (const p of input.people) {
          await tx.query(
            `INSERT INTO people (reference, role, name, type, email, phone, address, date_of_birth, organisation, relationship)
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)`,
            [
              input.reference,
              p.role,
              p.name,
              p.type ?? null,
              p.email ?? null,
              p.phone ?? null,
              p.address ?? null,
              p.dateOfBirth ?? null,
              p.organisation ?? null,
              p.relationship ?? null,
            ],
          );
        }
        await insertOwnEvent(tx, input.reference, 'case-recorded', input.actor ?? 'system', this.now(), {
          people: input.people.map((p) => p.role).join(','),
        });
      }
      return { created: inserted.rows.length > 0, case: (await loadCase(tx, input.reference))! };
    });
  }

  /** The statutory annual report for a period of London dates (both ends included). `RecordsInputError` on a bad range. */
  async report(range: ReportRange): Promise<AnnualReport> {
    return annualReport(this.db, range);
  }

  /** Answers when the database does (readiness). */
  async ping(): Promise<void> {
    await this.db.query('SELECT 1');
  }

  /** The case with its people and deadlines, or undefined. */
  async getCase(reference: string): Promise<CaseRecord | undefined> {
    return loadCase(this.db, reference);
  }

  /**
   * Stores the workflow's side of the case: derived columns, deadlines,
   * events (each once, by seq), findings, remedies, actions and the
   * Ombudsman referral. A retried call with the same snapshot writes
   * nothing. The case must exist (`createCase` first): else `CaseNotFound`.
   */
  async syncCase(snapshot: CaseSnapshot): Promise<{ eventsInserted: number }> {
    const ref = snapshot.reference;
    return this.db.transaction(async (tx) => {
      // A case started without the API (an import, a test) is filed from the workflow's facts; no personal data.
      await tx.query(
        `INSERT INTO cases (reference, received_at, channel, policy_id) VALUES ($1, $2, 'unrecorded', $3) ON CONFLICT (reference) DO NOTHING`,
        [ref, snapshot.receivedAt, snapshot.policyId],
      );
      const current = await tx.query<Derived>(
        `SELECT procedure, stage, status, outcome, on_hold AS "onHold", team, closed_at AS "closedAt"
         FROM cases WHERE reference = $1 FOR UPDATE`,
        [ref],
      );
      const before = current.rows[0];
      if (!before) throw new CaseNotFound(ref);

      const after: Derived = {
        procedure: snapshot.procedure,
        stage: snapshot.stage,
        status: snapshot.status,
        outcome: snapshot.outcome,
        onHold: snapshot.onHold,
        team: snapshot.team,
        closedAt: snapshot.closedAt === null ? null : new Date(snapshot.closedAt).toISOString(),
      };
      const changed = DERIVED.filter((k) => stableJson(before[k]) !== stableJson(after[k]));

      // The same headline as the case view and the search attributes: what is next, what is overdue.
      const { next, overdue } = headline(snapshot.deadlines);
      // Only a real change touches the row, so a retried sync writes nothing.
      await tx.query(
        `UPDATE cases SET procedure = $2, stage = $3, status = $4, outcome = $5, on_hold = $6, team = $7, closed_at = $8,
                          received_on = $9, policy_id = $10, calendar_version = $11, next_deadline_key = $12, next_due = $13,
                          overdue = $14, overdue_key = $15, overdue_since = $16, updated_at = now()
         WHERE reference = $1
           AND (procedure, stage, status, outcome, on_hold, team, closed_at, received_on, policy_id, calendar_version,
                next_deadline_key, next_due, overdue, overdue_key, overdue_since)
               IS DISTINCT FROM ($2, $3, $4, $5::jsonb, $6, $7, $8::timestamptz, $9::date, $10, $11, $12, $13::date, $14, $15,
                                 $16::timestamptz)`,
        [
          ref,
          after.procedure,
          after.stage,
          after.status,
          json(after.outcome),
          after.onHold,
          after.team,
          after.closedAt,
          snapshot.receivedOn,
          snapshot.policyId,
          snapshot.calendarVersion,
          next?.key ?? null,
          next?.due ?? null,
          overdue !== null,
          overdue?.key ?? null,
          overdue?.since ?? null,
        ],
      );

      for (const d of snapshot.deadlines) {
        await tx.query(
          `INSERT INTO deadlines (reference, key, kind, due, state, met_at, missed_at, explanation)
           VALUES ($1, $2, $3, $4, $5, $6, $7, $8)
           ON CONFLICT (reference, key) DO UPDATE
             SET kind = EXCLUDED.kind, due = EXCLUDED.due, state = EXCLUDED.state, met_at = EXCLUDED.met_at,
                 missed_at = EXCLUDED.missed_at, explanation = EXCLUDED.explanation
             WHERE (deadlines.kind, deadlines.due, deadlines.state, deadlines.met_at, deadlines.missed_at, deadlines.explanation)
                   IS DISTINCT FROM (EXCLUDED.kind, EXCLUDED.due, EXCLUDED.state, EXCLUDED.met_at, EXCLUDED.missed_at, EXCLUDED.explanation)`,
          [ref, d.key, d.kind, d.due, d.state, d.metAt ?? null, d.missedAt ?? null, d.explanation],
        );
      }

      const insertedSeqs: number[] = [];
      for (const e of snapshot.events) {
        const r = await tx.query<{ seq: number }>(
          `INSERT INTO events (reference, seq, action, actor, at, recorded_at, note, detail)
           VALUES ($1, $2, $3, $4, $5, $6, $7, $8)
           ON CONFLICT (reference, seq) DO NOTHING
           RETURNING seq`,
          [ref, e.seq, e.action, e.actor, e.at, e.recordedAt, e.note ?? null, json(e.detail ?? null)],
        );
        if (r.rows[0]) insertedSeqs.push(r.rows[0].seq);
      }
      // The change is the work of the latest new event: one command, one event, as the workflow syncs after each.
      if (changed.length > 0 && insertedSeqs.length > 0) {
        const pick = (from: Derived) => Object.fromEntries(changed.map((k) => [k, from[k]]));
        await tx.query('UPDATE events SET before = $3, after = $4 WHERE reference = $1 AND seq = $2', [
          ref,
          Math.max(...insertedSeqs),
          json(pick(before)),
          json(pick(after)),
        ]);
      }

      for (const f of snapshot.findings) {
        for (const h of f.heads) {
          await tx.query(
            `INSERT INTO findings (reference, stage, head, finding, category, recorded_at) VALUES ($1, $2, $3, $4, $5, $6)
             ON CONFLICT (reference, stage, head) DO UPDATE
               SET finding = EXCLUDED.finding, category = EXCLUDED.category, recorded_at = EXCLUDED.recorded_at
               WHERE (findings.finding, findings.category, findings.recorded_at)
                     IS DISTINCT FROM (EXCLUDED.finding, EXCLUDED.category, EXCLUDED.recorded_at)`,
            [ref, f.stage, h.head, h.finding, h.category, f.recordedAt],
          );
          for (const [ordinal, remedy] of h.remedies.entries()) {
            await tx.query(
              `INSERT INTO remedies (reference, stage, head, ordinal, type, amount_pence) VALUES ($1, $2, $3, $4, $5, $6)
               ON CONFLICT (reference, stage, head, ordinal) DO UPDATE SET type = EXCLUDED.type, amount_pence = EXCLUDED.amount_pence
                 WHERE (remedies.type, remedies.amount_pence) IS DISTINCT FROM (EXCLUDED.type, EXCLUDED.amount_pence)`,
              [ref, f.stage, h.head, ordinal, remedy.type, remedy.amountPence ?? null],
            );
          }
          // Findings recorded again for a stage replace the earlier ones: drop remedies no longer given.
          await tx.query('DELETE FROM remedies WHERE reference = $1 AND stage = $2 AND head = $3 AND ordinal >= $4', [
            ref,
            f.stage,
            h.head,
            h.remedies.length,
          ]);
        }
        for (const a of f.actions) {
          // Status is not the workflow's to set: completeAction follows it up.
          // An action its own workflow follows (workflow_id, migration 003) keeps its reassigned owner and extended due date.
          await tx.query(
            `INSERT INTO actions (reference, stage, recommendation_id, owner, due) VALUES ($1, $2, $3, $4, $5)
             ON CONFLICT (reference, stage, recommendation_id) DO UPDATE SET owner = EXCLUDED.owner, due = EXCLUDED.due
               WHERE actions.workflow_id IS NULL AND (actions.owner, actions.due) IS DISTINCT FROM (EXCLUDED.owner, EXCLUDED.due)`,
            [ref, f.stage, a.id, a.owner, a.due],
          );
        }
      }

      const o = snapshot.ombudsman;
      if (o) {
        await tx.query(
          `INSERT INTO ombudsman_referrals (reference, referred_at, ombudsman_reference, decision, decided_at, remedies, compliance_date, complied_at)
           VALUES ($1, $2, $3, $4, $5, $6, $7, $8)
           ON CONFLICT (reference) DO UPDATE
             SET referred_at = EXCLUDED.referred_at, ombudsman_reference = EXCLUDED.ombudsman_reference, decision = EXCLUDED.decision,
                 decided_at = EXCLUDED.decided_at, remedies = EXCLUDED.remedies, compliance_date = EXCLUDED.compliance_date,
                 complied_at = EXCLUDED.complied_at
             WHERE (ombudsman_referrals.referred_at, ombudsman_referrals.ombudsman_reference, ombudsman_referrals.decision,
                    ombudsman_referrals.decided_at, ombudsman_referrals.remedies, ombudsman_referrals.compliance_date,
                    ombudsman_referrals.complied_at)
                   IS DISTINCT FROM (EXCLUDED.referred_at, EXCLUDED.ombudsman_reference, EXCLUDED.decision, EXCLUDED.decided_at,
                                     EXCLUDED.remedies, EXCLUDED.compliance_date, EXCLUDED.complied_at)`,
          [
            ref,
            o.referredAt,
            o.reference ?? null,
            o.decision ?? null,
            o.decidedAt ?? null,
            o.remedies ?? [],
            o.complianceDate ?? null,
            o.compliedAt ?? null,
          ],
        );
      }
      return { eventsInserted: insertedSeqs.length };
    });
  }

  /** The case's actions (recommendations), in due order. */
  async listActions(reference: string): Promise<
    Array<{ stage: string; recommendationId: string; owner: string; due: string; status: 'open' | 'done'; completedAt: string | null; completedBy: string | null }>
  > {
    const r = await this.db.query<Awaited<ReturnType<Records['listActions']>>[number]>(
      `SELECT stage, recommendation_id AS "recommendationId", owner, due, status, completed_at AS "completedAt", completed_by AS "completedBy"
       FROM actions WHERE reference = $1 ORDER BY due, stage, recommendation_id`,
      [reference],
    );
    return r.rows;
  }

  /** Marks an action done; idempotent (the first completion stands). Returns false if there is no such action. */
  async completeAction(input: { reference: string; stage: string; recommendationId: string; at: string; actor: string }): Promise<boolean> {
    const r = await this.db.query(
      `UPDATE actions SET status = 'done', completed_at = COALESCE(completed_at, $4), completed_by = COALESCE(completed_by, $5)
       WHERE reference = $1 AND stage = $2 AND recommendation_id = $3 RETURNING 1`,
      [input.reference, input.stage, input.recommendationId, input.at, input.actor],
    );
    return r.rows.length > 0;
  }

  /** Findings with their remedies, per stage and head. */
  async listFindings(reference: string): Promise<
    Array<{ stage: string; head: string; finding: string; category: string; recordedAt: string; remedies: Array<{ type: string; amountPence: number | null }> }>
  > {
    const r = await this.db.query<Awaited<ReturnType<Records['listFindings']>>[number]>(
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
    const r = await this.db.query<NonNullable<Awaited<ReturnType<Records['getOmbudsmanReferral']>>>>(
      `SELECT referred_at AS "referredAt", ombudsman_reference AS "ombudsmanReference", decision, decided_at AS "decidedAt",
              remedies, compliance_date AS "complianceDate", complied_at AS "compliedAt"
       FROM ombudsman_referrals WHERE reference = $1`,
      [reference],
    );
    return r.rows[0];
  }

  /**
   * Cases newest first, filtered, a page at a time. Keyset pagination: the
   * cursor (opaque) is the last case's (receivedAt, reference), so pages stay
   * stable while cases are added.
   */
  async listCases(query: ListCasesQuery = {}): Promise<CasePage> {
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

  // ----------------------------------------------------------------- events

  /** The audit trail in the order things happened. */
  async listEvents(reference: string): Promise<EventRecord[]> {
    return listEvents(this.db, reference);
  }

  /** Events and correspondence interleaved in time order (a letter at when it was sent, or claimed if not yet). */
  async caseChronology(reference: string): Promise<ChronologyEntry[]> {
    const [events, letters] = await Promise.all([this.listEvents(reference), this.listCorrespondence(reference)]);
    const entries: ChronologyEntry[] = [
      ...events.map((event) => ({ at: event.at, type: 'event' as const, event })),
      ...letters.map((correspondence) => ({ at: correspondence.sentAt ?? correspondence.claimedAt, type: 'correspondence' as const, correspondence })),
    ];
    // Stable sort: events before the letters they caused when the instants tie.
    return entries.sort((a, b) => Date.parse(a.at) - Date.parse(b.at));
  }

  // --------------------------------------------------------- correspondence

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
    input: Omit<CorrespondenceInput, 'status' | 'sentAt' | 'providerId'> & { html?: string; at: string; leaseMs: number },
  ): Promise<{ claimed: boolean; row: CorrespondenceRecord }> {
    return this.db.transaction(async (tx) => {
      const inserted = await tx.query<CorrespondenceRecord>(
        `INSERT INTO correspondence (reference, notice_id, channel, kind, template, recipient_role, recipient_address, subject, body, body_html, status, claimed_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $11, 'sending', $10)
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

  // ------------------------------------------------------------------ access

  /** Records that `actor` read or exported a case (or, without a reference, a listing). */
  async recordAccess(input: { reference?: string; actor: string; action: 'read' | 'export'; at?: string }): Promise<void> {
    await this.db.query('INSERT INTO access_log (reference, actor, action, at) VALUES ($1, $2, $3, $4)', [
      input.reference ?? null,
      input.actor,
      input.action,
      input.at ?? this.now().toISOString(),
    ]);
  }

  /** Who accessed what: filtered by case, actor, and `from` (inclusive) `to` (exclusive) instants; oldest first. */
  async listAccess(query: { reference?: string; actor?: string; from?: string; to?: string } = {}): Promise<AccessRecord[]> {
    const r = await this.db.query<AccessRecord>(
      `SELECT ${ACCESS_COLUMNS} FROM access_log
       WHERE ($1::text IS NULL OR reference = $1) AND ($2::text IS NULL OR actor = $2)
         AND ($3::timestamptz IS NULL OR at >= $3) AND ($4::timestamptz IS NULL OR at < $4)
       ORDER BY at, id`,
      [query.reference ?? null, query.actor ?? null, query.from ?? null, query.to ?? null],
    );
    return r.rows;
  }

  // ------------------------------------------------------- idempotency keys

  /**
   * Stores the API's response to a request with an Idempotency-Key. The
   * first response stored for (key, actor) stands: the result is the stored
   * one, which the caller returns if it differs from its own.
   */
  async rememberResponse(input: { key: string; actor: string; method: string; path: string; status: number; body: unknown }): Promise<StoredResponse> {
    const inserted = await this.db.query<StoredResponse>(
      `INSERT INTO idempotency_keys (key, actor, method, path, status, body) VALUES ($1, $2, $3, $4, $5, $6)
       ON CONFLICT (key, actor) DO NOTHING RETURNING ${RESPONSE_COLUMNS}`,
      [input.key, input.actor, input.method, input.path, input.status, json(input.body ?? null)],
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

  // ---------------------------------------------------- contact restrictions

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

  // ---------------------------------------------------------------- retention

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
        await tx.query(`INSERT INTO access_log (reference, actor, action, at) VALUES ($1, $2, 'export', $3)`, [reference, actor, generatedAt]);
      }
      return { query, generatedAt, cases };
    });
  }
}

// ------------------------------------------------------------------ helpers

/** Parameters for jsonb columns: pg would send a JS array as a Postgres array, so always send JSON text. */
function json(value: unknown): string | null {
  return value === null || value === undefined ? null : JSON.stringify(value);
}

/** JSON with sorted keys: jsonb does not keep the order keys were written in. */
function stableJson(value: unknown): string {
  return JSON.stringify(value, (_key, v: unknown) =>
    v && typeof v === 'object' && !Array.isArray(v) ? Object.fromEntries(Object.entries(v).sort(([a], [b]) => (a < b ? -1 : 1))) : v,
  );
}

async function loadCase(db: Db, reference: string): Promise<CaseRecord | undefined> {
  const r = await db.query<Omit<CaseRecord, 'people' | 'deadlines'>>(`SELECT ${CASE_COLUMNS} FROM cases WHERE reference = $1`, [reference]);
  const row = r.rows[0];
  if (!row) return undefined;
  const people = await db.query<PersonRecord>(`SELECT ${PERSON_COLUMNS} FROM people WHERE reference = $1 ORDER BY id`, [reference]);
  const deadlines = await db.query<DeadlineRecord>(`SELECT ${DEADLINE_COLUMNS} FROM deadlines WHERE reference = $1 ORDER BY due, key`, [reference]);
  return { ...row, people: people.rows, deadlines: deadlines.rows };
}

async function listEvents(db: Db, reference: string): Promise<EventRecord[]> {
  const r = await db.query<EventRecord>(`SELECT ${EVENT_COLUMNS} FROM events WHERE reference = $1 ${ORDER_EVENTS}`, [reference]);
  return r.rows;
}

async function listRestrictions(db: Db, query: { reference?: string; personId?: number; activeOn?: string }): Promise<ContactRestrictionRecord[]> {
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
async function insertOwnEvent(db: Db, reference: string, action: string, actor: string, at: Date, detail: Record<string, unknown>): Promise<void> {
  await db.query('INSERT INTO events (reference, seq, action, actor, at, recorded_at, detail) VALUES ($1, NULL, $2, $3, $4, $4, $5)', [
    reference,
    action,
    actor,
    at.toISOString(),
    json(detail),
  ]);
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
