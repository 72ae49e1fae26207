import { WorkingDayCalendar } from '../calendar';
import { compareDates, dayNumber, formatLong, fromDayNumber, londonDateOf, londonOffsetMinutes, startOfLondonDay, type IsoDate } from '../dates';
import type { Notice } from '../complaint/state';
import { CONTACT_WAYS, type ConductCommandInput, type ConductCommandName, type ContactWay, type Period } from './commands';
import type { ConductInput, ConductLevel, ConductState, Measure } from './state';
import { refuse } from '../refusal';

/**
 * The unreasonable-conduct protocol as pure functions of the state (Rutland
 * appendix A, Luton 9): a warning first, then restrictions in writing with
 * the ways of contact allowed, a stated period and a review date, then
 * refusal of contact and discontinuing the person's investigations; lifting
 * at any time, and the clock lifting a measure on its expiry date. Each plan
 * checks everything, then either refuses with a reason or returns the change.
 */
export { TransitionRefused } from '../refusal';

type Apply = () => void;
export type Plan<C extends ConductCommandName> = (state: ConductState, input: ConductCommandInput<C>, now: number) => Apply;

/** Who is reminded of a review: Rutland gives decisions on restrictions to the Director. */
export const REVIEW_ROLE = 'director';

/** Conduct letters are filed with the person's case; negative ids keep them apart from that case's own notices (1, 2, 3…). */
export function conductNoticeId(personId: number, seq: number): number {
  return -(seq * 1000 + (personId % 1000));
}

export function initialConductState(input: ConductInput): ConductState {
  return {
    personId: input.personId,
    reference: input.reference,
    calendar: input.calendar,
    level: 'none',
    past: [],
    discontinued: [],
    events: [],
    outbox: [],
    noticeSeq: 0,
    ...(input.historyLimit ? { historyLimit: input.historyLimit } : {}),
  };
}

// ---------------------------------------------------------------- helpers

function record(state: ConductState, action: string, actor: string, at: string, now: number, note?: string, detail?: Record<string, string | number | boolean | null>): void {
  state.events.push({ action, actor, at, recordedAt: new Date(now).toISOString(), ...(note ? { note } : {}), ...(detail ? { detail } : {}) });
}

function notify(state: ConductState, kind: Notice['kind'], subject: string, detail: Notice['detail']): number {
  state.noticeSeq += 1;
  const id = conductNoticeId(state.personId, state.noticeSeq);
  state.outbox.push({ id, kind, subject, detail: { personId: state.personId, ...detail } });
  return id;
}

/** When the decision was taken: `at`, or now; never in the future, never before the last decision. */
function decisionTime(state: ConductState, at: string | undefined, now: number): string {
  const t = at === undefined ? now : Date.parse(at);
  if (t > now) refuse(`"at" (${at}) is in the future`);
  if (state.lastDecisionAt && t < Date.parse(state.lastDecisionAt)) refuse(`"at" (${at}) is before the last decision (${state.lastDecisionAt})`);
  return new Date(t).toISOString();
}

const LEVEL_TEXT: Record<ConductLevel, string> = {
  none: 'no measure is in force',
  warned: 'the person has been warned',
  restricted: 'contact is restricted',
  refused: 'contact is refused',
};

function since(state: ConductState): string {
  return state.current ? ` since ${formatLong(state.current.startsOn)}` : '';
}

/** `date` plus whole calendar months; a day the month lacks becomes its last day (31 Jan + 1 month → 28 or 29 Feb). */
export function addMonths(date: IsoDate, months: number): IsoDate {
  const [y, m, d] = date.split('-').map(Number) as [number, number, number];
  const total = y * 12 + (m - 1) + months;
  const year = Math.floor(total / 12);
  const month = (total % 12) + 1;
  const lastDay = new Date(Date.UTC(year, month, 0)).getUTCDate();
  return `${year}-${String(month).padStart(2, '0')}-${String(Math.min(d, lastDay)).padStart(2, '0')}`;
}

