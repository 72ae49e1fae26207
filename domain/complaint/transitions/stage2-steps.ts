import { formatLong, londonDateOf, londonInstant, londonTimeOf, type IsoDate } from '../../dates';
import { timescaleOf } from '../../policy';
import { calendarOf, cancelClocks, findDeadline, meetDeadline, startTimescale } from '../clocks';
import type { CommandInput } from '../commands';
import type { ComplaintState, Meeting, Notice } from '../state';
import { dateOf, notify, record, refuse, requireNotOnHold, requireOpen, requireStage, stepTime, type Gate, type Plan } from './common';

/**
 * Keeping the complainant informed at Stage 2, and meeting them.
 *
 * - The appointment letter: who the Investigating Officer and the Independent
 *   Person are and what happens next (RRC guidance: the council will "confirm
 *   the appointment of the IO and IP"; Luton 14.1, 16.1-16.2).
 * - Progress updates (RRC guidance: "You will be kept informed of progress"),
 *   due every `stage2.progress` working days (the policy's; no document sets
 *   a figure). The clock starts when the statement of complaint is agreed:
 *   that is when the investigation begins (Luton 14.7, the 25 days run from
 *   it, and the statement letter says so); before it, the Investigating
 *   Officer is in touch with the complainant to agree it (Luton 14.1). Each
 *   update, or an extension of stage2.respond (whose letter gives the new
 *   date and why, so it is an update), meets it and starts it again. It stops
 *   at the adjudication; a hold or a suspension pauses it like every clock.
 * - Meetings (Luton 13.3-13.4: the complainant is told who will meet them,
 *   of their right to bring an advocate or friend, and asked about special
 *   arrangements; Rutland 10.1: the Stage 2 resolution meeting).
 */

/** The letter naming the investigators; on a replacement, who is new. */
export function notifyAppointed(state: ComplaintState, replaced?: { io: boolean; ip: boolean }): void {
  const { investigatingOfficer: io, independentPerson: ip } = state.stage2!;
  notify(state, 'letter', 'stage2-appointed', {
    ioName: io?.name ?? null,
    ipName: ip?.name ?? null,
    contactBy: pendingDue(state, 'stage2.contact'),
    respondBy: pendingDue(state, 'stage2.respond'),
    respondWorkingDays: timescaleOf(state.policy, 'stage2.respond'),
    updateEvery: timescaleOf(state.policy, 'stage2.progress'),
    ...(replaced ? { replacement: true } : {}),
    ...(replaced?.io ? { newIo: true } : {}),
    ...(replaced?.ip ? { newIp: true } : {}),
  });
}

function pendingDue(state: ComplaintState, key: 'stage2.contact' | 'stage2.respond' | 'stage2.progress'): IsoDate | null {
  const deadline = findDeadline(state, key);
  return deadline?.state === 'pending' ? deadline.due : null;
}

/** The statement agreed: the investigation begins, and so do its progress updates. */
export function startProgress(state: ComplaintState, on: IsoDate, now: number): void {
  startTimescale(state, 'stage2.progress', on, 'statement of complaint agreed', now);
}

/**
 * The adjudication ends the investigation and tells the complainant its
 * outcome: no more updates are owed. An update already missed is done late
 * by it (still missed on the record, no longer overdue); one still running
 * is cancelled.
 */
export function stopProgress(state: ComplaintState, at: string): void {
  const current = findDeadline(state, 'stage2.progress');
  if (current?.state === 'missed') meetDeadline(state, 'stage2.progress', at);
  cancelClocks(state, ['stage2.progress']);
}

/**
 * The complainant was updated at `at` (a progress letter, or an extension's
 * letter): the clock is met and starts again from that day. An update that
 * came late keeps its miss on the record, as a moved panel's notices do.
 */
export function progressGiven(state: ComplaintState, at: string, now: number, by: 'progress-update' | 'extension'): void {
  const current = findDeadline(state, 'stage2.progress');
  if (!current || (current.state !== 'pending' && current.state !== 'missed')) return;
  meetDeadline(state, 'stage2.progress', at);
  if (current.state === 'missed') {
    record(state, 'deadline-superseded', 'system', at, now, undefined, { deadline: current.key, due: current.due, missedAt: current.missedAt, by });
  }
  startTimescale(state, 'stage2.progress', dateOf(at), by === 'extension' ? 'Stage 2 response date extended' : 'progress update sent', now);
}

