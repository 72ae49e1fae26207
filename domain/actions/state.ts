import { WorkingDayCalendar, type DueDate } from '../calendar';
import { endOfLondonDay, formatLong, londonDateOf, startOfLondonDay, type IsoDate } from '../dates';
import type { Notice } from '../complaint/state';
import { SOURCE_LABELS, type ActionEvent, type ActionSource, type ActionInput, type ActionView, type Escalation } from './commands';

/**
 * The action plan's rules (a recommendation followed to completion): its due
 * date from the findings and every extension, on the case's calendar; the
 * owner's reminder; the escalations once it is overdue; its events, notices
 * and view. Pure: the workflow (workflows/actions/workflow.ts) applies them.
 */

/** The owner is reminded this many (open) working days before the due date, at 09:00 London. */
export const REMINDER_WORKING_DAYS = 2;
/** Still open this many working days after the due date: escalated again, to the director. */
export const DIRECTOR_AFTER_WORKING_DAYS = 10;
const REMINDER_HOUR_MS = 9 * 60 * 60 * 1000;

export interface ActionState {
  input: ActionInput;
  owner: string;
  status: 'open' | 'done';
  /** Extensions in order: working days added and the London date each was granted. */
  extensions: Array<{ n: number; on: IsoDate }>;
  due: IsoDate;
  explanation: string;
  warnings: string[];
  /** The owner's reminder (epoch ms) while it is still to come. */
  reminderAt?: number;
  escalations: Escalation[];
  completed?: { at: string; by: string; noteId: string };
  /** When the action last started or restarted (London date; a reminder never precedes it). */
  startedOn: IsoDate;
  events: ActionEvent[];
  outbox: Notice[];
  noticeSeq: number;
  records?: { fingerprint: string; syncedEvents: number };
  /** Its completion was reported to the case (absent on actions from before it, and until then). */
  completionReported?: boolean;
  /** Update ids already applied, carried across continue-as-new (workflows/kit/commands.ts). */
  appliedUpdates?: string[];
}

const calendars = new WeakMap<ActionInput['calendar'], WorkingDayCalendar>();
function calendarOf(state: ActionState): WorkingDayCalendar {
  let calendar = calendars.get(state.input.calendar);
  if (!calendar) {
    calendar = new WorkingDayCalendar(state.input.calendar);
    calendars.set(state.input.calendar, calendar);
  }
  return calendar;
}

/** The London date a recommendation's clock runs from: the day its findings (or the decision) were recorded. */
export function actionStartOf(recordedAt: string): IsoDate {
  return londonDateOf(Date.parse(recordedAt));
}

/**
 * A recommendation's first due date: its working days counted from that
 * date on the case's calendar. The one home of the rule: the action's
 * workflow and the case snapshot (domain/complaint/snapshot.ts) both use it.
 */
export function firstDue(calendar: WorkingDayCalendar, from: IsoDate, dueInWorkingDays: number, source: ActionSource): DueDate {
  return calendar.due(from, dueInWorkingDays, `${SOURCE_LABELS[source]} recorded`);
}

/** The due date and its explanation, from the start and every extension. */
export function deriveDue(state: ActionState): void {
  const calendar = calendarOf(state);
  const { input } = state;
  const first = firstDue(calendar, input.from, input.dueInWorkingDays, input.source);
  let due = first.due;
  const parts = [first.explanation];
  const warnings = new Set(first.warnings);
  for (const extension of state.extensions) {
    const next = calendar.due(due, extension.n, 'extended from');
    due = next.due;
    next.warnings.forEach((w) => warnings.add(w));
    parts.push(`extended on ${formatLong(extension.on)} by ${extension.n} working day${extension.n === 1 ? '' : 's'} → ${formatLong(due)}`);
  }
  state.due = due;
  state.explanation = parts.join('; ');
  state.warnings = [...warnings];
}

/** Plans the owner's reminder for the current due date, if it is still to come. */
export function planReminder(state: ActionState, now: number): void {
  delete state.reminderAt;
  if (state.status !== 'open') return;
  const [reminder] = calendarOf(state).reminders(state.startedOn, state.due, { workingDaysBefore: [REMINDER_WORKING_DAYS], elapsedShares: [] });
  if (!reminder) return;
  const at = startOfLondonDay(reminder.date) + REMINDER_HOUR_MS;
  if (at > now) state.reminderAt = at;
}

/** When each escalation falls due for the current due date: the end of the due date, then of 10 working days after it. */
export function escalationPoints(state: ActionState): Array<{ to: Escalation['to']; at: number; after: IsoDate }> {
  const director = calendarOf(state).addWorkingDays(state.due, DIRECTOR_AFTER_WORKING_DAYS);
  return [
    { to: 'complaints-manager', at: endOfLondonDay(state.due), after: state.due },
    { to: 'director', at: endOfLondonDay(director), after: director },
  ];
}

function isOverdue(state: ActionState, now: number): boolean {
  return state.status === 'open' && now >= endOfLondonDay(state.due);
}

export function record(state: ActionState, action: ActionEvent['action'], actor: string, at: string, now: number, detail?: ActionEvent['detail']): void {
  state.events.push({ action, actor, at, recordedAt: new Date(now).toISOString(), ...(detail ? { detail } : {}) });
}

export function notify(state: ActionState, kind: Notice['kind'], subject: string, detail: Notice['detail']): void {
  state.noticeSeq += 1;
  state.outbox.push({ id: state.input.noticeBlock * 1_000_000 + state.noticeSeq, kind, subject, detail });
}

export function noticeDetail(state: ActionState): Notice['detail'] {
  return {
    actionId: state.input.actionId,
    recommendation: state.input.recommendationId,
    source: SOURCE_LABELS[state.input.source],
    owner: state.owner,
    due: state.due,
    explanation: state.explanation,
  };
}

export function initialActionState(input: ActionInput, now: number): ActionState {
  const state: ActionState = {
    input,
    owner: input.owner,
    status: 'open',
    extensions: [],
    due: input.from,
    explanation: '',
    warnings: [],
    escalations: [],
    startedOn: input.from,
    events: [],
    outbox: [],
    noticeSeq: 0,
  };
  deriveDue(state);
  planReminder(state, now);
  record(state, 'started', input.actor, new Date(now).toISOString(), now, { owner: input.owner, due: state.due });
  return state;
}

export function actionView(state: ActionState, now: number): ActionView {
  return {
    actionId: state.input.actionId,
    reference: state.input.reference,
    source: state.input.source,
    recommendationId: state.input.recommendationId,
    owner: state.owner,
    due: state.due,
    explanation: state.explanation,
    warnings: state.warnings,
    status: state.status,
    overdue: isOverdue(state, now),
    reminderAt: state.reminderAt === undefined ? null : new Date(state.reminderAt).toISOString(),
    escalations: state.escalations,
    completedAt: state.completed?.at ?? null,
    completedBy: state.completed?.by ?? null,
    evidenceNoteId: state.completed?.noteId ?? null,
    events: state.events,
  };
}
