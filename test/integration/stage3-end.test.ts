import { describe, expect, it } from 'vitest';
import { createActivities } from '../../activities';
import { loadTemplates, renderLetter } from '../../records/letters/templates';
import { noticeValues, OMBUDSMAN_DETAILS, templateFor } from '../../records/letters/values';
import { clock, IO, IP, openCase, PANEL, recordingSink, refusedAt, runAt, sleepUntil, view, type CaseHandle, type Delivered } from '../helpers/cases';
import { eventually } from '../helpers/eventually';
import { expectOneAlert, noticesOf, provePastDue } from '../helpers/past-due';
import { scenario, type Scenario } from '../helpers/time-skipping';

// The end of Stage 3: the panel's recommendations to the complainant within 5 working days
// (Luton 20.1), the Director's decision on each with the Stage 2 Independent Person (Luton 20.4, 20.8).
// 2027: Early May bank holiday Mon 3 May; BST (09:00 London is 08:00 UTC; a day ends at 22:59 UTC).

const RECOMMENDATIONS = [
  { id: 'P1', text: 'Review the contact plan with the family within a month.' },
  { id: 'P2', text: 'Apologise in writing for the cancelled visits.' },
  { id: 'P3', text: 'Pay £250 for the time and trouble.' },
];

/**
 * Received Mon 4 Jan 2027 straight to Stage 2 (IP ip-3), adjudicated Mon 1 Mar, the Review Panel requested
 * Mon 8 Mar and set on Wed 10 Mar for its last day, Wed 21 Apr (30 WD), notice and papers sent Thu 11 Mar;
 * it meets Wed 21 Apr. Its report falls due 5 WD later: 22 23 | 26 27 28 → Wed 28 Apr.
 */
async function panelMet(s: Scenario, reference: string): Promise<CaseHandle> {
  const h = await openCase(s, { reference, receivedAt: '2027-01-04T10:00:00Z', team: 'Fostering' });
  await runAt(s, h, '2027-01-04T11:00:00Z', 'triage', { decision: 'stage2' });
  await runAt(s, h, '2027-01-05T10:00:00Z', 'acknowledge', {});
  await runAt(s, h, '2027-01-05T11:00:00Z', 'appoint-investigators', { investigatingOfficer: IO, independentPerson: IP });
  await runAt(s, h, '2027-01-27T10:00:00Z', 'agree-statement', {});
  // Progress updates every 10 WD while Stage 2 runs: due Wed 10 Feb, then 10 WD after each.
  await runAt(s, h, '2027-02-09T10:00:00Z', 'progress-update', { progress: 'The Investigating Officer is reading the records.' });
  await runAt(s, h, '2027-02-22T10:00:00Z', 'progress-update', { progress: 'The reports are being written.' });
  await runAt(s, h, '2027-02-26T10:00:00Z', 'submit-reports', { reports: ['investigating-officer', 'independent-person'] });
  await runAt(s, h, '2027-03-01T10:00:00Z', 'adjudicate', {});
  await runAt(s, h, '2027-03-08T10:00:00Z', 'escalate', {});
  await runAt(s, h, '2027-03-09T10:00:00Z', 'acknowledge', {});
  await runAt(s, h, '2027-03-10T10:00:00Z', 'schedule-panel', { panelDate: '2027-04-21', members: PANEL });
  await runAt(s, h, '2027-03-11T10:00:00Z', 'notify-panel', {});
  await runAt(s, h, '2027-03-11T11:00:00Z', 'send-papers', {});
  const held = await runAt(s, h, '2027-04-21T10:00:00Z', 'record-panel', {});
  expect(clock(held, 'stage3.panelReport')).toMatchObject({ due: '2027-04-28', state: 'pending' });
  return h;
}

const templates = loadTemplates();

/** The letter `subject` as the complainant reads it (plain text), once delivered. */
async function letterText(delivered: Delivered[], subject: string): Promise<string> {
  const [d] = await eventually(
    async () => delivered.filter((x) => x.notice.kind === 'letter' && x.notice.subject === subject),
    (l) => l.length > 0,
  );
  const context = { reference: d!.reference, sentAt: new Date(d!.scheduledAt), councilName: 'Test Council', councilContact: 'the Complaints Team', recipientName: 'Ms A' };
  return renderLetter(templates, templateFor(d!.notice), noticeValues(d!.notice, context), { advocacy: false }).text;
}

