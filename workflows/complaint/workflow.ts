import { condition, log, patched, proxyActivities, setCurrentDetails, setHandler, upsertMemo, upsertSearchAttributes } from '@temporalio/workflow';
import type { Activities } from '../../activities';
import { deliveryOptions } from '../activity-options';
import { changeGate, continueAsNewAtLimit, drainOutbox, planOrRefuse, registerCommands, syncWhenChanged } from '../kit';
import { snapshotFromState } from '../../domain/complaint/snapshot';
import { clockPass, firstState } from '../../domain/complaint/opening';
import { pendingActions } from '../../domain/actions/pending';
import { startActionPlans } from '../actions/start';
import { applyCalendarChange } from '../../domain/complaint/calendar-change';
import { fallsDueAt, headline, nextPendingDuty, nextWake } from '../../domain/complaint/clocks';
import type { CommandName, StepInput } from '../../domain/complaint/commands';
import { COMMAND_TABLE } from '../../domain/complaint/table';
import { accessFactsQuery, actionCompletedSignal, openCommandsQuery, calendarChangedSignal, caseViewQuery, discontinueCaseSignal, commandUpdates, restingQuery, type Resting } from './messages';
import { actionCompleted } from '../../domain/complaint/transitions/letters';
import { accessFactsOf } from '../../domain/complaint/parties';
import { markByComplainant } from '../../domain/complaint/complainant';
import {
  ComplaintProcedure,
  ComplaintStage,
  ComplaintStatus,
  ComplaintTeam,
  NextDeadlineDate,
  NextDeadlineDue,
  NextDeadlineKey,
  OnHold,
  Overdue,
  OverdueKey,
  OverdueSince,
} from './search-attributes';
import { caseView, type CaseView, type ComplaintInput, type ComplaintState } from '../../domain/complaint/state';
import { CURRENT_RULES, type Rules } from '../../domain/complaint/rules';
import { openCommands } from '../../domain/complaint/gates';
import { afterStep, graceWake, honestBackdate, recordBackdate } from '../../domain/complaint/past';
import { discontinueCase, retainUntil } from '../../domain/complaint/transitions';
import { currentDetailsOf, timerSummaryOf } from '../../domain/complaint/cockpit';
import { spreadWake } from '../../domain/complaint/wake-spread';

/** Failure type of a command refused (the API's 409): the kit's one. */
export { TRANSITION_REFUSED } from '../kit';

export type ComplaintWorkflowInput = ComplaintInput | { continued: ComplaintState };

/**
 * Changes to deployed workflow code, each behind `patched()` so histories
 * recorded before it replay unchanged (test/replay). Lifecycle: patched →
 * deprecatePatch once no running case predates it → removed.
 */
