import { defineQuery } from '@temporalio/workflow';

/** What a calendar change pass is started with: no personal data, only the change and who made it. */
export interface CalendarChangeInput {
  /** The calendar change (records store `calendar_changes.seq`): cases ignore a change older than the one they have. */
  change: number;
  /** The calendar version id (content hash) the change made current. */
  version: string;
  /** The staff member who loaded it, recorded on each case's event. */
  actor: string;
  /** Cases per page (default 100). */
  pageSize?: number;
}

/**
 * How far a pass has got, over complaint cases and conduct workflows (one per
 * person on the register) together. `total` is counted when the pass starts;
 * cases and conduct workflows started later start on the new calendar.
 */
export interface CalendarChangeProgress {
  change: number;
  version: string;
  /** Cases whose workflow may still be running when the pass started, and people on the conduct register (null until counted). */
  total: number | null;
  /** Cases signalled with the new calendar. */
  done: number;
  /** Cases whose workflow had already finished: nothing to change. */
  skipped: number;
  /** Cases that could not be signalled (listed, up to 100, in `failedReferences`: references, or `conduct-<personId>`). */
  failed: number;
  failedReferences: string[];
  finished: boolean;
}

/** The progress of a calendar change pass (done, skipped, failed out of total). */
export const calendarChangeProgressQuery = defineQuery<CalendarChangeProgress>('progress');

/** The workflow id of the pass carrying calendar version `version` to live cases. */
export function calendarChangeWorkflowId(version: string): string {
  return `calendar-change-${version}`;
}
