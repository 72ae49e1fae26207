import type { Db } from './db';
import { isIsoDate } from '../domain/dates';
import { RecordsInputError } from './errors';
import { scopeCondition } from './scope';
import type { ListingScope } from '../domain/access';
import type { ActionSnapshot } from '../domain/actions/snapshot';

/**
 * Recommendation action plans in the system of record: the `actions` rows
 * (one per recommendation, migrations 001 and 003), what happened to each
 * (`action_events`, written by the action's workflow) and the free text that
 * went with a step (`action_notes`, written by the API). Every write is
 * idempotent by a natural key.
 */

export type { ActionSnapshot } from '../domain/actions/snapshot';

export interface ActionRecord {
  id: string;
  reference: string;
  source: string;
  recommendationId: string;
  owner: string;
  due: string;
  explanation: string | null;
  status: 'open' | 'done';
  /** Open after the end of its due date (London). */
  overdue: boolean;
  completedAt: string | null;
  completedBy: string | null;
  escalations: Array<{ to: string; due: string; at: string }>;
  /** False for a recommendation whose case predates action plans: no workflow follows it. */
  tracked: boolean;
}

export interface ActionNote {
  noteId: string;
  kind: 'complete' | 'reassign' | 'extend';
  actor: string;
  text: string | null;
  evidenceReference: string | null;
  createdAt: string;
}

export interface ActionDetail extends ActionRecord {
  evidence: { reference: string | null; summary: string | null; recordedBy: string; recordedAt: string } | null;
  events: Array<{ seq: number; action: string; actor: string; at: string; recordedAt: string; detail: Record<string, unknown> | null; note: string | null }>;
}

export interface ListActionsQuery {
  owner?: string;
  /** true: open and past the end of the due date; false: the rest. */
  overdue?: boolean;
  status?: 'open' | 'done';
  reference?: string;
  cursor?: string;
  limit?: number;
  /** Today's London date: what "overdue" is measured against. */
  today: string;
}

const COLUMNS = `id, reference, stage AS source, recommendation_id AS "recommendationId", owner, due, explanation, status,
  completed_at AS "completedAt", completed_by AS "completedBy", escalations, workflow_id IS NOT NULL AS tracked`;

type Row = Omit<ActionRecord, 'overdue'>;

function withOverdue(row: Row, today: string): ActionRecord {
  return { ...row, overdue: row.status === 'open' && row.due < today };
}

export class ActionRecords {
  constructor(private readonly db: Db) {}

  /**
   * Stores the workflow's side of an action: the row (taking over one the
   * case sync made) and its new events. A retried call writes nothing twice.
   */
  async record(snapshot: ActionSnapshot): Promise<{ eventsInserted: number }> {
    return this.db.transaction(async (tx) => {
      await tx.query(
        `INSERT INTO actions (reference, stage, recommendation_id, owner, due, status, completed_at, completed_by, workflow_id, explanation, escalations, evidence_note)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12)
         ON CONFLICT (reference, stage, recommendation_id) DO UPDATE
           SET owner = EXCLUDED.owner, due = EXCLUDED.due, status = EXCLUDED.status, completed_at = EXCLUDED.completed_at,
               completed_by = EXCLUDED.completed_by, workflow_id = EXCLUDED.workflow_id, explanation = EXCLUDED.explanation,
               escalations = EXCLUDED.escalations, evidence_note = EXCLUDED.evidence_note, updated_at = now()
           WHERE (actions.owner, actions.due, actions.status, actions.completed_at, actions.completed_by, actions.workflow_id,
                  actions.explanation, actions.escalations, actions.evidence_note)
                 IS DISTINCT FROM (EXCLUDED.owner, EXCLUDED.due, EXCLUDED.status, EXCLUDED.completed_at, EXCLUDED.completed_by,
                  EXCLUDED.workflow_id, EXCLUDED.explanation, EXCLUDED.escalations, EXCLUDED.evidence_note)`,
        [
          snapshot.reference,
          snapshot.source,
          snapshot.recommendationId,
          snapshot.owner,
          snapshot.due,
          snapshot.status,
          snapshot.completedAt,
          snapshot.completedBy,
          snapshot.workflowId,
          snapshot.explanation,
          JSON.stringify(snapshot.escalations),
          snapshot.evidenceNoteId,
        ],
      );
      let eventsInserted = 0;
      for (const e of snapshot.events) {
        const r = await tx.query(
          `INSERT INTO action_events (action_id, seq, action, actor, at, recorded_at, detail) VALUES ($1, $2, $3, $4, $5, $6, $7)
           ON CONFLICT (action_id, seq) DO NOTHING RETURNING seq`,
          [snapshot.actionId, e.seq, e.action, e.actor, e.at, e.recordedAt, e.detail ? JSON.stringify(e.detail) : null],
        );
        eventsInserted += r.rows.length;
      }
      return { eventsInserted };
    });
  }

