import { endOfLondonDay, londonDateOf } from '../dates';
import { refuse } from '../refusal';
import type { ActionCommandInput, ActionCommandName } from './commands';
import { deriveDue, planReminder, record, type ActionState } from './state';

/**
 * The action's commands as pure plans: each checks everything first and
 * either refuses with a reason (../refusal.ts, the API's 409) or returns the
 * change to apply. The workflow's Update validator runs the check alone; its
 * handler applies.
 */
export type ActionPlan<C extends ActionCommandName> = (state: ActionState, input: ActionCommandInput<C>, now: number) => () => void;

/** When the step happened: `at` or now; never in the future, never before the action started. */
function stepTime(state: ActionState, at: string | undefined, now: number): string {
  const when = at === undefined ? now : Date.parse(at);
  if (when > now) refuse(`"at" (${at}) is in the future`);
  const started = state.events[0]!.at;
  if (when < Date.parse(started)) refuse(`"at" (${at}) is before the action started (${started})`);
  return new Date(when).toISOString();
}

function requireOpen(state: ActionState): void {
  if (state.status === 'done') refuse(`the action was completed at ${state.completed!.at}`);
}

/** Completing: done, with the evidence's note; on time if before the end of the due date. */
export const complete: ActionPlan<'complete'> = (state, input, now) => {
  requireOpen(state);
  const at = stepTime(state, input.at, now);
  return () => {
    const late = Date.parse(at) >= endOfLondonDay(state.due);
    state.status = 'done';
    state.completed = { at, by: input.actor, noteId: input.noteId };
    delete state.reminderAt;
    record(state, 'completed', input.actor, at, now, { noteId: input.noteId, due: state.due, onTime: late ? 'no' : 'yes' });
  };
};

/** Reassigning: a new owner, with the reason's note. */
export const reassign: ActionPlan<'reassign'> = (state, input, now) => {
  requireOpen(state);
  if (input.owner === state.owner) refuse(`the action is already owned by ${state.owner}`);
  const at = stepTime(state, input.at, now);
  return () => {
    const from = state.owner;
    state.owner = input.owner;
    record(state, 'reassigned', input.actor, at, now, { from, to: input.owner, noteId: input.noteId });
  };
};

/** Extending: the due date moves later by working days, and the reminder with it. */
export const extend: ActionPlan<'extend'> = (state, input, now) => {
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
};