/** The expiry date from an end date or a period counted from `from` (months, or working days). */
export function expiryOf(calendar: WorkingDayCalendar, from: IsoDate, end: { expiresOn?: IsoDate | undefined; period?: Period | undefined }): IsoDate | undefined {
  if (end.expiresOn !== undefined) return end.expiresOn;
  if (end.period === undefined) return undefined;
  return 'months' in end.period ? addMonths(from, end.period.months) : calendar.addWorkingDays(from, end.period.workingDays);
}

/**
 * When the review reminder goes: 09:00 London on the review date, or on the
 * last open working day before it when the office is shut that day.
 */
export function reviewReminderAt(calendar: WorkingDayCalendar, reviewOn: IsoDate): number {
  let day = dayNumber(reviewOn);
  for (let i = 0; i < 30 && !(calendar.isWorkingDay(fromDayNumber(day)) && !calendar.isClosureDay(fromDayNumber(day))); i++) day -= 1;
  const nineUtc = Date.parse(`${fromDayNumber(day)}T09:00:00Z`);
  // The offset at 09:00 UTC is the day's own (clocks change at 01:00 UTC).
  return nineUtc - londonOffsetMinutes(nineUtc) * 60_000;
}

/** The instant a measure expiring on `expiresOn` lifts itself: 00:00 London, the first moment it is no longer in force. */
export function expiryInstant(expiresOn: IsoDate): number {
  return startOfLondonDay(expiresOn);
}

function checkTerms(startsOn: IsoDate, expiresOn: IsoDate | undefined, reviewOn: IsoDate): void {
  if (expiresOn !== undefined && compareDates(expiresOn, startsOn) <= 0) refuse(`the expiry date ${formatLong(expiresOn)} must be after the decision (${formatLong(startsOn)})`);
  if (compareDates(reviewOn, startsOn) <= 0) refuse(`the review date ${formatLong(reviewOn)} must be after the decision (${formatLong(startsOn)})`);
  if (expiresOn !== undefined && compareDates(reviewOn, expiresOn) >= 0) {
    refuse(`the review date ${formatLong(reviewOn)} must be before the expiry date ${formatLong(expiresOn)}`);
  }
}

const CONTACT_WORDS: Record<ContactWay, string> = {
  letter: 'by letter',
  email: 'by email',
  phone: 'by phone',
  'in-person': 'in person',
  'online-form': "through the council's online form",
};

export function contactWords(ways: readonly ContactWay[]): string {
  const words = ways.map((w) => CONTACT_WORDS[w]);
  return words.length <= 1 ? (words[0] ?? 'in no way') : `${words.slice(0, -1).join(', ')} or ${words[words.length - 1]}`;
}

/** Ends the measure in force and moves it to the past. */
function endCurrent(state: ConductState, on: IsoDate, how: NonNullable<Measure['endedHow']>): void {
  const current = state.current;
  if (!current) return;
  delete current.reviewReminderAt;
  current.endedOn = on;
  current.endedHow = how;
  state.past.push(current);
  delete state.current;
}

function letterFor(state: ConductState, measure: Measure): void {
  const subject = measure.level === 'warned' ? 'conduct-warning' : measure.level === 'restricted' ? 'conduct-restriction' : 'conduct-contact-refused';
  measure.letter = notify(state, 'letter', subject, {
    reason: measure.reason,
    allowedContact: contactWords(measure.allowedContact),
    expiresOn: measure.expiresOn ?? null,
    reviewOn: measure.reviewOn ?? null,
  });
}

function begin(state: ConductState, measure: Measure, actor: string, at: string, now: number, note: string | undefined): void {
  if (state.current) endCurrent(state, measure.startsOn, 'escalated');
  state.current = measure;
  state.level = measure.level;
  state.lastDecisionAt = at;
  record(state, measure.level === 'warned' ? 'warned' : measure.level === 'restricted' ? 'restricted' : 'contact-refused', actor, at, now, note, {
    allowedContact: measure.allowedContact.join(','),
    expiresOn: measure.expiresOn ?? null,
    reviewOn: measure.reviewOn ?? null,
  });
  letterFor(state, measure);
}

function calendarOf(state: ConductState): WorkingDayCalendar {
  return new WorkingDayCalendar(state.calendar);
}

