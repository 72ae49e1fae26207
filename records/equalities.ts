import type { ChildCare } from '../domain/care-flags';
import { EQUALITIES_FIELD_NAMES, type EqualitiesField, type EqualitiesSubject } from '../domain/equalities';
import type { Db } from './db';
import { CaseNotFound } from './errors';
import { insertOwnEvent } from './sql';

/**
 * Equalities monitoring (domain/equalities.ts), held apart from the case in
 * its own table (migration 014), and the child's care flag (domain/care-flags.ts)
 * on the case row. The API decides who may read and write (the `equalities`
 * view, domain/access.ts); this only stores. Writes leave an event naming what
 * was recorded, never the answers.
 */

export type EqualitiesAnswers = Partial<Record<EqualitiesField, string>>;
export interface EqualitiesRecord extends EqualitiesAnswers {
  subject: EqualitiesSubject;
  recordedAt: string;
  recordedBy: string;
}

const COLUMN: Record<EqualitiesField, string> = {
  ageBand: 'age_band',
  sex: 'sex',
  ethnicity: 'ethnicity',
  disability: 'disability',
  religion: 'religion',
  sexualOrientation: 'sexual_orientation',
};
export const EQUALITIES_COLUMNS = EQUALITIES_FIELD_NAMES.map((f) => COLUMN[f]);

export class EqualitiesRecords {
  constructor(
    private readonly db: Db,
    private readonly now: () => Date,
  ) {}

  /** Replaces what a person gave for a case (an answer left out is not given). `CaseNotFound` when the case is not filed. */
  async record(reference: string, subject: EqualitiesSubject, answers: EqualitiesAnswers, actor: string): Promise<void> {
    await this.db.transaction(async (tx) => {
      const c = await tx.query('SELECT 1 FROM cases WHERE reference = $1 FOR UPDATE', [reference]);
      if (c.rows.length === 0) throw new CaseNotFound(reference);
      const now = this.now();
      const values = EQUALITIES_FIELD_NAMES.map((f) => answers[f] ?? null);
      await tx.query(
        `INSERT INTO equalities_monitoring (reference, subject, ${EQUALITIES_COLUMNS.join(', ')}, recorded_at, recorded_by)
         VALUES ($1, $2, ${values.map((_, i) => `$${i + 3}`).join(', ')}, $${values.length + 3}, $${values.length + 4})
         ON CONFLICT (reference, subject) DO UPDATE SET ${EQUALITIES_COLUMNS.map((col) => `${col} = EXCLUDED.${col}`).join(', ')},
           recorded_at = EXCLUDED.recorded_at, recorded_by = EXCLUDED.recorded_by`,
        [reference, subject, ...values, now.toISOString(), actor],
      );
      // The trail says that it was given and by whom, never what.
      await insertOwnEvent(tx, reference, 'equalities-recorded', actor, now, { subject });
    });
  }

  /** What was given for the case, per person. */
  async read(reference: string): Promise<EqualitiesRecord[]> {
    const r = await this.db.query<Record<string, string | null>>(
      `SELECT subject, ${EQUALITIES_COLUMNS.join(', ')}, recorded_at AS "recordedAt", recorded_by AS "recordedBy"
         FROM equalities_monitoring WHERE reference = $1 ORDER BY subject`,
      [reference],
    );
    return r.rows.map((row) => {
      const answers: EqualitiesAnswers = {};
      for (const f of EQUALITIES_FIELD_NAMES) if (row[COLUMN[f]] !== null) answers[f] = row[COLUMN[f]]!;
      return { subject: row.subject as EqualitiesSubject, ...answers, recordedAt: new Date(row.recordedAt!).toISOString(), recordedBy: row.recordedBy! };
    });
  }

  /** The child's care flag, or null when not recorded; undefined when the case is not filed. */
  async childCare(reference: string): Promise<ChildCare | null | undefined> {
    const r = await this.db.query<{ childCare: ChildCare | null }>('SELECT child_care AS "childCare" FROM cases WHERE reference = $1', [reference]);
    return r.rows[0] ? r.rows[0].childCare : undefined;
  }

  /** Sets the child's care flag; an event records the change (the flag is the case file's, read with the case). */
  async setChildCare(reference: string, childCare: ChildCare, actor: string): Promise<void> {
    await this.db.transaction(async (tx) => {
      const r = await tx.query<{ before: string | null }>('SELECT child_care AS before FROM cases WHERE reference = $1 FOR UPDATE', [reference]);
      if (!r.rows[0]) throw new CaseNotFound(reference);
      if (r.rows[0].before === childCare) return;
      await tx.query('UPDATE cases SET child_care = $2, updated_at = $3 WHERE reference = $1', [reference, childCare, this.now().toISOString()]);
      await insertOwnEvent(tx, reference, 'child-care-recorded', actor, this.now(), { childCare });
    });
  }
}
