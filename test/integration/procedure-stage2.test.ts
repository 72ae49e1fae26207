import { describe, expect, it } from 'vitest';
import { POLICY_PROFILES } from '../../domain/policy';
import { clock, dues, IO, IP, openCase, refusedAt, runAt, sleepUntil, view } from '../helpers/cases';
import { scenario } from '../helpers/time-skipping';

// Received Mon 4 Jan 2027, 10:00 GMT, triaged straight to Stage 2.
// Holidays ahead: Good Friday 26 Mar and Easter Monday 29 Mar 2027.
const RECEIVED = '2027-01-04T10:00:00Z';
const TRIAGED = '2027-01-04T11:00:00Z';

describe('Stage 2 (time-skipping)', () => {
  it('appoints independent investigators, (Luton) contacts, agrees the statement, extends only with agreement up to 65 WD, replaces the IO without moving the clock', async () => {
    const s = await scenario('2027-01-04T10:05:00Z');
    await s.run(async () => {
      const h = await openCase(s, { reference: 'CSC-2027-S2A001', receivedAt: RECEIVED, policy: POLICY_PROFILES.luton!, team: 'Children in Care' });
      const triaged = await runAt(s, h, TRIAGED, 'triage', { decision: 'stage2' });
      expect(dues(triaged)).toEqual({ 'stage2.acknowledge': '2027-01-07' }); // 5 6 7
      const acked = await runAt(s, h, '2027-01-05T10:00:00Z', 'acknowledge', {});
      expect(clock(acked, 'stage2.acknowledge')).toMatchObject({ due: '2027-01-07', state: 'met' });

      expect(
        await refusedAt(s, h, '2027-01-06T10:00:00Z', 'appoint-investigators', {
          investigatingOfficer: { id: 'io-1', team: 'children in care' },
          independentPerson: IP,
        }),
      ).toBe('the Investigating Officer must be independent of the service complained about (Children in Care)');
      expect(
        await refusedAt(s, h, '2027-01-06T10:00:00Z', 'appoint-investigators', {
          investigatingOfficer: IO,
          independentPerson: { id: 'ip-9', team: 'Children In Care' },
        }),
      ).toBe('the Independent Person must be independent of the service complained about (Children in Care)');
      expect(
        await refusedAt(s, h, '2027-01-06T10:00:00Z', 'appoint-investigators', { investigatingOfficer: IO, independentPerson: { id: IO.id } }),
      ).toBe('the Investigating Officer and the Independent Person must be different people');
      expect(await refusedAt(s, h, '2027-01-06T10:00:00Z', 'agree-statement', {})).toBe('the investigators are not appointed yet');

      // Appointed Wed 6 Jan: contact within 5 WD → 7 8 11 12 13 → Wed 13 Jan.
      const appointed = await runAt(s, h, '2027-01-06T10:00:00Z', 'appoint-investigators', { investigatingOfficer: IO, independentPerson: IP });
      expect(dues(appointed)).toEqual({ 'stage2.contact': '2027-01-13' });
      const contacted = await runAt(s, h, '2027-01-08T10:00:00Z', 'contact', {});
      expect(clock(contacted, 'stage2.contact')).toMatchObject({ due: '2027-01-13', state: 'met' });

      // Agreed Mon 11 Jan: 25 WD → Jan 12-15 (4), 18-22 (9), 25-29 (14), Feb 1-5 (19), 8-12 (24), 15 (25) → Mon 15 Feb.
      const agreed = await runAt(s, h, '2027-01-11T10:00:00Z', 'agree-statement', {});
      expect(agreed.stage2).toMatchObject({ statementAgreedOn: '2027-01-11' });
      // Progress updates fall due 10 WD after it (stage2.progress): 12-15 | 18-22 | 25 → Mon 25 Jan.
      expect(dues(agreed)).toEqual({ 'stage2.respond': '2027-02-15', 'stage2.progress': '2027-01-25' });

      expect(
        await refusedAt(s, h, '2027-01-12T10:00:00Z', 'extend', { deadline: 'stage2.respond', workingDays: 10, reason: 'advocate' }),
      ).toBe("a Stage 2 extension needs the complainant's agreement (complainantAgreed: true)");
      expect(
        await refusedAt(s, h, '2027-01-12T10:00:00Z', 'extend', { deadline: 'stage2.respond', workingDays: 10, reason: 'advocate', complainantAgreed: false }),
      ).toBe("a Stage 2 extension needs the complainant's agreement (complainantAgreed: true)");
      expect(
        await refusedAt(s, h, '2027-01-12T10:00:00Z', 'extend', { deadline: 'stage2.respond', workingDays: 41, reason: 'advocate', complainantAgreed: true }),
      ).toBe('an extension of 41 working days would make Stage 2 66 working days, over the limit of 65');
      // 25 + 40 = 65: from Mon 15 Feb, 40 WD with Good Friday and Easter Monday skipped → Wed 14 Apr (= 65 WD after 11 Jan).
      const extended = await runAt(s, h, '2027-01-12T10:00:00Z', 'extend', {
        deadline: 'stage2.respond',
        workingDays: 40,
        reason: 'advocate',
        complainantAgreed: true,
      });
      expect(clock(extended, 'stage2.respond')).toMatchObject({ due: '2027-04-14', state: 'pending' });
      expect(clock(extended, 'stage2.respond').explanation).toBe(
        'statement of complaint agreed Mon 11 Jan 2027; 25 working days → Mon 15 Feb 2027; extended by 40 working days (advocate) → Wed 14 Apr 2027',
      );
      expect(
        await refusedAt(s, h, '2027-01-13T10:00:00Z', 'extend', { deadline: 'stage2.respond', workingDays: 1, reason: 'more', complainantAgreed: true }),
      ).toBe('an extension of 1 working days would make Stage 2 66 working days, over the limit of 65');

      expect(
        await refusedAt(s, h, '2027-01-20T10:00:00Z', 'appoint-investigators', { investigatingOfficer: { id: 'io-8' }, independentPerson: IP }),
      ).toBe('investigators are already appointed (io-7, ip-3): give replacementReason to replace them without restarting the clock');
      const replaced = await runAt(s, h, '2027-01-20T10:00:00Z', 'appoint-investigators', {
        investigatingOfficer: { id: 'io-8' },
        independentPerson: IP,
        replacementReason: 'the IO left the council',
      });
      expect(replaced.stage2).toMatchObject({ investigatingOfficer: { id: 'io-8' }, replacements: 1, statementAgreedOn: '2027-01-11' });
      expect(clock(replaced, 'stage2.respond')).toMatchObject({ due: '2027-04-14', state: 'pending' });
      expect(clock(replaced, 'stage2.contact')).toMatchObject({ due: '2027-01-13', state: 'met' });
      expect(replaced.events.at(-1)).toMatchObject({ action: 'investigators-replaced', detail: { reason: 'the IO left the council' } });
    });
  });

  it('suspends for early resolution and resumes with the working days left; adjudicates on both reports, opening the Review Panel window', async () => {
    const s = await scenario('2027-01-04T10:05:00Z');
    await s.run(async () => {
      const h = await openCase(s, { reference: 'CSC-2027-S2B001', receivedAt: RECEIVED });
      await runAt(s, h, TRIAGED, 'triage', { decision: 'stage2' });
      await runAt(s, h, '2027-01-05T10:00:00Z', 'acknowledge', {});
      await runAt(s, h, '2027-01-05T11:00:00Z', 'appoint-investigators', { investigatingOfficer: IO, independentPerson: IP });
      // Agreed Wed 6 Jan: 25 WD → 7 8 | 11-15 | 18-22 | 25-29 | Feb 1-5 | 8 9 10 → Wed 10 Feb.
      const agreed = await runAt(s, h, '2027-01-06T10:00:00Z', 'agree-statement', {});
      // Progress updates fall due 10 WD after it (stage2.progress): 7 8 | 11-15 | 18 19 20 → Wed 20 Jan.
      expect(dues(agreed)).toEqual({ 'stage2.respond': '2027-02-10', 'stage2.progress': '2027-01-20' });

      // Suspended Wed 20 Jan: working days left after it up to 10 Feb: 21 22 | 25-29 | Feb 1-5 | 8 9 10 = 15.
      const suspended = await runAt(s, h, '2027-01-20T10:00:00Z', 'suspend-for-resolution', {});
      expect(suspended.status).toBe('early-resolution');
      expect(clock(suspended, 'stage2.respond')).toMatchObject({ state: 'paused', due: '2027-02-10' });
      expect(await refusedAt(s, h, '2027-01-21T10:00:00Z', 'suspend-for-resolution', {})).toBe(
        'the investigation is already suspended since 2027-01-20T10:00:00.000Z',
      );

      // Past the old due date while suspended: nothing is missed.
      await sleepUntil(s, '2027-02-12T00:00:00Z');
      expect(clock(await view(h), 'stage2.respond').state).toBe('paused');

      // Resumed Wed 17 Feb with 15 left: 18 19 | 22-26 | Mar 1-5 | 8 9 10 → Wed 10 Mar.
      const resumed = await runAt(s, h, '2027-02-17T10:00:00Z', 'resume', {});
      expect(resumed.status).toBe('in-progress');
      expect(clock(resumed, 'stage2.respond')).toMatchObject({ state: 'pending', due: '2027-03-10' });
      expect(clock(resumed, 'stage2.respond').explanation).toBe(
        'statement of complaint agreed Wed 6 Jan 2027; 25 working days → Wed 10 Feb 2027; ' +
          'paused on Wed 20 Jan 2027 (suspended for early resolution) with 15 working days left; resumed on Wed 17 Feb 2027 → Wed 10 Mar 2027',
      );

      await runAt(s, h, '2027-02-24T10:00:00Z', 'submit-reports', { reports: ['investigating-officer'] });
      expect(await refusedAt(s, h, '2027-02-25T10:00:00Z', 'adjudicate', {})).toBe(
        'the adjudication needs both reports; missing: independent-person',
      );
      expect(await refusedAt(s, h, '2027-02-25T10:00:00Z', 'submit-reports', { reports: ['investigating-officer'] })).toBe(
        'already submitted: investigating-officer',
      );
      await runAt(s, h, '2027-02-25T10:00:00Z', 'submit-reports', { reports: ['independent-person'] });

      // Adjudicated Mon 1 Mar: 20 WD → Mar 2-5 (4), 8-12 (9), 15-19 (14), 22-25 (18), [Good Friday 26, Easter Monday 29], 30 31 → Wed 31 Mar.
      const adjudicated = await runAt(s, h, '2027-03-01T10:00:00Z', 'adjudicate', {
        findings: { heads: [{ head: '1', finding: 'partially-upheld', category: 'quality-of-service' }] },
      });
      expect(adjudicated).toMatchObject({ stage: 'stage2', status: 'awaiting-escalation' });
      expect(clock(adjudicated, 'stage2.respond')).toMatchObject({ due: '2027-03-10', state: 'met', metAt: '2027-03-01T10:00:00.000Z' });
      expect(clock(adjudicated, 'stage2.escalate')).toMatchObject({ kind: 'window', due: '2027-03-31', state: 'pending' });
      expect(clock(adjudicated, 'stage2.escalate').explanation).toBe(
        'adjudication sent Mon 1 Mar 2027; 20 working days, skipping 26 Mar (Good Friday), 29 Mar (Easter Monday) → Wed 31 Mar 2027',
      );
      expect(adjudicated.findings).toEqual([
        expect.objectContaining({ stage: 'stage2', recordedAt: '2027-03-01T10:00:00.000Z' }),
      ]);
      expect(await refusedAt(s, h, '2027-03-02T10:00:00Z', 'adjudicate', {})).toBe('already adjudicated at 2027-03-01T10:00:00.000Z');
    });
  });
});
