/**
 * The `rutland` profile lived end to end on the
 * time-skipping server, every due date exact and every date a letter promises.
 *
 * Rutland's procedure (December 2024) sets the statutory timescales (10.1:
 * acknowledge 3, respond 10 "of making their complaint" plus at most 10 if
 * complex, 20 to ask for Stage 2; Stage 2 25; 20 to ask for a panel; notice
 * and papers at least 10 before the panel; report 5; Strategic Director 15),
 * so its dates are the default's. Where it differs from the default:
 * - 2.3 says six months to complain, 8.1 says 12: the profile keeps 12
 *   (regulation 9), so a matter 7 months old is accepted without a reason;
 * - 10.1 has no Stage 1 clarification and no Stage 2 contact step (Luton's):
 *   both are refused;
 * - 10.1 suspends the Stage 2 investigation for early resolution: the clock
 *   stops and resumes with the working days it had left.
 * The profile has no closure days. The case crosses Christmas and New Year
 * 2026 (25 Dec, 28 Dec substitute for Boxing Day, 1 Jan) and Easter 2027.
 */
import { describe, expect, it } from 'vitest';
import { createActivities } from '../../../activities';
import { POLICY_PROFILES } from '../../../domain/policy';
import { clock, dues, IO, IP, openCase, PANEL, recordingSink, refusedAt, runAt } from '../../helpers/cases';
import { scenario } from '../../helpers/time-skipping';
import { promisedDates, staffNotices } from './letters';

