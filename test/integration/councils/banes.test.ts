/**
 * The `banes` profile lived end to end on the time-skipping
 * server, every due date exact and every date a letter promises.
 *
 * Bath & North East Somerset's annual report 2022-23 sets the statutory
 * timescales; what it does differently is practice, decided per case:
 * - 8.2: Stage 1 is 10 working days, extendable to 20, and "now extended to
 *   20 working days from the outset for many complaints": the extension
 *   given at triage, so the acknowledgement already promises the 20-day date
 *   (the profile keeps 10 + 10, as the statutory cap allows no more);
 * - 8.6: Stage 2 is 25 from the date the complaint is agreed, extended to the
 *   65 maximum with the complainant's agreement, "required with most
 *   investigations";
 * - 8.9: a panel within 30 of the request, one "arranged to accommodate the
 *   complainant's commitments": later, with the complainant's agreement.
 * Appendix 1: 20 working days to ask for Stage 2 and for a panel.
 * The profile has no closure days. Stage 1 runs over Christmas and New Year
 * 2026 (25 Dec, 28 Dec substitute for Boxing Day, 1 Jan); later Easter,
 * 3 May and 31 May 2027.
 */
import { describe, expect, it } from 'vitest';
import { createActivities } from '../../../activities';
import { POLICY_PROFILES } from '../../../domain/policy';
import { clock, dues, IO, IP, openCase, PANEL, recordingSink, refusedAt, runAt } from '../../helpers/cases';
import { scenario } from '../../helpers/time-skipping';
import { promisedDates, staffNotices } from './letters';