  /** Keeps the free text of a step; a second call with the same note id changes nothing. */
  async addNote(input: { actionId: string; noteId: string; kind: ActionNote['kind']; actor: string; text?: string; evidenceReference?: string }): Promise<void> {
    await this.db.query(
      `INSERT INTO action_notes (action_id, note_id, kind, actor, text, evidence_reference) VALUES ($1, $2, $3, $4, $5, $6)
       ON CONFLICT (action_id, note_id) DO NOTHING`,
      [input.actionId, input.noteId, input.kind, input.actor, input.text ?? null, input.evidenceReference ?? null],
    );
  }

  /** Removes the note of a step the workflow refused, unless an event refers to it. */
  async removeNote(actionId: string, noteId: string): Promise<void> {
    await this.db.query(
      `DELETE FROM action_notes WHERE action_id = $1 AND note_id = $2
         AND NOT EXISTS (SELECT 1 FROM action_events WHERE action_id = $1 AND detail->>'noteId' = $2)`,
      [actionId, noteId],
    );
  }

  async get(id: string, today: string): Promise<ActionRecord | undefined> {
    const r = await this.db.query<Row>(`SELECT ${COLUMNS} FROM actions WHERE id = $1`, [id]);
    return r.rows[0] ? withOverdue(r.rows[0], today) : undefined;
  }

  /** The action with its events and the notes that go with them; `withText: false` leaves the free text out. */
  async detail(id: string, today: string, options: { withText: boolean }): Promise<ActionDetail | undefined> {
    const action = await this.get(id, today);
    if (!action) return undefined;
    const [events, notes, evidence] = await Promise.all([
      this.db.query<Omit<ActionDetail['events'][number], 'note'>>(
        `SELECT seq, action, actor, at, recorded_at AS "recordedAt", detail FROM action_events WHERE action_id = $1 ORDER BY seq`,
        [id],
      ),
      this.db.query<ActionNote>(
        `SELECT note_id AS "noteId", kind, actor, text, evidence_reference AS "evidenceReference", created_at AS "createdAt" FROM action_notes WHERE action_id = $1`,
        [id],
      ),
      this.db.query<{ note: string | null }>('SELECT evidence_note AS note FROM actions WHERE id = $1', [id]),
    ]);
    const byId = new Map(notes.rows.map((n) => [n.noteId, n]));
    const evidenceNote = evidence.rows[0]?.note ? byId.get(evidence.rows[0].note) : undefined;
    return {
      ...action,
      evidence: evidenceNote
        ? {
            reference: evidenceNote.evidenceReference,
            summary: options.withText ? evidenceNote.text : null,
            recordedBy: evidenceNote.actor,
            recordedAt: evidenceNote.createdAt,
          }
        : null,
      events: events.rows.map((e) => {
        const noteId = typeof e.detail?.noteId === 'string' ? e.detail.noteId : undefined;
        return { ...e, note: options.withText && noteId ? (byId.get(noteId)?.text ?? null) : null };
      }),
    };
  }