describe('the rutland profile end to end (time-skipping)', () => {
  it('runs a case over Christmas through Stage 1, Stage 2 with early resolution, and the Review Panel to the Director', async () => {
    const { sink, delivered } = recordingSink();
    const s = await scenario('2026-12-14T10:05:00Z', { activities: createActivities({ notices: sink }) });
    await s.run(async () => {
      const h = await openCase(s, { reference: 'CSC-2026-RUT001', receivedAt: '2026-12-14T10:00:00Z', policy: POLICY_PROFILES.rutland!, team: 'Fostering' });

      // ---- Stage 1: received Mon 14 Dec 2026.
      // 8.1: 12 months, not 2.3's six. Grounds arose Mon 3 Nov 2025: before Mon 14 Dec 2025, out of time.
      expect(await refusedAt(s, h, '2026-12-14T11:00:00Z', 'triage', { decision: 'stage1', matterOccurredOn: '2025-11-03' })).toBe(
        'the grounds arose on Mon 3 Nov 2025, more than 12 months before receipt: accept it only with goodReasonForDelay (and it can still be investigated), or decide not-accepted with out-of-time',
      );
      // Seven months old: outside 2.3's six, inside 8.1's 12, accepted without a reason.
      const triaged = await runAt(s, h, '2026-12-14T11:00:00Z', 'triage', { decision: 'stage1', matterOccurredOn: '2026-05-01' });
      expect(triaged.events.at(-1)).toMatchObject({ action: 'triaged', detail: { decision: 'stage1' } });
      // acknowledge 3 WD → 15 16 17 → Thu 17 Dec.
      // respond 10 WD (10.1) → 15-18 (4), 21-24 (8), [25 Christmas, 28 Boxing Day substitute], 29 30 → Wed 30 Dec.
      expect(dues(triaged)).toEqual({ 'stage1.acknowledge': '2026-12-17', 'stage1.respond': '2026-12-30' });
      expect(clock(triaged, 'stage1.respond').explanation).toBe(
        'received Mon 14 Dec 2026; 10 working days, skipping 25 Dec (Christmas Day), 28 Dec (Boxing Day, substitute day) → Wed 30 Dec 2026',
      );
      expect(await refusedAt(s, h, '2026-12-14T11:30:00Z', 'clarify', {})).toBe("this council's policy (rutland) has no Stage 1 clarification step");
      await runAt(s, h, '2026-12-15T10:00:00Z', 'acknowledge', {});

      // 10.1: complex, extended by at most 10 WD. From Wed 30 Dec: 31, [1 Jan], Jan 4-8 (6), 11-14 (10) → Thu 14 Jan 2027.
      expect(await refusedAt(s, h, '2026-12-21T10:00:00Z', 'extend', { deadline: 'stage1.respond', workingDays: 11, reason: 'complex' })).toBe(
        'an extension of 11 working days would bring Stage 1 extensions to 11, over the cap of 10 in policy rutland',
      );
      const extended = await runAt(s, h, '2026-12-21T10:00:00Z', 'extend', { deadline: 'stage1.respond', workingDays: 10, reason: 'the complaint is complex' });
      expect(clock(extended, 'stage1.respond')).toMatchObject({ due: '2027-01-14', state: 'pending' });

      // Answered Tue 12 Jan 2027: 20 WD to ask for Stage 2 (10.1) → 13-15 (3), 18-22 (8), 25-29 (13), Feb 1-5 (18), 8 9 → Tue 9 Feb.
      const responded = await runAt(s, h, '2027-01-12T10:00:00Z', 'respond', {});
      expect(dues(responded)).toEqual({ 'stage1.escalate': '2027-02-09' });

      // ---- Stage 2: asked Mon 18 Jan. acknowledge 3 WD → 19 20 21 → Thu 21 Jan.
      const s2 = await runAt(s, h, '2027-01-18T10:00:00Z', 'escalate', { reasons: 'not satisfied' });
      expect(dues(s2)).toEqual({ 'stage2.acknowledge': '2027-01-21' });
      await runAt(s, h, '2027-01-19T10:00:00Z', 'acknowledge', {});
      // 10.2: an external provider investigates.
      await runAt(s, h, '2027-01-20T10:00:00Z', 'appoint-investigators', { investigatingOfficer: IO, independentPerson: IP });
      expect(await refusedAt(s, h, '2027-01-21T10:00:00Z', 'contact', {})).toBe("this council's policy (rutland) has no Stage 2 contact step");
      // Statement agreed Mon 25 Jan: 25 WD → 26-29 (4), Feb 1-5 (9), 8-12 (14), 15-19 (19), 22-26 (24), Mar 1 → Mon 1 Mar.
      const agreed = await runAt(s, h, '2027-01-25T10:00:00Z', 'agree-statement', {});
      // Progress updates every 10 WD from it (stage2.progress; RRC guidance) → 26-29 | Feb 1-5 | 8 → Mon 8 Feb.
      expect(dues(agreed)).toEqual({ 'stage2.respond': '2027-03-01', 'stage2.progress': '2027-02-08' });

      // 10.1: early resolution suspends the investigation on Mon 8 Feb, with 9-12 (4), 15-19 (9), 22-26 (14), Mar 1 = 15 WD left.
      const suspended = await runAt(s, h, '2027-02-08T10:00:00Z', 'suspend-for-resolution', {});
      expect(clock(suspended, 'stage2.respond')).toMatchObject({ state: 'paused', due: '2027-03-01' });
      // 10.1: the resolution meeting, in writing: when, where, who.
      await runAt(s, h, '2027-02-08T11:00:00Z', 'arrange-meeting', {
        meetingId: 'R1',
        purpose: 'resolution',
        date: '2027-02-11',
        time: '14:00',
        attendees: [{ role: 'service-manager', name: 'Jo Smith' }],
        venue: 'Catmose, Oakham',
      });
      await runAt(s, h, '2027-02-11T15:00:00Z', 'record-meeting', { meetingId: 'R1', outcome: 'held', summary: 'Not resolved' });
      // Not resolved; resumed Mon 15 Feb with 15 left → 16-19 (4), 22-26 (9), Mar 1-5 (14), 8 → Mon 8 Mar.
      const resumed = await runAt(s, h, '2027-02-15T10:00:00Z', 'resume', {});
      expect(clock(resumed, 'stage2.respond')).toMatchObject({ state: 'pending', due: '2027-03-08' });
      expect(clock(resumed, 'stage2.respond').explanation).toBe(
        'statement of complaint agreed Mon 25 Jan 2027; 25 working days → Mon 1 Mar 2027; ' +
          'paused on Mon 8 Feb 2027 (suspended for early resolution) with 15 working days left; resumed on Mon 15 Feb 2027 → Mon 8 Mar 2027',
      );
      // The progress clock paused on its due day: due the day it resumed. Updates Mon 15 Feb (next by 16-19 | 22-26 | Mar 1 → Mon 1 Mar)
      // and Mon 1 Mar (next by 2-5 | 8-12 | 15 → Mon 15 Mar, which the adjudication cancels).
      expect(clock(resumed, 'stage2.progress')).toMatchObject({ state: 'pending', due: '2027-02-15' });
      await runAt(s, h, '2027-02-15T11:00:00Z', 'progress-update', { progress: 'The investigation has started again.' });
      await runAt(s, h, '2027-03-01T10:00:00Z', 'progress-update', { progress: 'The reports are nearly finished.' });
      await runAt(s, h, '2027-03-04T10:00:00Z', 'submit-reports', { reports: ['investigating-officer', 'independent-person'] });
      // Adjudicated Fri 5 Mar: 20 WD (10.1) → 8-12 (5), 15-19 (10), 22-25 (14), [26 Good Friday, 29 Easter Monday], 30 31 Apr 1 2 (18), 5 6 → Tue 6 Apr.
      const adjudicated = await runAt(s, h, '2027-03-05T10:00:00Z', 'adjudicate', {});
      expect(dues(adjudicated)).toEqual({ 'stage2.escalate': '2027-04-06' });

      // ---- Stage 3: asked Mon 15 Mar. acknowledge 3 WD → Thu 18 Mar.
      // panel within 30 WD (the statutory default; 10.1 sets none) → 16-19 (4), 22-25 (8), 30 31 Apr 1 2 (12), 5-9 (17), 12-16 (22), 19-23 (27), 26 27 28 → Wed 28 Apr.
      const s3 = await runAt(s, h, '2027-03-15T10:00:00Z', 'escalate', {});
      expect(dues(s3)).toEqual({ 'stage3.acknowledge': '2027-03-18', 'stage3.panel': '2027-04-28' });
      await runAt(s, h, '2027-03-16T10:00:00Z', 'acknowledge', {});
      // 10.1: the panel of 3 people from outside the council, on Thu 22 Apr; notice of date and venue and
      // the papers at least 10 WD before → 21 20 19 | 16 15 14 13 12 | 9 8 → Thu 8 Apr.
      const scheduled = await runAt(s, h, '2027-03-17T10:00:00Z', 'schedule-panel', { panelDate: '2027-04-22', members: PANEL });
      expect(dues(scheduled)).toEqual({ 'stage3.panel': '2027-04-28', 'stage3.notifyPanel': '2027-04-08', 'stage3.papers': '2027-04-08' });
      await runAt(s, h, '2027-03-18T10:00:00Z', 'notify-panel', {});
      await runAt(s, h, '2027-04-07T10:00:00Z', 'send-papers', {});
      // Met Thu 22 Apr: report to the Strategic Director within 5 WD (10.1) → 23 26 27 28 29 → Thu 29 Apr.
      const held = await runAt(s, h, '2027-04-22T10:00:00Z', 'record-panel', {});
      expect(dues(held)).toEqual({ 'stage3.panelReport': '2027-04-29' });
      // Report Tue 27 Apr: the Strategic Director within 15 WD (10.1) → 28-30 (3), [3 May], 4-7 (7), 10-14 (12), 17 18 19 → Wed 19 May.
      const reported = await runAt(s, h, '2027-04-27T10:00:00Z', 'panel-report', {});
      expect(dues(reported)).toEqual({ 'stage3.finalResponse': '2027-05-19' });
      const done = await runAt(s, h, '2027-05-14T10:00:00Z', 'final-response', {});
      expect(done).toMatchObject({ stage: 'closed', outcome: { kind: 'completed' }, policy: { id: 'rutland' } });

      expect(Object.fromEntries(done.deadlines.map((d) => [d.key, `${d.due} ${d.state}`]))).toEqual({
        'stage1.acknowledge': '2026-12-17 met',
        'stage1.respond': '2027-01-14 met',
        'stage1.escalate': '2027-02-09 met',
        'stage2.acknowledge': '2027-01-21 met',
        'stage2.respond': '2027-03-08 met',
        'stage2.progress': '2027-03-15 cancelled',
        'stage2.escalate': '2027-04-06 met',
        'stage3.acknowledge': '2027-03-18 met',
        'stage3.panel': '2027-04-28 met',
        'stage3.notifyPanel': '2027-04-08 met',
        'stage3.papers': '2027-04-08 met',
        'stage3.panelReport': '2027-04-29 met',
        'stage3.finalResponse': '2027-05-19 met',
      });
      // Every date the council promised in writing.
      expect(await promisedDates(delivered, 13)).toEqual([
        'stage1-acknowledgement: You will receive our written response by Wed 30 Dec 2026.',
        'extension: The new date is Thu 14 Jan 2027.',
        'stage1-response: Please ask by Tue 9 Feb 2027.',
        'stage2-acknowledgement',
        'stage2-appointed',
        'stage2-statement-agreed: You will receive the adjudication, our written response to the investigation, by Mon 1 Mar 2027.',
        'meeting-arranged: - When: Thu 11 Feb 2027 at 14:00',
        'stage2-progress: You will receive the adjudication, our written response to the investigation, by Mon 8 Mar 2027. We will write to you again by Mon 1 Mar 2027 if you have not heard from us before then.',
        'stage2-progress: You will receive the adjudication, our written response to the investigation, by Mon 8 Mar 2027. We will write to you again by Mon 15 Mar 2027 if you have not heard from us before then.',
        'stage2-adjudication: Please ask by Tue 6 Apr 2027.',
        'stage3-acknowledgement: The panel will meet by Wed 28 Apr 2027.',
        'panel-date: The Review Panel for your complaint CSC-2026-RUT001 will meet on Thu 22 Apr 2027.',
        'stage3-final-response',
      ]);
      expect(staffNotices(delivered, 'breach-alert')).toEqual([]);
    });
  });
});
