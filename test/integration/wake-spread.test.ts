import { describe, expect, it } from 'vitest';
import { createActivities } from '../../activities';
import { wakeOffset } from '../../domain/complaint/wake-spread';
import { clock, dues, openCase, recordingSink, runAt, sleepUntil, view } from '../helpers/cases';
import { restingQuery } from '../../workflows/complaint/messages';
import { eventually } from '../helpers/eventually';
import { scenario } from '../helpers/time-skipping';

const SPREAD_MS = 10 * 60_000;
const MINUTE = 60_000;
const iso = (ms: number) => new Date(ms).toISOString();

describe('clock wakes spread after midnight (time-skipping, patch complaint.wake-spread)', () => {
  it('wakes at its own offset in the window and records the missed response at the end of its due date, in GMT', async () => {
    const { sink, delivered } = recordingSink();
    const s = await scenario('2027-01-04T09:05:00Z', { activities: createActivities({ notices: sink }) });
    await s.run(async () => {
      const reference = 'CSC-2027-WSP003';
      const h = await openCase(s, { reference, receivedAt: '2027-01-04T09:00:00Z', wakeSpreadMs: SPREAD_MS });
      const triaged = await runAt(s, h, '2027-01-04T10:00:00Z', 'triage', { decision: 'stage1' });
      // Received Mon 4 Jan 2027: acknowledge 3 WD → Thu 7 Jan; respond 10 WD → 5-8 (4), 11-15 (9), 18 → Mon 18 Jan.
      expect(dues(triaged)).toEqual({ 'stage1.acknowledge': '2027-01-07', 'stage1.respond': '2027-01-18' });
      await runAt(s, h, '2027-01-04T11:00:00Z', 'acknowledge', {});
      const alerts = () => delivered.filter((d) => d.notice.kind === 'breach-alert');

      // Mon 18 Jan ends at midnight London, which in January is 00:00 UTC.
      const instant = Date.parse('2027-01-19T00:00:00Z');
      const offset = wakeOffset(reference, instant, SPREAD_MS);
      // This reference wakes late in its window, so there is a minute after the instant before its wake.
      expect(offset).toBeGreaterThan(3 * MINUTE);

      await sleepUntil(s, iso(instant - MINUTE));
      expect(clock(await view(h), 'stage1.respond')).toMatchObject({ state: 'pending', due: '2027-01-18', missedAt: null });
      // The case sleeps until its own offset after the instant.
      expect(await h.query(restingQuery)).toEqual({ until: instant + offset });
      // After the instant, before the case's wake: no alert yet.
      await sleepUntil(s, iso(instant + MINUTE));
      expect(alerts()).toEqual([]);

      await sleepUntil(s, iso(instant + SPREAD_MS + MINUTE));
      await eventually(async () => alerts().length, (n) => n === 1);
      expect(alerts().map((d) => [d.notice.subject, d.notice.detail.due])).toEqual([['stage1.respond', '2027-01-18']]);
      // Sent when the case woke, at its offset in the window: never before it, never after the window.
      expect(alerts()[0]!.scheduledAt).toBeGreaterThanOrEqual(instant + offset);
      expect(alerts()[0]!.scheduledAt).toBeLessThan(instant + SPREAD_MS);
      // The missed instant is the end of the due date, not the wake.
      const after = await view(h);
      expect(clock(after, 'stage1.respond')).toMatchObject({ state: 'missed', due: '2027-01-18', missedAt: '2027-01-19T00:00:00.000Z' });
      expect(after.overdue).toEqual({ key: 'stage1.respond', due: '2027-01-18', since: '2027-01-19T00:00:00.000Z' });

      await sleepUntil(s, '2027-01-25T12:00:00Z');
      expect(alerts()).toHaveLength(1);
    });
  });

  it('a hold logged in the window, before the wake, finds the response already missed at its instant, in BST', async () => {
    const { sink, delivered } = recordingSink();
    // Summer: London is UTC+1, so midnight London is 23:00 UTC the evening before.
    const s = await scenario('2027-06-07T08:05:00Z', { activities: createActivities({ notices: sink }) });
    await s.run(async () => {
      const reference = 'CSC-2027-WSP002';
      const h = await openCase(s, { reference, receivedAt: '2027-06-07T08:00:00Z', wakeSpreadMs: SPREAD_MS });
      const triaged = await runAt(s, h, '2027-06-07T10:00:00Z', 'triage', { decision: 'stage1' });
      // Received Mon 7 Jun 2027: acknowledge 3 WD → Thu 10 Jun; respond 10 WD → 8-11 (4), 14-18 (9), 21 → Mon 21 Jun.
      expect(dues(triaged)).toEqual({ 'stage1.acknowledge': '2027-06-10', 'stage1.respond': '2027-06-21' });
      await runAt(s, h, '2027-06-07T11:00:00Z', 'acknowledge', {});
      const alerts = () => delivered.filter((d) => d.notice.kind === 'breach-alert');

      const instant = Date.parse('2027-06-21T23:00:00Z');
      const offset = wakeOffset(reference, instant, SPREAD_MS);
      expect(offset).toBeGreaterThan(3 * MINUTE);

      // 00:02 London on Tue 22 Jun, after the response ran out, before the case's wake: a hold stops only
      // clocks still running, so the response stays missed, at its instant (Luton 5.3: a hold stops the clocks).
      const held = await runAt(s, h, iso(instant + 2 * MINUTE), 'hold', { reason: 'court-proceedings' });
      expect(held.onHold).toBe(true);
      expect(clock(held, 'stage1.respond')).toMatchObject({ state: 'missed', due: '2027-06-21', missedAt: '2027-06-21T23:00:00.000Z' });
      // The breach alert the instant owed goes out with the hold, not at the wake.
      await eventually(async () => alerts().length, (n) => n === 1);
      expect(alerts().map((d) => [d.notice.subject, d.notice.detail.due])).toEqual([['stage1.respond', '2027-06-21']]);
      expect(alerts()[0]!.scheduledAt).toBeGreaterThanOrEqual(instant + 2 * MINUTE);
      expect(alerts()[0]!.scheduledAt).toBeLessThan(instant + offset);

      // Past the window: still one alert, the miss unchanged.
      await sleepUntil(s, iso(instant + SPREAD_MS + MINUTE));
      await sleepUntil(s, '2027-06-28T12:00:00Z');
      expect(alerts()).toHaveLength(1);
      expect(clock(await view(h), 'stage1.respond')).toMatchObject({ state: 'missed', due: '2027-06-21', missedAt: '2027-06-21T23:00:00.000Z' });
    });
  });
});
