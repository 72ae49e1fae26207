import { ApplicationFailure } from '@temporalio/activity';
import type { Records } from '../records/repository';
import { closedBeforeInstant } from '../workflows/retention/cutoff';

/**
 * How long a stored Idempotency-Key answer is kept for a case that is still
 * open: a client retries within minutes or hours, and the answer holds the
 * case view. A disposed case's answers go with its personal data.
 */
export const ANSWERS_KEPT_DAYS = 30;

/** The retention activities; `records` must be able to dispose (a store without it fails the run plainly). */
export function createRetentionActivities(deps: { records?: Partial<Pick<Records, 'disposeClosedBefore' | 'forgetResponsesBefore'>> }) {
  return {
    /**
     * Disposes of the personal data of cases closed before the London date
     * `cutoffDate` (from the start of that day in London), and forgets stored
     * Idempotency-Key answers older than ANSWERS_KEPT_DAYS. Idempotent: a case
     * already disposed of is skipped. Returns how many of each.
     */
    async disposePersonalData(input: { cutoffDate: string }): Promise<{ disposed: number; answersForgotten: number }> {
      const records = deps.records;
      if (!records?.disposeClosedBefore) throw ApplicationFailure.nonRetryable('retention needs the system of record', 'NoRecordsStore');
      const references = await records.disposeClosedBefore(closedBeforeInstant(input.cutoffDate), 'retention');
      const answersForgotten = (await records.forgetResponsesBefore?.(new Date(Date.now() - ANSWERS_KEPT_DAYS * 86_400_000).toISOString())) ?? 0;
      return { disposed: references.length, answersForgotten };
    },
  };
}
