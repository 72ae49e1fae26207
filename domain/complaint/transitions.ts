import { WorkingDayCalendar } from '../calendar';
import { addDays, formatLong, londonDateOf, type IsoDate } from '../dates';
import {
  calendarOf,
  cancelClocks,
  extendDeadline,
  fallsDueAt,
  findDeadline,
  meetDeadline,
  pauseClocks,
  resumeClocks,
  startClock,
  startTimescale,
} from './clocks';
import type { CommandInput, CommandName, StepInput } from './commands';
import { close, closedWithWindow, deferredParts, releaseHeads, runningWindow, windowDetail } from './closing';
import { CURRENT_RULES, type Rules } from './rules';
import type { ComplaintInput, ComplaintState, Notice, Outcome, Stage } from './state';

/**
 * The procedure's rules, as pure functions of the state: each command checks
 * everything first and either refuses with a reason or returns the change to
 * apply. The workflow's Update validator runs the check alone; its handler
 * applies. No Temporal, no Node: unit-testable as it stands.
 */
export class TransitionRefused extends Error {
  override name = 'TransitionRefused';
}

function refuse(reason: string): never {
  throw new TransitionRefused(reason);
}

type Apply = () => void;
/** A command's plan; `rules` are the workflow's patched rules (rules.ts), the current ones by default. */
type Plan<C extends CommandName> = (state: ComplaintState, input: CommandInput<C>, now: number, rules?: Rules) => Apply;

const OMBUDSMAN_DETAILS =
  'Local Government and Social Care Ombudsman, PO Box 4771, Coventry CV4 0EH; 0300 061 0614; www.lgo.org.uk';

export function initialState(input: ComplaintInput, now: number): ComplaintState {
  const calendar = new WorkingDayCalendar(input.calendar);
  const receivedOn = calendar.receiptDate(Date.parse(input.receivedAt), input.policy.receipt);
  const state: ComplaintState = {
    reference: input.reference,
    receivedAt: new Date(Date.parse(input.receivedAt)).toISOString(),
    receivedOn,
    procedure: 'untriaged',
    stage: 'stage1',
    status: 'awaiting-triage',
    team: input.team,
    policy: input.policy,
    calendar: input.calendar,
    deadlines: [],
    heldHeads: [],
    findings: [],
    steps: {},
    events: [],
    outbox: [],
    noticeSeq: 0,
    ...(input.historyLimit ? { historyLimit: input.historyLimit } : {}),
    ...(input.matterOccurredOn ? { matterOccurredOn: input.matterOccurredOn } : {}),
  };
  state.steps.received = state.receivedAt;
  record(state, 'received', input.actor, state.receivedAt, now);
  startTimescale(state, 'stage1.acknowledge', receivedOn, 'received', now);
  return state;
}

// ---------------------------------------------------------------- helpers

function record(
  state: ComplaintState,
  action: string,
  actor: string,
  at: string,
  now: number,
  note?: string,
  detail?: Record<string, unknown>,
): void {
  state.events.push({
    action,
    actor,
    at,
    recordedAt: new Date(now).toISOString(),
    ...(note ? { note } : {}),
    ...(detail ? { detail } : {}),
  });
}

export function notify(state: ComplaintState, kind: Notice['kind'], subject: string, detail: Notice['detail'] = {}): void {
  state.noticeSeq += 1;
  state.outbox.push({ id: state.noticeSeq, kind, subject, detail });
}

/**
 * When the step happened: `at`, or now. Never in the future, never before
 * receipt, never before the step it follows.
 */
function stepTime(state: ComplaintState, input: StepInput, now: number, follows?: string): string {
  const at = input.at === undefined ? now : Date.parse(input.at);
  if (Number.isNaN(at)) refuse(`"at" is not a date-time: ${input.at}`);
  if (at > now) refuse(`"at" (${input.at}) is in the future`);
  if (at < Date.parse(state.receivedAt)) refuse(`"at" (${input.at}) is before receipt (${state.receivedAt})`);
  const after = follows ? state.steps[follows] : undefined;
  if (after && at < Date.parse(after)) refuse(`"at" (${input.at}) is before ${STEP_LABELS[follows!] ?? follows} (${after})`);
  return new Date(at).toISOString();
}

const STEP_LABELS: Record<string, string> = {
  received: 'receipt',
  triaged: 'triage',
  responded: 'the Stage 1 response',
  stage2Requested: 'the Stage 2 request',
  appointed: 'the appointment of the investigators',
  statementAgreed: 'the agreement of the statement of complaint',
  adjudicated: 'the adjudication',
  stage3Requested: 'the Stage 3 request',
  panelScheduled: 'the scheduling of the panel',
  panelHeld: 'the panel',
  panelReport: "the panel's report",
  hold: 'the hold',
  suspended: 'the suspension for early resolution',
  referred: 'the referral to the Ombudsman',
  lateRequest: 'the late request',
};

function outcomeText(outcome: Outcome | undefined): string {
  if (!outcome) return 'closed';
  return 'stage' in outcome ? `${outcome.kind} at ${outcome.stage}` : outcome.kind;
}

function requireOpen(state: ComplaintState): void {
  if (state.status === 'closed') refuse(`the case is closed (${outcomeText(state.outcome)})`);
}

function requireNotOnHold(state: ComplaintState): void {
  if (state.hold) refuse(`the case is on hold (${state.hold.reason}) since ${state.hold.since}: release the hold first`);
}

function requireStage(state: ComplaintState, stage: Stage): void {
  requireOpen(state);
  if (state.stage !== stage) refuse(`the case is at ${state.stage}, not ${stage}`);
}

function requireStatutory(state: ComplaintState): void {
  if (state.procedure === 'untriaged') refuse('the complaint has not been triaged yet');
}

/** After a closing letter: a letter for each part of the complaint still held (closing.ts). */
export function notifyDeferredHeads(state: ComplaintState): void {
  for (const detail of deferredParts(state)) notify(state, 'letter', 'part-deferred', detail);
}

function dateOf(at: string): IsoDate {
  return londonDateOf(Date.parse(at));
}

