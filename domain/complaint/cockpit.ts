/**
 * What the Temporal UI shows operators of a case, in words: its static
 * summary, its current details and the label of the timer it waits on. Only
 * the reference, stage, clock keys and London dates: never a name, a date of
 * birth or free text (these are workflow payloads, encrypted by the codec,
 * but the UI shows them to every operator who can decode).
 */
import { formatLong, londonDateOf, londonTimeOf } from '../dates';
import { calendarOf, fallsDueAt, headline } from './clocks';
import { DEADLINE_LABELS } from './deadline-labels';
import type { ComplaintState, Deadline } from './state';

/** The static summary a case's workflow starts with: "Children's complaint · CSC-2026-7KQ3MP". */
export function staticSummaryOf(reference: string): string {
  return `Children's complaint · ${reference}`;
}

/** The static details: where the rest is, so nobody looks for it in Temporal. */
export const STATIC_DETAILS =
  'Children Act 1989 statutory complaints procedure. Names and the complaint itself are in the case file under this reference, never in Temporal.';

const STAGE_WORDS: Record<ComplaintState['stage'], string> = { stage1: 'Stage 1', stage2: 'Stage 2', stage3: 'Stage 3 (Review Panel)', closed: 'Closed' };

/**
 * The clock a stage is measured by (DOMAIN.md, timescales): the Stage 1
 * response (10 working days, or a corporate complaint's), the Stage 2
 * adjudication (25, at most 65 with extensions) and the Review Panel within
 * 30 working days of the request.
 */
const STAGE_CLOCKS: Record<ComplaintState['stage'], readonly string[]> = {
  stage1: ['stage1.respond', 'corporate.respond'],
  stage2: ['stage2.respond'],
  stage3: ['stage3.panel'],
  closed: [],
};

const label = (key: string) => DEADLINE_LABELS[key] ?? key;

/** Working days the clock runs for: its timescale plus any extensions granted (undefined for a clock set to a date). */
function workingDaysOf(deadline: Deadline): number | undefined {
  let total: number | undefined;
  for (const step of deadline.ops) {
    if (step.op === 'after') total = step.n;
    else if (step.op === 'before' || step.op === 'on') total = undefined;
    else if (step.op === 'extend' && total !== undefined) total += step.n;
  }
  return total;
}

/**
 * "day 18 of 25 working days on Tue 5 May 2026": the stage's clock counted
 * back from its due date, so extensions and holds already in the due date
 * count right; past the due date the day exceeds the total. Undefined when
 * the stage has no such clock running.
 */
function stageDay(state: ComplaintState, now: number): string | undefined {
  const clock = state.deadlines.find((d) => STAGE_CLOCKS[state.stage].includes(d.key) && (d.state === 'pending' || (d.state === 'missed' && !d.metAt)));
  const total = clock && workingDaysOf(clock);
  if (!clock || total === undefined) return undefined;
  const today = londonDateOf(now);
  const day = total - calendarOf(state).workingDaysBetween(today, clock.due);
  return `day ${Math.max(day, 0)} of ${total} working days on ${formatLong(today)}`;
}

/**
 * The case's current details, set by the workflow at every pass of its main
 * loop: "Stage 2 · day 18 of 25 working days on Tue 5 May 2026 · next: Stage 2
 * adjudication due Tue 12 May 2026". The day count is as of the date it names
 * (the workflow wakes for due dates, reminders and commands, not daily).
 */
export function currentDetailsOf(state: ComplaintState, now: number): string {
  const parts: string[] = [state.status === 'awaiting-triage' ? 'Awaiting triage' : STAGE_WORDS[state.stage]];
  if (state.hold) parts.push(`on hold since ${formatLong(londonDateOf(Date.parse(state.hold.since)))}: every clock stopped`);
  else {
    const day = stageDay(state, now);
    if (day) parts.push(day);
  }
  const { next, overdue } = headline(state.deadlines);
  if (overdue) parts.push(`OVERDUE: ${label(overdue.key)} was due ${formatLong(overdue.due)}`);
  if (next) parts.push(next.kind === 'window' ? `next: ${label(next.key)} open until ${formatLong(next.due)}` : `next: ${label(next.key)} due ${formatLong(next.due)}`);
  return parts.join(' · ');
}

/**
 * The label of the timer the workflow waits on until `at`: the deadline or
 * reminder falling then (nextWake's own candidates), the end of a grace period
 * for steps logged late, or the end of the case's keeping.
 */
export function timerSummaryOf(state: ComplaintState, at: number, ends: { retainUntil?: number; graceUntil?: number }): string {
  for (const d of state.deadlines) {
    if (d.state !== 'pending') continue;
    if (fallsDueAt(d) === at) return `${d.kind === 'window' ? 'window closes' : 'deadline'}: ${label(d.key)} due ${formatLong(d.due)} (${d.key})`;
  }
  for (const d of state.deadlines) {
    if (d.state !== 'pending') continue;
    const reminder = d.reminders.find((r) => r.at === at);
    if (reminder) return `reminder: ${label(d.key)} due ${formatLong(d.due)}, ${reminder.why} (${d.key})`;
  }
  if (ends.graceUntil === at) return `grace period for steps logged late ends ${formatLong(londonDateOf(at))} ${londonTimeOf(at)}`;
  if (ends.retainUntil === at) return `case kept until ${formatLong(londonDateOf(at))}, then it ends`;
  return `next check ${formatLong(londonDateOf(at))}`;
}
