/**
 * The `kingston` profile lived end to end on the
 * time-skipping server, every due date exact and every date a letter promises.
 *
 * Kingston's annual report 2017/18 sets the statutory timescales (Stage One:
 * 10, extendable to 20 for complex cases; Stage Two: 25, extended to 65;
 * Stage Three: panel within 30 of the request, the Chair's report in 5, the
 * council's response within 15 of the report), so its dates are the
 * default's. Where its practice differs, decided per case:
 * - Stage One: the timescale "is decided by Customer Care and agreed with the
 *   complainant", e.g. to meet the team manager first: an extension agreed at
 *   triage, within the cap of 10;
 * - Stage Two: extended "always ... with the agreement of the complainant":
 *   refused without it;
 * - no clarification or contact step (Luton's), and no 20 days for a
 *   Director who disagrees (Luton 20.6): the response stays at 15.
 * The profile has no closure days. The Director's 15 days run over Christmas
 * and New Year 2027, when every holiday falls on a weekend: 27 Dec
 * (Christmas Day), 28 Dec (Boxing Day) and 3 Jan 2028 (New Year's Day) are
 * substitute days. The summer bank holiday (30 Aug) falls in Stage 1's window.
 */
import { describe, expect, it } from 'vitest';
import { createActivities } from '../../../activities';
import { POLICY_PROFILES } from '../../../domain/policy';
import { clock, dues, IO, IP, openCase, PANEL, recordingSink, refusedAt, runAt } from '../../helpers/cases';
import { scenario } from '../../helpers/time-skipping';
import { promisedDates, staffNotices } from './letters';