function monthsBefore(date: IsoDate, months: number): IsoDate {
  const [y, m, d] = date.split('-').map(Number) as [number, number, number];
  const total = y * 12 + (m - 1) - months;
  const year = Math.floor(total / 12);
  const month = (total % 12) + 1;
  const lastDay = new Date(Date.UTC(year, month, 0)).getUTCDate();
  return `${year}-${String(month).padStart(2, '0')}-${String(Math.min(d, lastDay)).padStart(2, '0')}`;
}

/** Stage 2 begins: request dated by the receipt rule, acknowledgement clock, and the response clock if it runs from the request. */
function enterStage2(state: ComplaintState, at: string, now: number): void {
  const requestedOn = calendarOf(state).receiptDate(Date.parse(at), state.policy.receipt);
  cancelClocks(state);
  state.stage = 'stage2';
  state.status = 'in-progress';
  state.stage2 = { requestedAt: at, requestedOn, replacements: 0, reports: [] };
  state.steps.stage2Requested = at;
  startTimescale(state, 'stage2.acknowledge', requestedOn, 'Stage 2 requested', now);
  if (state.policy.stage2ClockStart === 'request') startTimescale(state, 'stage2.respond', requestedOn, 'Stage 2 requested', now);
}

function enterStage3(state: ComplaintState, at: string, now: number): void {
  const requestedOn = calendarOf(state).receiptDate(Date.parse(at), state.policy.receipt);
  cancelClocks(state);
  state.stage = 'stage3';
  state.status = 'in-progress';
  state.stage3 = { requestedAt: at, requestedOn, adjournments: 0 };
  state.steps.stage3Requested = at;
  startTimescale(state, 'stage3.acknowledge', requestedOn, 'Review Panel requested', now);
  startTimescale(state, 'stage3.panel', requestedOn, 'Review Panel requested', now);
}

const ACK_KEY = { stage1: 'stage1.acknowledge', stage2: 'stage2.acknowledge', stage3: 'stage3.acknowledge' } as const;

// ---------------------------------------------------------------- the commands

const triage: Plan<'triage'> = (state, input, now) => {
  requireOpen(state);
  if (state.procedure !== 'untriaged') refuse(`the complaint was already triaged (${state.procedure})`);
  const at = stepTime(state, input, now, 'received');
  // The 12-month rule (Luton 5.4, Rutland 8.1) reads the matter's date wherever it was given:
  // at triage, or else when the complaint was logged. No patch: only cases started with an
  // intake date carry one, so histories from before it decide as they did.
  const matterOccurredOn = input.matterOccurredOn ?? state.matterOccurredOn;
  const given = input.matterOccurredOn === undefined && matterOccurredOn ? ' (as given when the complaint was logged)' : '';
  const cutOff = monthsBefore(state.receivedOn, state.policy.outOfTimeMonths);
  const late = matterOccurredOn !== undefined && matterOccurredOn < cutOff;
  if (matterOccurredOn && matterOccurredOn > state.receivedOn) {
    refuse(`matterOccurredOn (${matterOccurredOn})${given} is after the complaint was received (${state.receivedOn})`);
  }
  switch (input.decision) {
    case 'stage1':
    case 'stage2':
      if (late && !input.goodReasonForDelay) {
        refuse(
          `the grounds arose on ${formatLong(matterOccurredOn!)}${given}, more than ${state.policy.outOfTimeMonths} months before receipt: ` +
            'accept it only with goodReasonForDelay (and it can still be investigated), or decide not-accepted with out-of-time',
        );
      }
      return () => {
        state.procedure = 'statutory';
        state.steps.triaged = at;
        record(state, 'triaged', input.actor, at, now, input.note, { decision: input.decision, ...(late ? { acceptedLate: true } : {}) });
        if (input.decision === 'stage1') {
          state.status = 'in-progress';
          startTimescale(state, 'stage1.respond', state.receivedOn, 'received', now);
          if (state.policy.stage1Clarify) startTimescale(state, 'stage1.clarify', state.receivedOn, 'received', now);
        } else {
          enterStage2(state, state.receivedAt, now);
        }
      };
    case 'corporate':
    case 'representation':
      if (!input.reason) refuse(`a decision of ${input.decision} needs a reason, given to the complainant in writing`);
      return () => {
        state.procedure = input.decision === 'corporate' ? 'corporate' : 'representation';
        state.steps.triaged = at;
        record(state, 'triaged', input.actor, at, now, input.note, { decision: input.decision });
        close(state, input.decision === 'corporate' ? { kind: 'routed-out', to: 'corporate' } : { kind: 'representation' }, at, now);
        notify(state, 'letter', input.decision === 'corporate' ? 'routed-to-corporate-procedure' : 'representation-recorded', {
          reasons: input.reason!,
        });
      };
    case 'not-accepted': {
      if (!input.notAcceptedReason) refuse('a complaint not accepted needs notAcceptedReason');
      if (!input.reason) refuse('a complaint not accepted needs its reasons in writing (reason)');
      if (input.notAcceptedReason === 'out-of-time') {
        if (!matterOccurredOn) refuse('out-of-time needs matterOccurredOn, the date the grounds arose');
        if (!late) {
          refuse(
            `the grounds arose on ${formatLong(matterOccurredOn)}${given}, within ${state.policy.outOfTimeMonths} months of receipt on ${formatLong(state.receivedOn)}: not out of time`,
          );
        }
      }
      const why = input.notAcceptedReason;
      return () => {
        state.procedure = 'not-accepted';
        state.steps.triaged = at;
        record(state, 'triaged', input.actor, at, now, input.note, { decision: 'not-accepted', notAcceptedReason: why });
        close(state, { kind: 'not-accepted', reason: why }, at, now);
        notify(state, 'letter', 'not-accepted', { reason: why, reasons: input.reason!, ombudsman: OMBUDSMAN_DETAILS });
      };
    }
  }
};

