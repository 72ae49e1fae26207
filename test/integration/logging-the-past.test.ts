import { describe, expect, it } from 'vitest';
import { createActivities } from '../../activities';
import { loadTemplates, renderLetter } from '../../records/letters/templates';
import { noticeValues, templateFor } from '../../records/letters/values';
import type { Notice } from '../../domain/complaint/state';
import { clock, openCase, recordingSink, refused, runAt, sleepUntil, view, viewWhen, type Delivered } from '../helpers/cases';
import { eventually } from '../helpers/eventually';
import { scenario } from '../helpers/time-skipping';

// Steps logged for the past (DOMAIN.md "Logging the past").
// October and November 2026 have no bank holiday in England; British Summer Time ends Sun 25 Oct.

const templates = loadTemplates();
/** The notice as it is sent: its rendered body, dated on the given day. */
function rendered(notice: Notice, reference: string, sentAt = '2026-12-04T10:00:00Z'): string {
  const values = noticeValues(notice, { reference, sentAt: new Date(sentAt), councilName: 'The Council', councilContact: 'the Complaints Team', recipientName: 'A Parent' });
  return renderLetter(templates, templateFor(notice), values, { advocacy: false }).body;
}
/** What was sent, reminders of the live weeks aside. */
const kinds = (delivered: Delivered[]) => delivered.filter((d) => d.notice.kind !== 'reminder').map((d) => `${d.notice.kind}:${d.notice.subject}`);

