import { CHILD_CARE } from '../domain/care-flags';
import { LEARNING_THEMES, SATISFACTION } from '../domain/complaint/commands-closure';
import { EQUALITIES_FIELD_NAMES, EQUALITIES_FIELDS, EQUALITIES_SUBJECTS, suppress, type EqualitiesField, type EqualitiesSubject, type Figure } from '../domain/equalities';
import type { Db } from './db';
import { EQUALITIES_COLUMNS } from './equalities';

/**
 * The annual report's figures from the end of cases: learning themes by
 * stage (BANES 5.1), satisfaction at closure (Luton 13.8), cases whose child
 * is in care or care-experienced (BANES 3.4), and equalities monitoring in
 * aggregate with small numbers suppressed (BANES 3.9, domain/equalities.ts).
 */

export interface ClosureFigures {
  /** Learning recorded in the period: per theme, how many stages' learning named it. */
  learning: Array<{ theme: string; stage1: number; stage2: number; stage3: number }>;
  /** Cases closed in the period, by the complainant's latest answer ('not recorded' when none). */
  satisfaction: Array<{ answer: string; cases: number }>;
  /** Cases received in the period, by the child's care flag ('not recorded' when none). */
  childCare: Array<{ flag: string; cases: number }>;
  /**
   * Cases received in the period, per person asked and characteristic: each
   * answer's count, 'not given' for cases with no answer; counts of 1 to 4
   * shown as "fewer than 5", never exactly one hidden in a table.
   */
  equalities: Record<EqualitiesSubject, Record<EqualitiesField, Array<{ value: string; count: Figure }>>>;
}

const NOT_RECORDED = 'not recorded';
const NOT_GIVEN = 'not given';

export async function closureFigures(db: Db, startAt: string, endAt: string): Promise<ClosureFigures> {
  const learningRows = await db.query<{ stage: string; theme: string; n: number }>(
    `SELECT stage, theme, count(*)::int AS n FROM learning, unnest(themes) AS theme
      WHERE recorded_at >= $1 AND recorded_at < $2 GROUP BY stage, theme`,
    [startAt, endAt],
  );
  const learning = LEARNING_THEMES.map((theme) => ({ theme, stage1: 0, stage2: 0, stage3: 0 }));
  for (const r of learningRows.rows) {
    const row = learning.find((l) => l.theme === r.theme);
    if (row && (r.stage === 'stage1' || r.stage === 'stage2' || r.stage === 'stage3')) row[r.stage] += r.n;
  }

  const satisfactionRows = await db.query<{ answer: string | null; n: number }>(
    `SELECT satisfaction AS answer, count(*)::int AS n FROM cases WHERE closed_at >= $1 AND closed_at < $2 GROUP BY satisfaction`,
    [startAt, endAt],
  );
  const satisfaction = [...SATISFACTION, NOT_RECORDED].map((answer) => ({
    answer,
    cases: satisfactionRows.rows.find((r) => (r.answer ?? NOT_RECORDED) === answer)?.n ?? 0,
  }));

  const careRows = await db.query<{ flag: string | null; n: number }>(
    `SELECT child_care AS flag, count(*)::int AS n FROM cases WHERE received_at >= $1 AND received_at < $2 GROUP BY child_care`,
    [startAt, endAt],
  );
  const childCare = [...CHILD_CARE, NOT_RECORDED].map((flag) => ({ flag, cases: careRows.rows.find((r) => (r.flag ?? NOT_RECORDED) === flag)?.n ?? 0 }));

  // Every case received in the period is in each table, as 'not given' when no answer: the total is the cases received.
  const equalities = {} as ClosureFigures['equalities'];
  for (const subject of EQUALITIES_SUBJECTS) {
    equalities[subject] = {} as ClosureFigures['equalities'][EqualitiesSubject];
    for (const [i, field] of EQUALITIES_FIELD_NAMES.entries()) {
      const column = EQUALITIES_COLUMNS[i]!;
      const rows = await db.query<{ value: string | null; n: number }>(
        `SELECT e.${column} AS value, count(*)::int AS n FROM cases c
           LEFT JOIN equalities_monitoring e ON e.reference = c.reference AND e.subject = $3
          WHERE c.received_at >= $1 AND c.received_at < $2 GROUP BY e.${column}`,
        [startAt, endAt, subject],
      );
      const counts = [...EQUALITIES_FIELDS[field], NOT_GIVEN].map((value) => ({ value, count: rows.rows.find((r) => (r.value ?? NOT_GIVEN) === value)?.n ?? 0 }));
      equalities[subject][field] = suppress(counts);
    }
  }
  return { learning, satisfaction, childCare, equalities };
}