/** A refusal of contact: from restrictions (Rutland appendix A para 7), by `refuse-contact` or a review that escalates. */
function planRefusal(
  state: ConductState,
  input: { actor: string; at?: string | undefined; note?: string | undefined; reason?: string | undefined; expiresOn?: IsoDate | undefined; period?: Period | undefined; reviewOn?: IsoDate | undefined },
  now: number,
): Apply {
  if (state.level === 'refused') refuse(`contact is already refused${since(state)}: discontinue the investigations, or review the refusal`);
  if (state.level !== 'restricted') refuse(`contact is refused only after restrictions have not worked (Rutland appendix A para 7); ${LEVEL_TEXT[state.level]}`);
  const at = decisionTime(state, input.at, now);
  const startsOn = londonDateOf(Date.parse(at));
  const expiresOn = expiryOf(calendarOf(state), startsOn, input);
  checkTerms(startsOn, expiresOn, input.reviewOn!);
  return () => {
    begin(
      state,
      {
        level: 'refused',
        startsOn,
        decidedAt: at,
        decidedBy: input.actor,
        reason: input.reason!,
        allowedContact: [],
        ...(expiresOn ? { expiresOn } : {}),
        reviewOn: input.reviewOn!,
        reviewReminderAt: reviewReminderAt(calendarOf(state), input.reviewOn!),
      },
      input.actor,
      at,
      now,
      input.note,
    );
  };
}

function planLift(state: ConductState, input: { actor: string; at?: string | undefined; note?: string | undefined; reason?: string | undefined }, now: number, action = 'lifted'): Apply {
  if (state.level === 'none') refuse('nothing to lift: no warning, restriction or refusal is in force');
  const at = decisionTime(state, input.at, now);
  return () => {
    const level = state.level;
    endCurrent(state, londonDateOf(Date.parse(at)), 'lifted');
    state.level = 'none';
    state.lastDecisionAt = at;
    record(state, action, input.actor, at, now, input.note, { from: level });
    notify(state, 'letter', 'conduct-lifted', { reason: input.reason ?? null, expired: null, endedOn: londonDateOf(Date.parse(at)) });
  };
}

// ---------------------------------------------------------------- the commands

export const warn: Plan<'warn'> = (state, input, now) => {
  if (state.level !== 'none') refuse(`${LEVEL_TEXT[state.level]}${since(state)}: a warning comes before restrictions, not after`);
  const at = decisionTime(state, input.at, now);
  return () =>
    begin(
      state,
      { level: 'warned', startsOn: londonDateOf(Date.parse(at)), decidedAt: at, decidedBy: input.actor, reason: input.reason, allowedContact: [...CONTACT_WAYS] },
      input.actor,
      at,
      now,
      input.note,
    );
};

export const restrict: Plan<'restrict'> = (state, input, now) => {
  if (state.level === 'none') refuse('a warning comes first (Rutland appendix A, stage one): warn the person before restricting contact');
  if (state.level === 'restricted') refuse(`contact is already restricted${since(state)}: review the restriction to change its terms`);
  if (state.level === 'refused') refuse(`contact is already refused${since(state)}`);
  const at = decisionTime(state, input.at, now);
  const startsOn = londonDateOf(Date.parse(at));
  const expiresOn = expiryOf(calendarOf(state), startsOn, input)!;
  checkTerms(startsOn, expiresOn, input.reviewOn);
  return () =>
    begin(
      state,
      {
        level: 'restricted',
        startsOn,
        decidedAt: at,
        decidedBy: input.actor,
        reason: input.reason,
        allowedContact: input.allowedContact,
        expiresOn,
        reviewOn: input.reviewOn,
        reviewReminderAt: reviewReminderAt(calendarOf(state), input.reviewOn),
      },
      input.actor,
      at,
      now,
      input.note,
    );
};

