import { continueAsNew, getExternalWorkflowHandle, patched, proxyActivities, setHandler } from '@temporalio/workflow';
import { londonDateOf } from '../../domain/dates';
import { policyRef } from '../../domain/policy-versions';
import type { CalendarData } from '../../domain/holidays';
import type { Activities } from '../../activities';
import { calendarChangedSignal } from '../complaint/messages';
import { conductCalendarChangedSignal } from '../conduct/messages';
import { conductWorkflowId } from '../../domain/conduct/state';
import { calendarChangeProgressQuery, type CalendarChangeInput, type CalendarChangeProgress } from './messages';

const { countOpenCases, openCasesPage, calendarsForPolicies, countConductPeople, conductPeoplePage } = proxyActivities<Activities>({
  startToCloseTimeout: '1 minute',
  retry: { initialInterval: '5 seconds', backoffCoefficient: 2, maximumInterval: '5 minutes', maximumAttempts: 20, nonRetryableErrorTypes: ['NoRecordsStore', 'CalendarVersionNotFound'] },
});

const MAX_FAILED_LISTED = 100;

/** Changes to what a running pass does, each asked of `patched()` where it first matters. */
export const CALENDAR_PATCHES = {
  /** The pass also reaches every person's conduct workflow, after the cases (before, cases only). */
  conductWorkflows: 'calendar.conduct-workflows',
  /** Each workflow gets the calendar of the policy version its case is pinned to (before, the current version's closure days). */
  pinnedPolicy: 'calendar.pinned-policy',
} as const;

interface PassState {
  input: CalendarChangeInput;
  /** The London date the pass started: which closed cases may still be running is judged from it. */
  today: string;
  cursor: string | null;
  progress: CalendarChangeProgress;
  /** The new calendar of each policy met so far (a few policies, a few kilobytes each). */
  calendars: Record<string, CalendarData>;
  /** Present when the pass carries the change to conduct workflows too: the cases are paged first, then the people. */
  people?: { total: number; paging: boolean; cursor: number | null };
}

interface Target {
  workflowId: string;
  /** The policy whose calendar it gets: `luton@2` (pinned), or a bare id in passes from before versions. */
  policyId: string;
  signal: (calendar: CalendarData) => Promise<void>;
}

/**
 * Carries a calendar change (a new bank holidays file, a closure day) to every
 * case whose workflow may still be running: pages of open cases from the
 * records store, each case signalled with the calendar of its own policy
 * (`calendarChangedSignal`), which re-derives its pending deadlines; then
 * pages of the people on the unreasonable-conduct register, each conduct
 * workflow signalled with its case's policy's calendar (it moves its review
 * reminder). Each page is its own run (continue-as-new; the people's first
 * page shares the cases' last run), so the history stays small however many
 * there are. Idempotent: a workflow that already
 * has this calendar (or a later one) changes nothing, so running a pass
 * twice moves nothing twice.
 *
 * Input: the change, its version and the actor. Query: progress (cases and
 * conduct workflows together). Result: the final progress.
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

  if (progress.total === null) {
    progress.total = await countOpenCases({ today: state.today });
    // calendar.conduct-workflows: decided once, in the first run, and carried in the state.
    if (patched(CALENDAR_PATCHES.conductWorkflows)) {
      state.people = { total: await countConductPeople(), paging: false, cursor: null };
      progress.total += state.people.total;
    }
  }
  const actor = state.input.actor;
  const sequence = state.input.change;
  const pageSize = state.input.pageSize ?? 100;
  for (;;) {
    // calendar.pinned-policy: asked per page, so a pass replayed from before it keeps the current version's calendar.
    const policyOf = patched(CALENDAR_PATCHES.pinnedPolicy)
      ? (p: { policyId: string; policyVersion: number }) => policyRef(p.policyId, p.policyVersion)
      : (p: { policyId: string }) => p.policyId;
    let targets: Target[];
    if (state.people?.paging) {
      const page = await conductPeoplePage({ cursor: state.people.cursor, limit: pageSize });
      targets = page.people.map((p) => ({
        workflowId: conductWorkflowId(p.personId),
        policyId: policyOf(p),
        signal: (calendar) => getExternalWorkflowHandle(conductWorkflowId(p.personId)).signal(conductCalendarChangedSignal, { calendar, actor, sequence }),
      }));
      state.people.cursor = page.nextCursor;
    } else {
      const page = await openCasesPage({ cursor: state.cursor, limit: pageSize, today: state.today });
      targets = page.cases.map((c) => ({
        workflowId: c.reference,
        policyId: policyOf(c),
        signal: (calendar) => getExternalWorkflowHandle(c.reference).signal(calendarChangedSignal, { calendar, actor, sequence }),
      }));
      state.cursor = page.nextCursor;
    }
    await signalAll(state, targets);

    if (state.people?.paging) {
      if (state.people.cursor !== null) await continueAsNew<typeof calendarChangeWorkflow>({ continued: state });
      break;
    }
    if (state.cursor !== null) await continueAsNew<typeof calendarChangeWorkflow>({ continued: state });
    if (!state.people || state.people.total === 0) break;
    // The cases are done: the people's first page follows in this run, the next ones a run each.
    state.people.paging = true;
  }
  progress.finished = true;
  return progress;
}

/** Signals each workflow with its policy's calendar and counts the outcome: done, skipped (it has ended), failed. */
async function signalAll(state: PassState, targets: Target[]): Promise<void> {
  const { progress } = state;
  const unknown = [...new Set(targets.map((t) => t.policyId))].filter((id) => !state.calendars[id]);
  if (unknown.length > 0) Object.assign(state.calendars, await calendarsForPolicies({ version: state.input.version, policyIds: unknown }));

  const outcomes = await Promise.allSettled(
    targets.map(async (t) => {
      const calendar = state.calendars[t.policyId];
      if (!calendar) throw new Error(`no calendar for policy ${t.policyId}`);
      await t.signal(calendar);
    }),
  );
  outcomes.forEach((outcome, i) => {
    if (outcome.status === 'fulfilled') progress.done += 1;
    else if (/not found/i.test(String((outcome.reason as Error)?.message))) progress.skipped += 1;
    else {
      progress.failed += 1;
      if (progress.failedReferences.length < MAX_FAILED_LISTED) progress.failedReferences.push(targets[i]!.workflowId);
    }
  });
}