export const PATCHES = {
  /** A letter when a lapsed escalation window closes the case (v1 sent none). */
  windowLapseLetter: 'complaint.window-lapse-letter',
  /** The case file in the system of record, synced after every change (v1 had none). */
  recordsSync: 'complaint.records-sync',
  /** Each recommendation followed by an action workflow of its own (v2 had none). */
  actionPlans: 'complaint.action-plans',
  /** Closing by staff keeps the escalation window; a request in it reopens the case (v3 cancelled it). */
  escalateAfterClose: 'complaint.escalate-after-close',
  /** Accepting a late request sends the new stage's acknowledgement (v3 sent no letter). */
  lateAcceptanceLetter: 'complaint.late-acceptance-letter',
  /** Partially held heads survive closing, with a letter (v3 dropped them). */
  partialHoldsSurviveClose: 'complaint.partial-holds-survive-close',
  /** Steps logged for the past: a grace period, letters held back, alerts corrected, no lapse letter after a request (v3 judged at once). */
  pastSteps: 'complaint.past-steps',
  /** A hold logged late pauses the duties it stopped before they ran out (v3 paused only pending clocks). */
  lateHolds: 'complaint.late-holds',
  /** Search attributes that say what is overdue and show the window's end (v3 upserted a bare Overdue flag). */
  overdueSaysWhat: 'complaint.overdue-says-what',
  /** A backdated step that takes a deadline shown missed out of "missed" needs a manager's reason, kept on its event (v4 took it silently). */
  backdateNeedsReason: 'complaint.backdate-needs-reason',
  /** Adjourning a panel keeps a notice already missed on the record (v5 replaced it silently). */
  adjournKeepsMisses: 'complaint.adjourn-keeps-misses',
  /** Response letters list the stage's findings, remedies and actions (v7 sent cover notes). */
  lettersCarryFindings: 'complaint.letters-carry-findings',
  /** A panel's report keeps its recommendations: sent to the complainant on a 5-day clock, decided on one by one (v7 kept none). */
  panelRecommendations: 'complaint.panel-recommendations',
  /** A corporate complaint answered by the team under a policy that says so (v7 always routed it out). */
  corporateAnswered: 'complaint.corporate-answered',
  /** A complaint refused for court proceedings taken up again when they end (v7 had no such command). */
  takeUpAgain: 'complaint.take-up-again',
  /** Appointing or replacing the Stage 2 investigators sends the complainant a letter naming them (v7 sent none). */
  stage2AppointedLetter: 'complaint.stage2-appointed-letter',
  /** The agreed statement starts the Stage 2 progress-update clock (v7 had none). */
  stage2Progress: 'complaint.stage2-progress',
  /** The complainant acts on their own case, events marked `by: complainant`; the council asks for a Stage 2 extension (v8 had neither). */
  complainantActions: 'complaint.complainant-actions',
  /** A case opened by the API starts at the instant the API answered its creation with (v9 started at its first task). */
  openedAt: 'complaint.opened-at',
  /** The Temporal UI's current details say the stage, its day count and the next date (v9 set none). */
  currentDetails: 'complaint.current-details',
  /** Each timer is labelled with the deadline or reminder it waits for (v9's had no summary). */
  timerSummaries: 'complaint.timer-summaries',
  /** A case given a spread window wakes for its clocks at an offset of its own, and judges them at their instant (v9 woke on the instant). */
  wakeSpread: 'complaint.wake-spread',
} as const;

/**
 * The rules a handler applies, each asked of `patched()` only when a
 * transition reads it, so a marker is recorded where the rule first
 * mattered. Validators are not replayed and use CURRENT_RULES, which is what
 * `patched()` answers outside replay.
 */
function patchedRules(): Rules {
  return {
    get escalateAfterClose() {
      return patched(PATCHES.escalateAfterClose);
    },
    get lateAcceptanceLetter() {
      return patched(PATCHES.lateAcceptanceLetter);
    },
    get partialHoldsSurviveClose() {
      return patched(PATCHES.partialHoldsSurviveClose);
    },
    get lateHolds() {
      return patched(PATCHES.lateHolds);
    },
    get backdateNeedsReason() {
      return patched(PATCHES.backdateNeedsReason);
    },
    get adjournKeepsMisses() {
      return patched(PATCHES.adjournKeepsMisses);
    },
    get lettersCarryFindings() {
      return patched(PATCHES.lettersCarryFindings);
    },
    get panelRecommendations() {
      return patched(PATCHES.panelRecommendations);
    },
    get corporateAnswered() {
      return patched(PATCHES.corporateAnswered);
    },
    get takeUpAgain() {
      return patched(PATCHES.takeUpAgain);
    },
    get stage2AppointedLetter() {
      return patched(PATCHES.stage2AppointedLetter);
    },
    get stage2Progress() {
      return patched(PATCHES.stage2Progress);
    },
    get complainantActions() {
      return patched(PATCHES.complainantActions);
    },
  };
}

const { deliverNotice, syncRecords } = proxyActivities<Activities>(deliveryOptions());

type Transition = (s: ComplaintState, i: unknown, n: number, r: Rules) => () => void;

/**
 * One complaint, from receipt to closure and beyond (a closed case still takes
 * a late escalation or an Ombudsman referral for a year). Its timers are the
 * statutory working-day deadlines of the policy it started with.
 *
 * Input: the reference (also the workflow id), receipt instant, policy and
 * calendar, pinned for the life of the case. Updates: one per command
 * (messages.ts), refused with `TransitionRefused`. Result: the final case view.
 */
