import { findDeadline } from '../clocks';
import { CURRENT_RULES } from '../rules';
import type { ComplaintState } from '../state';
import { extend, extendGate, extensibleDeadline } from './holds';
import { notify, record, refuse, stepTime, type Gate, type Plan } from './common';

/**
 * A Stage 2 extension the council asks for and the complainant answers
 * (BANES 8.6; Kingston "Stage Two": Stage 2 takes longer than 25 working
 * days only with the complainant's agreement, and never more than 65). The request
 * changes no clock; an agreement applies it as `extend` does, with its
 * letter; a refusal leaves the clock where it was and alerts staff.
 */

const DEADLINE = 'stage2.respond';

/** What the case must be for this command, whatever its input: the plan's first check, and the case page's (../gates.ts). */
export const requestExtensionGate: Gate = (state, rules = CURRENT_RULES) => {
  if (rules.complainantActions === false) refuse('this case started before the council could ask the complainant for an extension');
  if (state.extensionRequest) refuse(`an extension asked for at ${state.extensionRequest.requestedAt} still awaits the complainant's answer`);
  // What `extend` checks of the case first, for the Stage 2 response (its checks come next in the plan, in this order).
  extendGate(state);
  extensibleDeadline(state, DEADLINE);
};

export const requestExtension: Plan<'request-extension'> = (state, input, now, rules = CURRENT_RULES) => {
  requestExtensionGate(state, rules);
  // Everything `extend` checks (a running Stage 2 clock, not on hold, before its due date, within the limit), as if agreed.
  const asAgreed = { actor: input.actor, deadline: DEADLINE, workingDays: input.workingDays, reason: input.reason, complainantAgreed: true, ...(input.at ? { at: input.at } : {}) } as const;
  extend(state, asAgreed, now, rules);
  const at = stepTime(state, input, now, 'received');
  const proposedDue = dueIfExtended(state, asAgreed, now);
  return () => {
    state.extensionRequest = { deadline: DEADLINE, workingDays: input.workingDays, reason: input.reason, requestedAt: at, proposedDue };
    record(state, 'extension-requested', input.actor, at, now, input.note, { deadline: DEADLINE, workingDays: input.workingDays, reason: input.reason, proposedDue });
    notify(state, 'letter', 'extension-request', { deadline: DEADLINE, workingDays: input.workingDays, reasons: input.reason, proposedDue, due: findDeadline(state, DEADLINE)!.due });
  };
};

/** What the case must be for this command, whatever its input: the plan's first check, and the case page's (../gates.ts). */
export const answerExtensionGate: Gate = (state, rules = CURRENT_RULES) => {
  if (rules.complainantActions === false) refuse('this case started before the complainant could answer an extension request');
  if (!state.extensionRequest) refuse('the council has asked for no extension that awaits an answer');
};

export const answerExtension: Plan<'answer-extension'> = (state, input, now, rules = CURRENT_RULES) => {
  answerExtensionGate(state, rules);
  const asked = state.extensionRequest!;
  const at = stepTime(state, input, now, 'received');
  if (Date.parse(at) < Date.parse(asked.requestedAt)) refuse(`"at" (${at}) is before the council asked (${asked.requestedAt})`);
  if (!input.agree) {
    return () => {
      delete state.extensionRequest;
      record(state, 'extension-declined', input.actor, at, now, input.note, { deadline: asked.deadline, workingDays: asked.workingDays });
      notify(state, 'breach-alert', 'extension-declined', { deadline: asked.deadline, workingDays: asked.workingDays, due: findDeadline(state, asked.deadline)!.due });
    };
  }
  // Agreed: the extension applies as asked, with its letter (holds.ts); refused if the clock has run out meanwhile.
  const apply = extend(state, { actor: input.actor, deadline: asked.deadline, workingDays: asked.workingDays, reason: asked.reason, complainantAgreed: true, at }, now, rules);
  return () => {
    delete state.extensionRequest;
    record(state, 'extension-agreed', input.actor, at, now, input.note, { deadline: asked.deadline, workingDays: asked.workingDays });
    apply();
  };
};

/** The due date the extension would bring, worked out on a copy. */
function dueIfExtended(state: ComplaintState, input: Parameters<typeof extend>[1], now: number): string {
  const copy = JSON.parse(JSON.stringify(state)) as ComplaintState;
  extend(copy, input, now)();
  return findDeadline(copy, DEADLINE)!.due;
}
