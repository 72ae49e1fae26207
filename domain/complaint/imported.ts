import { markMissed, nextWake, takeDueReminders } from './clocks';
import { COMMAND_SCHEMAS, type CommandInput, type CommandName } from './commands';
import { londonDateOf } from '../dates';
import { CURRENT_RULES, type Rules } from './rules';
import type { ComplaintInput, ComplaintState, Notice } from './state';
import { withoutPastPromises } from './past';
import { applyLapses, initialState, notify, TransitionRefused, TRANSITIONS } from './transitions';
import { restartProgressAtImport } from './transitions/stage2-steps';

/**
 * A case started from another system's export: its history replayed through
 * the very same transitions, each step at the instant it really happened, so
 * its clocks are exactly where they would be had it started here. Pure (no
 * Temporal): the workflow builds its first state with it, and the API's dry
 * run checks a row with it before anything is started.
 */
export type ImportedStep = { [C in CommandName]: { command: C; input: CommandInput<C> & { at: string } } }[CommandName];

export interface ImportedHistory {
  /** The system the case came from (no personal data: a system's name). */
  source: string;
  /** The steps the case went through there, in the order they happened. */
  steps: ImportedStep[];
}

/** A replayed step the procedure refuses: which step, and why. */
export class ImportRefused extends TransitionRefused {
  constructor(
    readonly step: number,
    readonly command: CommandName,
    readonly reason: string,
  ) {
    super(`imported step ${step + 1} (${command}): ${reason}`);
  }
}

/** Guards the clock replay: a case has a few dozen clock events, never thousands. */
const MAX_CLOCK_EVENTS = 10_000;

/** The first state of a case: a new one, or one imported with its history. */
export function startingState(input: ComplaintInput, now: number, rules: Rules = CURRENT_RULES): ComplaintState {
  return input.imported ? replayImported(input as ComplaintInput & { imported: ImportedHistory }, now, rules) : initialState(input, now);
}

/**
 * Replays an imported case's history up to `present`. What the clock did
 * between steps (deadlines missed, windows lapsing) is replayed at the
 * instant it happened. Nothing the past owed is sent now: letters of
 * historical steps were the old system's to send, and reminders for days
 * gone by are dropped. What is owed now is: one breach alert per duty of the
 * current stage still undone past its due date; everything later (reminders,
 * alerts, a window lapsing after the last step) comes from the workflow's
 * loop as for any case.
 */
export function replayImported(input: ComplaintInput & { imported: ImportedHistory }, present: number, rules: Rules = CURRENT_RULES): ComplaintState {
  const received = Date.parse(input.receivedAt);
  if (!(received <= present)) throw new TransitionRefused(`receivedAt (${input.receivedAt}) is in the future`);
  const state = initialState(input, received);
  const replayed: string[] = [];
  // Letters of steps the officer asked to send (`sendLetter`), never promising a date gone.
  const kept: Notice[] = [];
  for (const [index, step] of input.imported.steps.entries()) {
    const parsed = COMMAND_SCHEMAS[step.command].safeParse(step.input);
    if (!parsed.success) {
      throw new ImportRefused(index, step.command, parsed.error.issues.map((i) => `${i.path.join('.') || '(input)'}: ${i.message}`).join('; '));
    }
    const at = Date.parse(step.input.at);
    if (!(at <= present)) throw new ImportRefused(index, step.command, `"at" (${step.input.at}) is in the future`);
    runClockUntil(state, at, rules);
    const seq = state.noticeSeq;
    try {
      (TRANSITIONS[step.command] as (s: ComplaintState, i: unknown, n: number, r: Rules) => () => void)(state, parsed.data, at, rules)();
    } catch (error) {
      if (error instanceof TransitionRefused) throw new ImportRefused(index, step.command, error.message);
      throw error;
    }
    if (parsed.data.sendLetter === true) kept.push(...state.outbox.filter((n) => n.id > seq && n.kind === 'letter'));
    replayed.push(`${step.command}@${new Date(at).toISOString()}`);
  }
  const lettersNotResent = state.outbox.filter((n) => n.kind === 'letter' && !kept.includes(n)).map((n) => n.subject);
  for (const letter of kept) withoutPastPromises(letter, londonDateOf(present));
  state.outbox = kept;
  for (const deadline of state.deadlines) deadline.reminders = deadline.reminders.filter((r) => r.at > present);
  restartProgressAtImport(state, present);
  const overdue = state.status === 'closed' ? [] : state.deadlines.filter((d) => d.kind === 'duty' && d.state === 'missed' && !d.metAt && d.key.startsWith(`${state.stage}.`));
  const at = new Date(present).toISOString();
  state.events.push({
    action: 'imported',
    actor: input.actor,
    at,
    recordedAt: at,
    detail: {
      source: input.imported.source,
      steps: replayed.join(' '),
      lettersNotResent: lettersNotResent.join(','),
      overdueAtImport: overdue.map((d) => `${d.key} due ${d.due}`).join(', '),
    },
  });
  for (const deadline of overdue) notify(state, 'breach-alert', deadline.key, { due: deadline.due, to: 'complaints-manager', overdueAtImport: true });
  return state;
}

/** What the workflow's loop would have done at each clock instant up to `until`; its letters and reminders belong to the past. */
function runClockUntil(state: ComplaintState, until: number, rules: Rules): void {
  for (let i = 0; i < MAX_CLOCK_EVENTS; i++) {
    const wake = nextWake(state);
    if (wake === undefined || wake > until) return;
    markMissed(state, wake);
    takeDueReminders(state, wake);
    applyLapses(state, wake, rules);
  }
}