const alerts = (delivered: Delivered[]) => delivered.filter((d) => d.notice.kind === 'breach-alert').map((d) => d.notice.subject);

describe('the end of Stage 3 (time-skipping)', () => {
  it("the panel's recommendations go to the complainant across the bank holiday, and the Director decides on each with the Stage 2 Independent Person", async () => {
    const { sink, delivered } = recordingSink();
    const s = await scenario('2027-01-04T10:05:00Z', { activities: createActivities({ notices: sink }) });
    await s.run(async () => {
      const h = await panelMet(s, 'CSC-2027-S3E001');

      // The report on its last day, Wed 28 Apr. Luton 20.1: the complainant told within 5 WD:
      // 29 30 | [Mon 3 May, Early May bank holiday] 4 5 6 → Thu 6 May. Rutland 10.1: the Director within 15 WD:
      // 29 30 | 4-7 (6) | 10-14 (11) | 17 18 19 20 → Thu 20 May.
      const reported = await runAt(s, h, '2027-04-28T10:00:00Z', 'panel-report', { recommendations: RECOMMENDATIONS });
      expect(clock(reported, 'stage3.panelReport')).toMatchObject({ state: 'met' });
      expect(clock(reported, 'stage3.recommendations')).toMatchObject({
        due: '2027-05-06',
        state: 'pending',
        explanation: "panel's report received Wed 28 Apr 2027; 5 working days, skipping 3 May (Early May bank holiday) → Thu 6 May 2027",
      });
      expect(clock(reported, 'stage3.finalResponse')).toMatchObject({
        due: '2027-05-20',
        explanation: "panel's report received Wed 28 Apr 2027; 15 working days, skipping 3 May (Early May bank holiday) → Thu 20 May 2027",
      });
      expect(reported.next).toMatchObject({ key: 'stage3.recommendations', due: '2027-05-06' });
      expect(reported.stage3?.recommendations).toEqual(RECOMMENDATIONS);

      // Sent on Tue 4 May, the first working day after the bank holiday.
      const shared = await runAt(s, h, '2027-05-04T10:00:00Z', 'share-recommendations', {});
      expect(clock(shared, 'stage3.recommendations')).toMatchObject({ state: 'met', metAt: '2027-05-04T10:00:00.000Z' });
      expect(shared.events.at(-1)).toMatchObject({ action: 'recommendations-shared', detail: { recommendations: 'P1,P2,P3' } });
      expect(await refusedAt(s, h, '2027-05-04T11:00:00Z', 'share-recommendations', {})).toBe(
        "the panel's recommendations were already sent to the complainant at 2027-05-04T10:00:00.000Z",
      );
      const sent = await letterText(delivered, 'panel-recommendations');
      expect(sent).toContain("These are the panel's recommendations, in the panel's own words:\n\n- P1: Review the contact plan with the family within a month.\n- P2: Apologise in writing for the cancelled visits.\n- P3: Pay £250 for the time and trouble.");
      expect(sent).toContain(
        "The panel's report now goes to our Director, who will decide, with the Independent Person who looked at your complaint at Stage 2, what we will do about it. The Director will write to you by Thu 20 May 2027.",
      );
      expect(sent).toContain(OMBUDSMAN_DETAILS);

      // The Director's response is refused until it decides on every recommendation, with the Stage 2 IP.
      const decisions = [
        { recommendation: 'P1', decision: 'accepted' as const },
        { recommendation: 'P2', decision: 'accepted-in-part' as const, reasons: 'We will apologise in writing; the visits were cancelled by the foster carers.' },
        { recommendation: 'P3', decision: 'not-accepted' as const, reasons: 'A payment of £250 was made after Stage 2.' },
      ];
      const at = '2027-05-17T10:00:00Z';
      const director = { actor: 'director-1' };
      expect(await refusedAt(s, h, at, 'final-response', { ...director, independentPerson: { id: IP.id }, decisions: decisions.slice(0, 2) })).toBe(
        "the Director's decision on every recommendation of the panel is required: none is given for P3",
      );
      expect(await refusedAt(s, h, at, 'final-response', { ...director, independentPerson: { id: IP.id }, decisions: [...decisions, { recommendation: 'P9', decision: 'accepted' }] })).toBe(
        "P9 is not among the panel's recommendations (P1, P2 and P3)",
      );
      expect(await refusedAt(s, h, at, 'final-response', { ...director, independentPerson: { id: 'ip-other' }, decisions })).toBe(
        "ip-other is not the Independent Person appointed at Stage 2 (ip-3), who considers the panel's recommendations with the Director",
      );
      expect(await refusedAt(s, h, at, 'final-response', { ...director, decisions })).toBe(
        "name the Independent Person appointed at Stage 2 (ip-3), who considers the panel's recommendations with the Director",
      );

      const done = await runAt(s, h, at, 'final-response', { ...director, independentPerson: { id: IP.id }, decisions });
      expect(done).toMatchObject({ status: 'closed', outcome: { kind: 'completed' }, overdue: null });
      expect(clock(done, 'stage3.finalResponse')).toMatchObject({ due: '2027-05-20', state: 'met', metAt: '2027-05-17T10:00:00.000Z' });
      expect(done.stage3).toMatchObject({ decisions, consideredWith: 'ip-3' });
      expect(done.events.find((e) => e.action === 'final-response')).toMatchObject({
        actor: 'director-1',
        detail: { decisions: 'P1:accepted,P2:accepted-in-part,P3:not-accepted', independentPerson: 'ip-3' },
      });
      const answer = await letterText(delivered, 'stage3-final-response');
      expect(answer).toContain(
        "Our Director has read the Review Panel's report on your complaint CSC-2027-S3E001 and talked it through with the Independent Person who looked at your complaint at Stage 2.",
      );
      expect(answer).toContain(
        [
          '- P1: “Review the contact plan with the family within a month.” Our decision: we agree and will do this.',
          '- P2: “Apologise in writing for the cancelled visits.” Our decision: we agree with part of this. Our reasons: We will apologise in writing; the visits were cancelled by the foster carers.',
          '- P3: “Pay £250 for the time and trouble.” Our decision: we do not agree with this. Our reasons: A payment of £250 was made after Stage 2.',
        ].join('\n'),
      );
      // Luton 20.9: the right to go to the Ombudsman ends the letter.
      expect(answer.trimEnd().split('\n').at(-1)).toContain(`you can ask the Local Government and Social Care Ombudsman to look at your complaint. The Ombudsman is independent and free to use: ${OMBUDSMAN_DETAILS}.`);

      // Every Stage 3 duty was met: no alert ever went.
      await sleepUntil(s, '2027-06-01T12:00:00Z');
      expect(alerts(delivered)).toEqual([]);
    });
  });

  it('stage3.recommendations past due: a minute before, pending with its reminders; just after, missed with one alert; the final response then tells the complainant', async () => {
    const { sink, delivered } = recordingSink();
    const s = await scenario('2027-01-04T10:05:00Z', { activities: createActivities({ notices: sink }) });
    await s.run(async () => {
      const h = await panelMet(s, 'CSC-2027-S3E002');
      await runAt(s, h, '2027-04-28T10:00:00Z', 'panel-report', { recommendations: RECOMMENDATIONS.slice(0, 1) });
      // From Wed 28 Apr, 5 WD to Thu 6 May: 2 WD before → Tue 4 May, also 50% (the 3rd WD); 75% → ceil(3.75) = 4th, Wed 5 May.
      await provePastDue(s, h, delivered, {
        key: 'stage3.recommendations',
        due: '2027-05-06',
        to: 'complaints-officer',
        reminders: [
          ['2027-05-04T08:00', '2 working days before the due date Thu 6 May 2027; 50% of the time elapsed'],
          ['2027-05-05T08:00', '75% of the time elapsed'],
        ],
      });

      // Sent late, Fri 7 May: no longer overdue, still missed for the figures, one alert only.
      const late = await runAt(s, h, '2027-05-07T10:00:00Z', 'share-recommendations', {});
      expect(late.overdue).toBeNull();
      expect(clock(late, 'stage3.recommendations')).toMatchObject({ state: 'missed', metAt: '2027-05-07T10:00:00.000Z' });
      const done = await runAt(s, h, '2027-05-10T10:00:00Z', 'final-response', { actor: 'director-1', independentPerson: { id: IP.id }, decisions: [{ recommendation: 'P1', decision: 'accepted' }] });
      expect(done.status).toBe('closed');
      await sleepUntil(s, '2027-05-25T12:00:00Z');
      expectOneAlert(delivered, 'stage3.recommendations', '2027-05-06');
      expect(alerts(delivered)).toEqual(['stage3.recommendations']);
      expect(noticesOf(delivered, 'reminder', 'stage3.finalResponse')).toEqual([]);
    });
  });

  it("a final response before the recommendations were sent meets their clock: its letter lists them", async () => {
    const { sink, delivered } = recordingSink();
    const s = await scenario('2027-01-04T10:05:00Z', { activities: createActivities({ notices: sink }) });
    await s.run(async () => {
      const h = await panelMet(s, 'CSC-2027-S3E003');
      await runAt(s, h, '2027-04-28T10:00:00Z', 'panel-report', { recommendations: RECOMMENDATIONS.slice(1, 2) });
      const done = await runAt(s, h, '2027-04-30T10:00:00Z', 'final-response', {
        actor: 'director-1',
        independentPerson: { id: IP.id },
        decisions: [{ recommendation: 'P2', decision: 'accepted' }],
      });
      expect(clock(done, 'stage3.recommendations')).toMatchObject({ state: 'met', metAt: '2027-04-30T10:00:00.000Z' });
      expect(await letterText(delivered, 'stage3-final-response')).toContain('- P2: “Apologise in writing for the cancelled visits.” Our decision: we agree and will do this.');
      expect(delivered.filter((d) => d.notice.subject === 'panel-recommendations')).toEqual([]);
      await sleepUntil(s, '2027-05-25T12:00:00Z');
      expect(alerts(delivered)).toEqual([]);
    });
  });

  it('a report recorded without its recommendations ends as before: no 5-day clock, nothing to decide, the cover letter', async () => {
    const { sink, delivered } = recordingSink();
    const s = await scenario('2027-01-04T10:05:00Z', { activities: createActivities({ notices: sink }) });
    await s.run(async () => {
      const h = await panelMet(s, 'CSC-2027-S3E004');
      const reported = await runAt(s, h, '2027-04-28T10:00:00Z', 'panel-report', {});
      expect(reported.deadlines.map((d) => d.key)).not.toContain('stage3.recommendations');
      expect(reported.stage3?.recommendations).toBeUndefined();
      expect(await refusedAt(s, h, '2027-04-29T10:00:00Z', 'share-recommendations', {})).toBe(
        "the panel's report was recorded without its recommendations: the final response encloses them",
      );
      expect(await refusedAt(s, h, '2027-04-29T10:00:00Z', 'final-response', { decisions: [{ recommendation: 'P1', decision: 'accepted' }] })).toBe(
        "the panel's report was recorded without its recommendations, so there are none to decide on here: record the final response without decisions",
      );
      const done = await runAt(s, h, '2027-05-12T10:00:00Z', 'final-response', { actor: 'director-1' });
      expect(done).toMatchObject({ status: 'closed', outcome: { kind: 'completed' } });
      expect(done.events.find((e) => e.action === 'final-response')?.detail).toBeUndefined();
      expect(await letterText(delivered, 'stage3-final-response')).toContain(
        "The Review Panel has sent us its recommendations on your complaint CSC-2027-S3E004. Our Director's response, saying what we will do about each recommendation, is enclosed.",
      );
      expect((await view(h)).stage3?.decisions).toBeUndefined();
    });
  });
});