/** What the case must be for this command, whatever its input: the plan's first check, and the case page's (../gates.ts). */
export const progressUpdateGate: Gate = (state) => {
  requireStage(state, 'stage2');
  requireNotOnHold(state);
  if (state.status === 'early-resolution') refuse('the investigation is suspended for early resolution, so its progress clock is paused: resume it first');
  if (state.steps.adjudicated) refuse(`the investigation is over: it was adjudicated at ${state.steps.adjudicated}`);
};

export const progressUpdate: Plan<'progress-update'> = (state, input, now) => {
  progressUpdateGate(state);
  if (!state.steps.statementAgreed) refuse('the investigation has not begun: progress updates run from the agreement of the statement of complaint');
  const at = stepTime(state, input, now, state.steps.progressUpdated ? 'progressUpdated' : 'statementAgreed');
  return () => {
    const before = findDeadline(state, 'stage2.progress');
    // A case from before progress updates has no clock: its first update starts one.
    if (before) progressGiven(state, at, now, 'progress-update');
    else startTimescale(state, 'stage2.progress', dateOf(at), 'progress update sent', now);
    state.steps.progressUpdated = at;
    const respond = findDeadline(state, 'stage2.respond');
    const next = findDeadline(state, 'stage2.progress')!;
    record(state, 'progress-updated', input.actor, at, now, input.note, {
      ...(before ? { due: before.due, onTime: before.state === 'met' } : {}),
      nextDue: next.due,
    });
    notify(state, 'letter', 'stage2-progress', {
      progress: input.progress,
      respondBy: respond?.state === 'pending' ? respond.due : null,
      respondWasDue: respond?.state === 'missed' && !respond.metAt ? respond.due : null,
      nextUpdateBy: next.due,
    });
  };
};

/** An import does not carry the old system's updates: the clock of an imported case starts on the day it is imported. */
export function restartProgressAtImport(state: ComplaintState, present: number): void {
  const current = findDeadline(state, 'stage2.progress');
  if (current && (current.state === 'pending' || current.state === 'missed')) {
    startTimescale(state, 'stage2.progress', londonDateOf(present), 'imported (earlier updates not known)', present);
  }
}

/** When a meeting starts, checked: in the future, and on a working day unless the complainant asked for that day. */
function meetingTime(state: ComplaintState, date: IsoDate, time: string, complainantAsked: boolean | undefined, now: number): string {
  const startsAt = londonInstant(date, time);
  if (startsAt <= now) {
    refuse(`the meeting must be in the future: ${formatLong(date)} at ${time} has passed (it is now ${formatLong(londonDateOf(now))} ${londonTimeOf(now)}, London)`);
  }
  const calendar = calendarOf(state);
  if (!calendar.isWorkingDay(date) && complainantAsked !== true) {
    refuse(`${formatLong(date)} is not a working day (${calendar.nonWorkingReason(date) ?? 'a non-working day'}): choose a working day, or set complainantAskedForDay if the complainant asked for it`);
  }
  return new Date(startsAt).toISOString();
}

function findMeeting(state: ComplaintState, meetingId: string): Meeting {
  const meeting = (state.meetings ?? []).find((m) => m.meetingId === meetingId);
  if (!meeting) {
    const known = (state.meetings ?? []).map((m) => m.meetingId);
    refuse(`no meeting ${meetingId} on this case${known.length > 0 ? ` (its meetings: ${known.join(', ')})` : ': none is arranged'}`);
  }
  return meeting;
}

