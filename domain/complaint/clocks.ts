import { WorkingDayCalendar } from '../calendar';
import { endOfLondonDay, formatLong, londonDateOf, startOfLondonDay, type IsoDate } from '../dates';
import type { ClockKey, ComplaintState, Deadline, DeadlineKind } from './state';
import type { Role } from '../roles';
import { timescaleOf } from '../policy';

/**
 * The statutory clocks of one case. A deadline keeps the steps that made its
 * due date (`ops`), so its date and explanation can always be derived again:
 * after an extension, around a hold, or on a new calendar.
 */
export type ClockOp =
  | { op: 'after'; from: IsoDate; label: string; n: number }
  | { op: 'before'; anchor: IsoDate; label: string; n: number }
  | { op: 'on'; date: IsoDate; label: string }
  | { op: 'extend'; n: number; reason: string }
  | { op: 'pause'; on: IsoDate; why: string }
  | { op: 'resume'; on: IsoDate };

const WINDOWS: ReadonlySet<ClockKey> = new Set<ClockKey>(['stage1.escalate', 'stage2.escalate']);
/** Reminders go out at 09:00 London on their day. */
const REMINDER_HOUR_MS = 9 * 60 * 60 * 1000;

// Building a calendar indexes its holidays; every clock of a case shares one.
// A pure cache keyed by the data itself, so it cannot change what replays.
const calendars = new WeakMap<ComplaintState['calendar'], WorkingDayCalendar>();

export function calendarOf(state: ComplaintState): WorkingDayCalendar {
  let calendar = calendars.get(state.calendar);
  if (!calendar) {
    calendar = new WorkingDayCalendar(state.calendar);
    calendars.set(state.calendar, calendar);
  }
  return calendar;
}

/** The instant a deadline falls due: the end of its due date in London. */
export function fallsDueAt(deadline: Pick<Deadline, 'due'>): number {
  return endOfLondonDay(deadline.due);
}

interface Derived {
  due: IsoDate;
  explanation: string;
  warnings: string[];
  /** Working days left, while paused. */
  remaining?: number;
}

/** Folds a deadline's ops over a calendar into its due date and the explanation of that date. */
export function derive(calendar: WorkingDayCalendar, ops: readonly ClockOp[]): Derived {
  let due = '';
  let remaining: number | undefined;
  const parts: string[] = [];
  const warnings = new Set<string>();
  for (const step of ops) {
    switch (step.op) {
      case 'after': {
        const computed = calendar.due(step.from, step.n, step.label);
        due = computed.due;
        parts.push(computed.explanation);
        keepWarnings(computed.warnings, warnings);
        break;
      }
      case 'before': {
        due = calendar.subtractWorkingDays(step.anchor, step.n);
        parts.push(`${step.n} working days before ${step.label} on ${formatLong(step.anchor)} → ${formatLong(due)}`);
        break;
      }
      case 'on':
        due = step.date;
        parts.push(`${step.label} → ${formatLong(due)}`);
        break;
      case 'extend': {
        const computed = calendar.due(due, step.n, 'extended from');
        due = computed.due;
        parts.push(`extended by ${step.n} working days (${step.reason}) → ${formatLong(due)}`);
        keepWarnings(computed.warnings, warnings);
        break;
      }
      case 'pause':
        remaining = calendar.remainingWorkingDays(due, step.on);
        parts.push(`paused on ${formatLong(step.on)} (${step.why}) with ${remaining} working days left`);
        break;
      case 'resume': {
        due = calendar.resumeDue(step.on, remaining ?? 0);
        parts.push(`resumed on ${formatLong(step.on)} → ${formatLong(due)}`);
        remaining = undefined;
        break;
      }
    }
  }
  if (calendar.isClosureDay(due)) warnings.add(`due on ${formatLong(due)}, a day the office is closed`);
  return { due, explanation: parts.join('; '), warnings: [...warnings], remaining };
}

