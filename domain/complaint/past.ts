import { formatLong, isIsoDate, londonDateOf, type IsoDate } from '../dates';
import { refuse } from '../refusal';
import type { StepInput } from './commands';
import { alertedRole } from './clocks';
import type { Rules } from './rules';
import type { ClockKey, ComplaintState, Deadline, Notice } from './state';
import { notify } from './transitions';

/**
 * Logging the past safely (DOMAIN.md "Logging the past"): post is often
 * logged days late, and a step counts by when it happened. So nothing alerts,
 * lapses or writes to the complainant on the strength of a duty that the full
 * history shows was met. Pure (no Temporal): the workflow calls these behind
 * the patch `complaint.past-steps`.
 */

/** Default minutes after creation during which past steps may be logged before the case is judged. */
export const DEFAULT_GRACE_MINUTES = 60;

/** Letter details that promise a date: left out of a letter once that date is gone. */
const PROMISED_DATES = ['respondBy', 'escalateBy', 'newDue', 'contactBy', 'nextUpdateBy'] as const;

/** Starts the grace period of a new case; alerts its imported history already owes wait for its end. */
export function startGrace(state: ComplaintState, minutes: number, now: number): void {
  state.graceUntil = now + minutes * 60_000;
  const owed = state.outbox.filter((n) => n.kind === 'breach-alert' && n.detail.overdueAtImport === true);
  state.outbox = state.outbox.filter((n) => !owed.includes(n));
  state.heldAlerts = owed.map((n) => n.subject as ClockKey);
}

export function inGrace(state: ComplaintState, now: number): boolean {
  return state.graceUntil !== undefined && now < state.graceUntil;
}

/** The grace period's end, while it is still ahead: a wake-up for the main loop. */
export function graceWake(state: ComplaintState, now: number): number | undefined {
  return inGrace(state, now) ? state.graceUntil : undefined;
}

function alert(state: ComplaintState, deadline: Deadline, now: number): void {
  notify(state, 'breach-alert', deadline.key, { due: deadline.due, to: alertedRole(deadline.key) });
  deadline.alertedAt = new Date(now).toISOString();
  // Missed again after a hold's release: this alert may be corrected in its turn.
  delete deadline.correctedAt;
}

/**
 * Breach alerts for duties just marked missed. During the grace period they
 * wait; at its end (or at any pass after it) each duty the whole history
 * still shows missed is alerted once.
 */
export function alertMissed(state: ComplaintState, missed: readonly Deadline[], now: number): void {
  const duties = missed.filter((d) => d.kind === 'duty');
  if (inGrace(state, now)) {
    state.heldAlerts = [...(state.heldAlerts ?? []), ...duties.map((d) => d.key)];
    return;
  }
  for (const deadline of duties) alert(state, deadline, now);
  const held = state.heldAlerts ?? [];
  delete state.heldAlerts;
  for (const key of new Set(held)) {
    const deadline = state.deadlines.find((d) => d.key === key);
    if (deadline && deadline.state === 'missed' && !deadline.metAt && !deadline.alertedAt) alert(state, deadline, now);
  }
}

/** A step dated an earlier London day than `now`'s: it counts from that day. */
export function datedEarlierDay(input: Pick<StepInput, 'at'>, now: number): boolean {
  return input.at !== undefined && londonDateOf(Date.parse(input.at)) < londonDateOf(now);
}

/** The letters of a step dated an earlier day are held back unless the officer asked for them (`sendLetter`). */
export function lettersHeldBack(input: Pick<StepInput, 'at' | 'sendLetter'>, now: number): boolean {
  return datedEarlierDay(input, now) && input.sendLetter !== true;
}

/**
 * After a step: a letter of a step dated an earlier day is held back unless
 * the officer asked for it (`sendLetter`); a letter that is sent never
 * promises a date already gone. Then every breach alert the step proved
 * wrong is corrected.
 */
export function afterStep(state: ComplaintState, input: StepInput, fromSeq: number, now: number): void {
  const today = londonDateOf(now);
  const fresh = (n: Notice) => n.id > fromSeq && n.kind === 'letter';
  if (lettersHeldBack(input, now)) {
    const held = state.outbox.filter(fresh);
    if (held.length > 0) {
      state.outbox = state.outbox.filter((n) => !fresh(n));
      const at = new Date(now).toISOString();
      state.events.push({ action: 'letter-not-sent', actor: 'system', at, recordedAt: at, detail: { letters: held.map((n) => n.subject).join(','), stepAt: input.at! } });
    }
  }
  for (const notice of state.outbox.filter(fresh)) withoutPastPromises(notice, today);
  correctAlerts(state, now);
}

/** A promised date already gone becomes `<name>Passed`: the template leaves the promise out or rewords it. */
export function withoutPastPromises(notice: Notice, today: IsoDate): void {
  for (const key of PROMISED_DATES) {
    const value = notice.detail[key];
    if (typeof value === 'string' && isIsoDate(value) && value < today) {
      notice.detail[key] = null;
      notice.detail[`${key}Passed`] = value;
    }
  }
}