const acknowledge: Plan<'acknowledge'> = (state, input, now) => {
  requireOpen(state);
  if (state.stage === 'closed') refuse('the case is closed');
  const key = ACK_KEY[state.stage];
  const deadline = findDeadline(state, key);
  if (!deadline || deadline.state === 'cancelled') refuse(`there is no ${key} step at this point`);
  const accepted = state.stage === 'stage2' ? state.stage2?.lateAcceptedAt : state.stage === 'stage3' ? state.stage3?.lateAcceptedAt : undefined;
  if (deadline.metAt && accepted) {
    refuse(`the ${state.stage} request was acknowledged at ${accepted} by the letter accepting the late request, which gave the dates: no further acknowledgement is due`);
  }
  if (deadline.metAt) refuse(`the ${state.stage === 'stage1' ? 'complaint' : `${state.stage} request`} was already acknowledged at ${deadline.metAt}`);
  const follows = state.stage === 'stage1' ? 'received' : state.stage === 'stage2' ? 'stage2Requested' : 'stage3Requested';
  const at = stepTime(state, input, now, follows);
  return () => {
    meetDeadline(state, key, at);
    record(state, 'acknowledged', input.actor, at, now, input.note, { deadline: key });
    notify(state, 'letter', `${state.stage}-acknowledgement`, acknowledgementDetail(state, state.stage as 'stage1' | 'stage2' | 'stage3'));
  };
};

const clarify: Plan<'clarify'> = (state, input, now) => {
  requireStage(state, 'stage1');
  requireNotOnHold(state);
  if (!state.policy.stage1Clarify) refuse(`this council's policy (${state.policy.id}) has no Stage 1 clarification step`);
  requireStatutory(state);
  const deadline = findDeadline(state, 'stage1.clarify');
  if (deadline?.metAt) refuse(`the complaint was already clarified at ${deadline.metAt}`);
  const at = stepTime(state, input, now, 'triaged');
  return () => {
    meetDeadline(state, 'stage1.clarify', at);
    record(state, 'clarified', input.actor, at, now, input.note);
  };
};

const extend: Plan<'extend'> = (state, input, now) => {
  requireOpen(state);
  requireNotOnHold(state);
  const deadline = findDeadline(state, input.deadline);
  if (!deadline || !(deadline.state === 'pending' || deadline.state === 'missed') || deadline.metAt) {
    refuse(`${input.deadline} is not running, so it cannot be extended`);
  }
  const at = stepTime(state, input, now, 'received');
  if (Date.parse(at) >= fallsDueAt(deadline)) {
    refuse(`${input.deadline} was due on ${formatLong(deadline.due)}: an extension must be agreed by then`);
  }
  const { extensions, timescales } = state.policy;
  switch (input.deadline) {
    case 'stage1.respond': {
      const total = deadline.extendedBy + input.workingDays;
      if (total > extensions.stage1MaxWorkingDays) {
        refuse(
          `an extension of ${input.workingDays} working days would bring Stage 1 extensions to ${total}, over the cap of ${extensions.stage1MaxWorkingDays} in policy ${state.policy.id}`,
        );
      }
      break;
    }
    case 'stage2.respond': {
      if (input.complainantAgreed !== true) refuse("a Stage 2 extension needs the complainant's agreement (complainantAgreed: true)");
      const total = timescales['stage2.respond'] + deadline.extendedBy + input.workingDays;
      if (total > extensions.stage2MaxTotalWorkingDays) {
        refuse(
          `an extension of ${input.workingDays} working days would make Stage 2 ${total} working days, over the limit of ${extensions.stage2MaxTotalWorkingDays}`,
        );
      }
      break;
    }
    case 'stage3.panel':
      if (input.complainantAgreed !== true) refuse("a later panel needs the complainant's agreement (complainantAgreed: true)");
      break;
    case 'stage3.finalResponse': {
      const total = timescales['stage3.finalResponse'] + deadline.extendedBy + input.workingDays;
      if (total > extensions.finalResponseDirectorDisagrees) {
        refuse(
          `an extension of ${input.workingDays} working days would make the final response ${total} working days, over the limit of ${extensions.finalResponseDirectorDisagrees}`,
        );
      }
      break;
    }
  }
  return () => {
    extendDeadline(state, deadline, input.workingDays, input.reason, now);
    record(state, 'extended', input.actor, at, now, input.note, {
      deadline: input.deadline,
      workingDays: input.workingDays,
      reason: input.reason,
      newDue: deadline.due,
      ...(input.complainantAgreed !== undefined ? { complainantAgreed: input.complainantAgreed } : {}),
    });
    notify(state, 'letter', 'extension', { deadline: input.deadline, newDue: deadline.due, reasons: input.reason });
  };
};

const respond: Plan<'respond'> = (state, input, now) => {
  requireStage(state, 'stage1');
  requireNotOnHold(state);
  requireStatutory(state);
  const deadline = findDeadline(state, 'stage1.respond');
  if (deadline?.metAt) refuse(`the Stage 1 response was already given at ${deadline.metAt}`);
  const at = stepTime(state, input, now, 'triaged');
  return () => {
    meetDeadline(state, 'stage1.respond', at);
    state.steps.responded = at;
    cancelClocks(state, ['stage1.clarify']);
    state.status = 'awaiting-escalation';
    const window = startTimescale(state, 'stage1.escalate', dateOf(at), 'Stage 1 response sent', now);
    record(state, 'responded', input.actor, at, now, input.note);
    notify(state, 'letter', 'stage1-response', { escalateBy: window.due });
  };
};