/**
 * A step's warnings, but not its "due on a closure day": that one is about
 * the step's own date, which a later extension or hold may move; the final
 * date's closure warning is added once at the end.
 */
function keepWarnings(from: readonly string[], into: Set<string>): void {
  for (const w of from) if (!CLOSURE_WARNING.test(w)) into.add(w);
}
const CLOSURE_WARNING = /^due on .*, a day the office is closed$/;

function refresh(state: ComplaintState, deadline: Deadline, now: number): void {
  const calendar = calendarOf(state);
  const derived = derive(calendar, deadline.ops);
  deadline.due = derived.due;
  deadline.explanation = derived.explanation;
  deadline.warnings = derived.warnings;
  deadline.reminders = [];
  if (deadline.kind !== 'duty' || deadline.state !== 'pending') return;
  // Reminders count from the last start or restart of the clock.
  const last = [...deadline.ops].reverse().find((o) => o.op === 'after' || o.op === 'resume' || o.op === 'on');
  const from = last?.op === 'after' ? last.from : last?.op === 'resume' ? last.on : londonDateOf(now);
  deadline.reminders = calendar
    .reminders(from, deadline.due, state.policy.reminders)
    .map((r) => ({ at: startOfLondonDay(r.date) + REMINDER_HOUR_MS, why: r.reason }))
    .filter((r) => r.at > now);
}

export function findDeadline(state: ComplaintState, key: ClockKey): Deadline | undefined {
  return state.deadlines.find((d) => d.key === key);
}

/** Starts (or restarts) the clock `key` from `ops`; a running clock of that key is replaced. */
export function startClock(state: ComplaintState, key: ClockKey, ops: ClockOp[], now: number): Deadline {
  const kind: DeadlineKind = WINDOWS.has(key) ? 'window' : 'duty';
  const deadline: Deadline = {
    key,
    kind,
    state: 'pending',
    due: '',
    ops,
    extendedBy: 0,
    explanation: '',
    warnings: [],
    reminders: [],
  };
  refresh(state, deadline, now);
  state.deadlines = state.deadlines.filter((d) => d.key !== key).concat(deadline);
  return deadline;
}

/** Starts the clock `key` for the policy's number of working days after `from`. */
export function startTimescale(state: ComplaintState, key: Exclude<ClockKey, 'ombudsman.compliance'>, from: IsoDate, label: string, now: number): Deadline {
  return startClock(state, key, [{ op: 'after', from, label, n: timescaleOf(state.policy, key) }], now);
}

/**
 * Marks a deadline met by a step done at `at`. A step logged late still counts
 * by when it happened: done by the end of the due date is met, even if the
 * workflow had already marked the deadline missed.
 */
export function meetDeadline(state: ComplaintState, key: ClockKey, at: string): Deadline | undefined {
  const deadline = findDeadline(state, key);
  if (!deadline || deadline.state === 'cancelled' || deadline.metAt) return deadline;
  deadline.metAt = at;
  deadline.reminders = [];
  // A paused clock cannot run out: a step done while it waits is on time.
  deadline.state = deadline.state === 'paused' || Date.parse(at) < fallsDueAt(deadline) ? 'met' : 'missed';
  if (deadline.state === 'met') delete deadline.missedAt;
  return deadline;
}

export function extendDeadline(state: ComplaintState, deadline: Deadline, n: number, reason: string, now: number): void {
  deadline.ops.push({ op: 'extend', n, reason });
  deadline.extendedBy += n;
  if (deadline.state === 'missed' && !deadline.metAt) {
    deadline.state = 'pending';
    delete deadline.missedAt;
  }
  refresh(state, deadline, now);
}

/**
 * Stops every running clock: each keeps the working days it had left. With
 * `since` (a hold logged late, the instant it began), a duty marked missed
 * that fell due after that instant is paused too: the hold stopped it before
 * it ran out, however late the hold is logged (DOMAIN.md "Logging the past";
 * Rutland 7.1, Luton 5.3).
 */
