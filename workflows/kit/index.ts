/**
 * The Temporal plumbing every command-driven workflow (complaint, conduct,
 * actions) shares, written once: the refusal failure, input parsing and
 * plan-or-refuse, Update handlers and validators with applied-Update memory,
 * continue-as-new at the history limit, the outbox, records sync and search-attribute
 * publication on change.
 */
export { parseInput, planOrRefuse, TRANSITION_REFUSED } from './refusal';
export { registerCommands, type AppliedUpdates, type Commands } from './commands';
export { defineCommandUpdates } from './updates';
export { changeGate, continueAsNewAtLimit, DEFAULT_HISTORY_LIMIT, drainOutbox, syncWhenChanged } from './lifecycle';
