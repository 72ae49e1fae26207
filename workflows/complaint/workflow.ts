import {
  allHandlersFinished,
  ApplicationFailure,
  condition,
  continueAsNew,
  setHandler,
  upsertMemo,
  upsertSearchAttributes,
  workflowInfo,
} from '@temporalio/workflow';
import { acknowledgeUpdate, caseViewQuery, type StepInput } from './messages';
import {
  ComplaintStage,
  ComplaintStatus,
  NextDeadlineDue,
  NextDeadlineKey,
  OnHold,
  Overdue,
} from './search-attributes';
import {
  caseView,
  type ComplaintInput,
  type ComplaintState,
  findDeadline,
  initialState,
  markMissed,
  meetDeadline,
  nextPendingDeadline,
  nextWake,
  recordEvent,
  fallsDueAt,
} from './state';

export type ComplaintWorkflowInput = ComplaintInput | { continued: ComplaintState };

/** Failure type of a transition the case's state does not allow (the API's 409). */
export const TRANSITION_REFUSED = 'TransitionRefused';

function refuse(reason: string): never {
  throw ApplicationFailure.nonRetryable(reason, TRANSITION_REFUSED);
}

/**
 * One complaint, from receipt to closure. Its timers are the statutory
 * working-day deadlines of the policy it started with.
 *
 * Input: the reference (also the workflow id), receipt instant, policy and
 * calendar (pinned for the life of the case). Result: the final case view.
 */
export async function complaintWorkflow(input: ComplaintWorkflowInput): Promise<ReturnType<typeof caseView>> {
  const state: ComplaintState = 'continued' in input ? input.continued : initialState(input, Date.now());
  // Bumped by every accepted transition so the main loop re-plans its timer.
  let changes = 0;
  const publishSearchAttributes = searchAttributePublisher();

  /** Refuses a step dated in the future or before the step it follows. */
  function stepTime(step: StepInput, follows: { label: string; at: string }): string {
    const at = step.at ?? new Date(Date.now()).toISOString();
    const when = Date.parse(at);
    if (Number.isNaN(when)) refuse(`"at" is not a date-time: ${at}`);
    if (when > Date.now()) refuse(`"at" (${at}) is in the future`);
    if (when < Date.parse(follows.at)) refuse(`"at" (${at}) is before ${follows.label} (${follows.at})`);
    return new Date(when).toISOString();
  }

  setHandler(caseViewQuery, () => caseView(state));

  setHandler(
    acknowledgeUpdate,
    (step) => {
      const at = stepTime(step, { label: 'receipt', at: state.receivedAt });
      meetDeadline(state, 'stage1.acknowledge', at);
      recordEvent(state, { action: 'acknowledged', actor: step.actor, at, note: step.note }, Date.now());
      changes++;
      return caseView(state);
    },
    {
      validator: (step) => {
        if (state.stage !== 'stage1') refuse(`the case is at ${state.stage}, not Stage 1`);
        const ack = findDeadline(state, 'stage1.acknowledge');
        if (ack?.metAt) refuse(`the complaint was already acknowledged at ${ack.metAt}`);
        stepTime(step, { label: 'receipt', at: state.receivedAt });
      },
    },
  );

  for (;;) {
    markMissed(state, Date.now());
    publishSearchAttributes(state);
    if (state.status === 'closed') break;
    if (workflowInfo().continueAsNewSuggested) {
      await condition(allHandlersFinished);
      await continueAsNew<typeof complaintWorkflow>({ continued: state });
    }
    const seen = changes;
    const wake = nextWake(state);
    if (wake === undefined) await condition(() => changes !== seen);
    else await condition(() => changes !== seen, Math.max(wake - Date.now(), 1));
  }
  await condition(allHandlersFinished);
  return caseView(state);
}

/**
 * Keeps the operators' search attributes and memo in step with the state,
 * upserting only on change so an unchanged case adds no history events.
 */
function searchAttributePublisher(): (state: ComplaintState) => void {
  let published = '';
  return (state) => {
  const next = nextPendingDeadline(state);
  const overdue = state.deadlines.some((d) => d.state === 'missed' && !d.metAt);
  const fingerprint = JSON.stringify([state.stage, state.status, next?.key, next?.due, overdue]);
  if (fingerprint === published) return;
  published = fingerprint;
  upsertSearchAttributes([
    { key: ComplaintStage, value: state.stage },
    { key: ComplaintStatus, value: state.status },
    { key: NextDeadlineKey, value: next ? next.key : null },
    { key: NextDeadlineDue, value: next ? new Date(fallsDueAt(next)) : null },
    { key: OnHold, value: false },
    { key: Overdue, value: overdue },
  ]);
  upsertMemo({ reference: state.reference, stage: state.stage });
  };
}
