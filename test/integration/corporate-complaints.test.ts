import { describe, expect, it } from 'vitest';
import { createActivities } from '../../activities';
import { POLICY_PROFILES } from '../../domain/policy';
import { loadTemplates, renderLetter } from '../../records/letters/templates';
import { noticeValues, templateFor } from '../../records/letters/values';
import { clock, dues, openCase, recordingSink, refusedAt, runAt, sleepUntil, view, type Delivered } from '../helpers/cases';
import { eventually } from '../helpers/eventually';
import { expectOneAlert, provePastDue } from '../helpers/past-due';
import { scenario } from '../helpers/time-skipping';

const templates = loadTemplates();

/** The letters of one case, in the order sent, as the complainant reads them (plain text). */
async function lettersOf(delivered: Delivered[], reference: string, count: number): Promise<Array<{ subject: string; text: string }>> {
  const sent = await eventually(
    async () => delivered.filter((d) => d.reference === reference && d.notice.kind === 'letter').sort((a, b) => a.notice.id - b.notice.id),
    (l) => l.length >= count,
  );
  return sent.map((d) => {
    const context = { reference, sentAt: new Date(d.scheduledAt), councilName: 'Test Council', councilContact: 'the Complaints Team', recipientName: 'Ms A' };
    return { subject: d.notice.subject, text: renderLetter(templates, templateFor(d.notice), noticeValues(d.notice, context), { advocacy: false }).text };
  });
}

const NO_STAGE2 =
  "a corporate complaint has no Stage 2 under the children's statutory procedure: " +
  "the complainant's next step is the corporate complaints procedure's own review (its Stage 2), then the Ombudsman";

// Received Thu 17 Dec 2026, 10:00 GMT (London = UTC until 28 Mar 2027).
const RECEIVED = '2026-12-17T10:00:00Z';