export const review: Plan<'review'> = (state, input, now) => {
  if (state.level !== 'restricted' && state.level !== 'refused') refuse(`nothing to review: ${LEVEL_TEXT[state.level]}`);
  if (input.decision === 'lift') return planLift(state, input, now, 'reviewed-lifted');
  if (input.decision === 'escalate') return planRefusal(state, input, now);
  const current = state.current!;
  const at = decisionTime(state, input.at, now);
  const reviewedOn = londonDateOf(Date.parse(at));
  const newExpiry = expiryOf(calendarOf(state), reviewedOn, input);
  const expiresOn = newExpiry ?? current.expiresOn;
  checkTerms(reviewedOn, expiresOn, input.reviewOn!);
  return () => {
    current.reviewOn = input.reviewOn!;
    current.reviewReminderAt = reviewReminderAt(calendarOf(state), input.reviewOn!);
    const termsChanged = newExpiry !== undefined && newExpiry !== current.expiresOn;
    if (expiresOn !== undefined) current.expiresOn = expiresOn;
    state.lastDecisionAt = at;
    record(state, 'reviewed-continued', input.actor, at, now, input.note, { expiresOn: expiresOn ?? null, reviewOn: input.reviewOn! });
    // The person is told in writing when the period changes; a review that keeps the terms needs no letter.
    if (termsChanged) {
      if (input.reason) current.reason = input.reason;
      letterFor(state, current);
    }
  };
};

export const refuseContact: Plan<'refuse-contact'> = (state, input, now) => planRefusal(state, input, now);

export const discontinue: Plan<'discontinue'> = (state, input, now) => {
  if (state.level !== 'restricted' && state.level !== 'refused') {
    refuse(`investigations are discontinued only for a person whose contact is restricted or refused (Rutland appendix A para 7); ${LEVEL_TEXT[state.level]}`);
  }
  if (state.pendingDiscontinuation) refuse(`a discontinuation decided at ${state.pendingDiscontinuation.decidedAt} is still being carried out`);
  const at = decisionTime(state, input.at, now);
  return () => {
    state.current!.discontinuedOn = londonDateOf(Date.parse(at));
    state.pendingDiscontinuation = { decidedAt: at, actor: input.actor };
    state.lastDecisionAt = at;
    record(state, 'investigations-discontinued', input.actor, at, now, input.note);
  };
};

export const lift: Plan<'lift'> = (state, input, now) => planLift(state, input, now);

// ---------------------------------------------------------------- the clock

/** A measure whose expiry date has come lifts itself, with a letter. Returns true when the state changed. */
export function applyExpiry(state: ConductState, now: number): boolean {
  const current = state.current;
  if (!current?.expiresOn || now < expiryInstant(current.expiresOn)) return false;
  const expiresOn = current.expiresOn;
  const at = new Date(expiryInstant(expiresOn)).toISOString();
  endCurrent(state, expiresOn, 'expired');
  state.level = 'none';
  record(state, 'expired', 'system', at, now, undefined, { from: current.level, expiresOn });
  notify(state, 'letter', 'conduct-lifted', { reason: null, expired: true, endedOn: expiresOn });
  return true;
}

/** The review reminder, once, when its time has come. */
export function takeReviewReminder(state: ConductState, now: number): boolean {
  const current = state.current;
  if (current?.reviewReminderAt === undefined || current.reviewReminderAt > now || !current.reviewOn) return false;
  delete current.reviewReminderAt;
  notify(state, 'reminder', 'conduct.review', {
    deadline: `review of the ${current.level === 'refused' ? 'refusal of contact' : 'contact restrictions'} of person ${state.personId}`,
    due: current.reviewOn,
    why: `in force since ${formatLong(current.startsOn)}${current.expiresOn ? `, expiring on ${formatLong(current.expiresOn)}` : ''}`,
    to: REVIEW_ROLE,
  });
  return true;
}

/** The next instant the workflow must wake: an expiry or a review reminder. */
export function nextConductWake(state: ConductState): number | undefined {
  const c = state.current;
  const times = [c?.reviewReminderAt, c?.expiresOn ? expiryInstant(c.expiresOn) : undefined].filter((t): t is number => t !== undefined);
  return times.length ? Math.min(...times) : undefined;
}

/** Marks the measure whose letter was delivered as notified. */
export function markNotified(state: ConductState, noticeId: number, at: string): void {
  for (const m of [...state.past, ...(state.current ? [state.current] : [])]) if (m.letter === noticeId && !m.notifiedAt) m.notifiedAt = at;
}
