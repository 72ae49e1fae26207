import { describe, expect, it } from 'vitest';
import { createActivities } from '../../activities';
import { POLICY_PROFILES } from '../../domain/policy';
import { clock, IO, IP, openCase, recordingSink, runAt, sleepUntil, view } from '../helpers/cases';
import { expectOneAlert, noticesOf, provePastDue } from '../helpers/past-due';
import { scenario } from '../helpers/time-skipping';

// Every clock proven past due: Stage 2.
describe('Stage 2 clocks past due (time-skipping)', () => {
  it('stage2.acknowledge over Christmas, stage2.contact and stage2.respond at 25 WD, one after another on a Luton case', async () => {
    const { sink, delivered } = recordingSink();
    // Wed 23 Dec 2026, GMT: London is UTC, so 09:00 London is 09:00 UTC and a day ends at 23:59 UTC.
    const s = await scenario('2026-12-23T10:05:00Z', { activities: createActivities({ notices: sink }) });
    await s.run(async () => {
      const h = await openCase(s, { reference: 'CSC-2026-PDS201', receivedAt: '2026-12-23T10:00:00Z', policy: POLICY_PROFILES.luton!, team: 'Children in Care' });
      const triaged = await runAt(s, h, '2026-12-23T11:00:00Z', 'triage', { decision: 'stage2' });
      // Luton 21 (Stage Two): acknowledged within 3 WD of the request: Thu 24 Dec (1), [Fri 25 Christmas Day, weekend,
      // Mon 28 Boxing Day (substitute day)], Tue 29 (2), Wed 30 (3) → Wed 30 Dec.
      expect(clock(triaged, 'stage2.acknowledge')).toMatchObject({
        due: '2026-12-30',
        explanation: 'Stage 2 requested Wed 23 Dec 2026; 3 working days, skipping 25 Dec (Christmas Day), 28 Dec (Boxing Day, substitute day) → Wed 30 Dec 2026',
      });
      // 2 WD before Wed 30 Dec → Thu 24 Dec; 50% → ceil(1.5) = 2nd WD, Tue 29 Dec; 75% → ceil(2.25) = 3rd, the due date itself: none.
      await provePastDue(s, h, delivered, {
        key: 'stage2.acknowledge',
        due: '2026-12-30',
        to: 'complaints-officer',
        reminders: [
          ['2026-12-24T09:00', '2 working days before the due date Wed 30 Dec 2026'],
          ['2026-12-29T09:00', '50% of the time elapsed'],
        ],
      });
      // Acknowledged late: no longer overdue, still missed.
      const acked = await runAt(s, h, '2026-12-31T10:00:00Z', 'acknowledge', {});
      expect(clock(acked, 'stage2.acknowledge')).toMatchObject({ state: 'missed', metAt: '2026-12-31T10:00:00.000Z' });
      expect(acked.overdue).toBeNull();

      // Luton 14.1: the IO contacts the complainant within 5 WD of appointment: Mon 4 Jan → 5 6 7 8 11 → Mon 11 Jan.
      const appointed = await runAt(s, h, '2027-01-04T10:00:00Z', 'appoint-investigators', { investigatingOfficer: IO, independentPerson: IP });
      expect(clock(appointed, 'stage2.contact')).toMatchObject({
        due: '2027-01-11',
        explanation: 'investigators appointed Mon 4 Jan 2027; 5 working days → Mon 11 Jan 2027',
      });
      // 2 WD before Mon 11 Jan → Thu 7 Jan; 50% → ceil(2.5) = 3rd WD, Thu 7 Jan; 75% → ceil(3.75) = 4th, Fri 8 Jan.
      await provePastDue(s, h, delivered, {
        key: 'stage2.contact',
        due: '2027-01-11',
        to: 'investigating-officer',
        reminders: [
          ['2027-01-07T09:00', '2 working days before the due date Mon 11 Jan 2027; 50% of the time elapsed'],
          ['2027-01-08T09:00', '75% of the time elapsed'],
        ],
      });
      expect((await runAt(s, h, '2027-01-12T10:00:00Z', 'contact', {})).overdue).toBeNull();

      // Luton 14.7: 25 WD from the day the complainant agrees the statement, Wed 13 Jan:
      // 14 15 (2), 18-22 (7), 25-29 (12), Feb 1-5 (17), 8-12 (22), 15 16 17 (25) → Wed 17 Feb.
      const agreed = await runAt(s, h, '2027-01-13T10:00:00Z', 'agree-statement', {});
      expect(clock(agreed, 'stage2.respond')).toMatchObject({
        due: '2027-02-17',
        explanation: 'statement of complaint agreed Wed 13 Jan 2027; 25 working days → Wed 17 Feb 2027',
      });
      // The complainant is kept informed every 10 WD (stage2.progress, from Wed 13 Jan: due Wed 27 Jan), so the response is the duty missed.
      await runAt(s, h, '2027-01-26T10:00:00Z', 'progress-update', { progress: 'Reading the records' });
      expect(clock(await runAt(s, h, '2027-02-08T10:00:00Z', 'progress-update', { progress: 'Meeting the staff' }), 'stage2.progress').due).toBe('2027-02-22');
      // 50% → ceil(12.5) = 13th WD, Mon 1 Feb; 75% → ceil(18.75) = 19th, Tue 9 Feb; 2 WD before Wed 17 Feb → Mon 15 Feb.
      await provePastDue(s, h, delivered, {
        key: 'stage2.respond',
        due: '2027-02-17',
        to: 'adjudicating-officer',
        reminders: [
          ['2027-02-01T09:00', '50% of the time elapsed'],
          ['2027-02-09T09:00', '75% of the time elapsed'],
          ['2027-02-15T09:00', '2 working days before the due date Wed 17 Feb 2027'],
        ],
      });

      // Other commands and more skipped time: still exactly one alert per clock, each to the complaints manager.
      await runAt(s, h, '2027-02-19T10:00:00Z', 'assign', { actor: 'manager-1', person: { id: 'jo.smith' }, part: 'assigned-officer' });
      await runAt(s, h, '2027-02-22T10:00:00Z', 'submit-reports', { reports: ['investigating-officer'] });
      await runAt(s, h, '2027-02-22T11:00:00Z', 'progress-update', { progress: 'One report is in' });
      await sleepUntil(s, '2027-03-01T12:00:00Z');
      expect((await view(h)).overdue).toMatchObject({ key: 'stage2.respond', due: '2027-02-17' });
      expectOneAlert(delivered, 'stage2.acknowledge', '2026-12-30');
      expectOneAlert(delivered, 'stage2.contact', '2027-01-11');
      expectOneAlert(delivered, 'stage2.respond', '2027-02-17');
      expect(delivered.filter((d) => d.notice.kind === 'breach-alert').map((d) => d.notice.subject)).toEqual([
        'stage2.acknowledge',
        'stage2.contact',
        'stage2.respond',
      ]);
    });
  });

  it("stage2.respond extended with the complainant's agreement runs to 65 WD, across Easter and the clock change, then is missed once", async () => {
    const { sink, delivered } = recordingSink();
    const s = await scenario('2027-01-04T10:05:00Z', { activities: createActivities({ notices: sink }) });
    await s.run(async () => {
      const h = await openCase(s, { reference: 'CSC-2027-PDS202', receivedAt: '2027-01-04T10:00:00Z', team: 'Fostering' });
      await runAt(s, h, '2027-01-04T11:00:00Z', 'triage', { decision: 'stage2' });
      await runAt(s, h, '2027-01-05T10:00:00Z', 'acknowledge', {});
      await runAt(s, h, '2027-01-05T11:00:00Z', 'appoint-investigators', { investigatingOfficer: IO, independentPerson: IP });
      // The engine models one clock: 25 WD from the agreed statement (the target), which an `extend` with the
      // complainant's agreement may carry to at most 65 WD in all (DOMAIN.md stage2.respond; BANES 8.6, Kingston;
      // policy extensions.stage2MaxTotalWorkingDays). Agreed Mon 11 Jan: 25 WD → Mon 15 Feb.
      const agreed = await runAt(s, h, '2027-01-11T10:00:00Z', 'agree-statement', {});
      expect(clock(agreed, 'stage2.respond')).toMatchObject({ due: '2027-02-15', state: 'pending' });
      // Extended by 40 (25 + 40 = 65): from Mon 15 Feb, Feb 16-19 (4), 22-26 (9), Mar 1-5 (14), 8-12 (19), 15-19 (24),
      // 22-25 (28), [Good Friday 26 Mar, Easter Monday 29 Mar], 30 31 Apr 1 2 (32), 5-9 (37), 12 13 14 (40) → Wed 14 Apr.
      const extended = await runAt(s, h, '2027-01-12T10:00:00Z', 'extend', {
        deadline: 'stage2.respond',
        workingDays: 40,
        reason: 'a key witness is away',
        complainantAgreed: true,
      });
      expect(clock(extended, 'stage2.respond')).toMatchObject({
        due: '2027-04-14',
        explanation:
          'statement of complaint agreed Mon 11 Jan 2027; 25 working days → Mon 15 Feb 2027; extended by 40 working days (a key witness is away) → Wed 14 Apr 2027',
      });

      // Progress updates every 10 WD (the extension was one: due Tue 26 Jan), so the response is the duty missed.
      const update = (on: string) => runAt(s, h, `${on}T10:00:00Z`, 'progress-update', { progress: 'The investigation goes on' });
      for (const on of ['2027-01-25', '2027-02-08']) await update(on);
      // Past the 25th working day (00:01 Tue 16 Feb, GMT): still pending, nothing alerted.
      await sleepUntil(s, '2027-02-16T00:01:00Z');
      expect(clock(await view(h), 'stage2.respond')).toMatchObject({ state: 'pending', missedAt: null });
      expect(noticesOf(delivered, 'breach-alert', 'stage2.respond')).toEqual([]);

      for (const on of ['2027-02-22', '2027-03-08', '2027-03-22', '2027-04-06']) await update(on);
      // Reminders over the whole 65 WD from Mon 11 Jan: 50% → ceil(32.5) = 33rd WD, Thu 25 Feb (09:00 GMT);
      // 75% → ceil(48.75) = 49th, Fri 19 Mar (GMT); 2 WD before Wed 14 Apr → Mon 12 Apr, 09:00 BST = 08:00 UTC.
      // The 14th ends at 23:59 BST = 22:59 UTC.
      await provePastDue(s, h, delivered, {
        key: 'stage2.respond',
        due: '2027-04-14',
        to: 'adjudicating-officer',
        reminders: [
          ['2027-02-25T09:00', '50% of the time elapsed'],
          ['2027-03-19T09:00', '75% of the time elapsed'],
          ['2027-04-12T08:00', '2 working days before the due date Wed 14 Apr 2027'],
        ],
      });
      // No further extension past 65: the engine refuses it (covered in procedure-stage2); reports in late, still one alert.
      await runAt(s, h, '2027-04-16T10:00:00Z', 'submit-reports', { reports: ['investigating-officer', 'independent-person'] });
      await update('2027-04-16');
      await sleepUntil(s, '2027-04-26T12:00:00Z');
      expectOneAlert(delivered, 'stage2.respond', '2027-04-14');
      expect(delivered.filter((d) => d.notice.kind === 'breach-alert').map((d) => d.notice.subject)).toEqual(['stage2.respond']);
    });
  });
});
