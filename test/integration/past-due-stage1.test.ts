import { describe, expect, it } from 'vitest';
import { createActivities } from '../../activities';
import { POLICY_PROFILES } from '../../domain/policy';
import { clock, openCase, recordingSink, runAt, sleepUntil, view } from '../helpers/cases';
import { expectOneAlert, provePastDue } from '../helpers/past-due';
import { scenario } from '../helpers/time-skipping';

// Every clock proven past due: Stage 1.
describe('Stage 1 clocks past due (time-skipping)', () => {
  it('stage1.clarify (Luton 13.3): pending at 23:59 London on its due date across the Spring bank holiday, then missed with one alert', async () => {
    const { sink, delivered } = recordingSink();
    // Thu 27 May 2027, 11:00 BST.
    const s = await scenario('2027-05-27T10:05:00Z', { activities: createActivities({ notices: sink }) });
    await s.run(async () => {
      const h = await openCase(s, { reference: 'CSC-2027-PDS101', receivedAt: '2027-05-27T10:00:00Z', policy: POLICY_PROFILES.luton! });
      await runAt(s, h, '2027-05-27T11:00:00Z', 'triage', { decision: 'stage1' });
      const acked = await runAt(s, h, '2027-05-27T11:30:00Z', 'acknowledge', {});
      // Luton 13.3: clarified within 5 WD of receipt: Fri 28 (1), [Mon 31 May Spring bank holiday], Jun 1 2 3 4 (5) → Fri 4 Jun.
      expect(clock(acked, 'stage1.clarify')).toMatchObject({
        due: '2027-06-04',
        state: 'pending',
        explanation: 'received Thu 27 May 2027; 5 working days, skipping 31 May (Spring bank holiday) → Fri 4 Jun 2027',
      });

      // 5 WD from Thu 27 May: 2 WD before Fri 4 Jun → Wed 2 Jun; 50% → ceil(2.5) = 3rd WD, Wed 2 Jun; 75% → ceil(3.75) = 4th WD, Thu 3 Jun.
      // 09:00 BST is 08:00 UTC; the due date ends at 23:59 BST = 22:59 UTC.
      await provePastDue(s, h, delivered, {
        key: 'stage1.clarify',
        due: '2027-06-04',
        to: 'service-manager',
        reminders: [
          ['2027-06-02T08:00', '2 working days before the due date Fri 4 Jun 2027; 50% of the time elapsed'],
          ['2027-06-03T08:00', '75% of the time elapsed'],
        ],
      });

      // An unrelated command, the step done late, and days skipped: still one alert, and the late step is no longer overdue.
      await runAt(s, h, '2027-06-07T09:00:00Z', 'assign', { actor: 'manager-1', person: { id: 'jo.smith' }, part: 'assigned-officer' });
      const late = await runAt(s, h, '2027-06-07T10:00:00Z', 'clarify', {});
      expect(clock(late, 'stage1.clarify')).toMatchObject({ state: 'missed', metAt: '2027-06-07T10:00:00.000Z', missedAt: expect.stringMatching(/^2027-06-04T23:00:00\./) });
      expect(late.overdue).toBeNull();
      await sleepUntil(s, '2027-06-10T12:00:00Z');
      expect((await view(h)).overdue).toBeNull();
      expectOneAlert(delivered, 'stage1.clarify', '2027-06-04');
    });
  });
});
