import type { WorkingDayCalendar } from '../../calendar';
import { formatLong, type IsoDate } from '../../dates';
import { calendarOf, cancelClocks, findDeadline, meetDeadline, startClock, startTimescale } from '../clocks';
import { firstRefusal } from '../independence';
import type { ComplaintState } from '../state';
import {
  dateOf,
  notify,
  record,
  refuse,
  requireNotOnHold,
  requireStage,
  stepTime,
  type Gate,
  type Plan,
} from './common';

/**
 * Stage 3, the Review Panel: three independent members, one the Chair
 * (Luton 18.4), none of them Stage 2's investigators, meeting within 30 working
 * days of the request (Luton 19.1), with notice and papers at least 10
 * working days before (Rutland 10.1, Luton 18.6). Its report and the
 * Director's final response are in stage3end.ts.
 */

export function enterStage3(state: ComplaintState, at: string, now: number): void {
  const requestedOn = calendarOf(state).receiptDate(Date.parse(at), state.policy.receipt);
  cancelClocks(state);
  state.stage = 'stage3';
  state.status = 'in-progress';
  state.stage3 = { requestedAt: at, requestedOn, adjournments: 0 };
  state.steps.stage3Requested = at;
  startTimescale(state, 'stage3.acknowledge', requestedOn, 'Review Panel requested', now);
  startTimescale(state, 'stage3.panel', requestedOn, 'Review Panel requested', now);
}

export function checkPanelDate(state: ComplaintState, panelDate: IsoDate, at: string): WorkingDayCalendar {
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

const PANEL_NOTICES = ['stage3.notifyPanel', 'stage3.papers'] as const;

export function startPanelNotices(state: ComplaintState, panelDate: IsoDate, now: number): void {
  for (const key of PANEL_NOTICES) {
    startClock(state, key, [{ op: 'before', anchor: panelDate, label: 'the panel', n: state.policy.timescales[key] }], now);
  }
}

/** What the case must be for this command, whatever its input: the plan's first check, and the case page's (../gates.ts). */
export const schedulePanelGate: Gate = (state) => {
  requireStage(state, 'stage3');
  requireNotOnHold(state);
  if (state.stage3!.panelDate) refuse(`the panel is already set for ${formatLong(state.stage3!.panelDate)}: adjourn it to set a new date`);
};

export const schedulePanel: Plan<'schedule-panel'> = (state, input, now) => {
  schedulePanelGate(state);
  const ip = state.stage2?.independentPerson;
  const members = input.members ?? [];
  if (ip && members.some((m) => m.id === ip.id)) refuse(`the Stage 2 Independent Person (${ip.id}) may not sit on the Review Panel`);
  const io = state.stage2?.investigatingOfficer;
  if (io && members.some((m) => m.id === io.id)) refuse(`the Stage 2 Investigating Officer (${io.id}) may not sit on the Review Panel`);
  // The independence register's answer for each member, as the API found it (independence.ts): refused on the same rule, kept on the step.
  const refusal = firstRefusal(input.register);
  if (refusal) refuse(refusal.reason);
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
    record(state, 'panel-scheduled', input.actor, at, now, input.note, { panelDate: input.panelDate, ...(input.register ? { register: input.register } : {}) });
  };
};

/** What the case must be for this command, whatever its input: the plan's first check, and the case page's (../gates.ts). */
export const panelNoticeGate: Gate = (state) => {
  requireStage(state, 'stage3');
  requireNotOnHold(state);
  if (!state.stage3!.panelDate) refuse('the panel date is not set yet');
  if (state.steps.panelHeld) refuse('the panel has already met');
};

export function panelNotice<C extends 'notify-panel' | 'send-papers'>(key: 'stage3.notifyPanel' | 'stage3.papers', action: string): Plan<C> {
  return (state, input, now) => {
    panelNoticeGate(state);
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

/** What the case must be for this command, whatever its input: the plan's first check, and the case page's (../gates.ts). */
export const adjournPanelGate: Gate = (state) => {
  requireStage(state, 'stage3');
  requireNotOnHold(state);
  if (!state.stage3!.panelDate) refuse('the panel date is not set yet');
  if (state.steps.panelHeld) refuse('the panel has already met');
};

export const adjournPanel: Plan<'adjourn-panel'> = (state, input, now, rules) => {
  adjournPanelGate(state);
  if (input.panelDate === state.stage3!.panelDate) refuse(`the panel is already set for ${formatLong(input.panelDate)}`);
  const at = stepTime(state, input, now, 'panelScheduled');
  checkPanelDate(state, input.panelDate, at);
  return () => {
    const previous = state.stage3!.panelDate!;
    state.stage3!.panelDate = input.panelDate;
    state.stage3!.adjournments += 1;
    // A notice missed for the old date stays a miss on the record: the new clock replaces it below.
    const missed = PANEL_NOTICES.map((key) => findDeadline(state, key)).filter((d) => d?.state === 'missed' && !d.metAt);
    if (missed.length > 0 && rules?.adjournKeepsMisses) {
      for (const d of missed) record(state, 'deadline-superseded', 'system', at, now, undefined, { deadline: d!.key, due: d!.due, missedAt: d!.missedAt, by: 'panel-adjourned' });
    }
    startPanelNotices(state, input.panelDate, now);
    record(state, 'panel-adjourned', input.actor, at, now, input.note, { from: previous, to: input.panelDate, reason: input.reason });
  };
};

/** What the case must be for this command, whatever its input: the plan's first check, and the case page's (../gates.ts). */
export const recordPanelGate: Gate = (state) => {
  requireStage(state, 'stage3');
  requireNotOnHold(state);
};

export const recordPanel: Plan<'record-panel'> = (state, input, now) => {
  recordPanelGate(state);
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