/** The letter that invites the complainant: when, where, who, their right to bring someone, and any special arrangements. */
function notifyMeeting(state: ComplaintState, meeting: Meeting): void {
  const detail: Notice['detail'] = {
    purpose: meeting.purpose,
    meetingDate: londonDateOf(Date.parse(meeting.startsAt)),
    meetingTime: londonTimeOf(Date.parse(meeting.startsAt)),
    attendees: meeting.attendees.map((a) => ({ name: a.name, role: a.role })),
    ...(meeting.venue.trim().toLowerCase() === 'online' ? { online: true } : { venue: meeting.venue }),
    ...(meeting.specialArrangements ? { specialArrangements: meeting.specialArrangements } : {}),
    ...(meeting.rearranged > 0 ? { rearranged: true } : {}),
  };
  notify(state, 'letter', 'meeting-arranged', detail);
}

const PURPOSE_STAGE: Partial<Record<Meeting['purpose'], 'stage2' | 'stage3'>> = { 'stage2-investigation': 'stage2', 'panel-preparation': 'stage3' };

/** What the case must be for this command, whatever its input: the plan's first check, and the case page's (../gates.ts). */
export const arrangeMeetingGate: Gate = (state) => {
  requireOpen(state);
  requireNotOnHold(state);
};

export const arrangeMeeting: Plan<'arrange-meeting'> = (state, input: CommandInput<'arrange-meeting'>, now) => {
  arrangeMeetingGate(state);
  const stage = PURPOSE_STAGE[input.purpose];
  if (stage) requireStage(state, stage);
  const existing = (state.meetings ?? []).find((m) => m.meetingId === input.meetingId);
  if (existing) refuse(`meeting ${input.meetingId} is already on this case (${existing.state}, ${existing.startsAt}): give a new meetingId, or record-meeting to rearrange it`);
  const at = stepTime(state, input, now, 'received');
  const startsAt = meetingTime(state, input.date, input.time, input.complainantAskedForDay, now);
  return () => {
    const meeting: Meeting = {
      meetingId: input.meetingId,
      purpose: input.purpose,
      startsAt,
      attendees: input.attendees,
      venue: input.venue,
      ...(input.specialArrangements ? { specialArrangements: input.specialArrangements } : {}),
      ...(input.complainantAskedForDay ? { complainantAskedForDay: true } : {}),
      state: 'arranged',
      arrangedAt: at,
      rearranged: 0,
    };
    state.meetings = [...(state.meetings ?? []), meeting];
    record(state, 'meeting-arranged', input.actor, at, now, input.note, { meetingId: meeting.meetingId, purpose: meeting.purpose, startsAt });
    notifyMeeting(state, meeting);
  };
};

export const recordMeeting: Plan<'record-meeting'> = (state, input, now) => {
  const meeting = findMeeting(state, input.meetingId);
  if (meeting.state !== 'arranged') refuse(`meeting ${meeting.meetingId} was already recorded as ${meeting.state} at ${meeting.outcomeAt}`);
  const at = stepTime(state, input, now, 'received');
  if (input.outcome === 'held' && Date.parse(at) < Date.parse(meeting.startsAt)) {
    refuse(`meeting ${meeting.meetingId} starts at ${meeting.startsAt}: it cannot be recorded as held before then`);
  }
  if ((input.outcome === 'rearranged') !== (input.rearrangedTo !== undefined)) refuse('a rearranged meeting needs rearrangedTo (its new date and time), and only a rearranged one has it');
  let startsAt: string | undefined;
  if (input.rearrangedTo) {
    requireOpen(state);
    requireNotOnHold(state);
    startsAt = meetingTime(state, input.rearrangedTo.date, input.rearrangedTo.time, input.rearrangedTo.complainantAskedForDay, now);
  }
  return () => {
    if (startsAt) {
      meeting.startsAt = startsAt;
      meeting.rearranged += 1;
    } else {
      meeting.state = input.outcome as 'held' | 'cancelled';
      meeting.outcomeAt = at;
    }
    if (input.summary) meeting.summary = input.summary;
    record(state, 'meeting-recorded', input.actor, at, now, input.note, {
      meetingId: meeting.meetingId,
      outcome: input.outcome,
      ...(startsAt ? { startsAt } : {}),
      ...(input.summary ? { summary: input.summary } : {}),
    });
    if (startsAt) notifyMeeting(state, meeting);
  };
};
