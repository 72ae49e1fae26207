/**
 * The `luton` profile lived end to end on the time-skipping
 * server, every due date exact and every date a letter promises.
 *
 * Where Luton's procedure (April 2022) differs from the statutory default:
 * - 13.3: the Stage 1 investigator clarifies the complaint within 5 working
 *   days of receipt (`stage1.clarify`; the default has no such step);
 * - 14.1: the Investigating Officer contacts the complainant within 5 working
 *   days of appointment (`stage2.contact`; none by default);
 * - 20.6: where the Director disagrees with the panel, 20 working days to
 *   meet its Chair (the default allows no more than 15, 20.5's figure too).
 * The same as the default, and cited: acknowledge 3 (13.2), respond 10 from
 * receipt (13.6, 13.8: section 21's summary says "after the day of
 * clarification", the paragraphs say from receipt, which the profile keeps),
 * 20 to ask for Stage 2 (13.10); Stage 2 acknowledged in 3 (21), 25 from the
 * day the complainant agrees the items of complaint (14.7), 20 to ask for a
 * panel (14.8); Stage 3 acknowledged in 3 (18.1), panel within 30 (19.1),
 * papers 10 before (18.6), recommendations in 5 (19.12).
 * Holidays on the way: Good Friday and Easter Monday, 3 May and 31 May 2027.
 */
import { describe, expect, it } from 'vitest';
import { createActivities } from '../../../activities';
import { POLICY_PROFILES } from '../../../domain/policy';
import { clock, dues, IO, IP, openCase, PANEL, recordingSink, refusedAt, runAt } from '../../helpers/cases';
import { scenario } from '../../helpers/time-skipping';
import { promisedDates, staffNotices } from './letters';