export async function complaintWorkflow(input: ComplaintWorkflowInput): Promise<CaseView> {
  // complaint.opened-at: a case the API opened is built, and its clocks first looked at, at that instant (asked only of such an input).
  let openedAt = !('continued' in input) && input.openedAt !== undefined && patched(PATCHES.openedAt) ? Date.parse(input.openedAt) : undefined;
  const state: ComplaintState = 'continued' in input ? input.continued : openCase(input, openedAt ?? Date.now());
  // Bumped by every accepted change so the main loop re-plans its single timer.
  let changes = 0;
  const publish = searchAttributePublisher();

  // complaint.wake-spread: the clock instant the loop sleeps past, its pass not yet run (wake-spread.ts).
  let owedPass: number | undefined;
  const behind = () => owedPass !== undefined && Date.now() >= owedPass;
  const passAt = (on: ComplaintState, at: number, rules: Rules) =>
    clockPass(on, at, { pastSteps: patched(PATCHES.pastSteps), windowLapseLetter: () => patched(PATCHES.windowLapseLetter), rules });
  // A command, signal or read after a clock's instant but before the case's spread wake finds the case as that
  // instant's pass leaves it, as when it woke on the instant: what is missed, lapsed or late never moves.
  const catchUp = () => {
    if (!behind()) return;
    const at = owedPass!;
    owedPass = undefined;
    passAt(state, at, patchedRules());
    publish(state);
    changes++;
  };
  // A validator may not change the case: it plans on a copy with the pass run (the state is plain JSON). A query
  // cannot tell the time (a workflow's clock moves only with its tasks), so reads show the pass once it has run.
  const caughtUp = (): ComplaintState => {
    if (!behind()) return state;
    const copy = JSON.parse(JSON.stringify(state)) as ComplaintState;
    clockPass(copy, owedPass!, { pastSteps: true, windowLapseLetter: () => true, rules: CURRENT_RULES });
    return copy;
  };

  setHandler(caseViewQuery, () => caseView(state));
  // A query is never replayed: adding it needs no patch.
  setHandler(accessFactsQuery, () => accessFactsOf(state));
  // The validators' rules (CURRENT_RULES, as registerCommands' validator plans with them): the commands an Update would not refuse for the case alone.
  setHandler(openCommandsQuery, () => openCommands(state, CURRENT_RULES));
  // Set while the main loop waits for its next wake with nothing in flight.
  let resting: Resting | undefined;
  setHandler(restingQuery, () => resting ?? { until: undefined });

  registerCommands(state, {
    table: COMMAND_TABLE,
    updates: commandUpdates,
    plan: (name: CommandName, input, now, validating) => {
      const rules = validating ? CURRENT_RULES : patchedRules();
      const plan = COMMAND_TABLE[name].plan as Transition;
      if (!validating) catchUp();
      const on = validating ? caughtUp() : state;
      const apply = plan(on, input, now, rules);
      // complaint.backdate-needs-reason: a step backdated over a deadline shown missed needs a manager's reason.
      const backdate = honestBackdate(on, input as StepInput, now, (copy) => plan(copy, input, now, rules)(), rules);
      if (validating) return apply;
      return () => {
        const seq = state.noticeSeq;
        const fromEvent = state.events.length;
        apply();
        // complaint.complainant-actions: the complainant's own act is marked so staff and the chronology see who did it (asked only of such an input).
        if ((input as StepInput).by === 'complainant' && rules.complainantActions) markByComplainant(state, fromEvent);
        if (backdate) recordBackdate(state, fromEvent, backdate);
        // complaint.past-steps: letters of past days held back unless asked for, no promise of a date gone, wrong alerts corrected.
        if (patched(PATCHES.pastSteps)) afterStep(state, input as StepInput, seq, Date.now());
      };
    },
    view: () => caseView(caughtUp()),
    changed: () => changes++,
  });

  setHandler(calendarChangedSignal, (change) => {
    catchUp();
    if (applyCalendarChange(state, change, Date.now())) changes++;
  });

  // A new signal: histories from before it never carry one, so no patch is needed.
  setHandler(discontinueCaseSignal, (input) => {
    catchUp();
    if (discontinueCase(state, input, Date.now(), patchedRules())) changes++;
  });

  // A new signal (BANES 9.4: the complainant told when a stage's action plan is done): histories from before it never carry one.
  setHandler(actionCompletedSignal, (input) => {
    catchUp();
    if (actionCompleted(state, input, Date.now())) changes++;
  });

  for (;;) {
    // Changes made while this pass awaits an activity wake the next pass at once.
    const seen = changes;
    // The first pass of a case the API opened at the same instant as the API's answer (opening.ts); after a spread
    // wake, the instant the clock was for (complaint.wake-spread); else the clock's own.
    const now = openedAt ?? (behind() ? owedPass! : Date.now());
    openedAt = undefined;
    owedPass = undefined;
    // complaint.past-steps: alerts and lapses wait for the grace period's end, when the whole history is in.
    const past = patched(PATCHES.pastSteps);
    // complaint.window-lapse-letter: cases from before it send no letter when a window lapses.
    clockPass(state, now, { pastSteps: past, windowLapseLetter: () => patched(PATCHES.windowLapseLetter), rules: patchedRules() });
    publish(state);
    // complaint.current-details: the operators' line in the Temporal UI (a payload, so encrypted by the codec; no personal data in it).
    if (patched(PATCHES.currentDetails)) setCurrentDetails(currentDetailsOf(state, now));

    // The case file first, so every letter finds the case it belongs to.
    if (patched(PATCHES.recordsSync)) await syncCaseFile(state);
    // complaint.action-plans: started after the sync, so each action finds its case on file.
    if (pendingActions(state).length > 0 && patched(PATCHES.actionPlans)) await startActionPlans(state);

    // Letters, reminders and alerts owed: delivered in order, each once (the
    // activity's idempotency key is the reference and the notice id).
    await drainOutbox(
      state.outbox,
      (notice) => deliverNotice({ reference: state.reference, notice }),
      (notice) => {
        // Retries exhausted: the failure is on the case's record.
        log.warn('notice undeliverable', { reference: state.reference, notice: notice.id, subject: notice.subject });
        const at = new Date(Date.now()).toISOString();
        state.events.push({ action: 'notice-undeliverable', actor: 'system', at, recordedAt: at, detail: { notice: notice.id, kind: notice.kind, subject: notice.subject } });
      },
      // A request recorded for the window while earlier notices went out: its lapse letter is void.
      (notice) => notice.subject === 'closed-not-pursued' && state.outcome?.kind !== 'not-pursued' && patched(PATCHES.pastSteps),
    );

    // complaint.take-up-again: a case refused for court proceedings is kept longer, to be taken up again (asked only of such a case).
    const endAt = retainUntil(state, patchedRules());
    if (endAt !== undefined && Date.now() >= endAt) break;
    await continueAsNewAtLimit<typeof complaintWorkflow>(state.historyLimit, { continued: state });
    let clock = nextWake(state);
    /** The instant the clock's wake is for (its timer's label names it, wherever the spread puts the wake). */
    const clockInstant = clock;
    // complaint.wake-spread: a clock's wake at the case's own offset in its window, so cases due at the same
    // midnight do not all wake at once (asked only of a case given a window, while a clock runs).
    if (clock !== undefined && clock > Date.now() && (state.wakeSpreadMs ?? 0) > 0 && patched(PATCHES.wakeSpread)) {
      owedPass = clock;
      clock = spreadWake(state.reference, clock, state.wakeSpreadMs);
    }
    const graceUntil = past ? graceWake(state, Date.now()) : undefined;
    const wake = [clock, endAt, graceUntil].filter((t): t is number => t !== undefined);
    const at = wake.length === 0 ? undefined : Math.min(...wake);
    const wait = at === undefined ? undefined : Math.max(at - Date.now(), 1);
    resting = wait === undefined ? { until: null } : { until: Date.now() + wait };
    if (wait === undefined) await condition(() => changes !== seen);
    // complaint.timer-summaries: the timer names what it waits for, in the UI's timeline (a payload, encrypted like the rest).
    else if (patched(PATCHES.timerSummaries)) await condition(() => changes !== seen, wait, { summary: timerSummaryOf(state, at === clock ? clockInstant! : at!, { retainUntil: endAt, graceUntil }) });
    else await condition(() => changes !== seen, wait);
    resting = undefined;
  }
  return caseView(state);
}