const escalate: Plan<'escalate'> = (state, input, now, rules = CURRENT_RULES) => {
  // Escalation cannot be blocked, not even by a hold: the new stage's clocks wait for the release.
  // Nor by closing: a case closed by staff keeps the window it had (rules.ts, escalateAfterClose).
  const reopening = closedWithWindow(state, rules);
  // Which stage the request is for: the next one after the last stage reached.
  const from: 'stage1' | 'stage2' | undefined =
    reopening ??
    (state.lateEscalation?.to === 'stage2' || state.stage === 'stage1' || (state.outcome?.kind === 'not-pursued' && state.outcome.stage === 'stage1')
      ? 'stage1'
      : state.lateEscalation?.to === 'stage3' || state.stage === 'stage2' || (state.outcome?.kind === 'not-pursued' && state.outcome.stage === 'stage2')
        ? 'stage2'
        : undefined);
  if (!from || (state.status === 'closed' && state.outcome?.kind !== 'not-pursued' && !reopening)) {
    refuse(state.status === 'closed' ? `the case is closed (${outcomeText(state.outcome)})` : `a ${state.stage} case cannot be escalated further: the Ombudsman is next`);
  }
  requireStatutory(state);
  const to = from === 'stage1' ? 'stage2' : 'stage3';
  const windowKey = from === 'stage1' ? 'stage1.escalate' : 'stage2.escalate';
  const responseKey = from === 'stage1' ? 'stage1.respond' : 'stage2.respond';
  const window = findDeadline(state, windowKey);
  const response = findDeadline(state, responseKey);
  // A request answers the response (or, with none given, follows the start of the stage): never dated before it.
  const follows = window ? (from === 'stage1' ? 'responded' : 'adjudicated') : from === 'stage1' ? 'triaged' : 'stage2Requested';
  const at = stepTime(state, input, now, follows);
  if (!window) {
    // No response yet: the complainant may go on once the response is overdue.
    if (!response || response.state !== 'missed') {
      refuse(
        `the ${from === 'stage1' ? 'Stage 1 response' : 'Stage 2 adjudication'} is not given and not overdue${response ? ` (due ${formatLong(response.due)})` : ''}: ` +
          'the complainant may ask for the next stage once it is given or once it is late',
      );
    }
  }
  const inWindow = !window || window.state === 'paused' || Date.parse(at) < fallsDueAt(window);
  if (inWindow || input.lateAcceptedReason) {
    return () => {
      if (window && inWindow) meetDeadline(state, windowKey, at);
      const wasLate = state.lateEscalation !== undefined;
      const requestedAt = state.lateEscalation?.requestedAt ?? at;
      // When the case had been closed (by staff, or by its lapsed window): the new stage's letter says it reopened.
      const closedAt = state.lateEscalation?.closedAt ?? (state.status === 'closed' ? state.closedAt : undefined);
      // The late request is decided: a later request is for the stage after this one.
      delete state.lateEscalation;
      delete state.outcome;
      delete state.closedAt;
      record(state, 'escalated', input.actor, at, now, input.note, {
        to,
        ...(inWindow ? {} : { late: true, lateAcceptedReason: input.lateAcceptedReason! }),
        ...(input.reasons ? { reasonsGiven: true } : {}),
        ...(closedAt ? { reopened: true } : {}),
      });
      if (to === 'stage2') enterStage2(state, requestedAt, now);
      else enterStage3(state, requestedAt, now);
      const entered = to === 'stage2' ? state.stage2! : state.stage3!;
      if (closedAt) entered.reopenedAfterClosedAt = closedAt;
      // Accepting a late request is its acknowledgement: the decision clock, 3 WD from the request, is met
      // now, and (rules.ts, lateAcceptanceLetter) the complainant gets the new stage's acknowledgement, which says so.
      const late = wasLate || (!inWindow && rules.lateAcceptanceLetter);
      if (late) meetDeadline(state, ACK_KEY[to], at);
      if (late && rules.lateAcceptanceLetter) {
        entered.lateAcceptedAt = at;
        notify(state, 'letter', `${to}-acknowledgement`, acknowledgementDetail(state, to));
      }
      if (state.hold) pauseClocks(state, dateOf(at), `${state.hold.reason} hold`, now);
    };
  }
  if (state.lateEscalation) {
    refuse(
      `a late request made at ${state.lateEscalation.requestedAt} already awaits a decision: accept it with lateAcceptedReason, or refuse it in writing with refuse-escalation`,
    );
  }
  // A late request is never ignored: it is recorded, and a manager must decide it.
  return () => {
    const requestedOn = calendarOf(state).receiptDate(Date.parse(at), state.policy.receipt);
    state.lateEscalation = { requestedAt: at, to, ...(state.status === 'closed' && state.closedAt ? { closedAt: state.closedAt } : {}) };
    state.steps.lateRequest = at;
    delete state.outcome;
    delete state.closedAt;
    state.stage = from;
    state.status = 'escalation-decision-due';
    startTimescale(state, ACK_KEY[to], requestedOn, `late request for ${to} (window closed ${formatLong(window!.due)})`, now);
    record(state, 'escalation-requested-late', input.actor, at, now, input.note, { to, windowClosed: window!.due });
    notify(state, 'breach-alert', 'late-escalation-needs-decision', { to, decideBy: findDeadline(state, ACK_KEY[to])!.due });
  };
};

/** What a new stage's acknowledgement letter says: by when, and whether the case was reopened or a late request accepted. */
function acknowledgementDetail(state: ComplaintState, stage: 'stage1' | 'stage2' | 'stage3'): Notice['detail'] {
  const respond = stage === 'stage1' ? findDeadline(state, 'stage1.respond') : stage === 'stage2' ? findDeadline(state, 'stage2.respond') : findDeadline(state, 'stage3.panel');
  const entered = stage === 'stage2' ? state.stage2 : stage === 'stage3' ? state.stage3 : undefined;
  return {
    respondBy: respond?.due ?? null,
    ...(entered?.reopenedAfterClosedAt ? { closedOn: dateOf(entered.reopenedAfterClosedAt) } : {}),
    ...(entered?.lateAcceptedAt ? { lateAccepted: true } : {}),
  };
}

const refuseEscalation: Plan<'refuse-escalation'> = (state, input, now, rules) => {
  requireNotOnHold(state);
  if (!state.lateEscalation) refuse('there is no late request for the next stage awaiting a decision');
  const { to } = state.lateEscalation;
  const at = stepTime(state, input, now, 'lateRequest');
  return () => {
    meetDeadline(state, ACK_KEY[to], at);
    record(state, 'escalation-refused', input.actor, at, now, input.note, { to });
    notify(state, 'letter', 'escalation-refused', { to, reasons: input.reasons, ombudsman: OMBUDSMAN_DETAILS });
    close(state, { kind: 'escalation-refused', stage: to === 'stage2' ? 'stage1' : 'stage2' }, at, now, rules);
    notifyDeferredHeads(state);
  };
};