describe('the kingston profile end to end (time-skipping)', () => {
  it('agrees the Stage 1 timescale with the complainant and answers the panel over Christmas 2027 within 15 working days', async () => {
    const { sink, delivered } = recordingSink();
    const s = await scenario('2027-08-02T10:05:00Z', { activities: createActivities({ notices: sink }) });
    await s.run(async () => {
      const h = await openCase(s, { reference: 'CSC-2027-KGN001', receivedAt: '2027-08-02T10:00:00Z', policy: POLICY_PROFILES.kingston!, team: 'Leaving Care' });

      // ---- Stage 1: received Mon 2 Aug 2027 (11:00 BST). acknowledge 3 WD → 3 4 5 → Thu 5 Aug;
      // respond 10 WD → 3-6 (4), 9-13 (9), 16 → Mon 16 Aug.
      const triaged = await runAt(s, h, '2027-08-02T11:00:00Z', 'triage', { decision: 'stage1' });
      expect(dues(triaged)).toEqual({ 'stage1.acknowledge': '2027-08-05', 'stage1.respond': '2027-08-16' });
      expect(await refusedAt(s, h, '2027-08-02T11:15:00Z', 'clarify', {})).toBe("this council's policy (kingston) has no Stage 1 clarification step");
      // Agreed with the complainant, who wants to meet the team manager first: 5 more → 17-20 (4), 23 → Mon 23 Aug.
      const agreedTimescale = await runAt(s, h, '2027-08-02T11:30:00Z', 'extend', {
        deadline: 'stage1.respond',
        workingDays: 5,
        reason: 'to meet the team manager first, as agreed with you',
        complainantAgreed: true,
      });
      expect(clock(agreedTimescale, 'stage1.respond')).toMatchObject({ due: '2027-08-23', state: 'pending' });
      expect(agreedTimescale.events.at(-1)).toMatchObject({ action: 'extended', detail: { deadline: 'stage1.respond', newDue: '2027-08-23', complainantAgreed: true } });
      await runAt(s, h, '2027-08-03T10:00:00Z', 'acknowledge', {});
      // Answered Fri 20 Aug: 20 WD → 23-27 (5), [30 Aug summer bank holiday], 31 Sep 1-3 (9), 6-10 (14), 13-17 (19), 20 → Mon 20 Sep.
      const responded = await runAt(s, h, '2027-08-20T10:00:00Z', 'respond', {});
      expect(dues(responded)).toEqual({ 'stage1.escalate': '2027-09-20' });
      expect(clock(responded, 'stage1.escalate').explanation).toBe(
        'Stage 1 response sent Fri 20 Aug 2027; 20 working days, skipping 30 Aug (Summer bank holiday) → Mon 20 Sep 2027',
      );

      // ---- Stage 2: asked Mon 6 Sep. acknowledge 3 WD → 7 8 9 → Thu 9 Sep.
      const s2 = await runAt(s, h, '2027-09-06T10:00:00Z', 'escalate', { reasons: 'not satisfied' });
      expect(dues(s2)).toEqual({ 'stage2.acknowledge': '2027-09-09' });
      await runAt(s, h, '2027-09-07T10:00:00Z', 'acknowledge', {});
      // An external Investigating Officer, with an Independent Person.
      await runAt(s, h, '2027-09-08T10:00:00Z', 'appoint-investigators', { investigatingOfficer: IO, independentPerson: IP });
      expect(await refusedAt(s, h, '2027-09-09T10:00:00Z', 'contact', {})).toBe("this council's policy (kingston) has no Stage 2 contact step");
      // Agreed Mon 13 Sep: 25 WD → 14-17 (4), 20-24 (9), 27 Sep-1 Oct (14), 4-8 (19), 11-15 (24), 18 → Mon 18 Oct.
      const agreed = await runAt(s, h, '2027-09-13T10:00:00Z', 'agree-statement', {});
      // Progress updates every 10 WD from it (stage2.progress; RRC guidance) → 14-17 | 20-24 | 27 → Mon 27 Sep; updated then
      // (next by 28-30 Oct 1 | 4-8 | 11 → Mon 11 Oct) and on Mon 11 Oct (next by Mon 25 Oct, which the adjudication cancels).
      expect(dues(agreed)).toEqual({ 'stage2.respond': '2027-10-18', 'stage2.progress': '2027-09-27' });
      await runAt(s, h, '2027-09-27T10:00:00Z', 'progress-update', { progress: 'The Investigating Officer has met the staff involved.' });
      expect(
        await refusedAt(s, h, '2027-10-04T10:00:00Z', 'extend', { deadline: 'stage2.respond', workingDays: 10, reason: 'more interviews' }),
      ).toBe("a Stage 2 extension needs the complainant's agreement (complainantAgreed: true)");
      await runAt(s, h, '2027-10-11T10:00:00Z', 'progress-update', { progress: 'The reports are being written.' });
      await runAt(s, h, '2027-10-13T10:00:00Z', 'submit-reports', { reports: ['investigating-officer', 'independent-person'] });
      // Adjudicated (the Assistant Director's response) Fri 15 Oct: 20 WD → 18-22 (5), 25-29 (10), Nov 1-5 (15), 8-12 → Fri 12 Nov.
      const adjudicated = await runAt(s, h, '2027-10-15T10:00:00Z', 'adjudicate', {});
      expect(dues(adjudicated)).toEqual({ 'stage2.escalate': '2027-11-12' });

      // ---- Stage 3: asked Mon 1 Nov (GMT again). acknowledge 3 WD → 2 3 4 → Thu 4 Nov;
      // panel within 30 WD → 2-5 (4), 8-12 (9), 15-19 (14), 22-26 (19), 29 Nov-3 Dec (24), 6-10 (29), 13 → Mon 13 Dec.
      const s3 = await runAt(s, h, '2027-11-01T10:00:00Z', 'escalate', {});
      expect(dues(s3)).toEqual({ 'stage3.acknowledge': '2027-11-04', 'stage3.panel': '2027-12-13' });
      await runAt(s, h, '2027-11-02T10:00:00Z', 'acknowledge', {});
      // Three independent panellists on Thu 9 Dec: notice and papers 10 WD before → 8 7 6 | 3 2 1 | 30 29 | 26 25 → Thu 25 Nov.
      const scheduled = await runAt(s, h, '2027-11-03T10:00:00Z', 'schedule-panel', { panelDate: '2027-12-09', members: PANEL });
      expect(dues(scheduled)).toEqual({ 'stage3.panel': '2027-12-13', 'stage3.notifyPanel': '2027-11-25', 'stage3.papers': '2027-11-25' });
      await runAt(s, h, '2027-11-04T10:00:00Z', 'notify-panel', {});
      await runAt(s, h, '2027-11-24T10:00:00Z', 'send-papers', {});
      // Met Thu 9 Dec: the Chair's report in 5 WD → 10 13 14 15 16 → Thu 16 Dec.
      const held = await runAt(s, h, '2027-12-09T10:00:00Z', 'record-panel', {});
      expect(dues(held)).toEqual({ 'stage3.panelReport': '2027-12-16' });
      // Report Wed 15 Dec: the response within 15 WD → 16 17 (2), 20-24 (7), [27, 28 substitute days], 29 30 31 (10),
      // [3 Jan 2028 substitute day], 4-7 (14), 10 → Mon 10 Jan 2028.
      const reported = await runAt(s, h, '2027-12-15T10:00:00Z', 'panel-report', {});
      expect(dues(reported)).toEqual({ 'stage3.finalResponse': '2028-01-10' });
      expect(clock(reported, 'stage3.finalResponse').explanation).toBe(
        "panel's report received Wed 15 Dec 2027; 15 working days, skipping 27 Dec (Christmas Day, substitute day), " +
          "28 Dec (Boxing Day, substitute day), 3 Jan (New Year's Day, substitute day) → Mon 10 Jan 2028",
      );
      // No 20 days for a Director who disagrees: that is Luton's (20.6), not the default's.
      expect(
        await refusedAt(s, h, '2027-12-16T10:00:00Z', 'extend', { deadline: 'stage3.finalResponse', workingDays: 1, reason: 'the Director disagrees' }),
      ).toBe('an extension of 1 working days would make the final response 16 working days, over the limit of 15');
      const done = await runAt(s, h, '2028-01-07T10:00:00Z', 'final-response', {});
      expect(done).toMatchObject({ stage: 'closed', outcome: { kind: 'completed' }, policy: { id: 'kingston' } });

      expect(Object.fromEntries(done.deadlines.map((d) => [d.key, `${d.due} ${d.state}`]))).toEqual({
        'stage1.acknowledge': '2027-08-05 met',
        'stage1.respond': '2027-08-23 met',
        'stage1.escalate': '2027-09-20 met',
        'stage2.acknowledge': '2027-09-09 met',
        'stage2.respond': '2027-10-18 met',
        'stage2.progress': '2027-10-25 cancelled',
        'stage2.escalate': '2027-11-12 met',
        'stage3.acknowledge': '2027-11-04 met',
        'stage3.panel': '2027-12-13 met',
        'stage3.notifyPanel': '2027-11-25 met',
        'stage3.papers': '2027-11-25 met',
        'stage3.panelReport': '2027-12-16 met',
        'stage3.finalResponse': '2028-01-10 met',
      });
      expect(await promisedDates(delivered, 12)).toEqual([
        'extension: The new date is Mon 23 Aug 2027.',
        'stage1-acknowledgement: You will receive our written response by Mon 23 Aug 2027.',
        'stage1-response: Please ask by Mon 20 Sep 2027.',
        'stage2-acknowledgement',
        'stage2-appointed',
        'stage2-statement-agreed: You will receive the adjudication, our written response to the investigation, by Mon 18 Oct 2027.',
        'stage2-progress: You will receive the adjudication, our written response to the investigation, by Mon 18 Oct 2027. We will write to you again by Mon 11 Oct 2027 if you have not heard from us before then.',
        'stage2-progress: You will receive the adjudication, our written response to the investigation, by Mon 18 Oct 2027. We will write to you again by Mon 25 Oct 2027 if you have not heard from us before then.',
        'stage2-adjudication: Please ask by Fri 12 Nov 2027.',
        'stage3-acknowledgement: The panel will meet by Mon 13 Dec 2027.',
        'panel-date: The Review Panel for your complaint CSC-2027-KGN001 will meet on Thu 9 Dec 2027.',
        'stage3-final-response',
      ]);
      expect(staffNotices(delivered, 'breach-alert')).toEqual([]);
    });
  });
});