describe('the luton profile end to end (time-skipping)', () => {
  it('runs the clarification and contact clocks, and gives the Director 20 working days where they disagree with the panel', async () => {
    const { sink, delivered } = recordingSink();
    const s = await scenario('2027-02-01T10:05:00Z', { activities: createActivities({ notices: sink }) });
    await s.run(async () => {
      const h = await openCase(s, { reference: 'CSC-2027-LUT001', receivedAt: '2027-02-01T10:00:00Z', policy: POLICY_PROFILES.luton!, team: 'Children in Care' });

      // ---- Stage 1: received Mon 1 Feb 2027.
      // acknowledge 3 WD (13.2) → 2 3 4 → Thu 4 Feb; clarify 5 WD (13.3) → 2-5, 8 → Mon 8 Feb;
      // respond 10 WD from receipt (13.6) → 2-5 (4), 8-12 (9), 15 → Mon 15 Feb.
      const triaged = await runAt(s, h, '2027-02-01T11:00:00Z', 'triage', { decision: 'stage1' });
      expect(dues(triaged)).toEqual({ 'stage1.acknowledge': '2027-02-04', 'stage1.clarify': '2027-02-08', 'stage1.respond': '2027-02-15' });
      expect(clock(triaged, 'stage1.clarify').explanation).toBe('received Mon 1 Feb 2027; 5 working days → Mon 8 Feb 2027');
      await runAt(s, h, '2027-02-02T10:00:00Z', 'acknowledge', {});
      // Clarified Thu 4 Feb: the response stays 10 WD from receipt, not from clarification (which would be Thu 18 Feb).
      const clarified = await runAt(s, h, '2027-02-04T10:00:00Z', 'clarify', {});
      expect(clock(clarified, 'stage1.clarify')).toMatchObject({ due: '2027-02-08', state: 'met' });
      expect(dues(clarified)).toEqual({ 'stage1.respond': '2027-02-15' });
      // Answered Fri 12 Feb: 20 WD (13.10) → 15-19 (5), 22-26 (10), Mar 1-5 (15), 8-12 → Fri 12 Mar.
      const responded = await runAt(s, h, '2027-02-12T10:00:00Z', 'respond', {});
      expect(dues(responded)).toEqual({ 'stage1.escalate': '2027-03-12' });

      // ---- Stage 2: asked Wed 17 Feb. acknowledge 3 WD (21) → 18 19 22 → Mon 22 Feb.
      const s2 = await runAt(s, h, '2027-02-17T10:00:00Z', 'escalate', { reasons: 'not resolved' });
      expect(dues(s2)).toEqual({ 'stage2.acknowledge': '2027-02-22' });
      await runAt(s, h, '2027-02-18T10:00:00Z', 'acknowledge', {});
      // Appointed Fri 19 Feb: the IO contacts the complainant within 5 WD (14.1) → 22-26 → Fri 26 Feb.
      const appointed = await runAt(s, h, '2027-02-19T10:00:00Z', 'appoint-investigators', { investigatingOfficer: IO, independentPerson: IP });
      expect(dues(appointed)).toEqual({ 'stage2.contact': '2027-02-26' });
      expect(clock(appointed, 'stage2.contact').explanation).toBe('investigators appointed Fri 19 Feb 2027; 5 working days → Fri 26 Feb 2027');
      // Items agreed Wed 24 Feb: 25 WD (14.7) → 25 26 (2), Mar 1-5 (7), 8-12 (12), 15-19 (17), 22-25 (21), [26 Good Friday, 29 Easter Monday], 30 31 Apr 1 2 → Fri 2 Apr.
      const agreed = await runAt(s, h, '2027-02-24T10:00:00Z', 'agree-statement', {});
      // Progress updates every 10 WD from it (stage2.progress; RRC guidance) → 25 26 | Mar 1-5 | 8 9 10 → Wed 10 Mar.
      expect(dues(agreed)).toEqual({ 'stage2.contact': '2027-02-26', 'stage2.respond': '2027-04-02', 'stage2.progress': '2027-03-10' });
      // The IO meets the complainant Thu 25 Feb, after two reminders (below).
      await runAt(s, h, '2027-02-25T10:00:00Z', 'contact', {});
      // Updates Tue 9 Mar (next by 10-12 | 15-19 | 22 23 → Tue 23 Mar) and Mon 22 Mar (next by 23-25 | [Easter] 30 31 Apr 1 2 | 5-7 → Wed 7 Apr).
      await runAt(s, h, '2027-03-09T10:00:00Z', 'progress-update', { progress: 'The Investigating Officer is reading the records.' });
      await runAt(s, h, '2027-03-22T10:00:00Z', 'progress-update', { progress: 'The reports are being written.' });
      await runAt(s, h, '2027-03-31T10:00:00Z', 'submit-reports', { reports: ['investigating-officer', 'independent-person'] });
      // Adjudicated Thu 1 Apr: 20 WD (14.8) → 2 (1), 5-9 (6), 12-16 (11), 19-23 (16), 26-29 → Thu 29 Apr.
      const adjudicated = await runAt(s, h, '2027-04-01T10:00:00Z', 'adjudicate', {});
      expect(dues(adjudicated)).toEqual({ 'stage2.escalate': '2027-04-29' });

      // ---- Stage 3: asked Mon 12 Apr. acknowledge 3 WD (18.1) → 13 14 15 → Thu 15 Apr;
      // panel 30 WD (19.1) → 13-16 (4), 19-23 (9), 26-30 (14), [3 May], 4-7 (18), 10-14 (23), 17-21 (28), 24 25 → Tue 25 May.
      const s3 = await runAt(s, h, '2027-04-12T10:00:00Z', 'escalate', {});
      expect(dues(s3)).toEqual({ 'stage3.acknowledge': '2027-04-15', 'stage3.panel': '2027-05-25' });
      await runAt(s, h, '2027-04-13T10:00:00Z', 'acknowledge', {});
      // Panel Thu 20 May: papers 10 WD before (18.6) → 19 18 17 | 14 13 12 11 10 | 7 6 → Thu 6 May.
      const scheduled = await runAt(s, h, '2027-04-14T10:00:00Z', 'schedule-panel', { panelDate: '2027-05-20', members: PANEL });
      expect(dues(scheduled)).toEqual({ 'stage3.panel': '2027-05-25', 'stage3.notifyPanel': '2027-05-06', 'stage3.papers': '2027-05-06' });
      await runAt(s, h, '2027-04-19T10:00:00Z', 'notify-panel', {});
      await runAt(s, h, '2027-04-20T10:00:00Z', 'send-papers', {});
      // Met Thu 20 May: recommendations within 5 WD (19.12) → 21 24 25 26 27 → Thu 27 May.
      const held = await runAt(s, h, '2027-05-20T10:00:00Z', 'record-panel', {});
      expect(dues(held)).toEqual({ 'stage3.panelReport': '2027-05-27' });
      // Report Mon 24 May: the Director agreeing answers in 15 WD (20.5) → 25-28 (4), [31 May Spring bank holiday], Jun 1-4 (8), 7-11 (13), 14 15 → Tue 15 Jun.
      const reported = await runAt(s, h, '2027-05-24T10:00:00Z', 'panel-report', {});
      expect(dues(reported)).toEqual({ 'stage3.finalResponse': '2027-06-15' });

      // 20.6: the Director disagrees and meets the Chair within 20 WD of the report: 5 more → 16 17 18 21 22 → Tue 22 Jun; no more than 20.
      const why = "the Director disagrees with the panel's recommendations and will meet its Chair (Luton 20.6)";
      expect(await refusedAt(s, h, '2027-05-26T10:00:00Z', 'extend', { deadline: 'stage3.finalResponse', workingDays: 6, reason: why })).toBe(
        'an extension of 6 working days would make the final response 21 working days, over the limit of 20',
      );
      const disagrees = await runAt(s, h, '2027-05-26T10:00:00Z', 'extend', { deadline: 'stage3.finalResponse', workingDays: 5, reason: why });
      expect(clock(disagrees, 'stage3.finalResponse')).toMatchObject({ due: '2027-06-22', state: 'pending' });
      expect(clock(disagrees, 'stage3.finalResponse').explanation).toBe(
        "panel's report received Mon 24 May 2027; 15 working days, skipping 31 May (Spring bank holiday) → Tue 15 Jun 2027; " +
          `extended by 5 working days (${why}) → Tue 22 Jun 2027`,
      );
      // Answered Mon 21 Jun, after the 15 days, within the 20: met.
      const done = await runAt(s, h, '2027-06-21T10:00:00Z', 'final-response', {});
      expect(done).toMatchObject({ stage: 'closed', outcome: { kind: 'completed' }, policy: { id: 'luton' } });

      expect(Object.fromEntries(done.deadlines.map((d) => [d.key, `${d.due} ${d.state}`]))).toEqual({
        'stage1.acknowledge': '2027-02-04 met',
        'stage1.clarify': '2027-02-08 met',
        'stage1.respond': '2027-02-15 met',
        'stage1.escalate': '2027-03-12 met',
        'stage2.acknowledge': '2027-02-22 met',
        'stage2.contact': '2027-02-26 met',
        'stage2.respond': '2027-04-02 met',
        'stage2.progress': '2027-04-07 cancelled',
        'stage2.escalate': '2027-04-29 met',
        'stage3.acknowledge': '2027-04-15 met',
        'stage3.panel': '2027-05-25 met',
        'stage3.notifyPanel': '2027-05-06 met',
        'stage3.papers': '2027-05-06 met',
        'stage3.panelReport': '2027-05-27 met',
        'stage3.finalResponse': '2027-06-22 met',
      });
      expect(await promisedDates(delivered, 12)).toEqual([
        'stage1-acknowledgement: You will receive our written response by Mon 15 Feb 2027.',
        'stage1-response: Please ask by Fri 12 Mar 2027.',
        'stage2-acknowledgement',
        'stage2-appointed: The Investigating Officer will contact you by Fri 26 Feb 2027 to agree a written statement of your complaint and the outcome you want.',
        'stage2-statement-agreed: You will receive the adjudication, our written response to the investigation, by Fri 2 Apr 2027.',
        'stage2-progress: You will receive the adjudication, our written response to the investigation, by Fri 2 Apr 2027. We will write to you again by Tue 23 Mar 2027 if you have not heard from us before then.',
        'stage2-progress: You will receive the adjudication, our written response to the investigation, by Fri 2 Apr 2027. We will write to you again by Wed 7 Apr 2027 if you have not heard from us before then.',
        'stage2-adjudication: Please ask by Thu 29 Apr 2027.',
        'stage3-acknowledgement: The panel will meet by Tue 25 May 2027.',
        'panel-date: The Review Panel for your complaint CSC-2027-LUT001 will meet on Thu 20 May 2027.',
        'extension: The new date is Tue 22 Jun 2027.',
        'stage3-final-response',
      ]);
      expect(staffNotices(delivered, 'breach-alert')).toEqual([]);
      // Luton's own clocks remind the role that must act, at 09:00 London (policy: 2 WD before, and 50% and 75% of the time elapsed).
      // clarify, due Mon 8 Feb: 2 WD before and 50% (3rd of 5 WD) both Thu 4 Feb; 75% (4th) Fri 5 Feb, after it was done.
      // contact, due Fri 26 Feb: 2 WD before and 50% Wed 24 Feb; 75% Thu 25 Feb.
      const own = delivered.filter((d) => d.notice.kind === 'reminder' && ['stage1.clarify', 'stage2.contact'].includes(d.notice.subject));
      expect(own.map((d) => `${new Date(d.scheduledAt).toISOString().slice(0, 16)} ${d.notice.subject} ${String(d.notice.detail.to)}`)).toEqual([
        '2027-02-04T09:00 stage1.clarify service-manager',
        '2027-02-24T09:00 stage2.contact investigating-officer',
        '2027-02-25T09:00 stage2.contact investigating-officer',
      ]);
    });
  });
});