/**
 * The first state of a new case (opening.ts): its history replayed, and,
 * when created with a grace period, no judgement until it ends.
 */
function openCase(input: ComplaintInput, now: number): ComplaintState {
  return planOrRefuse(() => firstState(input, now, patchedRules(), () => patched(PATCHES.pastSteps)));
}

/**
 * Stores what changed since the last sync in the system of record. The
 * fingerprint is part of the state, so continue-as-new and replay agree on
 * what is synced. A records store that stays down does not stop the case:
 * the next change syncs again.
 */
async function syncCaseFile(state: ComplaintState): Promise<void> {
  const fingerprint = JSON.stringify([
    state.events.length,
    state.stage,
    state.status,
    state.outcome ?? null,
    state.hold ?? null,
    state.findings.length,
    state.ombudsman ?? null,
    state.deadlines.map((d) => [d.key, d.due, d.state, d.metAt ?? null]),
  ]);
  const send = async () => {
    // Taken before the await: a command applied meanwhile is synced by the next pass.
    const snapshot = snapshotFromState(state, { sinceSeq: state.records?.syncedEvents ?? 0 });
    await syncRecords(snapshot);
    state.records = { fingerprint, syncedEvents: snapshot.events.length + (state.records?.syncedEvents ?? 0) };
  };
  await syncWhenChanged(fingerprint, state.records?.fingerprint, send, { message: 'records sync failed; it is retried at the next change', context: { reference: state.reference } });
}