/**
 * A breach alert whose duty turns out not to have been missed (met on time
 * after all, or paused by a hold that began before it ran out) is withdrawn
 * by a correction to the same recipient, once.
 */
export function correctAlerts(state: ComplaintState, now: number): void {
  for (const deadline of state.deadlines) {
    if (!deadline.alertedAt || deadline.correctedAt || deadline.state === 'missed' || deadline.state === 'cancelled') continue;
    const pause = [...deadline.ops].reverse().find((o) => o.op === 'pause');
    notify(state, 'breach-alert', 'breach-corrected', {
      deadline: deadline.key,
      to: alertedRole(deadline.key),
      alertedOn: londonDateOf(Date.parse(deadline.alertedAt)),
      metOn: deadline.state === 'met' && deadline.metAt ? londonDateOf(Date.parse(deadline.metAt)) : null,
      pausedOn: deadline.state !== 'met' && pause?.op === 'pause' ? pause.on : null,
      due: deadline.state === 'pending' ? deadline.due : null,
    });
    deadline.correctedAt = new Date(now).toISOString();
  }
}

/**
 * A duty of the council's the case has shown as missed: marked missed and
 * still not done, or alerted and not corrected. A complainant's window is
 * no breach: a request logged late inside it is never blocked.
 */
function shownMissed(deadline: Deadline): boolean {
  return deadline.kind === 'duty' && ((deadline.state === 'missed' && !deadline.metAt) || (deadline.alertedAt !== undefined && !deadline.correctedAt));
}

/**
 * Backdated steps stay honest (the complaints manager monitors the
 * procedure, Luton 8.3-8.4). At intake (an imported history, or within the
 * grace period) the past is logged freely. Later, a step dated in the past
 * that takes a deadline the case had already shown as missed out of
 * "missed" (made met, or paused by a hold, or given a new date) needs a
 * complaints manager's `backdateReason` (the role rule: roleRulesFor in
 * domain/command-table.ts). The step is tried on a copy of the state
 * (`tryOn`), so one check serves every command. Returns what the step's
 * events keep (`recordBackdate`), or undefined when there is nothing to keep.
 */
export function honestBackdate(
  state: ComplaintState,
  input: StepInput,
  now: number,
  tryOn: (copy: ComplaintState) => void,
  rules: Rules,
): Record<string, string> | undefined {
  const turned = turnedMet(state, input, now, tryOn);
  if (turned.length === 0 && input.backdateReason === undefined) return undefined;
  // Read only where it matters, so the patch's marker is recorded there (workflow.ts, PATCHES).
  if (!rules.backdateNeedsReason) return undefined;
  const [first] = turned;
  if (first && input.backdateReason === undefined) {
    const since = first.missedAt ? ` since ${formatLong(londonDateOf(Date.parse(first.missedAt)))}` : '';
    refuse(
      `${first.key} was due on ${formatLong(first.due)} and the case has shown it as missed${since}: ` +
        `a step dated ${input.at} would ${first.now === 'met' ? 'make it met' : `make it ${first.now} instead`}, so a complaints manager must give backdateReason`,
    );
  }
  return {
    ...(input.backdateReason !== undefined ? { backdateReason: input.backdateReason } : {}),
    ...(turned.length > 0 ? { missedTurnedMet: turned.map((d) => d.key).join(',') } : {}),
  };
}

/**
 * The deadlines shown as missed that a step dated in the past, after the
 * grace period, would take out of "missed" (`now`: their state after it). A
 * late step that meets a deadline late leaves it missed, so needs nothing.
 */
function turnedMet(state: ComplaintState, input: StepInput, now: number, tryOn: (copy: ComplaintState) => void): Array<Deadline & { now: string }> {
  if (input.at === undefined || !(Date.parse(input.at) < now) || inGrace(state, now)) return [];
  const missed = state.deadlines.filter(shownMissed);
  if (missed.length === 0) return [];
  // The state is plain JSON (it is carried across continue-as-new).
  const copy = JSON.parse(JSON.stringify(state)) as ComplaintState;
  tryOn(copy);
  // A miss the step keeps on the record (a panel adjourned: its notices start again) is not hidden.
  const kept = new Set(copy.events.slice(state.events.length).filter((e) => e.action === 'deadline-superseded').map((e) => e.detail?.deadline));
  return missed.flatMap((d) => {
    const after = copy.deadlines.find((c) => c.key === d.key)?.state ?? 'cancelled';
    return after === 'missed' || kept.has(d.key) ? [] : [{ ...d, now: after }];
  });
}

/** The reason (and the deadlines turned met) on the events the step recorded from `fromEvent` on: its own, not the engine's. */
export function recordBackdate(state: ComplaintState, fromEvent: number, detail: Record<string, string>): void {
  for (const event of state.events.slice(fromEvent)) if (event.actor !== 'system') event.detail = { ...event.detail, ...detail };
}
