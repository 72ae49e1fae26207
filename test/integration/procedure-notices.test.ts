import { describe, expect, it } from 'vitest';
import { createActivities } from '../../activities';
import { defaultCalendarData, type CalendarData } from '../../domain/holidays';
import { POLICY_PROFILES } from '../../domain/policy';
import { calendarChangedSignal } from '../../workflows/complaint/messages';
import { clock, dues, openCase, recordingSink, runAt, sleepUntil, view, viewWhen } from '../helpers/cases';
import { eventually } from '../helpers/eventually';
import { scenario } from '../helpers/time-skipping';

describe('reminders and breach alerts (time-skipping)', () => {
  it('writes to the complainant once when a lapsed window closes the case (patch complaint.window-lapse-letter)', async () => {
    const { sink, delivered } = recordingSink();
    const s = await scenario('2027-01-04T09:05:00Z', { activities: createActivities({ notices: sink }) });
    await s.run(async () => {
      const h = await openCase(s, { reference: 'CSC-2027-NOT003', receivedAt: '2027-01-04T09:00:00Z' });
      await runAt(s, h, '2027-01-04T10:00:00Z', 'triage', { decision: 'stage1' });
      // Responded Wed 6 Jan: the window is 20 WD → Wed 3 Feb; it lapses at the end of that day.
      await runAt(s, h, '2027-01-06T12:00:00Z', 'respond', {});
      await sleepUntil(s, '2027-02-04T00:01:00Z');
      await viewWhen(h, (v) => v.status === 'closed');
      const letters = await eventually(
        async () => delivered.filter((d) => d.notice.subject === 'closed-not-pursued'),
        (l) => l.length === 1,
      );
      expect(letters[0]!.notice.detail).toMatchObject({ stage: 'stage1' });
      expect(letters[0]!.scheduledAt).toBeGreaterThanOrEqual(Date.parse('2027-02-04T00:00:00Z'));
      await sleepUntil(s, '2027-02-10T00:00:00Z');
      expect(delivered.filter((d) => d.notice.subject === 'closed-not-pursued')).toHaveLength(1);
    });
  });

  it('reminds at 09:00 London on the reminder days and alerts once when the response is missed', async () => {
    const { sink, delivered } = recordingSink();
    // Summer: London is UTC+1, so 09:00 London is 08:00 UTC.
    const s = await scenario('2027-06-07T09:05:00Z', { activities: createActivities({ notices: sink }) });
    await s.run(async () => {
      const h = await openCase(s, { reference: 'CSC-2027-NOT001', receivedAt: '2027-06-07T09:00:00Z' });
      const triaged = await runAt(s, h, '2027-06-07T10:00:00Z', 'triage', { decision: 'stage1' });
      // Received Mon 7 Jun: respond 10 WD → 8-11 (4), 14-18 (9), 21 → Mon 21 Jun.
      expect(dues(triaged)).toEqual({ 'stage1.acknowledge': '2027-06-10', 'stage1.respond': '2027-06-21' });
      // Acknowledged at once: its reminders are dropped.
      await runAt(s, h, '2027-06-07T11:00:00Z', 'acknowledge', {});
      const reminders = () => delivered.filter((d) => d.notice.kind === 'reminder');
      const alerts = () => delivered.filter((d) => d.notice.kind === 'breach-alert');

      // Policy reminders: [2] working days before, and 50% / 75% of the 10 WD elapsed.
      // 50% → 5th WD Mon 14 Jun; 2 before 21 Jun → Thu 17 Jun; 75% → ceil(7.5) = 8th WD, also Thu 17 Jun (one reminder).
      await sleepUntil(s, '2027-06-14T07:59:00Z');
      expect(reminders()).toEqual([]);
      await sleepUntil(s, '2027-06-14T08:01:00Z');
      await eventually(async () => reminders().length, (n) => n === 1);

      await sleepUntil(s, '2027-06-17T07:59:00Z');
      expect(reminders()).toHaveLength(1);
      await sleepUntil(s, '2027-06-17T08:01:00Z');
      await eventually(async () => reminders().length, (n) => n === 2);

      // One minute before the end of Mon 21 Jun (London): no alert; one minute after: exactly one.
      await sleepUntil(s, '2027-06-21T22:59:00Z');
      expect(alerts()).toEqual([]);
      await sleepUntil(s, '2027-06-21T23:01:00Z');
      await eventually(async () => alerts().length, (n) => n === 1);
      // Days later, still exactly once each.
      await sleepUntil(s, '2027-06-28T12:00:00Z');
      expect(clock(await view(h), 'stage1.respond').state).toBe('missed');

      expect(reminders().map((d) => [new Date(d.scheduledAt).toISOString().slice(0, 16), d.notice.subject, d.notice.detail.due, d.notice.detail.why])).toEqual([
        ['2027-06-14T08:00', 'stage1.respond', '2027-06-21', '50% of the time elapsed'],
        ['2027-06-17T08:00', 'stage1.respond', '2027-06-21', '2 working days before the due date Mon 21 Jun 2027; 75% of the time elapsed'],
      ]);
      expect(alerts().map((d) => [d.notice.subject, d.notice.detail.due])).toEqual([['stage1.respond', '2027-06-21']]);
      expect(alerts()[0]!.scheduledAt).toBeGreaterThanOrEqual(Date.parse('2027-06-21T23:00:00Z'));
      expect(alerts()[0]!.scheduledAt).toBeLessThan(Date.parse('2027-06-21T23:01:00Z'));
      // Each notice delivered once, ids in order.
      const ids = delivered.map((d) => d.notice.id);
      expect(new Set(ids).size).toBe(ids.length);
      expect(delivered.map((d) => `${d.notice.kind}:${d.notice.subject}`)).toEqual([
        'letter:stage1-acknowledgement',
        'reminder:stage1.respond',
        'reminder:stage1.respond',
        'breach-alert:stage1.respond',
      ]);
      expect(delivered[0]!.notice.detail).toMatchObject({ respondBy: '2027-06-21' });
    });
  });
});

