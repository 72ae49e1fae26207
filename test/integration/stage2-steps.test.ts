import { describe, expect, it } from 'vitest';
import { createActivities } from '../../activities';
import { POLICY_PROFILES } from '../../domain/policy';
import { loadTemplates, renderLetter } from '../../records/letters/templates';
import { noticeValues, templateFor } from '../../records/letters/values';
import { clock, IO, IP, openCase, recordingSink, refusedAt, runAt, sleepUntil, view, type Delivered } from '../helpers/cases';
import { eventually } from '../helpers/eventually';
import { expectOneAlert, noticesOf, provePastDue } from '../helpers/past-due';
import { scenario } from '../helpers/time-skipping';

// Issue 16: the Stage 2 appointment letter, progress updates (RRC guidance) and meetings (Luton 13.3-13.4, Rutland 10.1).
const templates = loadTemplates();

/** A letter as the complainant reads it (plain text), through the real templates. */
function text(d: Delivered): string {
  const context = { reference: d.reference, sentAt: new Date(d.scheduledAt), councilName: 'Test Council', councilContact: 'the Complaints Team', recipientName: 'Ms A' };
  return renderLetter(templates, templateFor(d.notice), noticeValues(d.notice, context), { advocacy: false }).text;
}

/** The `n`-th letter (1-based) with `subject`, once delivered. */
async function letter(delivered: Delivered[], subject: string, n = 1): Promise<Delivered> {
  const found = await eventually(async () => delivered.filter((d) => d.notice.subject === subject), (l) => l.length >= n);
  return found[n - 1]!;
}

describe('Stage 2: who is appointed, progress updates, meetings (time-skipping)', () => {
  it('writes who the investigators are and what happens next, with the dates; a replacement writes again naming the new person', async () => {
    const { sink, delivered } = recordingSink();
    const s = await scenario('2027-01-04T09:05:00Z', { activities: createActivities({ notices: sink }) });
    await s.run(async () => {
      const h = await openCase(s, { reference: 'CSC-2027-S2S001', receivedAt: '2027-01-04T09:00:00Z', policy: POLICY_PROFILES.luton!, team: 'Children in Care' });
      await runAt(s, h, '2027-01-04T10:00:00Z', 'triage', { decision: 'stage2' });
      await runAt(s, h, '2027-01-05T10:00:00Z', 'acknowledge', {});
      const appointed = await runAt(s, h, '2027-01-06T10:00:00Z', 'appoint-investigators', {
        investigatingOfficer: { ...IO, name: 'Sam Adams' },
        independentPerson: { ...IP, name: 'Robin Baker' },
      });
      // Luton 14.1: contact within 5 WD of appointment, Wed 6 Jan → 7 8 11 12 13 → Wed 13 Jan.
      expect(clock(appointed, 'stage2.contact').due).toBe('2027-01-13');
      expect(appointed.stage2).toMatchObject({ investigatingOfficer: { id: 'io-7', name: 'Sam Adams' }, independentPerson: { id: 'ip-3', name: 'Robin Baker' } });
      const first = text(await letter(delivered, 'stage2-appointed'));
      expect(first).toContain('We have appointed two people to look into your complaint CSC-2027-S2S001 at Stage 2.');
      expect(first).toContain('- Investigating Officer: Sam Adams. They have had nothing to do with the service you complained about.');
      expect(first).toContain('- Independent Person: Robin Baker. They do not work for Test Council. Their job is to make sure the investigation is fair, thorough and open');
      expect(first).toContain('The Investigating Officer will contact you by Wed 13 Jan 2027 to agree a written statement of your complaint and the outcome you want.');
      // Luton 14.7: the 25 WD run from the statement, not yet agreed; updates every 10 WD (the policy's stage2.progress).
      expect(first).toContain('Once the statement is agreed, you will receive the adjudication, our written response to the investigation, within 25 working days.');
      expect(first).toContain('we will tell you how it is progressing at least every 10 working days.');

      // The IO leaves: a new one, the IP stays; the contact clock keeps its date.
      await runAt(s, h, '2027-01-08T10:00:00Z', 'appoint-investigators', {
        investigatingOfficer: { id: 'io-9', team: 'Independent Reviews', name: 'Kim Carter' },
        independentPerson: { ...IP, name: 'Robin Baker' },
        replacementReason: 'The first Investigating Officer left the service',
      });
      const second = text(await letter(delivered, 'stage2-appointed', 2));
      expect(second).toContain('We have had to change who is looking into your complaint CSC-2027-S2S001 at Stage 2. This does not change any of the dates we have given you.');
      expect(second).toContain('- Investigating Officer: Kim Carter (newly appointed).');
      expect(second).toContain('- Independent Person: Robin Baker. They do not work');
      expect(second).toContain('The Investigating Officer will contact you by Wed 13 Jan 2027');
      expect(delivered.filter((d) => d.notice.kind === 'letter').map((d) => d.notice.subject)).toEqual(['stage2-acknowledgement', 'stage2-appointed', 'stage2-appointed']);
    });
  });
});