describe('logging the past (time-skipping)', () => {
  it('a paper complaint of 1 Oct logged on 4 Dec with its steps: both duties met, no alert, no lapse, letters only when asked and never promising a date gone', async () => {
    const { sink, delivered } = recordingSink();
    const s = await scenario('2026-12-04T10:00:00Z', { activities: createActivities({ notices: sink }) });
    await s.run(async () => {
      const h = await openCase(s, { reference: 'CSC-2026-PST001', receivedAt: '2026-10-01T09:00:00Z', graceMinutes: 60 });
      await runAt(s, h, '2026-10-01T10:00:00Z', 'triage', { decision: 'stage1' });
      // Received Thu 1 Oct: acknowledge 3 WD → Tue 6 Oct; respond 10 WD → Thu 15 Oct.
      await runAt(s, h, '2026-10-02T10:00:00Z', 'acknowledge', { sendLetter: true });
      const responded = await runAt(s, h, '2026-10-14T10:00:00Z', 'respond', {});
      expect(clock(responded, 'stage1.acknowledge')).toMatchObject({ due: '2026-10-06', state: 'met', metAt: '2026-10-02T10:00:00.000Z' });
      expect(clock(responded, 'stage1.respond')).toMatchObject({ due: '2026-10-15', state: 'met', metAt: '2026-10-14T10:00:00.000Z' });
      // Responded Wed 14 Oct: the window is 20 WD → Wed 11 Nov, long gone; within the grace period it does not close the case.
      expect(clock(responded, 'stage1.escalate').due).toBe('2026-11-11');
      await sleepUntil(s, '2026-12-04T10:20:00Z');
      expect(await view(h)).toMatchObject({ stage: 'stage1', status: 'awaiting-escalation' });

      // A request the complainant made on Thu 5 Nov, inside the window, logged now: accepted in time.
      const escalated = await runAt(s, h, '2026-11-05T10:00:00Z', 'escalate', {});
      expect(escalated).toMatchObject({ stage: 'stage2', status: 'in-progress', outcome: null });
      expect(clock(escalated, 'stage1.escalate')).toMatchObject({ state: 'met', metAt: '2026-11-05T10:00:00.000Z' });
      await runAt(s, h, '2026-11-06T10:00:00Z', 'acknowledge', {});

      // Past the grace period's end: the case is judged on its whole history; nothing was missed.
      await sleepUntil(s, '2026-12-04T11:05:00Z');
      const judged = await viewWhen(h, (v) => v.stage === 'stage2');
      expect(clock(judged, 'stage2.acknowledge')).toMatchObject({ due: '2026-11-10', state: 'met' });
      expect(judged.status).toBe('in-progress');
      await eventually(async () => delivered.length, (n) => n === 1);
      // Only the letter the officer asked for; no breach alert, no reminder, no "closed" letter.
      expect(kinds(delivered)).toEqual(['letter:stage1-acknowledgement']);
      const ack = delivered[0]!.notice;
      expect(ack.detail).toMatchObject({ respondBy: null, respondByPassed: '2026-10-15' });
      const body = rendered(ack, 'CSC-2026-PST001');
      expect(body).toContain(
        'This is Stage 1 (local resolution): the manager of the service will look into your complaint and write to you.\n If we need more time',
      );
      expect(body).not.toContain('15 Oct');
      expect(body).not.toContain('within 10 working days');
      expect(judged.events.filter((e) => e.action === 'letter-not-sent').map((e) => e.detail)).toEqual([
        { letters: 'stage1-response', stepAt: '2026-10-14T10:00:00Z' },
        { letters: 'stage2-acknowledgement', stepAt: '2026-11-06T10:00:00Z' },
      ]);
      expect(judged.events.some((e) => e.action === 'window-lapsed')).toBe(false);
    });
  });

  it('alerts only at the end of the grace period, for the duties the whole history still shows missed; a lapse waits for it too', async () => {
    const { sink, delivered } = recordingSink();
    const s = await scenario('2026-12-04T10:00:00Z', { activities: createActivities({ notices: sink }) });
    await s.run(async () => {
      const h = await openCase(s, { reference: 'CSC-2026-PST002', receivedAt: '2026-10-01T09:00:00Z', graceMinutes: 60 });
      await runAt(s, h, '2026-10-01T10:00:00Z', 'triage', { decision: 'stage1' });
      const missed = await viewWhen(h, (v) => clock(v, 'stage1.respond').state === 'missed');
      expect(clock(missed, 'stage1.acknowledge')).toMatchObject({ due: '2026-10-06', state: 'missed' });
      await sleepUntil(s, '2026-12-04T10:59:00Z');
      expect(delivered).toEqual([]);
      // The response is logged late (Tue 20 Oct, after its due date): missed, but done, so no "has not been done" alert.
      const responded = await runAt(s, h, '2026-10-20T10:00:00Z', 'respond', {});
      expect(clock(responded, 'stage1.respond')).toMatchObject({ due: '2026-10-15', state: 'missed', metAt: '2026-10-20T10:00:00.000Z' });
      await sleepUntil(s, '2026-12-04T11:01:00Z');
      await eventually(async () => delivered.length, (n) => n === 2);
      await sleepUntil(s, '2026-12-04T12:00:00Z');
      expect(delivered.map((d) => [d.notice.kind, d.notice.subject, d.notice.detail.due ?? null])).toEqual([
        ['breach-alert', 'stage1.acknowledge', '2026-10-06'],
        // Responded Tue 20 Oct: window 20 WD → Tue 17 Nov, lapsed with no request: closed once judged.
        ['letter', 'closed-not-pursued', null],
      ]);
      expect(delivered[0]!.scheduledAt).toBeGreaterThanOrEqual(Date.parse('2026-12-04T11:00:00Z'));
      expect(await view(h)).toMatchObject({ status: 'closed', outcome: { kind: 'not-pursued', stage: 'stage1' } });
      expect(rendered(delivered[0]!.notice, 'CSC-2026-PST002')).toContain('the acknowledgement of the complaint was due by the end of **Tue 6 Oct 2026**');
      // A request of Tue 10 Nov, inside the window, logged after the lapse: in time, and the case reopens into Stage 2.
      const reopened = await runAt(s, h, '2026-11-10T10:00:00Z', 'escalate', {});
      expect(reopened).toMatchObject({ stage: 'stage2', status: 'in-progress', outcome: null });
      expect(reopened.events.find((e) => e.action === 'escalated')!.detail).toEqual({ to: 'stage2', reopened: true });
    });
  });

  it('withdraws a breach alert with a correction when a late-logged acknowledgement shows it was on time', async () => {
    const { sink, delivered } = recordingSink();
    const s = await scenario('2026-10-01T09:05:00Z', { activities: createActivities({ notices: sink }) });
    await s.run(async () => {
      const h = await openCase(s, { reference: 'CSC-2026-PST003', receivedAt: '2026-10-01T09:00:00Z', graceMinutes: 60 });
      await runAt(s, h, '2026-10-01T10:00:00Z', 'triage', { decision: 'stage1' });
      // Acknowledgement due Tue 6 Oct: alerted at the end of that day (00:00 London on Wed 7 Oct).
      await sleepUntil(s, '2026-10-07T09:00:00Z');
      await eventually(async () => kinds(delivered), (k) => k.includes('breach-alert:stage1.acknowledge'));
      // Past the grace period, turning an alerted duty met takes a manager's reason (test/integration/backdate.test.ts).
      const acked = await runAt(s, h, '2026-10-02T10:00:00Z', 'acknowledge', { actor: 'manager-1', backdateReason: 'Acknowledged by phone on the day; logged late' });
      expect(clock(acked, 'stage1.acknowledge')).toMatchObject({ due: '2026-10-06', state: 'met' });
      await eventually(async () => kinds(delivered).length, (n) => n === 2);
      await sleepUntil(s, '2026-10-08T09:00:00Z');
      // The acknowledgement letter of Fri 2 Oct is not sent (not asked for); the correction goes to the manager.
      expect(kinds(delivered)).toEqual(['breach-alert:stage1.acknowledge', 'breach-alert:breach-corrected']);
      const correction = delivered.find((d) => d.notice.subject === 'breach-corrected')!.notice;
      expect(correction.detail).toMatchObject({ deadline: 'stage1.acknowledge', to: 'complaints-manager', metOn: '2026-10-02', alertedOn: '2026-10-07' });
      expect(rendered(correction, 'CSC-2026-PST003')).toBe(
        'Correction for case CSC-2026-PST003: the acknowledgement of the complaint was made on **Fri 2 Oct 2026**, on time; please disregard the alert of Wed 7 Oct 2026.\n\nSent to the complaints manager.\n',
      );
    });
  });

  it('a court hold logged late pauses the response that ran out during it, names the hold, and withdraws its alert', async () => {
    const { sink, delivered } = recordingSink();
    const s = await scenario('2026-10-12T09:05:00Z', { activities: createActivities({ notices: sink }) });
    await s.run(async () => {
      const h = await openCase(s, { reference: 'CSC-2026-PST004', receivedAt: '2026-10-12T09:00:00Z', graceMinutes: 60 });
      await runAt(s, h, '2026-10-12T10:00:00Z', 'triage', { decision: 'stage1' });
      await runAt(s, h, '2026-10-13T10:00:00Z', 'acknowledge', {});
      // Received Mon 12 Oct: respond 10 WD → Mon 26 Oct; missed and alerted at its end (00:00 London, Tue 27 Oct).
      await sleepUntil(s, '2026-12-04T10:00:00Z');
      const missed = await viewWhen(h, (v) => clock(v, 'stage1.respond').state === 'missed');
      expect(clock(missed, 'stage1.respond').due).toBe('2026-10-26');
      // The view says since when: the end of its due date in London (Tue 27 Oct, 00:00 GMT), as the timer fired.
      expect(clock(missed, 'stage1.respond').missedAt?.slice(0, 16)).toBe('2026-10-27T00:00');
      await eventually(async () => kinds(delivered), (k) => k.includes('breach-alert:stage1.respond'));

      // Held Wed 14 Oct (court proceedings): 8 WD were left (15 16 19-23 26). Logged today, after the case
      // showed the response as missed: the hold would take it out of "missed", so it needs a manager's reason.
      expect(await refused(h, 'hold', { actor: 'officer-1', at: '2026-10-14T10:00:00Z', reason: 'court-proceedings' })).toBe(
        'stage1.respond was due on Mon 26 Oct 2026 and the case has shown it as missed since Tue 27 Oct 2026: ' +
          'a step dated 2026-10-14T10:00:00Z would make it paused instead, so a complaints manager must give backdateReason',
      );
      const held = await runAt(s, h, '2026-10-14T10:00:00Z', 'hold', {
        reason: 'court-proceedings',
        backdateReason: 'Care proceedings were issued on 14 Oct; the hold was not logged then',
      });
      expect(held.onHold).toBe(true);
      expect(clock(held, 'stage1.respond')).toMatchObject({ state: 'paused', due: '2026-10-26' });
      expect(clock(held, 'stage1.acknowledge').state).toBe('met');
      // Released Mon 30 Nov with 8 left: 1-4 Dec, 7-10 Dec → Thu 10 Dec.
      const released = await runAt(s, h, '2026-11-30T10:00:00Z', 'release-hold', {});
      expect(clock(released, 'stage1.respond')).toMatchObject({ state: 'pending', due: '2026-12-10' });
      expect(clock(released, 'stage1.respond').explanation).toBe(
        'received Mon 12 Oct 2026; 10 working days → Mon 26 Oct 2026; paused on Wed 14 Oct 2026 (court-proceedings hold) with 8 working days left; ' +
          'resumed on Mon 30 Nov 2026 → Thu 10 Dec 2026',
      );

      await sleepUntil(s, '2026-12-04T12:00:00Z');
      expect(clock(await view(h), 'stage1.respond')).toMatchObject({ state: 'pending', due: '2026-12-10' });
      // The alert withdrawn once; the hold and release letters of past days not sent.
      expect(kinds(delivered)).toEqual(['letter:stage1-acknowledgement', 'breach-alert:stage1.respond', 'breach-alert:breach-corrected']);
      const correction = delivered.find((d) => d.notice.subject === 'breach-corrected')!.notice;
      expect(correction.detail).toMatchObject({ deadline: 'stage1.respond', pausedOn: '2026-10-14', alertedOn: '2026-10-27', metOn: null });
      expect(rendered(correction, 'CSC-2026-PST004')).toBe(
        'Correction for case CSC-2026-PST004: the Stage 1 response was paused by a hold from **Wed 14 Oct 2026**, before it fell due; please disregard the alert of Tue 27 Oct 2026.\n\nSent to the complaints manager.\n',
      );
    });
  });
});
