import { condition, getExternalWorkflowHandle, log, patched, proxyActivities, setHandler } from '@temporalio/workflow';
import type { Activities } from '../../activities';
import { deliveryOptions } from '../activity-options';
import { continueAsNewAtLimit, drainOutbox, registerCommands, syncWhenChanged } from '../kit';
import { discontinueCaseSignal } from '../complaint/messages';
import { applyConductCalendarChange } from '../../domain/conduct/calendar-change';
import type { ConductCommandName } from '../../domain/conduct/commands';
import { CONDUCT_TABLE } from '../../domain/conduct/table';
import { conductCalendarChangedSignal, conductUpdates, conductViewQuery } from './messages';
import { conductView, type ConductInput, type ConductState, type ConductView } from '../../domain/conduct/state';
import { applyExpiry, initialConductState, markNotified, nextConductWake, takeReviewReminder } from '../../domain/conduct/transitions';

export type ConductWorkflowInput = ConductInput | { continued: ConductState };

/** Failure type of a decision refused (the API's 409): the kit's one. */
export { TRANSITION_REFUSED as CONDUCT_TRANSITION_REFUSED } from '../kit';

/** Changes to what a running conduct workflow does, each asked of `patched()` where it first matters. */
export const CONDUCT_PATCHES = {
  /** Calendar changes reach the person's protocol and move its review reminder (before, the signal had no handler). */
  calendarChanges: 'conduct.calendar-changes',
} as const;

const { deliverNotice, fileConductRegister, listOpenCasesOfPerson } = proxyActivities<Activities>(deliveryOptions(['RecordsInputError']));

type AnyPlan = (s: ConductState, i: unknown, n: number) => () => void;

/**
 * One person's unreasonable-conduct protocol (Rutland appendix A, Luton 9),
 * id `conduct-<personId>`: warning, restrictions with a period and a review,
 * refusal of contact, discontinuing their investigations, lifting. Its timers
 * are each measure's expiry (00:00 London on the expiry date, when the
 * register stops counting it in force) and its review reminder (09:00
 * London). It runs for as long as the person may need one; idle, it costs
 * nothing.
 *
 * Input: the person's records-store id, their case, the council's current
 * calendar. Updates: one per decision (messages.ts), refused with
 * `TransitionRefused`. Signal: the council's calendar changed.
 */
export async function conductWorkflow(input: ConductWorkflowInput): Promise<ConductView> {
  const state: ConductState = 'continued' in input ? input.continued : initialConductState(input);
  let changes = 0;

  setHandler(conductViewQuery, () => conductView(state));
  registerCommands(state, {
    table: CONDUCT_TABLE,
    updates: conductUpdates,
    plan: (name: ConductCommandName, input, now) => (CONDUCT_TABLE[name].plan as AnyPlan)(state, input, now),
    view: () => conductView(state),
    changed: () => changes++,
  });

  setHandler(conductCalendarChangedSignal, (change) => {
    // conduct.calendar-changes: a signal an older worker buffered unhandled stays unapplied on replay.
    if (patched(CONDUCT_PATCHES.calendarChanges) && applyConductCalendarChange(state, change, Date.now())) changes++;
  });

  for (;;) {
    const seen = changes;
    const now = Date.now();
    applyExpiry(state, now);
    takeReviewReminder(state, now);

    await fileRegister(state);
    await drainOutbox(
      state.outbox,
      async (notice) => {
        await deliverNotice({ reference: state.reference, notice });
        markNotified(state, notice.id, new Date(Date.now()).toISOString());
      },
      (notice) => {
        log.warn('conduct notice undeliverable', { personId: state.personId, notice: notice.id, subject: notice.subject });
        const at = new Date(Date.now()).toISOString();
        state.events.push({ action: 'notice-undeliverable', actor: 'system', at, recordedAt: at, detail: { notice: notice.id, subject: notice.subject } });
      },
    );
    if (state.pendingDiscontinuation) await carryOutDiscontinuation(state);
    await fileRegister(state);

    await continueAsNewAtLimit<typeof conductWorkflow>(state.historyLimit, { continued: state });
    const wake = nextConductWake(state);
    if (wake === undefined) await condition(() => changes !== seen);
    else await condition(() => changes !== seen, Math.max(wake - Date.now(), 1));
  }
}

/**
 * Closes each of the person's open cases as discontinued: the records store
 * lists them, and each complaint workflow gets a signal it applies once (a
 * case already closed ignores it). A case whose workflow has ended is
 * reported, not retried.
 */
async function carryOutDiscontinuation(state: ConductState): Promise<void> {
  const pending = state.pendingDiscontinuation!;
  let references: string[];
  try {
    references = await listOpenCasesOfPerson({ personId: state.personId });
  } catch {
    // Retries exhausted: the decision stands on record, and staff may send it again.
    log.warn('open cases could not be listed', { personId: state.personId });
    delete state.pendingDiscontinuation;
    const at = new Date(Date.now()).toISOString();
    state.events.push({ action: 'discontinuation-failed', actor: 'system', at, recordedAt: at });
    return;
  }
  const cases: string[] = [];
  const unreachable: string[] = [];
  for (const reference of references) {
    try {
      await getExternalWorkflowHandle(reference).signal(discontinueCaseSignal, { actor: pending.actor, decidedAt: pending.decidedAt, personId: state.personId });
      cases.push(reference);
    } catch {
      unreachable.push(reference);
    }
  }
  state.discontinued.push({ ...pending, cases, unreachable });
  delete state.pendingDiscontinuation;
  const at = new Date(Date.now()).toISOString();
  state.events.push({ action: 'cases-discontinued', actor: 'system', at, recordedAt: at, detail: { cases: cases.join(','), unreachable: unreachable.join(',') } });
}

/** Keeps the register in the records store in step with the measures; writes only on change. */
async function fileRegister(state: ConductState): Promise<void> {
  const entries = [...state.past, ...(state.current ? [state.current] : [])].map(({ letter: _letter, reviewReminderAt: _reminder, ...m }) => m);
  if (entries.length === 0) return;
  const fingerprint = JSON.stringify(entries);
  const send = async () => {
    await fileConductRegister({ personId: state.personId, reference: state.reference, entries });
    state.registered = fingerprint;
  };
  await syncWhenChanged(fingerprint, state.registered, send, { message: 'conduct register not filed; retried at the next change', context: { personId: state.personId } });
}