export function pauseClocks(state: ComplaintState, on: IsoDate, why: string, now: number, since?: number): void {
  const stopped = (d: Deadline) => d.state === 'pending' || (since !== undefined && d.state === 'missed' && !d.metAt && d.kind === 'duty' && fallsDueAt(d) > since);
  for (const deadline of state.deadlines.filter(stopped)) {
    deadline.ops.push({ op: 'pause', on, why });
    deadline.state = 'paused';
    delete deadline.missedAt;
    refresh(state, deadline, now);
  }
}

/** Restarts every paused clock with the working days it had left. */
export function resumeClocks(state: ComplaintState, on: IsoDate, now: number): void {
  for (const deadline of state.deadlines.filter((d) => d.state === 'paused')) {
    deadline.ops.push({ op: 'resume', on });
    deadline.state = 'pending';
    refresh(state, deadline, now);
  }
}

/** Cancels every clock still running or paused (a case closed, withdrawn or routed out). */
export function cancelClocks(state: ComplaintState, keys?: readonly ClockKey[]): void {
  for (const deadline of state.deadlines) {
    if ((deadline.state === 'pending' || deadline.state === 'paused') && (!keys || keys.includes(deadline.key))) {
      deadline.state = 'cancelled';
      deadline.reminders = [];
    }
  }
}

/** Marks every pending deadline whose due date has ended as missed; returns them. */
export function markMissed(state: ComplaintState, now: number): Deadline[] {
  const missed = state.deadlines.filter((d) => d.state === 'pending' && fallsDueAt(d) <= now);
  for (const deadline of missed) {
    deadline.state = 'missed';
    deadline.missedAt = new Date(now).toISOString();
    deadline.reminders = [];
  }
  return missed;
}

/** Takes the reminders that have come due. */
export function takeDueReminders(state: ComplaintState, now: number): Array<{ deadline: Deadline; why: string }> {
  const due: Array<{ deadline: Deadline; why: string }> = [];
  for (const deadline of state.deadlines) {
    while (deadline.reminders[0] && deadline.reminders[0].at <= now) {
      due.push({ deadline, why: deadline.reminders.shift()!.why });
    }
  }
  return due;
}

/** The next instant the workflow must wake for (a due date or a reminder), or undefined. */
export function nextWake(state: ComplaintState): number | undefined {
  let next: number | undefined;
  for (const deadline of state.deadlines) {
    if (deadline.state !== 'pending') continue;
    for (const at of [fallsDueAt(deadline), ...deadline.reminders.map((r) => r.at)]) {
      if (next === undefined || at < next) next = at;
    }
  }
  return next;
}

export function nextPendingDuty(state: ComplaintState): Deadline | undefined {
  return state.deadlines
    .filter((d) => d.state === 'pending' && d.kind === 'duty')
    .sort((a, b) => (a.due < b.due ? -1 : a.due > b.due ? 1 : 0))[0];
}

/** What the headline of a case reads from a deadline: the workflow's, the snapshot's or a stored row. */
export interface HeadlineDeadline {
  key: string;
  kind: DeadlineKind;
  due: IsoDate;
  state: string;
  metAt?: string | null;
}

/** The earliest by due date; of two due the same day, the one started first. */
function earliest<D extends HeadlineDeadline>(deadlines: readonly D[]): D | undefined {
  return [...deadlines].sort((a, b) => (a.due < b.due ? -1 : a.due > b.due ? 1 : 0))[0];
}

/**
 * The date a case waits for next: its earliest pending duty or, while the
 * council owes nothing, the end of the complainant's window to ask for the
 * next stage (DOMAIN.md clocks `stage1.escalate`, `stage2.escalate`;
 * Luton 13.10 and 14.8: 20 working days).
 */