const appointInvestigators: Plan<'appoint-investigators'> = (state, input, now) => {
  requireStage(state, 'stage2');
  requireNotOnHold(state);
  const { investigatingOfficer: io, independentPerson: ip } = input;
  if (io.id === ip.id) refuse('the Investigating Officer and the Independent Person must be different people');
  for (const [who, person] of [['Investigating Officer', io], ['Independent Person', ip]] as const) {
    if (state.team && person.team && person.team.toLowerCase() === state.team.toLowerCase()) {
      refuse(`the ${who} must be independent of the service complained about (${state.team})`);
    }
  }
  const stage2 = state.stage2!;
  const replacing = stage2.investigatingOfficer !== undefined;
  if (replacing && !input.replacementReason) {
    refuse(
      `investigators are already appointed (${stage2.investigatingOfficer!.id}, ${stage2.independentPerson!.id}): give replacementReason to replace them without restarting the clock`,
    );
  }
  const at = stepTime(state, input, now, replacing ? 'appointed' : 'stage2Requested');
  return () => {
    stage2.investigatingOfficer = io;
    stage2.independentPerson = ip;
    if (replacing) {
      stage2.replacements += 1;
      record(state, 'investigators-replaced', input.actor, at, now, input.note, {
        investigatingOfficer: io.id,
        independentPerson: ip.id,
        reason: input.replacementReason!,
      });
      return;
    }
    state.steps.appointed = at;
    record(state, 'investigators-appointed', input.actor, at, now, input.note, { investigatingOfficer: io.id, independentPerson: ip.id });
    if (state.policy.stage2Contact) startTimescale(state, 'stage2.contact', dateOf(at), 'investigators appointed', now);
  };
};

const contact: Plan<'contact'> = (state, input, now) => {
  requireStage(state, 'stage2');
  requireNotOnHold(state);
  if (!state.policy.stage2Contact) refuse(`this council's policy (${state.policy.id}) has no Stage 2 contact step`);
  if (!state.steps.appointed) refuse('the investigators are not appointed yet');
  const deadline = findDeadline(state, 'stage2.contact');
  if (deadline?.metAt) refuse(`the Investigating Officer already contacted the complainant at ${deadline.metAt}`);
  const at = stepTime(state, input, now, 'appointed');
  return () => {
    meetDeadline(state, 'stage2.contact', at);
    record(state, 'contacted', input.actor, at, now, input.note);
  };
};

const agreeStatement: Plan<'agree-statement'> = (state, input, now) => {
  requireStage(state, 'stage2');
  requireNotOnHold(state);
  if (!state.steps.appointed) refuse('the investigators are not appointed yet');
  if (state.stage2!.statementAgreedOn) refuse(`the statement of complaint was already agreed on ${formatLong(state.stage2!.statementAgreedOn)}`);
  const at = stepTime(state, input, now, 'appointed');
  return () => {
    const on = dateOf(at);
    state.stage2!.statementAgreedOn = on;
    state.steps.statementAgreed = at;
    record(state, 'statement-agreed', input.actor, at, now, input.note);
    if (state.policy.stage2ClockStart === 'statement-agreed') {
      startTimescale(state, 'stage2.respond', on, 'statement of complaint agreed', now);
    }
    notify(state, 'letter', 'stage2-statement-agreed', { respondBy: findDeadline(state, 'stage2.respond')?.due ?? null });
  };
};

const suspendForResolution: Plan<'suspend-for-resolution'> = (state, input, now) => {
  requireStage(state, 'stage2');
  requireNotOnHold(state);
  if (state.status === 'early-resolution') refuse(`the investigation is already suspended since ${state.earlyResolutionSince}`);
  if (state.status !== 'in-progress') refuse('only an investigation in progress can be suspended for early resolution');
  const at = stepTime(state, input, now, 'stage2Requested');
  return () => {
    state.status = 'early-resolution';
    state.earlyResolutionSince = at;
    state.steps.suspended = at;
    pauseClocks(state, dateOf(at), 'suspended for early resolution', now);
    record(state, 'suspended-for-resolution', input.actor, at, now, input.note);
  };
};

const resume: Plan<'resume'> = (state, input, now) => {
  requireStage(state, 'stage2');
  if (state.status !== 'early-resolution') refuse('the investigation is not suspended for early resolution');
  const at = stepTime(state, input, now, 'suspended');
  return () => {
    state.status = 'in-progress';
    delete state.earlyResolutionSince;
    resumeClocks(state, dateOf(at), now);
    record(state, 'resumed', input.actor, at, now, input.note);
  };
};

const submitReports: Plan<'submit-reports'> = (state, input, now) => {
  requireStage(state, 'stage2');
  requireNotOnHold(state);
  if (!state.steps.appointed) refuse('the investigators are not appointed yet');
  const already = input.reports.filter((r) => state.stage2!.reports.includes(r));
  if (already.length > 0) refuse(`already submitted: ${already.join(', ')}`);
  const at = stepTime(state, input, now, 'statementAgreed' in state.steps ? 'statementAgreed' : 'appointed');
  return () => {
    state.stage2!.reports.push(...input.reports);
    record(state, 'reports-submitted', input.actor, at, now, input.note, { reports: input.reports.join(',') });
  };
};

const adjudicate: Plan<'adjudicate'> = (state, input, now) => {
  requireStage(state, 'stage2');
  requireNotOnHold(state);
  if (state.status === 'early-resolution') refuse('the investigation is suspended for early resolution: resume it first');
  const missing = (['investigating-officer', 'independent-person'] as const).filter((r) => !state.stage2!.reports.includes(r));
  if (missing.length > 0) refuse(`the adjudication needs both reports; missing: ${missing.join(', ')}`);
  if (state.steps.adjudicated) refuse(`already adjudicated at ${state.steps.adjudicated}`);
  const at = stepTime(state, input, now, 'statementAgreed' in state.steps ? 'statementAgreed' : 'appointed');
  return () => {
    meetDeadline(state, 'stage2.respond', at);
    state.steps.adjudicated = at;
    state.status = 'awaiting-escalation';
    if (input.findings) state.findings.push({ stage: 'stage2', findings: input.findings, recordedAt: at });
    const window = startTimescale(state, 'stage2.escalate', dateOf(at), 'adjudication sent', now);
    record(state, 'adjudicated', input.actor, at, now, input.note);
    notify(state, 'letter', 'stage2-adjudication', { escalateBy: window.due });
  };
};

