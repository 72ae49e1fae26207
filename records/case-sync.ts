import { headline } from '../domain/complaint/clocks';
import type { Db } from './db';
import { CaseNotFound } from './errors';
import { json, stableJson } from './sql';
import { syncClosure } from './closure-sync';
import type { CaseParty, CaseSnapshot } from './types';

/** The case columns `syncCase` derives from the workflow; a change to them is the before/after of an event. */
const DERIVED = ['procedure', 'stage', 'status', 'outcome', 'onHold', 'team', 'closedAt'] as const;
type Derived = Record<(typeof DERIVED)[number], unknown>;

/**
 * Stores the workflow's side of the case: derived columns, deadlines,
 * events (each once, by seq), findings, remedies, actions and the
 * Ombudsman referral. A retried call with the same snapshot writes
 * nothing. The case must exist (`createCase` first): else `CaseNotFound`.
 */
export async function syncCase(db: Db, snapshot: CaseSnapshot): Promise<{ eventsInserted: number }> {
  const ref = snapshot.reference;
  return db.transaction(async (tx) => {
    // A case started without the API (an import, a test) is filed from the workflow's facts; no personal data.
    await tx.query(
      `INSERT INTO cases (reference, received_at, channel, policy_id, policy_version) VALUES ($1, $2, 'unrecorded', $3, $4) ON CONFLICT (reference) DO NOTHING`,
      // Snapshots synced by workers from before versions carry none: version 1.
      [ref, snapshot.receivedAt, snapshot.policyId, snapshot.policyVersion ?? 1],
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
    if (snapshot.parties) await syncParties(tx, ref, snapshot.parties);
    await syncClosure(tx, ref, snapshot);
    return { eventsInserted: insertedSeqs.length };
  });
}

/**
 * Makes the case's parties the snapshot's set: deletes those gone (a replaced
 * investigator, an officer taken off), inserts those new, and writes nothing
 * when the set is unchanged (a retried sync). A snapshot from a worker older
 * than parties (none given) leaves them as they are.
 */
async function syncParties(tx: Db, ref: string, parties: readonly CaseParty[]): Promise<void> {
  const key = (p: { id: string; part: string }) => JSON.stringify([p.id, p.part]);
  const stored = await tx.query<{ id: string; part: string }>('SELECT person_id AS id, part FROM case_parties WHERE reference = $1', [ref]);
  const wanted = new Set(parties.map(key));
  const have = new Set(stored.rows.map(key));
  for (const p of stored.rows.filter((p) => !wanted.has(key(p)))) {
    await tx.query('DELETE FROM case_parties WHERE reference = $1 AND person_id = $2 AND part = $3', [ref, p.id, p.part]);
  }
  for (const p of parties.filter((p) => !have.has(key(p)))) {
    await tx.query('INSERT INTO case_parties (reference, person_id, part) VALUES ($1, $2, $3) ON CONFLICT DO NOTHING', [ref, p.id, p.part]);
  }
}