/**
 * Keeps the operators' search attributes and memo in step with the state,
 * upserting only on change so an unchanged case adds no history events.
 * Never personal data: these are stored unencrypted.
 */
function searchAttributePublisher(): (state: ComplaintState) => void {
  const changed = changeGate();
  return (state) => {
    // complaint.overdue-says-what: an upsert is a command, so cases from before it upsert as they did.
    if (!patched(PATCHES.overdueSaysWhat)) return publishV3(state);
    const { next, overdue } = headline(state.deadlines);
    if (!changed([state.stage, state.status, state.procedure, state.team ?? null, next, state.hold !== undefined, overdue])) return;
    upsertSearchAttributes([
      { key: ComplaintStage, value: state.stage },
      { key: ComplaintStatus, value: state.status },
      { key: ComplaintProcedure, value: state.procedure },
      { key: ComplaintTeam, value: state.team ?? null },
      { key: NextDeadlineKey, value: next ? next.key : null },
      { key: NextDeadlineDue, value: next ? new Date(next.fallsDueAt) : null },
      { key: NextDeadlineDate, value: next ? next.due : null },
      { key: OnHold, value: state.hold !== undefined },
      { key: Overdue, value: overdue !== null },
      { key: OverdueKey, value: overdue ? overdue.key : null },
      { key: OverdueSince, value: overdue ? new Date(overdue.since) : null },
    ]);
    upsertMemo({ reference: state.reference, stage: state.stage });
  };

  /** The v3 attributes, for histories recorded before complaint.overdue-says-what. */
  function publishV3(state: ComplaintState): void {
    const next = nextPendingDuty(state);
    const overdue = state.deadlines.some((d) => d.kind === 'duty' && d.state === 'missed');
    if (!changed([state.stage, state.status, state.procedure, state.team ?? null, next?.key ?? null, next?.due ?? null, state.hold !== undefined, overdue])) return;
    upsertSearchAttributes([
      { key: ComplaintStage, value: state.stage },
      { key: ComplaintStatus, value: state.status },
      { key: ComplaintProcedure, value: state.procedure },
      { key: ComplaintTeam, value: state.team ?? null },
      { key: NextDeadlineKey, value: next ? next.key : null },
      { key: NextDeadlineDue, value: next ? new Date(fallsDueAt(next)) : null },
      { key: OnHold, value: state.hold !== undefined },
      { key: Overdue, value: overdue },
    ]);
    upsertMemo({ reference: state.reference, stage: state.stage });
  }
}
