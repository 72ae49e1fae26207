import { continueAsNew, getExternalWorkflowHandle, proxyActivities, setHandler } from '@temporalio/workflow';
import { londonDateOf } from '../../domain/dates';
import type { CalendarData } from '../../domain/calendar';
import type { Activities } from '../../activities';
import { calendarChangedSignal } from '../complaint/messages';
import { calendarChangeProgressQuery, type CalendarChangeInput, type CalendarChangeProgress } from './messages';

const { countOpenCases, openCasesPage, calendarsForPolicies } = proxyActivities<Activities>({
  startToCloseTimeout: '1 minute',
  retry: { initialInterval: '5 seconds', backoffCoefficient: 2, maximumInterval: '5 minutes', maximumAttempts: 20, nonRetryableErrorTypes: ['NoRecordsStore', 'CalendarVersionNotFound'] },
});

const MAX_FAILED_LISTED = 100;

interface PassState {
  input: CalendarChangeInput;
  /** The London date the pass started: which closed cases may still be running is judged from it. */
  today: string;
  cursor: string | null;
  progress: CalendarChangeProgress;
  /** The new calendar of each policy met so far (a few policies, a few kilobytes each). */
  calendars: Record<string, CalendarData>;
}

/**
 * Carries a calendar change (a new bank holidays file, a closure day) to every
 * case whose workflow may still be running: pages of open cases from the
 * records store, each case signalled with the calendar of its own policy
 * (`calendarChangedSignal`), which re-derives its pending deadlines. Each page
 * is its own run (continue-as-new), so the history stays small however many
 * cases there are. Idempotent: a case that already has this calendar (or a
 * later one) changes nothing, so running a pass twice moves nothing twice.
 *
 * Input: the change, its version and the actor. Query: progress. Result: the final progress.
 */
export async function calendarChangeWorkflow(input: CalendarChangeInput | { continued: PassState }): Promise<CalendarChangeProgress> {
  const state: PassState =
    'continued' in input
      ? input.continued
      : {
          input,
          today: londonDateOf(Date.now()),
          cursor: null,
          progress: { change: input.change, version: input.version, total: null, done: 0, skipped: 0, failed: 0, failedReferences: [], finished: false },
          calendars: {},
        };
  const { progress } = state;
  setHandler(calendarChangeProgressQuery, () => progress);

  progress.total ??= await countOpenCases({ today: state.today });
  const page = await openCasesPage({ cursor: state.cursor, limit: state.input.pageSize ?? 100, today: state.today });
  const unknown = [...new Set(page.cases.map((c) => c.policyId))].filter((id) => !state.calendars[id]);
  if (unknown.length > 0) Object.assign(state.calendars, await calendarsForPolicies({ version: state.input.version, policyIds: unknown }));

  const outcomes = await Promise.allSettled(
    page.cases.map(async (c) => {
      const calendar = state.calendars[c.policyId];
      if (!calendar) throw new Error(`no calendar for policy ${c.policyId}`);
      await getExternalWorkflowHandle(c.reference).signal(calendarChangedSignal, { calendar, actor: state.input.actor, sequence: state.input.change });
    }),
  );
  outcomes.forEach((outcome, i) => {
    if (outcome.status === 'fulfilled') progress.done += 1;
    else if (/not found/i.test(String((outcome.reason as Error)?.message))) progress.skipped += 1;
    else {
      progress.failed += 1;
      if (progress.failedReferences.length < MAX_FAILED_LISTED) progress.failedReferences.push(page.cases[i]!.reference);
    }
  });

  state.cursor = page.nextCursor;
  if (state.cursor !== null) await continueAsNew<typeof calendarChangeWorkflow>({ continued: state });
  progress.finished = true;
  return progress;
}