function checkPanelDate(state: ComplaintState, panelDate: IsoDate, at: string): WorkingDayCalendar {
  const calendar = calendarOf(state);
  if (!calendar.isWorkingDay(panelDate)) refuse(`${formatLong(panelDate)} is not a working day (${calendar.nonWorkingReason(panelDate)})`);
  if (panelDate <= dateOf(at)) refuse(`the panel date ${formatLong(panelDate)} must be after the day it is set`);
  const notice = calendar.subtractWorkingDays(panelDate, state.policy.timescales['stage3.notifyPanel']);
  if (notice < dateOf(at)) {
    refuse(
      `a panel on ${formatLong(panelDate)} leaves less than ${state.policy.timescales['stage3.notifyPanel']} working days' notice (it would be due by ${formatLong(notice)}): choose a later date`,
    );
  }
  return calendar;
}

function startPanelNotices(state: ComplaintState, panelDate: IsoDate, now: number): void {
  for (const key of ['stage3.notifyPanel', 'stage3.papers'] as const) {
    startClock(state, key, [{ op: 'before', anchor: panelDate, label: 'the panel', n: state.policy.timescales[key] }], now);
  }
}

const schedulePanel: Plan<'schedule-panel'> = (state, input, now) => {
  requireStage(state, 'stage3');
  requireNotOnHold(state);
  if (state.stage3!.panelDate) refuse(`the panel is already set for ${formatLong(state.stage3!.panelDate)}: adjourn it to set a new date`);
  const ip = state.stage2?.independentPerson;
  const members = input.members ?? [];
  if (ip && members.some((m) => m.id === ip.id)) refuse(`the Stage 2 Independent Person (${ip.id}) may not sit on the Review Panel`);
  const io = state.stage2?.investigatingOfficer;
  if (io && members.some((m) => m.id === io.id)) refuse(`the Stage 2 Investigating Officer (${io.id}) may not sit on the Review Panel`);
  const at = stepTime(state, input, now, 'stage3Requested');
  checkPanelDate(state, input.panelDate, at);
  const panel = findDeadline(state, 'stage3.panel')!;
  if (input.panelDate > panel.due) {
    refuse(
      `the panel must meet by ${formatLong(panel.due)} (${state.policy.timescales['stage3.panel']} working days after the request); a later date needs the complainant's agreement: extend stage3.panel first`,
    );
  }
  return () => {
    state.stage3!.panelDate = input.panelDate;
    if (input.members) state.stage3!.members = input.members;
    state.steps.panelScheduled = at;
    startPanelNotices(state, input.panelDate, now);
    record(state, 'panel-scheduled', input.actor, at, now, input.note, { panelDate: input.panelDate });
  };
};

function panelNotice<C extends 'notify-panel' | 'send-papers'>(key: 'stage3.notifyPanel' | 'stage3.papers', action: string): Plan<C> {
  return (state, input, now) => {
    requireStage(state, 'stage3');
    requireNotOnHold(state);
    if (!state.stage3!.panelDate) refuse('the panel date is not set yet');
    if (state.steps.panelHeld) refuse('the panel has already met');
    const deadline = findDeadline(state, key);
    if (deadline?.metAt) refuse(`already done at ${deadline.metAt}`);
    const at = stepTime(state, input, now, 'panelScheduled');
    return () => {
      meetDeadline(state, key, at);
      record(state, action, input.actor, at, now, input.note);
      if (key === 'stage3.notifyPanel') notify(state, 'letter', 'panel-date', { panelDate: state.stage3!.panelDate! });
    };
  };
}

const adjournPanel: Plan<'adjourn-panel'> = (state, input, now) => {
  requireStage(state, 'stage3');
  requireNotOnHold(state);
  if (!state.stage3!.panelDate) refuse('the panel date is not set yet');
  if (state.steps.panelHeld) refuse('the panel has already met');
  if (input.panelDate === state.stage3!.panelDate) refuse(`the panel is already set for ${formatLong(input.panelDate)}`);
  const at = stepTime(state, input, now, 'panelScheduled');
  checkPanelDate(state, input.panelDate, at);
  return () => {
    const previous = state.stage3!.panelDate!;
    state.stage3!.panelDate = input.panelDate;
    state.stage3!.adjournments += 1;
    startPanelNotices(state, input.panelDate, now);
    record(state, 'panel-adjourned', input.actor, at, now, input.note, { from: previous, to: input.panelDate, reason: input.reason });
  };
};

const recordPanel: Plan<'record-panel'> = (state, input, now) => {
  requireStage(state, 'stage3');
  requireNotOnHold(state);
  const panelDate = state.stage3!.panelDate;
  if (!panelDate) refuse('the panel date is not set yet');
  if (state.steps.panelHeld) refuse(`the panel already met on ${state.steps.panelHeld}`);
  const at = stepTime(state, input, now, 'panelScheduled');
  if (dateOf(at) !== panelDate) refuse(`the panel is set for ${formatLong(panelDate)}, not ${formatLong(dateOf(at))}: adjourn it if the date changed`);
  return () => {
    meetDeadline(state, 'stage3.panel', at);
    state.steps.panelHeld = at;
    if (input.findings) state.findings.push({ stage: 'stage3', findings: input.findings, recordedAt: at });
    startTimescale(state, 'stage3.panelReport', panelDate, 'panel met', now);
    record(state, 'panel-held', input.actor, at, now, input.note);
  };
};

const panelReport: Plan<'panel-report'> = (state, input, now) => {
  requireStage(state, 'stage3');
  requireNotOnHold(state);
  if (!state.steps.panelHeld) refuse('the panel has not met yet');
  if (state.steps.panelReport) refuse(`the panel's report was already received at ${state.steps.panelReport}`);
  const at = stepTime(state, input, now, 'panelHeld');
  return () => {
    meetDeadline(state, 'stage3.panelReport', at);
    state.steps.panelReport = at;
    startTimescale(state, 'stage3.finalResponse', dateOf(at), "panel's report received", now);
    record(state, 'panel-report-received', input.actor, at, now, input.note);
  };
};

