import { ApplicationFailure } from '@temporalio/activity';
import type { Records } from '../records/repository';
import { closedBeforeInstant } from '../workflows/retention/cutoff';

/** The retention activities; `records` must be able to dispose (a store without it fails the run plainly). */
export function createRetentionActivities(deps: { records?: Partial<Pick<Records, 'disposeClosedBefore'>> }) {
  return {
    /**
     * Disposes of the personal data of cases closed before the London date
     * `cutoffDate` (from the start of that day in London). Idempotent: a case
     * already disposed of is skipped. Returns how many cases were disposed of.
     */
    async disposePersonalData(input: { cutoffDate: string }): Promise<{ disposed: number }> {
      const records = deps.records;
      if (!records?.disposeClosedBefore) throw ApplicationFailure.nonRetryable('retention needs the system of record', 'NoRecordsStore');
      const references = await records.disposeClosedBefore(closedBeforeInstant(input.cutoffDate), 'retention');
      return { disposed: references.length };
    },
  };
}