describe('calendar change (time-skipping)', () => {
  it('a newly proclaimed bank holiday moves exactly the pending deadlines after it, and the event records it', async () => {
    const s = await scenario('2027-01-04T10:05:00Z');
    await s.run(async () => {
      const base = defaultCalendarData('england-and-wales');
      const h = await openCase(s, { reference: 'CSC-2027-CAL001', receivedAt: '2027-01-04T10:00:00Z', policy: POLICY_PROFILES.luton!, calendar: base });
      await runAt(s, h, '2027-01-04T11:00:00Z', 'triage', { decision: 'stage1' });
      const acked = await runAt(s, h, '2027-01-05T10:00:00Z', 'acknowledge', {});
      // ack 3 WD → Thu 7 Jan (met); clarify 5 WD → Mon 11 Jan; respond 10 WD → Mon 18 Jan.
      expect(dues(acked)).toEqual({ 'stage1.respond': '2027-01-18', 'stage1.clarify': '2027-01-11' });

      const proclaimed: CalendarData = {
        ...base,
        version: 'england-and-wales:proclaimed-2027-01-13',
        holidays: [...base.holidays, { date: '2027-01-13', title: 'Proclaimed day' }].sort((a, b) => (a.date < b.date ? -1 : 1)),
      };
      await sleepUntil(s, '2027-01-06T09:00:00Z');
      await h.signal(calendarChangedSignal, { calendar: proclaimed, actor: 'officer-2' });
      const moved = await viewWhen(h, (v) => v.calendarVersion === 'england-and-wales:proclaimed-2027-01-13');
      // Wed 13 Jan no longer counts: respond 10 WD → 5-8, 11 12 14 15, 18 19 → Tue 19 Jan. Clarify (11 Jan) is before it; ack is met.
      expect(Object.fromEntries(moved.deadlines.map((d) => [d.key, `${d.due} ${d.state}`]))).toEqual({
        'stage1.acknowledge': '2027-01-07 met',
        'stage1.respond': '2027-01-19 pending',
        'stage1.clarify': '2027-01-11 pending',
      });
      expect(clock(moved, 'stage1.respond').explanation).toBe(
        'received Mon 4 Jan 2027; 10 working days, skipping 13 Jan (Proclaimed day) → Tue 19 Jan 2027',
      );
      expect(moved.events.at(-1)).toMatchObject({
        action: 'calendar-changed',
        actor: 'officer-2',
        detail: { calendarVersion: 'england-and-wales:proclaimed-2027-01-13', moved: 'stage1.respond: 2027-01-18 → 2027-01-19' },
      });

      // The single timer follows the new date: still pending after the old one, missed after the new one.
      await runAt(s, h, '2027-01-08T10:00:00Z', 'clarify', {});
      await sleepUntil(s, '2027-01-19T00:01:00Z');
      expect(clock(await view(h), 'stage1.respond').state).toBe('pending');
      await sleepUntil(s, '2027-01-20T00:01:00Z');
      const missed = await viewWhen(h, (v) => clock(v, 'stage1.respond').state === 'missed');
      expect(clock(missed, 'stage1.respond').due).toBe('2027-01-19');
    });
  });
});