describe('the banes profile end to end (time-skipping)', () => {
  it('gives 20 working days from the outset over Christmas, extends Stage 2 to 65 and holds the panel later by agreement', async () => {
    const { sink, delivered } = recordingSink();
    const s = await scenario('2026-12-02T10:05:00Z', { activities: createActivities({ notices: sink }) });
    await s.run(async () => {
      const h = await openCase(s, { reference: 'CSC-2026-BNS001', receivedAt: '2026-12-02T10:00:00Z', policy: POLICY_PROFILES.banes!, team: 'Children in Care' });

      // ---- Stage 1: received Wed 2 Dec 2026. acknowledge 3 WD → 3 4 7 → Mon 7 Dec; respond 10 WD → 3 4 (2), 7-11 (7), 14 15 16 → Wed 16 Dec.
      const triaged = await runAt(s, h, '2026-12-02T11:00:00Z', 'triage', { decision: 'stage1' });
      expect(dues(triaged)).toEqual({ 'stage1.acknowledge': '2026-12-07', 'stage1.respond': '2026-12-16' });
      // 8.2: 20 WD from the outset. From Wed 16 Dec: 17 18 (2), 21-24 (6), [25 Christmas, 28 Boxing Day substitute], 29 30 31 (9), [1 Jan], Jan 4 → Mon 4 Jan 2027.
      expect(await refusedAt(s, h, '2026-12-02T11:30:00Z', 'extend', { deadline: 'stage1.respond', workingDays: 11, reason: 'complex' })).toBe(
        'an extension of 11 working days would bring Stage 1 extensions to 11, over the cap of 10 in policy banes',
      );
      const outset = await runAt(s, h, '2026-12-02T11:30:00Z', 'extend', {
        deadline: 'stage1.respond',
        workingDays: 10,
        reason: 'the complaint is complex: 20 working days from the outset',
      });
      expect(clock(outset, 'stage1.respond')).toMatchObject({ due: '2027-01-04', state: 'pending' });
      expect(clock(outset, 'stage1.respond').explanation).toBe(
        'received Wed 2 Dec 2026; 10 working days → Wed 16 Dec 2026; extended by 10 working days (the complaint is complex: 20 working days from the outset) → Mon 4 Jan 2027',
      );
      // Acknowledged after: the acknowledgement gives the 20-day date.
      await runAt(s, h, '2026-12-03T10:00:00Z', 'acknowledge', {});
      // Answered Thu 31 Dec: 20 WD (appendix 1) → [1 Jan], Jan 4-8 (5), 11-15 (10), 18-22 (15), 25-29 → Fri 29 Jan.
      const responded = await runAt(s, h, '2026-12-31T10:00:00Z', 'respond', {});
      expect(dues(responded)).toEqual({ 'stage1.escalate': '2027-01-29' });

      // ---- Stage 2: asked Mon 11 Jan 2027. acknowledge 3 WD → 12 13 14 → Thu 14 Jan.
      const s2 = await runAt(s, h, '2027-01-11T10:00:00Z', 'escalate', { reasons: 'not satisfied' });
      expect(dues(s2)).toEqual({ 'stage2.acknowledge': '2027-01-14' });
      await runAt(s, h, '2027-01-12T10:00:00Z', 'acknowledge', {});
      // 9.3: from the South West register of independent investigators.
      await runAt(s, h, '2027-01-13T10:00:00Z', 'appoint-investigators', { investigatingOfficer: IO, independentPerson: IP });
      // Agreed Mon 18 Jan: 25 WD (8.6) → 19-22 (4), 25-29 (9), Feb 1-5 (14), 8-12 (19), 15-19 (24), 22 → Mon 22 Feb.
      const agreed = await runAt(s, h, '2027-01-18T10:00:00Z', 'agree-statement', {});
      // Progress updates every 10 WD from it (stage2.progress; RRC guidance) → 19-22 | 25-29 | Feb 1 → Mon 1 Feb.
      expect(dues(agreed)).toEqual({ 'stage2.respond': '2027-02-22', 'stage2.progress': '2027-02-01' });
      // Updated Mon 1 Feb: next by 2-5 | 8-12 | 15 → Mon 15 Feb, when the extension's letter is the update.
      await runAt(s, h, '2027-02-01T10:00:00Z', 'progress-update', { progress: 'The Investigating Officer is meeting the staff involved.' });
      // 8.6: to 65 WD with the complainant's agreement, never without. 40 more from Mon 22 Feb →
      // 23-26 (4), Mar 1-5 (9), 8-12 (14), 15-19 (19), 22-25 (23), [26 Good Friday, 29 Easter Monday], 30 31 Apr 1 2 (27), 5-9 (32), 12-16 (37), 19 20 21 → Wed 21 Apr.
      expect(
        await refusedAt(s, h, '2027-02-15T10:00:00Z', 'extend', { deadline: 'stage2.respond', workingDays: 40, reason: 'a key witness is away' }),
      ).toBe("a Stage 2 extension needs the complainant's agreement (complainantAgreed: true)");
      expect(
        await refusedAt(s, h, '2027-02-15T10:00:00Z', 'extend', { deadline: 'stage2.respond', workingDays: 41, reason: 'a key witness is away', complainantAgreed: true }),
      ).toBe('an extension of 41 working days would make Stage 2 66 working days, over the limit of 65');
      const longer = await runAt(s, h, '2027-02-15T10:00:00Z', 'extend', {
        deadline: 'stage2.respond',
        workingDays: 40,
        reason: 'a key witness is away',
        complainantAgreed: true,
      });
      expect(clock(longer, 'stage2.respond')).toMatchObject({ due: '2027-04-21', state: 'pending' });
      // Next updates: from Mon 15 Feb → Mon 1 Mar; → Mon 15 Mar; → 16-19 | 22-25 | [Easter] 30 31 → Wed 31 Mar; → Apr 1 2 | 5-9 | 12-14 → Wed 14 Apr.
      expect(clock(longer, 'stage2.progress')).toMatchObject({ due: '2027-03-01', state: 'pending' });
      for (const on of ['2027-03-01', '2027-03-15', '2027-03-31']) await runAt(s, h, `${on}T10:00:00Z`, 'progress-update', { progress: 'The investigation goes on.' });
      await runAt(s, h, '2027-04-12T10:00:00Z', 'submit-reports', { reports: ['investigating-officer', 'independent-person'] });
      // Adjudicated Wed 14 Apr: 20 WD (appendix 1) → 15 16 (2), 19-23 (7), 26-30 (12), [3 May], 4-7 (16), 10-13 → Thu 13 May.
      const adjudicated = await runAt(s, h, '2027-04-14T10:00:00Z', 'adjudicate', {});
      expect(dues(adjudicated)).toEqual({ 'stage2.escalate': '2027-05-13' });

      // ---- Stage 3: asked Mon 26 Apr. acknowledge 3 WD → 27 28 29 → Thu 29 Apr;
      // panel 30 WD (8.9) → 27-30 (4), [3 May], 4-7 (8), 10-14 (13), 17-21 (18), 24-28 (23), [31 May], Jun 1-4 (27), 7 8 9 → Wed 9 Jun.
      const s3 = await runAt(s, h, '2027-04-26T10:00:00Z', 'escalate', {});
      expect(dues(s3)).toEqual({ 'stage3.acknowledge': '2027-04-29', 'stage3.panel': '2027-06-09' });
      await runAt(s, h, '2027-04-27T10:00:00Z', 'acknowledge', {});
      // 8.9: arranged to suit the complainant: a day past the 30 is refused until they agree a later panel.
      const at = '2027-04-28T10:00:00Z';
      expect(await refusedAt(s, h, at, 'schedule-panel', { panelDate: '2027-06-15', members: PANEL })).toBe(
        "the panel must meet by Wed 9 Jun 2027 (30 working days after the request); a later date needs the complainant's agreement: extend stage3.panel first",
      );
      // 5 more → 10 11 14 15 16 → Wed 16 Jun.
      const later = await runAt(s, h, at, 'extend', {
        deadline: 'stage3.panel',
        workingDays: 5,
        reason: "to suit the complainant's commitments",
        complainantAgreed: true,
      });
      expect(clock(later, 'stage3.panel')).toMatchObject({ due: '2027-06-16', state: 'pending' });
      // Panel Tue 15 Jun: notice and papers 10 WD before → 14 | 11 10 9 8 7 | 4 3 2 1 → Tue 1 Jun.
      const scheduled = await runAt(s, h, '2027-04-28T11:00:00Z', 'schedule-panel', { panelDate: '2027-06-15', members: PANEL });
      expect(dues(scheduled)).toEqual({ 'stage3.panel': '2027-06-16', 'stage3.notifyPanel': '2027-06-01', 'stage3.papers': '2027-06-01' });
      await runAt(s, h, '2027-04-29T10:00:00Z', 'notify-panel', {});
      await runAt(s, h, '2027-05-28T10:00:00Z', 'send-papers', {});
      // Met Tue 15 Jun: report 5 WD → 16 17 18 21 22 → Tue 22 Jun.
      const held = await runAt(s, h, '2027-06-15T10:00:00Z', 'record-panel', {});
      expect(dues(held)).toEqual({ 'stage3.panelReport': '2027-06-22' });
      // Report Fri 18 Jun: 15 WD → 21-25 (5), 28 Jun-2 Jul (10), 5-9 → Fri 9 Jul.
      const reported = await runAt(s, h, '2027-06-18T10:00:00Z', 'panel-report', {});
      expect(dues(reported)).toEqual({ 'stage3.finalResponse': '2027-07-09' });
      const done = await runAt(s, h, '2027-07-07T10:00:00Z', 'final-response', {});
      expect(done).toMatchObject({ stage: 'closed', outcome: { kind: 'completed' }, policy: { id: 'banes' } });

      expect(Object.fromEntries(done.deadlines.map((d) => [d.key, `${d.due} ${d.state}`]))).toEqual({
        'stage1.acknowledge': '2026-12-07 met',
        'stage1.respond': '2027-01-04 met',
        'stage1.escalate': '2027-01-29 met',
        'stage2.acknowledge': '2027-01-14 met',
        'stage2.respond': '2027-04-21 met',
        'stage2.progress': '2027-04-14 cancelled',
        'stage2.escalate': '2027-05-13 met',
        'stage3.acknowledge': '2027-04-29 met',
        'stage3.panel': '2027-06-16 met',
        'stage3.notifyPanel': '2027-06-01 met',
        'stage3.papers': '2027-06-01 met',
        'stage3.panelReport': '2027-06-22 met',
        'stage3.finalResponse': '2027-07-09 met',
      });
      expect(await promisedDates(delivered, 16)).toEqual([
        'extension: The new date is Mon 4 Jan 2027.',
        'stage1-acknowledgement: You will receive our written response by Mon 4 Jan 2027.',
        'stage1-response: Please ask by Fri 29 Jan 2027.',
        'stage2-acknowledgement',
        'stage2-appointed',
        'stage2-statement-agreed: You will receive the adjudication, our written response to the investigation, by Mon 22 Feb 2027.',
        'stage2-progress: You will receive the adjudication, our written response to the investigation, by Mon 22 Feb 2027. We will write to you again by Mon 15 Feb 2027 if you have not heard from us before then.',
        'extension: The new date is Wed 21 Apr 2027.',
        'stage2-progress: You will receive the adjudication, our written response to the investigation, by Wed 21 Apr 2027. We will write to you again by Mon 15 Mar 2027 if you have not heard from us before then.',
        'stage2-progress: You will receive the adjudication, our written response to the investigation, by Wed 21 Apr 2027. We will write to you again by Wed 31 Mar 2027 if you have not heard from us before then.',
        'stage2-progress: You will receive the adjudication, our written response to the investigation, by Wed 21 Apr 2027. We will write to you again by Wed 14 Apr 2027 if you have not heard from us before then.',
        'stage2-adjudication: Please ask by Thu 13 May 2027.',
        'stage3-acknowledgement: The panel will meet by Wed 9 Jun 2027.',
        'extension: The new date is Wed 16 Jun 2027.',
        'panel-date: The Review Panel for your complaint CSC-2026-BNS001 will meet on Tue 15 Jun 2027.',
        'stage3-final-response',
      ]);
      expect(staffNotices(delivered, 'breach-alert')).toEqual([]);
    });
  });
});
