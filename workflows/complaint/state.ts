import type { CalendarData } from '../../domain/calendar';
import { WorkingDayCalendar } from '../../domain/calendar';
import { endOfLondonDay, type IsoDate } from '../../domain/dates';
import type { DeadlineKey, Policy } from '../../domain/policy';

/**
 * The complaint workflow's whole state: one serializable object, carried
 * across continue-as-new. No personal data: names, addresses and free text
 * live in the records store, keyed by the reference.
 */
export interface ComplaintState {
  reference: string;
  receivedAt: string; // ISO instant as given
  receivedOn: IsoDate; // the London working day receipt counts from
  stage: Stage;
  status: Status;
  team?: string;
  policy: Policy;
  calendar: CalendarData;
  deadlines: Deadline[];
  events: CaseEvent[];
}

export type Stage = 'stage1' | 'stage2' | 'stage3' | 'closed';
export type Status = 'open' | 'closed';
export type DeadlineState = 'pending' | 'met' | 'missed' | 'paused' | 'cancelled';

export interface Deadline {
  key: DeadlineKey;
  due: IsoDate;
  state: DeadlineState;
  /** When the step was done (ISO instant), if it was. */
  metAt?: string;
  /** When the workflow saw the deadline pass unmet (ISO instant). */
  missedAt?: string;
  explanation: string;
  warnings: string[];
}

export interface CaseEvent {
  action: string;
  actor: string;
  /** When it happened (may be earlier than recordedAt: steps logged late). */
  at: string;
  recordedAt: string;
  note?: string;
}

export interface ComplaintInput {
  reference: string;
  receivedAt: string;
  policy: Policy;
  calendar: CalendarData;
  team?: string;
  actor: string;
}

/** The instant a deadline falls due: the end of its due date in London. */
export function fallsDueAt(deadline: Pick<Deadline, 'due'>): number {
  return endOfLondonDay(deadline.due);
}

export function initialState(input: ComplaintInput, now: number): ComplaintState {
  const calendar = new WorkingDayCalendar(input.calendar);
  const receivedOn = calendar.receiptDate(Date.parse(input.receivedAt), input.policy.receipt);
  const state: ComplaintState = {
    reference: input.reference,
    receivedAt: input.receivedAt,
    receivedOn,
    stage: 'stage1',
    status: 'open',
    team: input.team,
    policy: input.policy,
    calendar: input.calendar,
    deadlines: [],
    events: [],
  };
  recordEvent(state, { action: 'received', actor: input.actor, at: input.receivedAt }, now);
  startDeadline(state, 'stage1.acknowledge', receivedOn, 'received');
  return state;
}

/** Starts (or restarts) the clock `key`: its due date is N working days after `from`. */
export function startDeadline(state: ComplaintState, key: DeadlineKey, from: IsoDate, fromLabel: string): Deadline {
  const calendar = new WorkingDayCalendar(state.calendar);
  const computed = calendar.due(from, state.policy.timescales[key], fromLabel);
  const deadline: Deadline = {
    key,
    due: computed.due,
    state: 'pending',
    explanation: computed.explanation,
    warnings: computed.warnings,
  };
  state.deadlines = state.deadlines.filter((d) => d.key !== key).concat(deadline);
  return deadline;
}

export function findDeadline(state: ComplaintState, key: DeadlineKey): Deadline | undefined {
  return state.deadlines.find((d) => d.key === key);
}

/**
 * Marks a deadline met by a step done at `at`. A step logged late still counts
 * by when it happened: done by the end of the due date is met, even if the
 * workflow had already marked the deadline missed.
 */
export function meetDeadline(state: ComplaintState, key: DeadlineKey, at: string): void {
  const deadline = findDeadline(state, key);
  if (!deadline || deadline.state === 'cancelled' || deadline.state === 'met') return;
  deadline.metAt = at;
  deadline.state = Date.parse(at) < fallsDueAt(deadline) ? 'met' : 'missed';
  if (deadline.state === 'met') delete deadline.missedAt;
}

/** Marks every pending deadline whose due date has ended as missed; returns them. */
export function markMissed(state: ComplaintState, now: number): Deadline[] {
  const missed = state.deadlines.filter((d) => d.state === 'pending' && fallsDueAt(d) <= now);
  for (const deadline of missed) {
    deadline.state = 'missed';
    deadline.missedAt = new Date(now).toISOString();
  }
  return missed;
}

/** The next instant the workflow must wake for, or undefined when no clock runs. */
export function nextWake(state: ComplaintState): number | undefined {
  const pending = state.deadlines.filter((d) => d.state === 'pending').map(fallsDueAt);
  return pending.length > 0 ? Math.min(...pending) : undefined;
}

export function nextPendingDeadline(state: ComplaintState): Deadline | undefined {
  return state.deadlines
    .filter((d) => d.state === 'pending')
    .sort((a, b) => (a.due < b.due ? -1 : a.due > b.due ? 1 : 0))[0];
}

export function recordEvent(
  state: ComplaintState,
  event: Omit<CaseEvent, 'recordedAt'>,
  now: number,
): void {
  state.events.push({ ...event, recordedAt: new Date(now).toISOString() });
}

/** What staff see of a case: the workflow's side of the case view. */
export interface CaseView {
  reference: string;
  procedure: 'statutory';
  stage: Stage;
  status: Status;
  onHold: boolean;
  receivedAt: string;
  receivedOn: IsoDate;
  team?: string;
  policy: { id: string; name: string };
  calendarVersion: string;
  deadlines: Array<Pick<Deadline, 'key' | 'due' | 'state' | 'explanation' | 'warnings'> & { metAt: string | null }>;
  events: CaseEvent[];
}

export function caseView(state: ComplaintState): CaseView {
  return {
    reference: state.reference,
    procedure: 'statutory',
    stage: state.stage,
    status: state.status,
    onHold: false,
    receivedAt: state.receivedAt,
    receivedOn: state.receivedOn,
    team: state.team,
    policy: { id: state.policy.id, name: state.policy.name },
    calendarVersion: state.calendar.version,
    deadlines: state.deadlines.map((d) => ({
      key: d.key,
      due: d.due,
      state: d.state,
      metAt: d.metAt ?? null,
      explanation: d.explanation,
      warnings: d.warnings,
    })),
    events: state.events,
  };
}