const finalResponse: Plan<'final-response'> = (state, input, now, rules) => {
  requireStage(state, 'stage3');
  requireNotOnHold(state);
  if (!state.steps.panelReport) refuse("the panel's report has not been received yet");
  const at = stepTime(state, input, now, 'panelReport');
  return () => {
    meetDeadline(state, 'stage3.finalResponse', at);
    if (input.findings) state.findings.push({ stage: 'stage3', findings: input.findings, recordedAt: at });
    record(state, 'final-response', input.actor, at, now, input.note);
    notify(state, 'letter', 'stage3-final-response', { ombudsman: OMBUDSMAN_DETAILS });
    close(state, { kind: 'completed' }, at, now, rules);
    notifyDeferredHeads(state);
  };
};

const hold: Plan<'hold'> = (state, input, now, rules) => {
  requireOpen(state);
  requireStatutory(state);
  const at = stepTime(state, input, now, 'received');
  if (input.heads) {
    const already = input.heads.filter((h) => state.heldHeads.includes(h));
    if (already.length > 0) refuse(`already held: head ${already.join(', ')}`);
    return () => {
      state.heldHeads.push(...input.heads!);
      state.partialHolds = [...(state.partialHolds ?? []), ...input.heads!.map((head) => ({ head, reason: input.reason, since: at }))];
      record(state, 'heads-held', input.actor, at, now, input.note, { reason: input.reason, heads: input.heads!.join(',') });
    };
  }
  requireNotOnHold(state);
  if (state.status === 'early-resolution') refuse('the investigation is suspended for early resolution: resume it before a hold');
  return () => {
    state.hold = { reason: input.reason, since: at };
    state.steps.hold = at;
    pauseClocks(state, dateOf(at), `${input.reason} hold`, now, rules?.lateHolds ? Date.parse(at) : undefined);
    record(state, 'held', input.actor, at, now, input.note, { reason: input.reason });
    notify(state, 'letter', 'case-on-hold', { reason: input.reason });
  };
};

const releaseHold: Plan<'release-hold'> = (state, input, now) => {
  if (input.heads) {
    // A held part outlives closing (regulation 8), so it may be released on a closed case.
    const notHeld = input.heads.filter((h) => !state.heldHeads.includes(h));
    if (notHeld.length > 0) refuse(state.status === 'closed' && state.heldHeads.length === 0 ? `the case is closed (${outcomeText(state.outcome)})` : `not held: head ${notHeld.join(', ')}`);
    const at = stepTime(state, input, now, 'received');
    return () => {
      releaseHeads(state, input.heads!, at);
      record(state, 'heads-released', input.actor, at, now, input.note, { heads: input.heads!.join(',') });
    };
  }
  requireOpen(state);
  if (!state.hold) refuse('the case is not on hold');
  const at = stepTime(state, input, now, 'hold');
  return () => {
    const reason = state.hold!.reason;
    delete state.hold;
    resumeClocks(state, dateOf(at), now);
    record(state, 'hold-released', input.actor, at, now, input.note, { reason });
    notify(state, 'letter', 'case-resumed', {});
  };
};

const withdraw: Plan<'withdraw'> = (state, input, now) => {
  // The complainant's withdrawal is the one thing that ends a window a closed case kept open.
  const window = state.status === 'closed' ? runningWindow(state) : undefined;
  if (!window) requireOpen(state);
  const at = stepTime(state, input, now, 'received');
  if (window && state.closedAt && Date.parse(at) < Date.parse(state.closedAt)) refuse(`"at" (${input.at}) is before the case was closed (${state.closedAt})`);
  return () => {
    if (window) {
      cancelClocks(state, [window.key]);
      record(state, 'withdrawn', input.actor, at, now, input.note, { afterClose: true, window: window.key });
      notify(state, 'letter', 'withdrawal-confirmed', { afterClose: true, ...windowDetail(window) });
      return;
    }
    const stage = state.stage;
    record(state, 'withdrawn', input.actor, at, now, input.note);
    notify(state, 'letter', 'withdrawal-confirmed', {});
    close(state, { kind: 'withdrawn', stage }, at, now);
  };
};

const STAGE_ORDER = { stage1: 1, stage2: 2, stage3: 3 } as const;

const recordFindings: Plan<'record-findings'> = (state, input, now) => {
  const reached = state.stage3 ? 3 : state.stage2 ? 2 : 1;
  if (STAGE_ORDER[input.stage] > reached) refuse(`the case never reached ${input.stage}`);
  requireStatutory(state);
  const at = stepTime(state, input, now, 'received');
  return () => {
    state.findings.push({ stage: input.stage, findings: input.findings, recordedAt: at });
    record(state, 'findings-recorded', input.actor, at, now, input.note, { stage: input.stage, heads: input.findings.heads.length });
  };
};

const referToOmbudsman: Plan<'refer-to-ombudsman'> = (state, input, now) => {
  if (state.ombudsman && !state.ombudsman.decision) refuse(`already referred to the Ombudsman at ${state.ombudsman.referredAt}, awaiting a decision`);
  if (state.ombudsman) refuse(`the Ombudsman already decided this complaint (${state.ombudsman.decision})`);
  const at = stepTime(state, input, now, 'received');
  return () => {
    state.ombudsman = { referredAt: at, ...(input.ombudsmanReference ? { reference: input.ombudsmanReference } : {}) };
    state.steps.referred = at;
    record(state, 'referred-to-ombudsman', input.actor, at, now, input.note);
  };
};

const recordOmbudsmanDecision: Plan<'record-ombudsman-decision'> = (state, input, now) => {
  if (!state.ombudsman) refuse('the complaint has not been referred to the Ombudsman');
  if (state.ombudsman.decision) refuse(`the Ombudsman's decision is already recorded (${state.ombudsman.decision})`);
  const at = stepTime(state, input, now, 'referred');
  if (input.complianceDate && input.complianceDate <= dateOf(at)) refuse(`the compliance date ${formatLong(input.complianceDate)} must be after the decision`);
  return () => {
    const ombudsman = state.ombudsman!;
    ombudsman.decision = input.decision;
    ombudsman.decidedAt = at;
    if (input.recommendations?.length) ombudsman.recommendations = input.recommendations;
    if (input.complianceDate) {
      ombudsman.complianceDate = input.complianceDate;
      startClock(state, 'ombudsman.compliance', [{ op: 'on', date: input.complianceDate, label: "the Ombudsman's compliance date" }], now);
    }
    record(state, 'ombudsman-decision', input.actor, at, now, input.note, {
      decision: input.decision,
      remedies: input.remedies.map((r) => r.type).join(','),
    });
  };
};

