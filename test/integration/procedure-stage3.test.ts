import { describe, expect, it } from 'vitest';
import { clock, dues, IO, IP, openCase, PANEL, refusedAt, runAt } from '../helpers/cases';
import { scenario } from '../helpers/time-skipping';

// 2027 holidays on the way: Good Friday 26 Mar, Easter Monday 29 Mar, Early May bank holiday 3 May.
// British Summer Time from 28 Mar: 10:00Z is then 11:00 London, the same London date.

describe('Stage 3 and a full three-stage case (time-skipping)', () => {
  it('walks a complaint through Stage 1, Stage 2 and the Review Panel to completion, every date exact', async () => {
    const s = await scenario('2027-01-04T10:05:00Z');
    await s.run(async () => {
      const h = await openCase(s, { reference: 'CSC-2027-FULL01', receivedAt: '2027-01-04T10:00:00Z', team: 'Fostering' });

      // ---- Stage 1: received Mon 4 Jan.
      const triaged = await runAt(s, h, '2027-01-04T11:00:00Z', 'triage', { decision: 'stage1' });
      // acknowledge 3 WD → 5 6 7 → Thu 7 Jan; respond 10 WD → 5-8, 11-15, 18 → Mon 18 Jan.
      expect(dues(triaged)).toEqual({ 'stage1.acknowledge': '2027-01-07', 'stage1.respond': '2027-01-18' });
      await runAt(s, h, '2027-01-05T09:30:00Z', 'acknowledge', {});
      // Responded Fri 15 Jan: 20 WD → 18-22 (5), 25-29 (10), Feb 1-5 (15), 8-12 (20) → Fri 12 Feb.
      const responded = await runAt(s, h, '2027-01-15T14:00:00Z', 'respond', {});
      expect(dues(responded)).toEqual({ 'stage1.escalate': '2027-02-12' });

      // ---- Stage 2: requested Wed 20 Jan, inside the window.
      const s2 = await runAt(s, h, '2027-01-20T10:00:00Z', 'escalate', { reasons: 'not satisfied' });
      // acknowledge 3 WD → 21 22 25 → Mon 25 Jan.
      expect(dues(s2)).toEqual({ 'stage2.acknowledge': '2027-01-25' });
      await runAt(s, h, '2027-01-21T10:00:00Z', 'acknowledge', {});
      await runAt(s, h, '2027-01-22T10:00:00Z', 'appoint-investigators', { investigatingOfficer: IO, independentPerson: IP });
      // Agreed Wed 27 Jan: 25 WD → 28 29 (2), Feb 1-5 (7), 8-12 (12), 15-19 (17), 22-26 (22), Mar 1 2 3 → Wed 3 Mar.
      const agreed = await runAt(s, h, '2027-01-27T10:00:00Z', 'agree-statement', {});
      // Progress updates every 10 WD (stage2.progress): 28 29 | Feb 1-5 | 8 9 10 → Wed 10 Feb; given Tue 9 Feb (next by Tue 23 Feb)
      // and Tue 23 Feb (next by Tue 9 Mar, which the adjudication cancels).
      expect(dues(agreed)).toEqual({ 'stage2.respond': '2027-03-03', 'stage2.progress': '2027-02-10' });
      await runAt(s, h, '2027-02-09T10:00:00Z', 'progress-update', { progress: 'The investigation goes on.' });
      await runAt(s, h, '2027-02-23T10:00:00Z', 'progress-update', { progress: 'The reports are being written.' });
      await runAt(s, h, '2027-02-26T10:00:00Z', 'submit-reports', { reports: ['investigating-officer', 'independent-person'] });
      // Adjudicated Mon 1 Mar: 20 WD → Mar 2-5 (4), 8-12 (9), 15-19 (14), 22-25 (18), 30 31 → Wed 31 Mar.
      const adjudicated = await runAt(s, h, '2027-03-01T10:00:00Z', 'adjudicate', {});
      expect(dues(adjudicated)).toEqual({ 'stage2.escalate': '2027-03-31' });

      // ---- Stage 3: requested Mon 8 Mar, inside the window.
      const s3 = await runAt(s, h, '2027-03-08T10:00:00Z', 'escalate', {});
      expect(s3).toMatchObject({ stage: 'stage3', status: 'in-progress', stage3: { requestedOn: '2027-03-08', adjournments: 0 } });
      // acknowledge 3 WD → 9 10 11 → Thu 11 Mar.
      // panel 30 WD → Mar 9-12 (4), 15-19 (9), 22-25 (13), 30 31 Apr 1 2 (17), 5-9 (22), 12-16 (27), 19 20 21 → Wed 21 Apr.
      expect(dues(s3)).toEqual({ 'stage3.acknowledge': '2027-03-11', 'stage3.panel': '2027-04-21' });
      expect(clock(s3, 'stage2.escalate')).toMatchObject({ state: 'met', metAt: '2027-03-08T10:00:00.000Z' });
      await runAt(s, h, '2027-03-09T10:00:00Z', 'acknowledge', {});

      const at = '2027-03-10T10:00:00Z';
      const ipOnPanel = [{ id: IP.id, role: 'chair' as const }, PANEL[1]!, PANEL[2]!];
      expect(await refusedAt(s, h, at, 'schedule-panel', { panelDate: '2027-04-15', members: ipOnPanel })).toBe(
        'the Stage 2 Independent Person (ip-3) may not sit on the Review Panel',
      );
      expect(await refusedAt(s, h, at, 'schedule-panel', { panelDate: '2027-04-15', members: [PANEL[0]!, PANEL[1]!, { id: IO.id, role: 'member' }] })).toBe(
        'the Stage 2 Investigating Officer (io-7) may not sit on the Review Panel',
      );
      // One working day past the 30 WD deadline.
      expect(await refusedAt(s, h, at, 'schedule-panel', { panelDate: '2027-04-22', members: PANEL })).toBe(
        "the panel must meet by Wed 21 Apr 2027 (30 working days after the request); a later date needs the complainant's agreement: extend stage3.panel first",
      );
      expect(await refusedAt(s, h, at, 'schedule-panel', { panelDate: '2027-04-17', members: PANEL })).toBe(
        'Sat 17 Apr 2027 is not a working day (Saturday)',
      );
      // Tue 23 Mar less 10 WD → 22 19 18 17 16 15 12 11 10 9 → Tue 9 Mar, before today.
      expect(await refusedAt(s, h, at, 'schedule-panel', { panelDate: '2027-03-23', members: PANEL })).toBe(
        "a panel on Tue 23 Mar 2027 leaves less than 10 working days' notice (it would be due by Tue 9 Mar 2027): choose a later date",
      );

      // Panel Thu 15 Apr: 10 WD before → 14 13 12 | 9 8 7 6 5 | 2 1 → Thu 1 Apr (Easter not counted).
      const scheduled = await runAt(s, h, at, 'schedule-panel', { panelDate: '2027-04-15', members: PANEL });
      expect(dues(scheduled)).toEqual({ 'stage3.panel': '2027-04-21', 'stage3.notifyPanel': '2027-04-01', 'stage3.papers': '2027-04-01' });
      expect(clock(scheduled, 'stage3.papers').explanation).toBe('10 working days before the panel on Thu 15 Apr 2027 → Thu 1 Apr 2027');
      expect(await refusedAt(s, h, '2027-03-11T10:00:00Z', 'schedule-panel', { panelDate: '2027-04-16', members: PANEL })).toBe(
        'the panel is already set for Thu 15 Apr 2027: adjourn it to set a new date',
      );

      // Adjourned to Tue 20 Apr: 10 WD before → 19 | 16 15 14 13 12 | 9 8 7 6 → Tue 6 Apr.
      const adjourned = await runAt(s, h, '2027-03-15T10:00:00Z', 'adjourn-panel', { panelDate: '2027-04-20', reason: 'the complainant is away' });
      expect(adjourned.stage3).toMatchObject({ panelDate: '2027-04-20', adjournments: 1 });
      expect(dues(adjourned)).toEqual({ 'stage3.panel': '2027-04-21', 'stage3.notifyPanel': '2027-04-06', 'stage3.papers': '2027-04-06' });
      await runAt(s, h, '2027-03-16T10:00:00Z', 'notify-panel', {});
      await runAt(s, h, '2027-03-17T10:00:00Z', 'send-papers', {});

      expect(await refusedAt(s, h, '2027-04-19T10:00:00Z', 'record-panel', {})).toBe(
        'the panel is set for Tue 20 Apr 2027, not Mon 19 Apr 2027: adjourn it if the date changed',
      );
      // Met Tue 20 Apr (11:00 BST): report 5 WD → 21 22 23 26 27 → Tue 27 Apr.
      const held = await runAt(s, h, '2027-04-20T10:00:00Z', 'record-panel', {});
      expect(clock(held, 'stage3.panel')).toMatchObject({ due: '2027-04-21', state: 'met' });
      expect(dues(held)).toEqual({ 'stage3.panelReport': '2027-04-27' });
      // Report received Fri 23 Apr: 15 WD → 26-30 (5), [3 May bank holiday], 4-7 (9), 10-14 (14), 17 → Mon 17 May.
      const reported = await runAt(s, h, '2027-04-23T10:00:00Z', 'panel-report', {});
      expect(dues(reported)).toEqual({ 'stage3.finalResponse': '2027-05-17' });
      expect(clock(reported, 'stage3.finalResponse').explanation).toBe(
        "panel's report received Fri 23 Apr 2027; 15 working days, skipping 3 May (Early May bank holiday) → Mon 17 May 2027",
      );

      const done = await runAt(s, h, '2027-05-14T10:00:00Z', 'final-response', {});
      expect(done).toMatchObject({ stage: 'closed', status: 'closed', outcome: { kind: 'completed' } });
      // The whole record: every clock, its date and how it ended.
      expect(Object.fromEntries(done.deadlines.map((d) => [d.key, `${d.due} ${d.state}`]))).toEqual({
        'stage1.acknowledge': '2027-01-07 met',
        'stage1.respond': '2027-01-18 met',
        'stage1.escalate': '2027-02-12 met',
        'stage2.acknowledge': '2027-01-25 met',
        'stage2.respond': '2027-03-03 met',
        'stage2.progress': '2027-03-09 cancelled',
        'stage2.escalate': '2027-03-31 met',
        'stage3.acknowledge': '2027-03-11 met',
        'stage3.panel': '2027-04-21 met',
        'stage3.notifyPanel': '2027-04-06 met',
        'stage3.papers': '2027-04-06 met',
        'stage3.panelReport': '2027-04-27 met',
        'stage3.finalResponse': '2027-05-17 met',
      });
      expect(await refusedAt(s, h, '2027-05-14T11:00:00Z', 'escalate', {})).toBe('the case is closed (completed)');
    });
  });
});
