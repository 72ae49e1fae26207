import { WorkingDayCalendar } from '../../calendar';
import { formatLong, type IsoDate } from '../../dates';
import { findDeadline, meetDeadline, startTimescale } from '../clocks';
import { close } from '../closing';
import type { ComplaintInput, ComplaintState } from '../state';
import { ACK_KEY, acknowledgementDetail, notify, OMBUDSMAN_DETAILS, record, refuse, requireOpen, stepTime, type Gate, type Plan } from './common';
import { answeredCorporate, triageCorporate, triageServiceRequest } from './kinds';
import { enterStage2 } from './stage2';

/**
 * Intake and triage: a complaint is logged on the day the receipt rule gives,
 * acknowledged (Luton 13.2, Rutland 10.1: within 3 working days) and triaged
 * into Stage 1, straight to Stage 2, the corporate procedure, a
 * representation, or not accepted (Luton 5.3-5.4, Rutland 2.2-2.4, 8.1).
 * The acknowledgement of a later stage's request is the same step.
 */

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
    // The officer who logs the case is its first assigned officer (the access rule, domain/access.ts).
    assignments: [{ id: input.actor, part: 'assigned-officer' }],
    ...(input.historyLimit ? { historyLimit: input.historyLimit } : {}),
    ...(input.wakeSpreadMs ? { wakeSpreadMs: input.wakeSpreadMs } : {}),
    ...(input.matterOccurredOn ? { matterOccurredOn: input.matterOccurredOn } : {}),
  };
  state.steps.received = state.receivedAt;
  record(state, 'received', input.actor, state.receivedAt, now);
  startTimescale(state, 'stage1.acknowledge', receivedOn, 'received', now);
  return state;
}

export function monthsBefore(date: IsoDate, months: number): IsoDate {
  const [y, m, d] = date.split('-').map(Number) as [number, number, number];
  const total = y * 12 + (m - 1) - months;
  const year = Math.floor(total / 12);
  const month = (total % 12) + 1;
  const lastDay = new Date(Date.UTC(year, month, 0)).getUTCDate();
  return `${year}-${String(month).padStart(2, '0')}-${String(Math.min(d, lastDay)).padStart(2, '0')}`;
}

/** What the case must be for this command, whatever its input: the plan's first check, and the case page's (../gates.ts). */
export const triageGate: Gate = (state) => {
  requireOpen(state);
  if (state.procedure !== 'untriaged') refuse(`the complaint was already triaged (${state.procedure})`);
};

export const triage: Plan<'triage'> = (state, input, now, rules) => {
  triageGate(state);
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
      return triageCorporate(state, input, at, now, rules);
    case 'service-request':
      return triageServiceRequest(state, input, at, now);
    case 'representation':
      if (!input.reason) refuse(`a decision of ${input.decision} needs a reason, given to the complainant in writing`);
      return () => {
        state.procedure = 'representation';
        state.steps.triaged = at;
        record(state, 'triaged', input.actor, at, now, input.note, { decision: input.decision });
        close(state, { kind: 'representation' }, at, now);
        notify(state, 'letter', 'representation-recorded', { reasons: input.reason! });
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

/** What the case must be for this command, whatever its input: the plan's first check, and the case page's (../gates.ts). */
export const acknowledgeGate = (state: ComplaintState) => {
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
  return key;
};

export const acknowledge: Plan<'acknowledge'> = (state, input, now) => {
  const key = acknowledgeGate(state);
  const follows = state.stage === 'stage1' ? 'received' : state.stage === 'stage2' ? 'stage2Requested' : 'stage3Requested';
  const at = stepTime(state, input, now, follows);
  return () => {
    meetDeadline(state, key, at);
    record(state, 'acknowledged', input.actor, at, now, input.note, { deadline: key });
    // A corporate complaint the team answers is acknowledged as one (BANES 8.5), with its own date.
    notify(state, 'letter', answeredCorporate(state) ? 'corporate-acknowledgement' : `${state.stage}-acknowledgement`, acknowledgementDetail(state, state.stage as 'stage1' | 'stage2' | 'stage3'));
  };
};