describe('corporate complaints answered by the complaints team (BANES 8.5, time-skipping)', () => {
  it('runs 15 working days from receipt across Christmas, is met by the response, which closes it with its letter; no Stage 2', async () => {
    const { sink, delivered } = recordingSink();
    const s = await scenario('2026-12-17T10:05:00Z', { activities: createActivities({ notices: sink }) });
    await s.run(async () => {
      const h = await openCase(s, { reference: 'CSC-2026-CRP001', receivedAt: RECEIVED, policy: POLICY_PROFILES.banes! });
      // BANES answers corporate complaints itself: no reason needed, the case stays open as procedure corporate.
      const triaged = await runAt(s, h, '2026-12-17T11:00:00Z', 'triage', { decision: 'corporate' });
      expect(triaged).toMatchObject({ procedure: 'corporate', stage: 'stage1', status: 'in-progress', outcome: null });
      // 15 WD from Thu 17 Dec: 18, 21, 22, 23, 24 (5), [25 Christmas, 28 Boxing Day substitute], 29, 30, 31 (8),
      // [1 Jan], 4, 5, 6, 7, 8 (13), 11, 12 (15) → Tue 12 Jan 2027.
      expect(dues(triaged)).toEqual({ 'stage1.acknowledge': '2026-12-22', 'corporate.respond': '2027-01-12' });
      expect(clock(triaged, 'corporate.respond').explanation).toBe(
        "received Thu 17 Dec 2026; 15 working days, skipping 25 Dec (Christmas Day), 28 Dec (Boxing Day, substitute day), 1 Jan (New Year's Day) → Tue 12 Jan 2027",
      );
      expect(triaged.deadlines.some((d) => d.key === 'stage1.respond')).toBe(false);

      await runAt(s, h, '2026-12-18T10:00:00Z', 'acknowledge', {});
      expect(await refusedAt(s, h, '2026-12-21T10:00:00Z', 'escalate', {})).toBe(NO_STAGE2);

      const answered = await runAt(s, h, '2027-01-11T15:00:00Z', 'respond', {});
      expect(answered).toMatchObject({ procedure: 'corporate', stage: 'closed', status: 'closed', outcome: { kind: 'resolved', stage: 'stage1' } });
      expect(clock(answered, 'corporate.respond')).toMatchObject({ due: '2027-01-12', state: 'met', metAt: '2027-01-11T15:00:00.000Z' });
      // No window to ask for Stage 2 is opened, and escalation stays refused with the same reason once closed.
      expect(answered.deadlines.some((d) => d.kind === 'window')).toBe(false);
      expect(await refusedAt(s, h, '2027-01-12T10:00:00Z', 'escalate', {})).toBe(NO_STAGE2);

      const letters = await lettersOf(delivered, 'CSC-2026-CRP001', 2);
      expect(letters.map((l) => l.subject)).toEqual(['corporate-acknowledgement', 'corporate-response']);
      expect(letters[0]!.text).toContain('we will deal with it under that procedure');
      expect(letters[0]!.text).toContain('You will receive our written response by Tue 12 Jan 2027.');
      expect(letters[0]!.text).not.toContain('Children Act 1989 complaints procedure');
      expect(letters[1]!.text).toContain(
        'Our response to your complaint CSC-2026-CRP001, which you made on Thu 17 Dec 2026, is enclosed with this letter. ' +
          "We dealt with it under the council's corporate complaints procedure, and we have now closed it.",
      );
      expect(letters[1]!.text).toContain('you can ask for a review of your complaint under the corporate complaints procedure');
      expect(letters[1]!.text).toContain('this complaint does not go on to a Stage 2 investigation or a Review Panel');
      // The Ombudsman's details end the letter, as every letter's do.
      expect(letters[1]!.text).toContain('Local Government and Social Care Ombudsman, PO Box 4771');
      expect(delivered.filter((d) => d.notice.kind === 'breach-alert')).toEqual([]);
    });
  });

  it('past due: pending with its reminders a minute before the end of Tue 12 Jan, then missed with one breach alert; answered late', async () => {
    const { sink, delivered } = recordingSink();
    const s = await scenario('2026-12-17T10:05:00Z', { activities: createActivities({ notices: sink }) });
    await s.run(async () => {
      const h = await openCase(s, { reference: 'CSC-2026-CRP002', receivedAt: RECEIVED, policy: POLICY_PROFILES.banes! });
      await runAt(s, h, '2026-12-17T11:00:00Z', 'triage', { decision: 'corporate' });
      await runAt(s, h, '2026-12-17T11:30:00Z', 'acknowledge', {});
      // 2 WD before Tue 12 Jan → Fri 8 Jan; 50% of 15 → 8th WD, Thu 31 Dec; 75% → 12th WD, Thu 7 Jan. 09:00 GMT.
      await provePastDue(s, h, delivered, {
        key: 'corporate.respond',
        due: '2027-01-12',
        to: 'service-manager',
        reminders: [
          ['2026-12-31T09:00', '50% of the time elapsed'],
          ['2027-01-07T09:00', '75% of the time elapsed'],
          ['2027-01-08T09:00', '2 working days before the due date Tue 12 Jan 2027'],
        ],
      });
      const late = await runAt(s, h, '2027-01-14T10:00:00Z', 'respond', {});
      expect(clock(late, 'corporate.respond')).toMatchObject({ state: 'missed', metAt: '2027-01-14T10:00:00.000Z' });
      expect(late).toMatchObject({ status: 'closed', overdue: null });
      await sleepUntil(s, '2027-01-20T12:00:00Z');
      expect((await view(h)).overdue).toBeNull();
      expectOneAlert(delivered, 'corporate.respond', '2027-01-12', 'CSC-2026-CRP002');
    });
  });

  it('under the statutory profile a corporate complaint is still routed out; a service request closes with its letter', async () => {
    const { sink, delivered } = recordingSink();
    const s = await scenario('2026-12-17T10:05:00Z', { activities: createActivities({ notices: sink }) });
    await s.run(async () => {
      const corp = await openCase(s, { reference: 'CSC-2026-CRP003', receivedAt: RECEIVED });
      expect(await refusedAt(s, corp, '2026-12-17T11:00:00Z', 'triage', { decision: 'corporate' })).toBe(
        'a decision of corporate needs a reason, given to the complainant in writing',
      );
      const routed = await runAt(s, corp, '2026-12-17T11:00:00Z', 'triage', { decision: 'corporate', reason: 'It is about a school place.' });
      expect(routed).toMatchObject({ procedure: 'corporate', status: 'closed', outcome: { kind: 'routed-out', to: 'corporate' } });
      expect(routed.deadlines.map((d) => `${d.key} ${d.state}`)).toEqual(['stage1.acknowledge cancelled']);

      const req = await openCase(s, { reference: 'CSC-2026-SRQ001', receivedAt: RECEIVED, policy: POLICY_PROFILES.rutland! });
      expect(await refusedAt(s, req, '2026-12-17T11:30:00Z', 'triage', { decision: 'service-request' })).toBe(
        'a decision of service-request needs a reason, given to the complainant in writing',
      );
      const sr = await runAt(s, req, '2026-12-17T11:30:00Z', 'triage', { decision: 'service-request', reason: 'You asked for a replacement car seat.' });
      expect(sr).toMatchObject({ procedure: 'service-request', stage: 'closed', status: 'closed', outcome: { kind: 'routed-out', to: 'service-request' } });
      expect(sr.deadlines.map((d) => d.state)).toEqual(['cancelled']);

      const [routedLetter] = await lettersOf(delivered, 'CSC-2026-CRP003', 1);
      expect(routedLetter!.subject).toBe('routed-to-corporate-procedure');
      const [requestLetter] = await lettersOf(delivered, 'CSC-2026-SRQ001', 1);
      expect(requestLetter!.subject).toBe('service-request-recorded');
      expect(requestLetter!.text).toContain('You have asked us for a service, rather than complained about one, so we have passed your request to the service to arrange');
      expect(requestLetter!.text).toContain('Why: You asked for a replacement car seat.');
    });
  });
});
