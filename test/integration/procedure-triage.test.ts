import { describe, expect, it } from 'vitest';
import { clock, dues, openCase, refusedAt, runAt } from '../helpers/cases';
import { scenario } from '../helpers/time-skipping';

// Every case here is received Mon 4 Jan 2027 at 10:00 (GMT: London = UTC);
// Fri 1 Jan 2027 (New Year's Day) is before it, so no holiday until Good Friday.
const RECEIVED = '2027-01-04T10:00:00Z';
const TRIAGED = '2027-01-04T11:00:00Z';

describe('triage (time-skipping)', () => {
  it('stage1 starts the 10 WD response clock from receipt; stage2 starts the Stage 2 acknowledgement from receipt', async () => {
    const s = await scenario('2027-01-04T10:05:00Z');
    await s.run(async () => {
      const one = await openCase(s, { reference: 'CSC-2027-TRI001', receivedAt: RECEIVED });
      const two = await openCase(s, { reference: 'CSC-2027-TRI002', receivedAt: RECEIVED });

      const v1 = await runAt(s, one, TRIAGED, 'triage', { decision: 'stage1' });
      expect(v1).toMatchObject({ procedure: 'statutory', stage: 'stage1', status: 'in-progress', receivedOn: '2027-01-04' });
      // acknowledge: 3 WD after Mon 4 Jan → Tue 5, Wed 6, Thu 7 Jan.
      // respond: 10 WD after Mon 4 Jan → 5,6,7,8, 11,12,13,14,15, 18 → Mon 18 Jan.
      expect(dues(v1)).toEqual({ 'stage1.acknowledge': '2027-01-07', 'stage1.respond': '2027-01-18' });
      expect(clock(v1, 'stage1.respond').explanation).toBe('received Mon 4 Jan 2027; 10 working days → Mon 18 Jan 2027');
      // No stage1.clarify under the statutory policy (Luton only).
      expect(v1.deadlines.map((d) => d.key)).toEqual(['stage1.acknowledge', 'stage1.respond']);

      const v2 = await runAt(s, two, TRIAGED, 'triage', { decision: 'stage2', note: 'serious and detailed' });
      expect(v2).toMatchObject({ procedure: 'statutory', stage: 'stage2', status: 'in-progress' });
      expect(v2.stage2).toMatchObject({ requestedOn: '2027-01-04', requestedAt: '2027-01-04T10:00:00.000Z' });
      // stage2.acknowledge: 3 WD after the request (= receipt) Mon 4 Jan → Thu 7 Jan; the Stage 1 clock is cancelled.
      expect(dues(v2)).toEqual({ 'stage2.acknowledge': '2027-01-07' });
      expect(clock(v2, 'stage1.acknowledge').state).toBe('cancelled');
      // stage2.respond waits for the statement of complaint under this policy.
      expect(v2.deadlines.some((d) => d.key === 'stage2.respond')).toBe(false);
    });
  });

  it('corporate and representation close the case with every clock cancelled, and need a reason', async () => {
    const s = await scenario('2027-01-04T10:05:00Z');
    await s.run(async () => {
      const corp = await openCase(s, { reference: 'CSC-2027-TRI003', receivedAt: RECEIVED });
      const rep = await openCase(s, { reference: 'CSC-2027-TRI004', receivedAt: RECEIVED });

      expect(await refusedAt(s, corp, TRIAGED, 'triage', { decision: 'corporate' })).toBe(
        'a decision of corporate needs a reason, given to the complainant in writing',
      );
      const vc = await runAt(s, corp, TRIAGED, 'triage', { decision: 'corporate', reason: 'a section 47 enquiry' });
      expect(vc).toMatchObject({ procedure: 'corporate', stage: 'closed', status: 'closed', outcome: { kind: 'routed-out', to: 'corporate' } });
      expect(vc.deadlines).toEqual([expect.objectContaining({ key: 'stage1.acknowledge', due: '2027-01-07', state: 'cancelled' })]);
      expect(await refusedAt(s, corp, '2027-01-04T12:00:00Z', 'acknowledge', {})).toBe('the case is closed (routed-out)');

      expect(await refusedAt(s, rep, TRIAGED, 'triage', { decision: 'representation' })).toBe(
        'a decision of representation needs a reason, given to the complainant in writing',
      );
      const vr = await runAt(s, rep, TRIAGED, 'triage', { decision: 'representation', reason: 'a comment on the service' });
      expect(vr).toMatchObject({ procedure: 'representation', stage: 'closed', status: 'closed', outcome: { kind: 'representation' } });
      expect(vr.deadlines.map((d) => d.state)).toEqual(['cancelled']);
      expect(await refusedAt(s, rep, '2027-01-04T12:00:00Z', 'triage', { decision: 'stage1' })).toBe('the case is closed (representation)');
    });
  });

  it('not accepted needs a reason code and written reasons, and closes the case with that reason', async () => {
    const s = await scenario('2027-01-04T10:05:00Z');
    await s.run(async () => {
      const h = await openCase(s, { reference: 'CSC-2027-TRI005', receivedAt: RECEIVED });
      expect(await refusedAt(s, h, TRIAGED, 'triage', { decision: 'not-accepted', reason: 'before the family court' })).toBe(
        'a complaint not accepted needs notAcceptedReason',
      );
      expect(await refusedAt(s, h, TRIAGED, 'triage', { decision: 'not-accepted', notAcceptedReason: 'court-proceedings' })).toBe(
        'a complaint not accepted needs its reasons in writing (reason)',
      );
      const v = await runAt(s, h, TRIAGED, 'triage', {
        decision: 'not-accepted',
        notAcceptedReason: 'court-proceedings',
        reason: 'the matter is before the family court',
      });
      expect(v).toMatchObject({
        procedure: 'not-accepted',
        stage: 'closed',
        status: 'closed',
        outcome: { kind: 'not-accepted', reason: 'court-proceedings' },
      });
      expect(v.deadlines.map((d) => [d.key, d.state])).toEqual([['stage1.acknowledge', 'cancelled']]);
      expect(v.events.at(-1)).toMatchObject({ action: 'triaged', detail: { decision: 'not-accepted', notAcceptedReason: 'court-proceedings' } });
    });
  });

  it('applies the 12-month rule: out-of-time only beyond 12 months; an older matter needs a good reason for delay', async () => {
    const s = await scenario('2027-01-04T10:05:00Z');
    await s.run(async () => {
      const within = await openCase(s, { reference: 'CSC-2027-TRI006', receivedAt: RECEIVED });
      const beyond = await openCase(s, { reference: 'CSC-2027-TRI007', receivedAt: RECEIVED });
      const late = await openCase(s, { reference: 'CSC-2027-TRI008', receivedAt: RECEIVED });
      const outOfTime = { decision: 'not-accepted', notAcceptedReason: 'out-of-time', reason: 'made more than 12 months after' } as const;

      expect(await refusedAt(s, within, TRIAGED, 'triage', { ...outOfTime })).toBe(
        'out-of-time needs matterOccurredOn, the date the grounds arose',
      );
      // Received Mon 4 Jan 2027: 12 months back is Sun 4 Jan 2026, still in time.
      expect(await refusedAt(s, within, TRIAGED, 'triage', { ...outOfTime, matterOccurredOn: '2026-01-04' })).toBe(
        'the grounds arose on Sun 4 Jan 2026, within 12 months of receipt on Mon 4 Jan 2027: not out of time',
      );
      expect(await refusedAt(s, within, TRIAGED, 'triage', { decision: 'stage1', matterOccurredOn: '2027-01-05' })).toBe(
        'matterOccurredOn (2027-01-05) is after the complaint was received (2027-01-04)',
      );
      // The day before is out of time.
      const vb = await runAt(s, beyond, TRIAGED, 'triage', { ...outOfTime, matterOccurredOn: '2026-01-03' });
      expect(vb.outcome).toEqual({ kind: 'not-accepted', reason: 'out-of-time' });

      expect(await refusedAt(s, late, TRIAGED, 'triage', { decision: 'stage1', matterOccurredOn: '2026-01-03' })).toBe(
        'the grounds arose on Sat 3 Jan 2026, more than 12 months before receipt: accept it only with goodReasonForDelay ' +
          '(and it can still be investigated), or decide not-accepted with out-of-time',
      );
      const vl = await runAt(s, late, TRIAGED, 'triage', {
        decision: 'stage1',
        matterOccurredOn: '2026-01-03',
        goodReasonForDelay: 'the young person was in hospital',
      });
      expect(vl).toMatchObject({ procedure: 'statutory', stage: 'stage1', status: 'in-progress' });
      expect(clock(vl, 'stage1.respond').due).toBe('2027-01-18');
      expect(vl.events.at(-1)).toMatchObject({ action: 'triaged', detail: { decision: 'stage1', acceptedLate: true } });
    });
  });
});