export function nextDate<D extends HeadlineDeadline>(deadlines: readonly D[]): D | undefined {
  const pending = deadlines.filter((d) => d.state === 'pending');
  return earliest(pending.filter((d) => d.kind === 'duty')) ?? earliest(pending.filter((d) => d.kind === 'window'));
}

/**
 * What makes a case overdue: its oldest duty past its due date and still not
 * done. A duty done late stays "missed" in the timeliness figures, but is no
 * longer overdue; a window is the complainant's, so never overdue.
 */
export function oldestOverdue<D extends HeadlineDeadline>(deadlines: readonly D[]): (D & { since: number }) | undefined {
  const duty = earliest(deadlines.filter((d) => d.kind === 'duty' && d.state === 'missed' && !d.metAt));
  // Overdue from the end of its due date, London: the same instant whenever the workflow noticed.
  return duty ? { ...duty, since: fallsDueAt(duty) } : undefined;
}

/** A case's headline for the listing, the case view and the search attributes: what is next, and what is overdue. */
export function headline(deadlines: readonly HeadlineDeadline[]): CaseHeadline {
  const next = nextDate(deadlines);
  const overdue = oldestOverdue(deadlines);
  return {
    next: next ? { key: next.key, kind: next.kind, due: next.due, fallsDueAt: new Date(fallsDueAt(next)).toISOString() } : null,
    overdue: overdue ? { key: overdue.key, due: overdue.due, since: new Date(overdue.since).toISOString() } : null,
  };
}

export interface CaseHeadline {
  /** The next date: `due` is its London date, `fallsDueAt` the instant that day ends. */
  next: { key: string; kind: DeadlineKind; due: IsoDate; fallsDueAt: string } | null;
  /** The oldest missed duty not yet done, overdue since the end of its due date. */
  overdue: { key: string; due: IsoDate; since: string } | null;
}

/**
 * Moves the case to a new calendar: every running or paused clock is derived
 * again from its own steps. Returns the deadlines whose due date moved.
 */
export function changeCalendar(state: ComplaintState, calendar: ComplaintState['calendar'], now: number) {
  state.calendar = calendar;
  const moved: Array<{ key: ClockKey; from: IsoDate; to: IsoDate }> = [];
  for (const deadline of state.deadlines) {
    if (deadline.state !== 'pending' && deadline.state !== 'paused') continue;
    const before = deadline.due;
    refresh(state, deadline, now);
    if (deadline.due !== before) moved.push({ key: deadline.key, from: before, to: deadline.due });
  }
  return moved;
}

/** Who is reminded of each deadline: the role that must act on it. */
export const RESPONSIBLE: Record<ClockKey, Role> = {
  'stage1.acknowledge': 'complaints-officer',
  'stage1.clarify': 'service-manager',
  'stage1.respond': 'service-manager',
  'stage1.escalate': 'complaints-officer',
  'stage2.acknowledge': 'complaints-officer',
  'stage2.contact': 'investigating-officer',
  'stage2.respond': 'adjudicating-officer',
  'stage2.escalate': 'complaints-officer',
  'stage3.acknowledge': 'complaints-officer',
  'stage3.panel': 'complaints-manager',
  'stage3.notifyPanel': 'complaints-officer',
  'stage3.papers': 'complaints-officer',
  'stage3.panelReport': 'panel-chair',
  'stage3.finalResponse': 'director',
  'stage2.progress': 'investigating-officer',
  'stage3.recommendations': 'complaints-officer',
  'corporate.respond': 'service-manager',
  'ombudsman.compliance': 'complaints-manager',
};

/**
 * Who gets the breach alert of a missed duty: the complaints manager, who
 * answers to the Ombudsman for it; a missed progress update goes to the
 * Investigating Officer who owes it (the manager sees it overdue on the case).
 */
export function alertedRole(key: ClockKey): Role {
  return key === 'stage2.progress' ? 'investigating-officer' : 'complaints-manager';
}
