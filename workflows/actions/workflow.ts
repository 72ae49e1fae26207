import { allHandlersFinished, condition, getExternalWorkflowHandle, log, patched, proxyActivities, setHandler, workflowInfo } from '@temporalio/workflow';
import type { Activities } from '../../activities';
import { deliveryOptions } from '../activity-options';
import { continueAsNewAtLimit, drainOutbox, registerCommands, syncWhenChanged } from '../kit';
import { actionSnapshot } from '../../domain/actions/snapshot';
import type { ActionCommandName, ActionInput, ActionView } from '../../domain/actions/commands';
import { actionView, escalationPoints, initialActionState, noticeDetail, notify, record, REMINDER_WORKING_DAYS, type ActionState } from '../../domain/actions/state';
import { ACTION_TABLE } from '../../domain/actions/table';
import { actionUpdates, actionViewQuery } from './messages';
import { actionCompletedSignal } from '../complaint/messages';

/** Failure type of a command refused (the API's 409): the kit's one, as for the complaint workflow. */
export { TRANSITION_REFUSED as ACTION_REFUSED } from '../kit';

export type ActionWorkflowInput = ActionInput | { continued: ActionState };

/** Changes to the deployed action workflow, each behind `patched()` (as PATCHES in ../complaint/workflow.ts). */
export const ACTION_PATCHES = {
  /** A completed action tells its case, whose last action of a stage's plan sends the complainant a letter (v7 told no one). */
  reportsCompletion: 'action.reports-completion',
} as const;

const { deliverNotice } = proxyActivities<Activities>(deliveryOptions());

type AnyPlan = (s: ActionState, i: unknown, n: number) => () => void;

// Few attempts: a records store that is down must not hold back a reminder; the main loop tries again within the hour.
const { recordAction } = proxyActivities<Activities>({
  startToCloseTimeout: '1 minute',
  retry: { initialInterval: '5 seconds', backoffCoefficient: 2, maximumAttempts: 5 },
});

/**
 * One recommendation, followed to completion: due a number of working days
 * after the findings (or the Ombudsman's decision) on the case's calendar; the
 * owner reminded 2 working days before at 09:00 London; overdue from the end
 * of the due date, when the complaints manager is told, and the director 10
 * working days later if it is still open. Started by the complaint workflow
 * as an abandoned child, so it runs on after the case closes.
 */
export async function actionWorkflow(input: ActionWorkflowInput): Promise<ActionView> {
  const state: ActionState = 'continued' in input ? input.continued : initialActionState(input, Date.now());
  let changes = 0;

  setHandler(actionViewQuery, () => actionView(state, Date.now()));
  registerCommands(state, {
    table: ACTION_TABLE,
    updates: actionUpdates,
    plan: (name: ActionCommandName, input, now) => (ACTION_TABLE[name].plan as AnyPlan)(state, input, now),
    view: () => actionView(state, Date.now()),
    changed: () => changes++,
  });

  for (;;) {
    const seen = changes;
    const now = Date.now();
    if (state.status === 'open' && state.reminderAt !== undefined && state.reminderAt <= now) {
      delete state.reminderAt;
      notify(state, 'reminder', 'action-reminder', { ...noticeDetail(state), to: state.owner, why: `${REMINDER_WORKING_DAYS} working days before the due date` });
      record(state, 'reminded', 'system', new Date(now).toISOString(), now, { to: state.owner, due: state.due });
    }
    if (state.status === 'open') {
      for (const point of escalationPoints(state)) {
        if (point.at > now || state.escalations.some((e) => e.to === point.to && e.due === state.due)) continue;
        const at = new Date(now).toISOString();
        state.escalations.push({ to: point.to, due: state.due, at });
        notify(state, 'breach-alert', 'action-overdue', { ...noticeDetail(state), to: point.to, openAfter: point.after });
        record(state, 'escalated', 'system', at, now, { to: point.to, due: state.due });
      }
    }

    await syncRecord(state);
    await drainOutbox(
      state.outbox,
      (notice) => deliverNotice({ reference: state.input.reference, notice }),
      // An undeliverable reminder must not stop the action: its record shows what was sent.
      (notice) => log.warn('action notice undeliverable', { actionId: state.input.actionId, notice: notice.id }),
    );
    // action.reports-completion: actions completed before it replay without the signal.
    if (state.status === 'done' && !state.completionReported && patched(ACTION_PATCHES.reportsCompletion)) await reportCompletion(state);
    if (state.status === 'done' && state.records?.fingerprint === fingerprintOf(state)) break;

    await continueAsNewAtLimit<typeof actionWorkflow>(state.input.historyLimit, { continued: state });
    const wakes = state.status === 'open' ? [state.reminderAt, ...escalationPoints(state).filter((p) => !state.escalations.some((e) => e.to === p.to && e.due === state.due)).map((p) => p.at)] : [];
    const wake = Math.min(...wakes.filter((t): t is number => t !== undefined));
    // A records store that was down: try again within the hour rather than at the next change.
    const retry = state.records?.fingerprint === fingerprintOf(state) ? Infinity : Date.now() + 60 * 60 * 1000;
    const until = Math.min(wake, retry);
    if (until === Infinity) await condition(() => changes !== seen);
    else await condition(() => changes !== seen, Math.max(until - Date.now(), 1));
  }
  await condition(allHandlersFinished);
  return actionView(state, Date.now());
}

/**
 * Tells the case the action is done, once (the flag is state, so a replay or
 * continue-as-new never sends it again; the case ignores a repeat anyway). A
 * case whose workflow has ended (a year after closing) cannot take it: logged.
 */
async function reportCompletion(state: ActionState): Promise<void> {
  state.completionReported = true;
  const { input, completed } = state;
  try {
    await getExternalWorkflowHandle(input.reference).signal(actionCompletedSignal, {
      actionId: input.actionId,
      source: input.source,
      recommendationId: input.recommendationId,
      owner: state.owner,
      due: state.due,
      completedAt: completed!.at,
    });
  } catch {
    log.warn('the case did not take the action\'s completion', { actionId: input.actionId });
  }
}

function fingerprintOf(state: ActionState): string {
  return JSON.stringify([state.events.length, state.owner, state.due, state.status, state.escalations.length]);
}

/** Stores the action in the records store; a store that is down does not stop the action (retried later). */
async function syncRecord(state: ActionState): Promise<void> {
  const fingerprint = fingerprintOf(state);
  const send = async () => {
    // Taken before the await: a command applied meanwhile is synced by the next pass.
    const since = state.records?.syncedEvents ?? 0;
    const snapshot = actionSnapshot(state, workflowInfo().workflowId, since);
    await recordAction(snapshot);
    state.records = { fingerprint, syncedEvents: since + snapshot.events.length };
  };
  await syncWhenChanged(fingerprint, state.records?.fingerprint, send, { message: 'action record failed; it is retried', context: { actionId: state.input.actionId } });
}
