import {
  allHandlersFinished,
  ApplicationFailure,
  condition,
  continueAsNew,
  log,
  proxyActivities,
  setHandler,
  workflowInfo,
} from '@temporalio/workflow';
import type { Activities } from '../../activities';
import { deliveryOptions } from '../activity-options';
import { endOfLondonDay, londonDateOf } from '../../domain/dates';
import type { ActionSnapshot } from '../../domain/actions/snapshot';
import { ACTION_COMMAND_NAMES, ACTION_COMMAND_SCHEMAS, type ActionCommandInput, type ActionCommandName, type ActionInput, type ActionView } from '../../domain/actions/commands';
import {
  actionView,
  deriveDue,
  escalationPoints,
  initialActionState,
  noticeDetail,
  notify,
  planReminder,
  record,
  REMINDER_WORKING_DAYS,
  type ActionState,
} from '../../domain/actions/state';
import { actionUpdates, actionViewQuery } from './messages';

const HISTORY_LIMIT = 2_000;
/** Failure type of a command the action's state does not allow (the API's 409), as for the complaint workflow. */
export const ACTION_REFUSED = 'TransitionRefused';

export type ActionWorkflowInput = ActionInput | { continued: ActionState };

const { deliverNotice } = proxyActivities<Activities>(deliveryOptions());

// Few attempts: a records store that is down must not hold back a reminder; the main loop tries again within the hour.
const { recordAction } = proxyActivities<Activities>({
  startToCloseTimeout: '1 minute',
  retry: { initialInterval: '5 seconds', backoffCoefficient: 2, maximumAttempts: 5 },
});

function refuse(reason: string): never {
  throw ApplicationFailure.nonRetryable(reason, ACTION_REFUSED);
}

/** When the step happened: `at` or now; never in the future, never before the action started. */
function stepTime(state: ActionState, at: string | undefined, now: number): string {
  const when = at === undefined ? now : Date.parse(at);
  if (when > now) refuse(`"at" (${at}) is in the future`);
  const started = state.events[0]!.at;
  if (when < Date.parse(started)) refuse(`"at" (${at}) is before the action started (${started})`);
  return new Date(when).toISOString();
}

type Plan<C extends ActionCommandName> = (state: ActionState, input: ActionCommandInput<C>, now: number) => () => void;

function requireOpen(state: ActionState): void {
  if (state.status === 'done') refuse(`the action was completed at ${state.completed!.at}`);
}

const PLANS: { [C in ActionCommandName]: Plan<C> } = {
  complete: (state, input, now) => {
    requireOpen(state);
    const at = stepTime(state, input.at, now);
    return () => {
      const late = Date.parse(at) >= endOfLondonDay(state.due);
      state.status = 'done';
      state.completed = { at, by: input.actor, noteId: input.noteId };
      delete state.reminderAt;
      record(state, 'completed', input.actor, at, now, { noteId: input.noteId, due: state.due, onTime: late ? 'no' : 'yes' });
    };
  },
  reassign: (state, input, now) => {
    requireOpen(state);
    if (input.owner === state.owner) refuse(`the action is already owned by ${state.owner}`);
    const at = stepTime(state, input.at, now);
    return () => {
      const from = state.owner;
      state.owner = input.owner;
      record(state, 'reassigned', input.actor, at, now, { from, to: input.owner, noteId: input.noteId });
    };
  },
  extend: (state, input, now) => {
    requireOpen(state);
    const at = stepTime(state, input.at, now);
    return () => {
      const from = state.due;
      state.extensions.push({ n: input.workingDays, on: londonDateOf(Date.parse(at)) });
      deriveDue(state);
      state.startedOn = londonDateOf(now);
      planReminder(state, now);
      record(state, 'extended', input.actor, at, now, { workingDays: input.workingDays, from, to: state.due, noteId: input.noteId });
    };
  },
};

function parseInput<C extends ActionCommandName>(name: C, raw: unknown): ActionCommandInput<C> {
  const parsed = ACTION_COMMAND_SCHEMAS[name].safeParse(raw);
  if (!parsed.success) {
    refuse(`invalid ${name} input: ${parsed.error.issues.map((i) => `${i.path.join('.') || '(input)'}: ${i.message}`).join('; ')}`);
  }
  return parsed.data as ActionCommandInput<C>;
}

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
  for (const name of ACTION_COMMAND_NAMES) {
    const plan = PLANS[name] as Plan<ActionCommandName>;
    setHandler(
      actionUpdates[name] as (typeof actionUpdates)['complete'],
      (raw: unknown) => {
        plan(state, parseInput(name, raw), Date.now())();
        changes++;
        return actionView(state, Date.now());
      },
      { validator: (raw: unknown) => void plan(state, parseInput(name, raw), Date.now()) },
    );
  }

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
    while (state.outbox.length > 0) {
      const notice = state.outbox[0]!;
      try {
        await deliverNotice({ reference: state.input.reference, notice });
      } catch {
        // An undeliverable reminder must not stop the action: its record shows what was sent.
        log.warn('action notice undeliverable', { actionId: state.input.actionId, notice: notice.id });
      }
      state.outbox.shift();
    }
    if (state.status === 'done' && state.records?.fingerprint === fingerprintOf(state)) break;

    const info = workflowInfo();
    if (info.continueAsNewSuggested || info.historyLength >= HISTORY_LIMIT) {
      await condition(allHandlersFinished);
      await continueAsNew<typeof actionWorkflow>({ continued: state });
    }
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

function fingerprintOf(state: ActionState): string {
  return JSON.stringify([state.events.length, state.owner, state.due, state.status, state.escalations.length]);
}

/** Stores the action in the records store; a store that is down does not stop the action (retried later). */
async function syncRecord(state: ActionState): Promise<void> {
  const fingerprint = fingerprintOf(state);
  if (state.records?.fingerprint === fingerprint) return;
  const since = state.records?.syncedEvents ?? 0;
  const snapshot: ActionSnapshot = {
    actionId: state.input.actionId,
    workflowId: workflowInfo().workflowId,
    reference: state.input.reference,
    source: state.input.source,
    recommendationId: state.input.recommendationId,
    owner: state.owner,
    due: state.due,
    explanation: state.explanation,
    status: state.status,
    completedAt: state.completed?.at ?? null,
    completedBy: state.completed?.by ?? null,
    evidenceNoteId: state.completed?.noteId ?? null,
    escalations: state.escalations,
    events: state.events.map((e, i) => ({ seq: i + 1, ...e })).filter((e) => e.seq > since),
  };
  try {
    await recordAction(snapshot);
    state.records = { fingerprint, syncedEvents: since + snapshot.events.length };
  } catch {
    log.warn('action record failed; it is retried', { actionId: state.input.actionId });
  }
}
