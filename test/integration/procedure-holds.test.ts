import { describe, expect, it } from 'vitest';
import { clock, dues, openCase, refusedAt, runAt, sleepUntil, view } from '../helpers/cases';
import { scenario } from '../helpers/time-skipping';

// Received Mon 14 Dec 2026, 10:00 GMT. Christmas 2026: Fri 25 Dec, Boxing Day substitute Mon 28 Dec;
// New Year's Day Fri 1 Jan 2027.
// respond: 10 WD → 15 16 17 18 | 21 22 23 24 | [25, 28] 29 30 → Wed 30 Dec.
const RECEIVED = '2026-12-14T10:00:00Z';

describe('holds, partial holds and withdrawal (time-skipping)', () => {
  it('a safeguarding hold over Christmas stops every clock; on release each has the working days it had left', async () => {
    const s = await scenario('2026-12-14T10:05:00Z');
    await s.run(async () => {
      const h = await openCase(s, { reference: 'CSC-2026-HLD001', receivedAt: RECEIVED });
      const sameDay = await openCase(s, { reference: 'CSC-2026-HLD002', receivedAt: RECEIVED });
      for (const c of [h, sameDay]) {
        const v = await runAt(s, c, '2026-12-14T11:00:00Z', 'triage', { decision: 'stage1' });
        expect(dues(v)).toEqual({ 'stage1.acknowledge': '2026-12-17', 'stage1.respond': '2026-12-30' });
        await runAt(s, c, '2026-12-15T10:00:00Z', 'acknowledge', {});
      }

      // A hold released the same day changes nothing.
      await runAt(s, sameDay, '2026-12-16T10:00:00Z', 'hold', { reason: 'safeguarding' });
      const released0 = await runAt(s, sameDay, '2026-12-16T15:00:00Z', 'release-hold', {});
      expect(clock(released0, 'stage1.respond')).toMatchObject({ state: 'pending', due: '2026-12-30' });

      expect(await refusedAt(s, h, '2026-12-17T10:00:00Z', 'release-hold', {})).toBe('the case is not on hold');
      // Held Fri 18 Dec: left after it up to 30 Dec → 21 22 23 24 29 30 = 6 WD.
      const held = await runAt(s, h, '2026-12-18T10:00:00Z', 'hold', { reason: 'safeguarding', detail: 'a section 47 enquiry' });
      expect(held).toMatchObject({ onHold: true, status: 'in-progress', stage: 'stage1' });
      expect(clock(held, 'stage1.respond')).toMatchObject({ state: 'paused', due: '2026-12-30' });
      expect(clock(held, 'stage1.acknowledge').state).toBe('met');

      const onHold = 'the case is on hold (safeguarding) since 2026-12-18T10:00:00.000Z: release the hold first';
      expect(await refusedAt(s, h, '2026-12-21T10:00:00Z', 'respond', {})).toBe(onHold);
      expect(await refusedAt(s, h, '2026-12-21T10:00:00Z', 'extend', { deadline: 'stage1.respond', workingDays: 2, reason: 'x' })).toBe(onHold);
      expect(await refusedAt(s, h, '2026-12-21T10:00:00Z', 'hold', { reason: 'court-proceedings' })).toBe(onHold);
      expect(await refusedAt(s, h, '2026-12-18T09:00:00Z', 'release-hold', {})).toBe(
        '"at" (2026-12-18T09:00:00Z) is before the hold (2026-12-18T10:00:00.000Z)',
      );

      // Past the old due date on hold: nothing is missed.
      await sleepUntil(s, '2027-01-05T12:00:00Z');
      expect(clock(await view(h), 'stage1.respond').state).toBe('paused');

      // Released Mon 11 Jan with 6 left: 12 13 14 15 18 19 → Tue 19 Jan.
      const released = await runAt(s, h, '2027-01-11T10:00:00Z', 'release-hold', {});
      expect(released.onHold).toBe(false);
      expect(clock(released, 'stage1.respond')).toMatchObject({ state: 'pending', due: '2027-01-19' });
      expect(clock(released, 'stage1.respond').explanation).toBe(
        'received Mon 14 Dec 2026; 10 working days, skipping 25 Dec (Christmas Day), 28 Dec (Boxing Day, substitute day) → Wed 30 Dec 2026; ' +
          'paused on Fri 18 Dec 2026 (safeguarding hold) with 6 working days left; resumed on Mon 11 Jan 2027 → Tue 19 Jan 2027',
      );
      expect(released.events.slice(-2).map((e) => e.action)).toEqual(['held', 'hold-released']);

      // A partial hold (regulation 8): the held head waits, the clocks run on and steps go ahead.
      const partial = await runAt(s, h, '2027-01-12T10:00:00Z', 'hold', { reason: 'court-proceedings', heads: ['2'] });
      expect(partial).toMatchObject({ onHold: false, heldHeads: ['2'] });
      expect(clock(partial, 'stage1.respond')).toMatchObject({ state: 'pending', due: '2027-01-19' });
      expect(await refusedAt(s, h, '2027-01-12T10:00:00Z', 'hold', { reason: 'court-proceedings', heads: ['2'] })).toBe('already held: head 2');
      expect(await refusedAt(s, h, '2027-01-12T10:00:00Z', 'release-hold', { heads: ['3'] })).toBe('not held: head 3');
      const responded = await runAt(s, h, '2027-01-14T10:00:00Z', 'respond', {});
      expect(clock(responded, 'stage1.respond')).toMatchObject({ due: '2027-01-19', state: 'met' });
      expect(responded.heldHeads).toEqual(['2']);
      const headsReleased = await runAt(s, h, '2027-01-15T10:00:00Z', 'release-hold', { heads: ['2'] });
      expect(headsReleased.heldHeads).toEqual([]);

      // Withdrawal closes the other case at once, its clocks cancelled.
      const withdrawn = await runAt(s, sameDay, '2027-01-15T10:00:00Z', 'withdraw', {});
      expect(withdrawn).toMatchObject({ stage: 'closed', status: 'closed', outcome: { kind: 'withdrawn', stage: 'stage1' } });
      expect(clock(withdrawn, 'stage1.respond').state).toBe('missed');
    });
  });

  it('withdrawal while on hold closes the case; holds never close a case', async () => {
    const s = await scenario('2026-12-14T10:05:00Z');
    await s.run(async () => {
      const h = await openCase(s, { reference: 'CSC-2026-HLD003', receivedAt: RECEIVED });
      expect(await refusedAt(s, h, '2026-12-14T10:30:00Z', 'hold', { reason: 'safeguarding' })).toBe('the complaint has not been triaged yet');
      await runAt(s, h, '2026-12-14T11:00:00Z', 'triage', { decision: 'stage1' });
      const held = await runAt(s, h, '2026-12-15T10:00:00Z', 'hold', { reason: 'safeguarding' });
      // Held Tue 15 Dec: ack had 16 17 = 2 WD left; respond had 16 17 18 21 22 23 24 29 30 = 9.
      expect(held.deadlines.map((d) => [d.key, d.state])).toEqual([
        ['stage1.acknowledge', 'paused'],
        ['stage1.respond', 'paused'],
      ]);
      const withdrawn = await runAt(s, h, '2026-12-16T10:00:00Z', 'withdraw', { note: 'the complainant wrote in' });
      expect(withdrawn).toMatchObject({ stage: 'closed', status: 'closed', outcome: { kind: 'withdrawn', stage: 'stage1' } });
      expect(withdrawn.deadlines.map((d) => [d.key, d.state])).toEqual([
        ['stage1.acknowledge', 'cancelled'],
        ['stage1.respond', 'cancelled'],
      ]);
      expect(await refusedAt(s, h, '2026-12-16T11:00:00Z', 'withdraw', {})).toBe('the case is closed (withdrawn at stage1)');
    });
  });
});
