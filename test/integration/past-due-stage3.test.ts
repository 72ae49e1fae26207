import { describe, expect, it } from 'vitest';
import { createActivities } from '../../activities';
import { clock, IO, IP, openCase, PANEL, recordingSink, runAt, sleepUntil, view, type CaseHandle } from '../helpers/cases';
import { expectOneAlert, provePastDue } from '../helpers/past-due';
import type { Scenario } from '../helpers/time-skipping';
import { scenario } from '../helpers/time-skipping';

// Every clock proven past due: Stage 3, the Review Panel.
// 2027: Good Friday 26 Mar, Easter Monday 29 Mar, BST from Sun 28 Mar (09:00 London is then 08:00 UTC and a
// day ends at 22:59 UTC), Early May bank holiday 3 May.

/**
 * Received Mon 4 Jan 2027 straight to Stage 2, every Stage 2 duty met (statement agreed Wed 27 Jan: respond
 * by Wed 3 Mar; adjudicated Mon 1 Mar), the Review Panel requested Mon 8 Mar and acknowledged Tue 9 Mar.
 */
async function atStage3(s: Scenario, reference: string): Promise<CaseHandle> {
  const h = await openCase(s, { reference, receivedAt: '2027-01-04T10:00:00Z', team: 'Fostering' });
  await runAt(s, h, '2027-01-04T11:00:00Z', 'triage', { decision: 'stage2' });
  await runAt(s, h, '2027-01-05T10:00:00Z', 'acknowledge', {});
  await runAt(s, h, '2027-01-05T11:00:00Z', 'appoint-investigators', { investigatingOfficer: IO, independentPerson: IP });
  await runAt(s, h, '2027-01-27T10:00:00Z', 'agree-statement', {});
  // The complainant kept informed every 10 WD (stage2.progress: due Wed 10 Feb, then Tue 23 Feb, then Tue 9 Mar, cancelled by the adjudication).
  await runAt(s, h, '2027-02-09T10:00:00Z', 'progress-update', { progress: 'The investigation goes on.' });
  await runAt(s, h, '2027-02-23T10:00:00Z', 'progress-update', { progress: 'The reports are being written.' });
  await runAt(s, h, '2027-02-26T10:00:00Z', 'submit-reports', { reports: ['investigating-officer', 'independent-person'] });
  await runAt(s, h, '2027-03-01T10:00:00Z', 'adjudicate', {});
  const requested = await runAt(s, h, '2027-03-08T10:00:00Z', 'escalate', {});
  // Luton 19.1: within 30 WD of the request: Mar 9-12 (4), 15-19 (9), 22-25 (13), [Easter], 30 31 Apr 1 2 (17),
  // 5-9 (22), 12-16 (27), 19 20 21 (30) → Wed 21 Apr.
  expect(clock(requested, 'stage3.panel')).toMatchObject({
    due: '2027-04-21',
    explanation: 'Review Panel requested Mon 8 Mar 2027; 30 working days, skipping 26 Mar (Good Friday), 29 Mar (Easter Monday) → Wed 21 Apr 2027',
  });
  await runAt(s, h, '2027-03-09T10:00:00Z', 'acknowledge', {});
  return h;
}

const alertKeys = (delivered: { notice: { kind: string; subject: string } }[]) =>
  delivered.filter((d) => d.notice.kind === 'breach-alert').map((d) => d.notice.subject);