  /**
   * Actions by owner and/or overdue, in due order, with a stable cursor: only
   * those of cases the caller reaches (`scope`, domain/access.ts) and those it owns.
   */
  async list(query: ListActionsQuery, scope: ListingScope): Promise<{ actions: ActionRecord[]; nextCursor: string | null }> {
    const limit = query.limit ?? 50;
    if (!Number.isInteger(limit) || limit < 1 || limit > 200) throw new RecordsInputError('limit must be 1 to 200');
    const where: string[] = [];
    const params: unknown[] = [];
    const add = (sql: string, ...values: unknown[]) => {
      let text = sql;
      for (const value of values) {
        params.push(value);
        text = text.replace('?', `$${params.length}`);
      }
      where.push(text);
    };
    if (query.owner !== undefined) add('owner = ?', query.owner);
    if (query.reference !== undefined) add('reference = ?', query.reference);
    if (query.status !== undefined) add('status = ?', query.status);
    if (query.overdue === true) add(`status = 'open' AND due < ?::date`, query.today);
    if (query.overdue === false) add(`NOT (status = 'open' AND due < ?::date)`, query.today);
    const param = (value: unknown) => {
      params.push(value);
      return `$${params.length}`;
    };
    // An action's owner reaches that action, whatever the case.
    const reach = scopeCondition(scope, { reference: 'actions.reference', team: '(SELECT c.team FROM cases c WHERE c.reference = actions.reference)' }, param, () => [`actions.owner = ${param(scope.subject)}`]);
    if (reach) where.push(reach);
    if (query.cursor !== undefined) {
      const [due, id] = decodeCursor(query.cursor);
      add('(due, id) > (?::date, ?)', due, id);
    }
    params.push(limit + 1);
    const r = await this.db.query<Row>(
      `SELECT ${COLUMNS} FROM actions ${where.length ? `WHERE ${where.join(' AND ')}` : ''} ORDER BY due, id LIMIT $${params.length}`,
      params,
    );
    const actions = r.rows.slice(0, limit).map((row) => withOverdue(row, query.today));
    const last = actions[actions.length - 1];
    return { actions, nextCursor: r.rows.length > limit && last ? encodeCursor(last.due, last.id) : null };
  }

  // The case's own view of its recommendations (filed by the case sync, records/case-sync.ts).

  /** The case's actions (recommendations), in due order. */
  async listOfCase(reference: string): Promise<
    Array<{ stage: string; recommendationId: string; owner: string; due: string; status: 'open' | 'done'; completedAt: string | null; completedBy: string | null }>
  > {
    const r = await this.db.query<Awaited<ReturnType<ActionRecords['listOfCase']>>[number]>(
      `SELECT stage, recommendation_id AS "recommendationId", owner, due, status, completed_at AS "completedAt", completed_by AS "completedBy"
       FROM actions WHERE reference = $1 ORDER BY due, stage, recommendation_id`,
      [reference],
    );
    return r.rows;
  }

  /** Marks an action done; idempotent (the first completion stands). Returns false if there is no such action. */
  async completeRecommendation(input: { reference: string; stage: string; recommendationId: string; at: string; actor: string }): Promise<boolean> {
    const r = await this.db.query(
      `UPDATE actions SET status = 'done', completed_at = COALESCE(completed_at, $4), completed_by = COALESCE(completed_by, $5)
       WHERE reference = $1 AND stage = $2 AND recommendation_id = $3 RETURNING 1`,
      [input.reference, input.stage, input.recommendationId, input.at, input.actor],
    );
    return r.rows.length > 0;
  }
}

function encodeCursor(due: string, id: string): string {
  return Buffer.from(JSON.stringify([due, id])).toString('base64url');
}

function decodeCursor(cursor: string): [string, string] {
  try {
    const value: unknown = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
    if (Array.isArray(value) && value.length === 2 && isIsoDate(value[0]) && typeof value[1] === 'string') {
      return [value[0], value[1]];
    }
  } catch {
    // fall through: not JSON
  }
  throw new RecordsInputError('cursor is not one this API gave');
}
