/**
 * One clock proven past due in skipped time: a minute
 * before the end of its due date in London it is still pending, its
 * reminders went to the role that must act and no alert went; a
 * minute after, it is missed since that instant, the case's overdue
 * headline names it and exactly one breach alert went to the complaints
 * manager, who answers to the Ombudsman for a slipped deadline.
 */
import { expect } from 'vitest';
import type { ClockKey } from '../../domain/complaint/state';
import { endOfLondonDay, type IsoDate } from '../../domain/dates';
import type { Role } from '../../domain/roles';
import { Overdue, OverdueKey, OverdueSince } from '../../workflows/complaint/search-attributes';
import { clock, sleepUntil, view, viewWhen, type CaseHandle, type Delivered } from './cases';
import { eventually } from './eventually';
import type { Scenario } from './time-skipping';

const MINUTE = 60_000;

/** The notices of one kind about one clock, as [sent at (UTC, to the minute), to, why]. */
export function noticesOf(delivered: Delivered[], kind: 'reminder' | 'breach-alert', key: ClockKey, reference?: string): string[][] {
  return delivered
    .filter((d) => d.notice.kind === kind && d.notice.subject === key && (!reference || d.reference === reference))
    .map((d) => [new Date(d.scheduledAt).toISOString().slice(0, 16), String(d.notice.detail.to), String(d.notice.detail.why ?? d.notice.detail.due)]);
}

export interface PastDue {
  key: ClockKey;
  due: IsoDate;
  /** Who is reminded: the role that must act (written out, not read from RESPONSIBLE, so a wrong entry fails). */
  to: Role;
  /** The reminders expected by the minute before the end: [09:00 London in UTC, why]. */
  reminders: Array<[string, string]>;
  /** Who gets the breach alert: the complaints manager, unless the clock says otherwise (alertedRole in clocks.ts). */
  alertTo?: Role;
}

/** Skips to a minute before the end of `due` (London) and a minute after it, asserting both sides. */
export async function provePastDue(s: Scenario, h: CaseHandle, delivered: Delivered[], { key, due, to, reminders, alertTo = 'complaints-manager' }: PastDue): Promise<void> {
  const end = endOfLondonDay(due);
  const reference = h.workflowId;

  await sleepUntil(s, new Date(end - MINUTE).toISOString());
  const before = await view(h);
  expect(clock(before, key)).toMatchObject({ due, state: 'pending', missedAt: null });
  expect(before.overdue?.key).not.toBe(key);
  const expected = reminders.map(([at, why]) => [at, to, why]);
  expect(await eventually(async () => noticesOf(delivered, 'reminder', key, reference), (r) => r.length >= expected.length)).toEqual(expected);
  expect(noticesOf(delivered, 'breach-alert', key, reference)).toEqual([]);

  await sleepUntil(s, new Date(end + MINUTE).toISOString());
  const after = await viewWhen(h, (v) => clock(v, key).state === 'missed');
  // Missed at the end of its due date: the timer fires at that instant (the workflow task a few ms after).
  const missed = clock(after, key);
  expect(missed).toMatchObject({ due, state: 'missed' });
  expect(Date.parse(missed.missedAt!) - end).toBeGreaterThanOrEqual(0);
  expect(Date.parse(missed.missedAt!) - end).toBeLessThan(MINUTE);
  expect(after.overdue).toEqual({ key, due, since: new Date(end).toISOString() });
  // The operators' search attributes say the same.
  const attributes = (await h.describe()).typedSearchAttributes;
  expect([attributes.get(Overdue), attributes.get(OverdueKey), attributes.get(OverdueSince)?.toISOString()]).toEqual([true, key, new Date(end).toISOString()]);
  const alerts = await eventually(async () => noticesOf(delivered, 'breach-alert', key, reference), (a) => a.length > 0);
  expect(alerts).toEqual([[new Date(end).toISOString().slice(0, 16), alertTo, due]]);
  // No reminder after the due date.
  expect(noticesOf(delivered, 'reminder', key, reference)).toEqual(expected);
}

/** Later (after skipping further and other commands): still exactly one alert for `key`. */
export function expectOneAlert(delivered: Delivered[], key: ClockKey, due: IsoDate, reference?: string, alertTo: Role = 'complaints-manager'): void {
  expect(noticesOf(delivered, 'breach-alert', key, reference)).toEqual([[new Date(endOfLondonDay(due)).toISOString().slice(0, 16), alertTo, due]]);
}