describe('Stage 3 clocks past due (time-skipping)', () => {
  it('stage3.papers, then stage3.panel when the panel does not meet by its 30th working day', async () => {
    const { sink, delivered } = recordingSink();
    const s = await scenario('2027-01-04T10:05:00Z', { activities: createActivities({ notices: sink }) });
    await s.run(async () => {
      const h = await atStage3(s, 'CSC-2027-PDS301');
      // Panel on its last day, Wed 21 Apr, set Wed 10 Mar. Rutland 10.1, Luton 18.6: papers at least 10 WD before:
      // 20 19 | 16 15 14 13 12 | 9 8 7 → Wed 7 Apr.
      const scheduled = await runAt(s, h, '2027-03-10T10:00:00Z', 'schedule-panel', { panelDate: '2027-04-21', members: PANEL });
      expect(clock(scheduled, 'stage3.papers')).toMatchObject({
        due: '2027-04-07',
        explanation: '10 working days before the panel on Wed 21 Apr 2027 → Wed 7 Apr 2027',
      });
      await runAt(s, h, '2027-03-11T10:00:00Z', 'notify-panel', {});

      // Reminders count from the day the clock started, Wed 10 Mar: 18 WD to Wed 7 Apr (Easter skipped).
      // 50% → 9th WD, Tue 23 Mar (GMT); 75% → ceil(13.5) = 14th, Thu 1 Apr (BST); 2 WD before → Mon 5 Apr (BST).
      await provePastDue(s, h, delivered, {
        key: 'stage3.papers',
        due: '2027-04-07',
        to: 'complaints-officer',
        reminders: [
          ['2027-03-23T09:00', '50% of the time elapsed'],
          ['2027-04-01T08:00', '75% of the time elapsed'],
          ['2027-04-05T08:00', '2 working days before the due date Wed 7 Apr 2027'],
        ],
      });
      expect((await runAt(s, h, '2027-04-08T10:00:00Z', 'send-papers', {})).overdue).toBeNull();

      // The panel is not recorded on Wed 21 Apr. Reminders over the 30 WD from Mon 8 Mar: 50% → 15th WD, Wed 31 Mar;
      // 75% → ceil(22.5) = 23rd, Mon 12 Apr; 2 WD before → Mon 19 Apr (all BST).
      await provePastDue(s, h, delivered, {
        key: 'stage3.panel',
        due: '2027-04-21',
        to: 'complaints-manager',
        reminders: [
          ['2027-03-31T08:00', '50% of the time elapsed'],
          ['2027-04-12T08:00', '75% of the time elapsed'],
          ['2027-04-19T08:00', '2 working days before the due date Wed 21 Apr 2027'],
        ],
      });
      await runAt(s, h, '2027-04-22T10:00:00Z', 'assign', { actor: 'manager-1', person: { id: 'jo.smith' }, part: 'assigned-officer' });
      await sleepUntil(s, '2027-05-03T12:00:00Z');
      expect((await view(h)).overdue).toMatchObject({ key: 'stage3.panel', due: '2027-04-21' });
      expectOneAlert(delivered, 'stage3.papers', '2027-04-07');
      expectOneAlert(delivered, 'stage3.panel', '2027-04-21');
      expect(alertKeys(delivered)).toEqual(['stage3.papers', 'stage3.panel']);
    });
  });

  it("stage3.notifyPanel across Easter and the clock change, then the panel's report and the final response", async () => {
    const { sink, delivered } = recordingSink();
    const s = await scenario('2027-01-04T10:05:00Z', { activities: createActivities({ notices: sink }) });
    await s.run(async () => {
      const h = await atStage3(s, 'CSC-2027-PDS302');
      // Panel Thu 15 Apr, set Wed 10 Mar. Rutland 10.1: the complainant told at least 10 WD before:
      // 14 13 12 | 9 8 7 6 5 | 2 1 → Thu 1 Apr (Easter Monday not counted).
      const scheduled = await runAt(s, h, '2027-03-10T10:00:00Z', 'schedule-panel', { panelDate: '2027-04-15', members: PANEL });
      expect(clock(scheduled, 'stage3.notifyPanel')).toMatchObject({
        due: '2027-04-01',
        explanation: '10 working days before the panel on Thu 15 Apr 2027 → Thu 1 Apr 2027',
      });
      await runAt(s, h, '2027-03-11T10:00:00Z', 'send-papers', {});

      // From Wed 10 Mar, 14 WD to Thu 1 Apr: 50% → 7th WD, Fri 19 Mar; 75% → ceil(10.5) = 11th, Thu 25 Mar (GMT);
      // 2 WD before → Tue 30 Mar, after the clocks went forward (08:00 UTC). Thu 1 Apr ends at 22:59 UTC.
      await provePastDue(s, h, delivered, {
        key: 'stage3.notifyPanel',
        due: '2027-04-01',
        to: 'complaints-officer',
        reminders: [
          ['2027-03-19T09:00', '50% of the time elapsed'],
          ['2027-03-25T09:00', '75% of the time elapsed'],
          ['2027-03-30T08:00', '2 working days before the due date Thu 1 Apr 2027'],
        ],
      });
      expect((await runAt(s, h, '2027-04-02T10:00:00Z', 'notify-panel', {})).overdue).toBeNull();

      // The panel meets Thu 15 Apr. Its report within 5 WD (Luton 20.1): 16 | 19 20 21 22 → Thu 22 Apr.
      const held = await runAt(s, h, '2027-04-15T10:00:00Z', 'record-panel', {});
      expect(clock(held, 'stage3.panelReport')).toMatchObject({ due: '2027-04-22', explanation: 'panel met Thu 15 Apr 2027; 5 working days → Thu 22 Apr 2027' });
      // 2 WD before → Tue 20 Apr; 50% → ceil(2.5) = 3rd WD, Tue 20 Apr; 75% → ceil(3.75) = 4th, Wed 21 Apr.
      await provePastDue(s, h, delivered, {
        key: 'stage3.panelReport',
        due: '2027-04-22',
        to: 'panel-chair',
        reminders: [
          ['2027-04-20T08:00', '2 working days before the due date Thu 22 Apr 2027; 50% of the time elapsed'],
          ['2027-04-21T08:00', '75% of the time elapsed'],
        ],
      });

      // The report arrives late, Fri 23 Apr; the Director's response within 15 WD (Rutland 10.1, Luton 20.5):
      // 26-30 (5), [Mon 3 May Early May bank holiday], 4-7 (9), 10-14 (14), 17 → Mon 17 May.
      const reported = await runAt(s, h, '2027-04-23T10:00:00Z', 'panel-report', {});
      expect(reported.overdue).toBeNull();
      expect(clock(reported, 'stage3.finalResponse')).toMatchObject({
        due: '2027-05-17',
        explanation: "panel's report received Fri 23 Apr 2027; 15 working days, skipping 3 May (Early May bank holiday) → Mon 17 May 2027",
      });
      // 50% → ceil(7.5) = 8th WD, Thu 6 May; 75% → ceil(11.25) = 12th, Wed 12 May; 2 WD before → Thu 13 May.
      await provePastDue(s, h, delivered, {
        key: 'stage3.finalResponse',
        due: '2027-05-17',
        to: 'director',
        reminders: [
          ['2027-05-06T08:00', '50% of the time elapsed'],
          ['2027-05-12T08:00', '75% of the time elapsed'],
          ['2027-05-13T08:00', '2 working days before the due date Mon 17 May 2027'],
        ],
      });

      // The response sent late closes the case: no longer overdue, still one alert each.
      const done = await runAt(s, h, '2027-05-18T10:00:00Z', 'final-response', { actor: 'director-1' });
      expect(done).toMatchObject({ status: 'closed', overdue: null });
      expect(clock(done, 'stage3.finalResponse')).toMatchObject({ state: 'missed', metAt: '2027-05-18T10:00:00.000Z' });
      await sleepUntil(s, '2027-06-01T12:00:00Z');
      expectOneAlert(delivered, 'stage3.notifyPanel', '2027-04-01');
      expectOneAlert(delivered, 'stage3.panelReport', '2027-04-22');
      expectOneAlert(delivered, 'stage3.finalResponse', '2027-05-17');
      expect(alertKeys(delivered)).toEqual(['stage3.notifyPanel', 'stage3.panelReport', 'stage3.finalResponse']);
    });
  });

  it('a notice missed before the panel is adjourned stays on the record, and its clock starts again for the new date', async () => {
    const { sink, delivered } = recordingSink();
    const s = await scenario('2027-01-04T10:05:00Z', { activities: createActivities({ notices: sink }) });
    await s.run(async () => {
      const h = await atStage3(s, 'CSC-2027-PDS303');
      // Panel Thu 15 Apr, set Wed 10 Mar: the complainant told by Thu 1 Apr; the papers go at once.
      await runAt(s, h, '2027-03-10T10:00:00Z', 'schedule-panel', { panelDate: '2027-04-15', members: PANEL });
      await runAt(s, h, '2027-03-11T10:00:00Z', 'send-papers', {});
      await sleepUntil(s, '2027-04-02T10:00:00Z');
      expect(clock(await view(h), 'stage3.notifyPanel').state).toBe('missed');

      // Moved to Wed 21 Apr, the panel's last day: both notices run again, 10 WD before → Wed 7 Apr.
      const adjourned = await runAt(s, h, '2027-04-02T11:00:00Z', 'adjourn-panel', { panelDate: '2027-04-21', reason: 'The chair is ill' });
      expect(clock(adjourned, 'stage3.notifyPanel')).toMatchObject({ due: '2027-04-07', state: 'pending' });
      expect(clock(adjourned, 'stage3.papers')).toMatchObject({ due: '2027-04-07', state: 'pending' });
      // The miss for the old date is kept (the papers were sent in time, so only the notice).
      const superseded = adjourned.events.filter((e) => e.action === 'deadline-superseded');
      expect(superseded).toHaveLength(1);
      expect(superseded[0]).toMatchObject({ actor: 'system', at: '2027-04-02T11:00:00.000Z', detail: { deadline: 'stage3.notifyPanel', due: '2027-04-01', by: 'panel-adjourned' } });
      expect((superseded[0]!.detail!.missedAt as string).slice(0, 16)).toBe('2027-04-01T23:00');
      expectOneAlert(delivered, 'stage3.notifyPanel', '2027-04-01');
    });
  });
});
