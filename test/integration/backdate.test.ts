import { describe, expect, it } from 'vitest';
import { createActivities } from '../../activities';
import { clock, openCase, recordingSink, refused, run, runAt, sleepUntil, view, viewWhen, type Delivered } from '../helpers/cases';
import { eventually } from '../helpers/eventually';
import { scenario } from '../helpers/time-skipping';

// Backdated steps stay honest (domain/complaint/past.ts, honestBackdate).
// Received Mon 23 Nov 2026: acknowledge 3 WD → Thu 26 Nov; respond 10 WD → Mon 7 Dec (no bank holiday before Christmas).

const RECEIVED = '2026-11-23T09:00:00Z';
const REASON = 'The response was emailed on time; the officer was off sick and logged it on return';
const alerts = (delivered: Delivered[]) => delivered.filter((d) => d.notice.kind === 'breach-alert').map((d) => d.notice.subject);

describe('backdated steps (time-skipping)', () => {
  it('within the grace period, past steps are logged freely: duties already marked missed turn met with no reason', async () => {
    const { sink, delivered } = recordingSink();
    const s = await scenario('2026-12-10T14:00:00Z', { activities: createActivities({ notices: sink }) });
    await s.run(async () => {
      const h = await openCase(s, { reference: 'CSC-2026-BKD001', receivedAt: RECEIVED, graceMinutes: 60 });
      await run(h, 'triage', { actor: 'officer-1', decision: 'stage1', at: '2026-11-23T10:00:00Z' });
      const missed = await viewWhen(h, (v) => clock(v, 'stage1.respond').state === 'missed');
      expect(clock(missed, 'stage1.acknowledge')).toMatchObject({ due: '2026-11-26', state: 'missed' });
      expect(clock(missed, 'stage1.respond')).toMatchObject({ due: '2026-12-07', state: 'missed' });

      await run(h, 'acknowledge', { actor: 'officer-1', at: '2026-11-24T10:00:00Z' });
      const responded = await run(h, 'respond', { actor: 'officer-1', at: '2026-12-07T10:00:00Z' });
      expect(clock(responded, 'stage1.acknowledge')).toMatchObject({ due: '2026-11-26', state: 'met', metAt: '2026-11-24T10:00:00.000Z' });
      expect(clock(responded, 'stage1.respond')).toMatchObject({ due: '2026-12-07', state: 'met', metAt: '2026-12-07T10:00:00.000Z' });
      const event = responded.events.find((e) => e.action === 'responded')!;
      expect(event.at).toBe('2026-12-07T10:00:00.000Z');
      expect(event.recordedAt.slice(0, 10)).toBe('2026-12-10');
      expect(event.detail).toBeUndefined();

      // Past the grace period's end: nothing was missed, nothing alerted.
      await sleepUntil(s, '2026-12-10T15:05:00Z');
      expect((await view(h)).overdue).toBeNull();
      expect(alerts(delivered)).toEqual([]);
    });
  });

  it('after the grace period, a Stage 1 response backdated to before its due date, once shown missed, needs a manager\'s reason', async () => {
    const { sink, delivered } = recordingSink();
    const s = await scenario('2026-11-23T09:05:00Z', { activities: createActivities({ notices: sink }) });
    await s.run(async () => {
      const h = await openCase(s, { reference: 'CSC-2026-BKD002', receivedAt: RECEIVED, graceMinutes: 60 });
      await runAt(s, h, '2026-11-23T10:00:00Z', 'triage', { decision: 'stage1' });
      await runAt(s, h, '2026-11-24T10:00:00Z', 'acknowledge', {});
      // Due Mon 7 Dec: missed at the end of that day (00:00 London, Tue 8 Dec) and alerted to the manager.
      await sleepUntil(s, '2026-12-10T14:05:00Z');
      await eventually(async () => alerts(delivered), (a) => a.includes('stage1.respond'));
      expect(clock(await view(h), 'stage1.respond')).toMatchObject({ due: '2026-12-07', state: 'missed', metAt: null });

      // Logged on Thu 10 Dec as sent on Mon 7 Dec, without a reason: refused, and nothing changes.
      expect(await refused(h, 'respond', { actor: 'officer-1', at: '2026-12-07T10:00:00Z' })).toBe(
        'stage1.respond was due on Mon 7 Dec 2026 and the case has shown it as missed since Tue 8 Dec 2026: ' +
          'a step dated 2026-12-07T10:00:00Z would make it met, so a complaints manager must give backdateReason',
      );
      expect(clock(await view(h), 'stage1.respond')).toMatchObject({ state: 'missed', metAt: null });

      // With a complaints manager's reason: met on Mon 7 Dec, and the event keeps both times and the reason.
      const responded = await run(h, 'respond', { actor: 'manager-1', at: '2026-12-07T10:00:00Z', backdateReason: REASON });
      expect(clock(responded, 'stage1.respond')).toMatchObject({ due: '2026-12-07', state: 'met', metAt: '2026-12-07T10:00:00.000Z' });
      expect(responded.overdue).toBeNull();
      const event = responded.events.find((e) => e.action === 'responded')!;
      expect(event).toMatchObject({ actor: 'manager-1', at: '2026-12-07T10:00:00.000Z', detail: { backdateReason: REASON, missedTurnedMet: 'stage1.respond' } });
      expect(event.recordedAt.slice(0, 16)).toBe('2026-12-10T14:05');
      // The alert the step proved wrong is withdrawn.
      await eventually(async () => alerts(delivered), (a) => a.includes('breach-corrected'));
      expect(alerts(delivered)).toEqual(['stage1.respond', 'breach-corrected']);
    });
  });

  it('after the grace period, a backdated step that does not turn a missed deadline met needs no reason', async () => {
    const s = await scenario('2026-11-23T09:05:00Z');
    await s.run(async () => {
      const h = await openCase(s, { reference: 'CSC-2026-BKD003', receivedAt: RECEIVED, graceMinutes: 60 });
      await runAt(s, h, '2026-11-23T10:00:00Z', 'triage', { decision: 'stage1' });
      await runAt(s, h, '2026-11-24T10:00:00Z', 'acknowledge', {});
      await sleepUntil(s, '2026-12-10T14:05:00Z');
      await viewWhen(h, (v) => clock(v, 'stage1.respond').state === 'missed');
      // Sent Wed 9 Dec, after its due date: still missed (done late), so the officer logs it as it was.
      const responded = await run(h, 'respond', { actor: 'officer-1', at: '2026-12-09T10:00:00Z' });
      expect(clock(responded, 'stage1.respond')).toMatchObject({ due: '2026-12-07', state: 'missed', metAt: '2026-12-09T10:00:00.000Z' });
      const event = responded.events.find((e) => e.action === 'responded')!;
      expect(event).toMatchObject({ actor: 'officer-1', at: '2026-12-09T10:00:00.000Z' });
      expect(event.detail).toBeUndefined();
    });
  });
});
