import { describe, expect, it } from 'vitest';
import { createActivities } from '../../activities';
import { clock, openCase, recordingSink, refusedAt, runAt, sleepUntil, view, viewWhen } from '../helpers/cases';
import { scenario } from '../helpers/time-skipping';

// Received Mon 4 Jan 2027; responded Wed 6 Jan; the 20 WD window closes at the end of Wed 3 Feb.
// The Ombudsman decides Tue 1 Jun 2027 (BST) and sets Thu 15 Jul 2027 for the remedies:
// it falls due at the end of 15 Jul in London, 23:00 UTC.

describe('the Ombudsman (time-skipping)', () => {
  it('takes a referral after closure; a compliance date is a clock, missed at the end of that date unless complied with', async () => {
    const { sink, delivered } = recordingSink();
    const s = await scenario('2027-01-04T10:05:00Z', { activities: createActivities({ notices: sink }) });
    await s.run(async () => {
      const late = await openCase(s, { reference: 'CSC-2027-OMB001', receivedAt: '2027-01-04T10:00:00Z' });
      const onTime = await openCase(s, { reference: 'CSC-2027-OMB002', receivedAt: '2027-01-04T10:00:00Z' });
      for (const h of [late, onTime]) {
        await runAt(s, h, '2027-01-04T11:00:00Z', 'triage', { decision: 'stage1' });
        await runAt(s, h, '2027-01-06T12:00:00Z', 'respond', {});
      }
      await sleepUntil(s, '2027-02-04T00:01:00Z');
      for (const h of [late, onTime]) {
        const closed = await viewWhen(h, (v) => v.status === 'closed');
        expect(closed.outcome).toEqual({ kind: 'not-pursued', stage: 'stage1' });
      }

      expect(await refusedAt(s, late, '2027-02-10T10:00:00Z', 'record-ombudsman-decision', { decision: 'upheld' })).toBe(
        'the complaint has not been referred to the Ombudsman',
      );
      expect(await refusedAt(s, late, '2027-02-10T10:00:00Z', 'record-ombudsman-compliance', {})).toBe('no Ombudsman compliance date is set');
      for (const h of [late, onTime]) {
        const referred = await runAt(s, h, '2027-02-10T10:00:00Z', 'refer-to-ombudsman', { ombudsmanReference: '26 012 345' });
        expect(referred.ombudsman).toEqual({ referredAt: '2027-02-10T10:00:00.000Z', reference: '26 012 345' });
        expect(referred.status).toBe('closed');
      }
      expect(await refusedAt(s, late, '2027-02-11T10:00:00Z', 'refer-to-ombudsman', {})).toBe(
        'already referred to the Ombudsman at 2027-02-10T10:00:00.000Z, awaiting a decision',
      );

      // 10:00 UTC is 11:00 BST on Tue 1 Jun: a compliance date that day is not after the decision.
      expect(
        await refusedAt(s, late, '2027-06-01T10:00:00Z', 'record-ombudsman-decision', { decision: 'upheld', complianceDate: '2027-06-01' }),
      ).toBe('the compliance date Tue 1 Jun 2027 must be after the decision');
      for (const h of [late, onTime]) {
        const decided = await runAt(s, h, '2027-06-01T10:00:00Z', 'record-ombudsman-decision', {
          decision: 'upheld',
          remedies: [{ type: 'apology' }, { type: 'financial-redress', amountPence: 30_000 }],
          complianceDate: '2027-07-15',
        });
        expect(decided.ombudsman).toMatchObject({ decision: 'upheld', decidedAt: '2027-06-01T10:00:00.000Z', complianceDate: '2027-07-15' });
        expect(clock(decided, 'ombudsman.compliance')).toMatchObject({ kind: 'duty', due: '2027-07-15', state: 'pending' });
      }
      expect(await refusedAt(s, late, '2027-06-02T10:00:00Z', 'refer-to-ombudsman', {})).toBe('the Ombudsman already decided this complaint (upheld)');

      const complied = await runAt(s, onTime, '2027-07-14T10:00:00Z', 'record-ombudsman-compliance', {});
      expect(clock(complied, 'ombudsman.compliance')).toMatchObject({ due: '2027-07-15', state: 'met', metAt: '2027-07-14T10:00:00.000Z' });
      expect(await refusedAt(s, onTime, '2027-07-14T11:00:00Z', 'record-ombudsman-compliance', {})).toBe(
        'compliance was already recorded at 2027-07-14T10:00:00.000Z',
      );

      await sleepUntil(s, '2027-07-15T22:59:00Z');
      expect(clock(await view(late), 'ombudsman.compliance').state).toBe('pending');
      await sleepUntil(s, '2027-07-15T23:01:00Z');
      const missed = await viewWhen(late, (v) => clock(v, 'ombudsman.compliance').state === 'missed');
      expect(clock(missed, 'ombudsman.compliance').due).toBe('2027-07-15');
      const afterwards = await runAt(s, late, '2027-07-20T10:00:00Z', 'record-ombudsman-compliance', {});
      // Recorded, but late: the clock stays missed.
      expect(clock(afterwards, 'ombudsman.compliance')).toMatchObject({ state: 'missed', metAt: '2027-07-20T10:00:00.000Z' });
      expect(clock(await view(onTime), 'ombudsman.compliance').state).toBe('met');

      // Breach alerts: each missed duty exactly once; the lapsed escalation window (the complainant's) is none.
      const alerts = (ref: string) => delivered.filter((d) => d.reference === ref && d.notice.kind === 'breach-alert');
      expect(alerts('CSC-2027-OMB001').map((d) => [d.notice.subject, d.notice.detail.due])).toEqual([
        ['stage1.acknowledge', '2027-01-07'],
        ['ombudsman.compliance', '2027-07-15'],
      ]);
      expect(alerts('CSC-2027-OMB002').map((d) => d.notice.subject)).toEqual(['stage1.acknowledge']);
      const compliance = alerts('CSC-2027-OMB001')[1]!;
      expect(compliance.scheduledAt).toBeGreaterThanOrEqual(Date.parse('2027-07-15T23:00:00Z'));
      expect(compliance.scheduledAt).toBeLessThan(Date.parse('2027-07-15T23:01:00Z'));

      // Reminders of the compliance date at 09:00 London (08:00 UTC in summer), from the decision on Tue 1 Jun:
      // 32 WD to Thu 15 Jul; 50% → 16th WD Wed 23 Jun; 75% → 24th WD Mon 5 Jul; 2 WD before → Tue 13 Jul.
      const reminders = delivered.filter((d) => d.reference === 'CSC-2027-OMB001' && d.notice.subject === 'ombudsman.compliance' && d.notice.kind === 'reminder');
      expect(reminders.map((d) => [new Date(d.scheduledAt).toISOString().slice(0, 16), d.notice.detail.why])).toEqual([
        ['2027-06-23T08:00', '50% of the time elapsed'],
        ['2027-07-05T08:00', '75% of the time elapsed'],
        ['2027-07-13T08:00', '2 working days before the due date Thu 15 Jul 2027'],
      ]);
    });
  });
});