const recordOmbudsmanCompliance: Plan<'record-ombudsman-compliance'> = (state, input, now) => {
  const deadline = findDeadline(state, 'ombudsman.compliance');
  if (!deadline) refuse('no Ombudsman compliance date is set');
  if (deadline.metAt) refuse(`compliance was already recorded at ${deadline.metAt}`);
  const at = stepTime(state, input, now, 'referred');
  return () => {
    meetDeadline(state, 'ombudsman.compliance', at);
    record(state, 'ombudsman-remedies-complied', input.actor, at, now, input.note);
  };
};

const closeCase: Plan<'close'> = (state, input, now, rules) => {
  requireOpen(state);
  requireNotOnHold(state);
  const resolvable =
    (state.status === 'awaiting-escalation' && (state.stage === 'stage1' || state.stage === 'stage2')) ||
    state.status === 'early-resolution';
  if (!resolvable) {
    refuse(
      'a case is closed as resolved only after a response (the complainant is satisfied) or during early resolution at Stage 2; otherwise it closes by its own steps',
    );
  }
  const at = stepTime(state, input, now, state.stage === 'stage1' ? 'responded' : 'stage2Requested');
  return () => {
    const stage = state.stage as 'stage1' | 'stage2';
    if (state.status === 'early-resolution') resumeClocks(state, dateOf(at), now);
    record(state, 'closed', input.actor, at, now, input.note, { outcome: 'resolved', stage });
    const window = close(state, { kind: 'resolved', stage }, at, now, rules);
    notify(state, 'letter', 'closed-resolved', { ombudsman: OMBUDSMAN_DETAILS, ...windowDetail(window) });
    notifyDeferredHeads(state);
  };
};

/** Every command's plan, by Update name. */
export const TRANSITIONS: { [C in CommandName]: Plan<C> } = {
  triage,
  acknowledge,
  clarify,
  extend,
  respond,
  escalate,
  'refuse-escalation': refuseEscalation,
  'appoint-investigators': appointInvestigators,
  contact,
  'agree-statement': agreeStatement,
  'suspend-for-resolution': suspendForResolution,
  resume,
  'submit-reports': submitReports,
  adjudicate,
  'schedule-panel': schedulePanel,
  'notify-panel': panelNotice('stage3.notifyPanel', 'panel-notified'),
  'send-papers': panelNotice('stage3.papers', 'papers-sent'),
  'adjourn-panel': adjournPanel,
  'record-panel': recordPanel,
  'panel-report': panelReport,
  'final-response': finalResponse,
  hold,
  'release-hold': releaseHold,
  withdraw,
  'record-findings': recordFindings,
  'refer-to-ombudsman': referToOmbudsman,
  'record-ombudsman-decision': recordOmbudsmanDecision,
  'record-ombudsman-compliance': recordOmbudsmanCompliance,
  close: closeCase,
};

/** The letter that tells the complainant a lapsed window closed the case, with the Ombudsman's details. */
export function notifyClosedNotPursued(state: ComplaintState): void {
  if (state.outcome?.kind !== 'not-pursued') return;
  notify(state, 'letter', 'closed-not-pursued', { stage: state.outcome.stage, ombudsman: OMBUDSMAN_DETAILS });
  notifyDeferredHeads(state);
}

/**
 * What the clock itself decides: a lapsed escalation window closes the case
 * as not pursued. Returns true when the state changed.
 */
export function applyLapses(state: ComplaintState, now: number, rules: Rules = CURRENT_RULES): boolean {
  if (state.status !== 'awaiting-escalation' || state.stage === 'closed' || state.stage === 'stage3') return false;
  const key = state.stage === 'stage1' ? 'stage1.escalate' : 'stage2.escalate';
  const window = findDeadline(state, key);
  if (window?.state !== 'missed') return false;
  const stage = state.stage;
  const at = new Date(now).toISOString();
  record(state, 'window-lapsed', 'system', at, now, undefined, { window: key, closedOn: window.due });
  close(state, { kind: 'not-pursued', stage }, at, now, rules);
  return true;
}

/**
 * When a closed case's workflow may end: a year after closing (the Ombudsman
 * takes complaints up to 12 months after the council's last word), and never
 * while an Ombudsman referral or its remedies are open.
 */
export function retainUntil(state: ComplaintState): number | undefined {
  if (state.status !== 'closed' || !state.closedAt) return undefined;
  // Never while the complainant may still ask for the next stage (a window kept open at closing).
  if (runningWindow(state)) return undefined;
  if (state.ombudsman && (!state.ombudsman.decision || findDeadline(state, 'ombudsman.compliance')?.state === 'pending')) return undefined;
  return Date.parse(`${addDays(dateOf(state.closedAt), 366)}T00:00:00Z`);
}

/**
 * The unreasonable-conduct protocol stops the investigation (Rutland appendix
 * A para 7): the case closes as discontinued, with a letter. Returns false
 * and changes nothing when the case is already closed, so a repeated signal
 * is harmless.
 */
export function discontinueCase(
  state: ComplaintState,
  input: { actor: string; decidedAt: string; personId: number },
  now: number,
  rules: Rules = CURRENT_RULES,
): boolean {
  if (state.status === 'closed' || state.stage === 'closed') return false;
  const at = new Date(now).toISOString();
  const stage = state.stage;
  record(state, 'discontinued', input.actor, at, now, undefined, { decidedAt: input.decidedAt, personId: input.personId, stage });
  // The conduct protocol stops the investigation, not the complainant's statutory right to the next stage.
  const window = close(state, { kind: 'discontinued', stage }, at, now, rules);
  notify(state, 'letter', 'closed-discontinued', { stage, ombudsman: OMBUDSMAN_DETAILS, ...(window ? { escalateBy: window.due } : {}) });
  notifyDeferredHeads(state);
  return true;
}
