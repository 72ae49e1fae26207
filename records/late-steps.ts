import type { Db } from './db';

/**
 * Steps logged late, for the annual report (backdated steps stay
 * honest). A step is a staff member's command on a case (the workflow's
 * events, neither the engine's nor the case's receipt or import); it was
 * logged late when it was recorded on a later London day than the day it
 * happened. Counted by when it was recorded, in the period.
 */
export interface LateSteps {
  /** Steps recorded in the period after the (London) day they happened, a case's past logged at intake included. */
  recordedAfterTheDay: number;
  /**
   * Of those, steps that turned a duty the case had already shown as missed
   * into met: each carries a complaints manager's reason (domain/complaint/past.ts).
   * Read from the step's detail, which disposal of a case's personal data blanks.
   */
  turnedMissedIntoMet: number;
}

export async function lateSteps(db: Db, startAt: string, endAt: string): Promise<LateSteps> {
  const result = await db.query<LateSteps>(
    `SELECT count(*)::int AS "recordedAfterTheDay",
            (count(*) FILTER (WHERE e.detail ? 'missedTurnedMet'))::int AS "turnedMissedIntoMet"
       FROM events e
      WHERE e.seq IS NOT NULL AND e.actor <> 'system' AND e.action NOT IN ('received', 'imported')
        AND e.recorded_at >= $1 AND e.recorded_at < $2
        AND (e.recorded_at AT TIME ZONE 'Europe/London')::date > (e.at AT TIME ZONE 'Europe/London')::date`,
    [startAt, endAt],
  );
  return result.rows[0] ?? { recordedAfterTheDay: 0, turnedMissedIntoMet: 0 };
}
