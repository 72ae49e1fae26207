import { describe, expect, it } from 'vitest';
import { POLICY_PROFILES } from '../../domain/policy';
import { clock, dues, openCase, refusedAt, runAt, sleepUntil, view, viewWhen } from '../helpers/cases';
import { scenario } from '../helpers/time-skipping';

// Received Mon 4 Jan 2027, 10:00 GMT (London = UTC all January and February).
// Working days after it: Jan 5 6 7 8 | 11 12 13 14 15 | 18 19 20 21 22 | 25 26 27 28 29 | Feb 1 …
const RECEIVED = '2027-01-04T10:00:00Z';
const TRIAGED = '2027-01-04T11:00:00Z';
const LUTON = POLICY_PROFILES.luton!;

describe('Stage 1 (time-skipping)', () => {
  it('acknowledges, extends up to the cap, responds, and accepts a request on the last day of the window', async () => {
    const s = await scenario('2027-01-04T10:05:00Z');
    await s.run(async () => {
      const h = await openCase(s, { reference: 'CSC-2027-S1A001', receivedAt: RECEIVED });
      await runAt(s, h, TRIAGED, 'triage', { decision: 'stage1' });

      // 09:30, not 09:00: the reminder of the acknowledgement goes out at 09:00 (see quiet() in helpers/cases.ts).
      const acked = await runAt(s, h, '2027-01-05T09:30:00Z', 'acknowledge', {});
      expect(clock(acked, 'stage1.acknowledge')).toMatchObject({ due: '2027-01-07', state: 'met', metAt: '2027-01-05T09:30:00.000Z' });

      // respond was Mon 18 Jan (10 WD); +5 WD: 19 20 21 22 25 → Mon 25 Jan.
      const ext1 = await runAt(s, h, '2027-01-11T10:00:00Z', 'extend', { deadline: 'stage1.respond', workingDays: 5, reason: 'an advocate is needed' });
      expect(clock(ext1, 'stage1.respond')).toMatchObject({ due: '2027-01-25', state: 'pending' });
      expect(clock(ext1, 'stage1.respond').explanation).toBe(
        'received Mon 4 Jan 2027; 10 working days → Mon 18 Jan 2027; extended by 5 working days (an advocate is needed) → Mon 25 Jan 2027',
      );

      // 5 + 6 = 11 > the cap of 10.
      expect(
        await refusedAt(s, h, '2027-01-12T10:00:00Z', 'extend', { deadline: 'stage1.respond', workingDays: 6, reason: 'complex' }),
      ).toBe('an extension of 6 working days would bring Stage 1 extensions to 11, over the cap of 10 in policy england-statutory');
      // 5 + 5 = 10, the cap: from Mon 25 Jan, 26 27 28 29 Feb 1 → Mon 1 Feb.
      const ext2 = await runAt(s, h, '2027-01-12T10:00:00Z', 'extend', { deadline: 'stage1.respond', workingDays: 5, reason: 'complex' });
      expect(clock(ext2, 'stage1.respond').due).toBe('2027-02-01');

      // Responded Thu 28 Jan; window 20 WD: Jan 29, Feb 1-5, 8-12, 15-19, 22-25 → Thu 25 Feb.
      const responded = await runAt(s, h, '2027-01-28T15:00:00Z', 'respond', {});
      expect(responded.status).toBe('awaiting-escalation');
      expect(clock(responded, 'stage1.respond')).toMatchObject({ due: '2027-02-01', state: 'met' });
      expect(clock(responded, 'stage1.escalate')).toMatchObject({ kind: 'window', due: '2027-02-25', state: 'pending' });

      // A request is never dated before the response it answers.
      expect(await refusedAt(s, h, '2027-01-28T14:59:00Z', 'escalate', {})).toBe(
        '"at" (2027-01-28T14:59:00Z) is before the Stage 1 response (2027-01-28T15:00:00.000Z)',
      );
      // The last hour of the window: accepted, no reasons or form needed.
      const escalated = await runAt(s, h, '2027-02-25T23:00:00Z', 'escalate', {});
      expect(escalated).toMatchObject({ stage: 'stage2', status: 'in-progress', outcome: null });
      expect(clock(escalated, 'stage1.escalate')).toMatchObject({ state: 'met', metAt: '2027-02-25T23:00:00.000Z' });
      // Requested Thu 25 Feb: 3 WD → Fri 26, Mon 1, Tue 2 Mar.
      expect(dues(escalated)).toEqual({ 'stage2.acknowledge': '2027-03-02' });
      expect(escalated.stage2).toMatchObject({ requestedOn: '2027-02-25' });
    });
  });

  it('closes not-pursued at the end of the window; a late request is recorded, then accepted or refused', async () => {
    const s = await scenario('2027-01-04T10:05:00Z');
    await s.run(async () => {
      const accepted = await openCase(s, { reference: 'CSC-2027-S1B001', receivedAt: RECEIVED });
      const refusedCase = await openCase(s, { reference: 'CSC-2027-S1B002', receivedAt: RECEIVED });
      for (const h of [accepted, refusedCase]) {
        await runAt(s, h, TRIAGED, 'triage', { decision: 'stage1' });
        // Responded Wed 6 Jan; window 20 WD: 7 8 | 11-15 | 18-22 | 25-29 | Feb 1 2 3 → Wed 3 Feb.
        const v = await runAt(s, h, '2027-01-06T12:00:00Z', 'respond', {});
        expect(clock(v, 'stage1.escalate').due).toBe('2027-02-03');
      }

      await sleepUntil(s, '2027-02-03T23:59:00Z');
      expect((await view(accepted)).status).toBe('awaiting-escalation');
      await sleepUntil(s, '2027-02-04T00:01:00Z');
      const lapsed = await viewWhen(accepted, (v) => v.status === 'closed');
      expect(lapsed).toMatchObject({ stage: 'closed', outcome: { kind: 'not-pursued', stage: 'stage1' } });
      expect(clock(lapsed, 'stage1.escalate')).toMatchObject({ due: '2027-02-03', state: 'missed' });
      expect(lapsed.events.at(-1)).toMatchObject({ action: 'window-lapsed', actor: 'system', detail: { window: 'stage1.escalate', closedOn: '2027-02-03' } });
      await viewWhen(refusedCase, (v) => v.status === 'closed');

      expect(await refusedAt(s, accepted, '2027-02-05T10:00:00Z', 'refuse-escalation', { reasons: 'late' })).toBe(
        'there is no late request for the next stage awaiting a decision',
      );

      for (const h of [accepted, refusedCase]) {
        // Late request Mon 8 Feb: the decision is due in 3 WD → 9 10 11 → Thu 11 Feb.
        const late = await runAt(s, h, '2027-02-08T10:00:00Z', 'escalate', { reasons: 'I was unwell' });
        expect(late).toMatchObject({ stage: 'stage1', status: 'escalation-decision-due', outcome: null });
        expect(clock(late, 'stage2.acknowledge')).toMatchObject({ due: '2027-02-11', state: 'pending' });
        expect(late.events.at(-1)).toMatchObject({ action: 'escalation-requested-late', detail: { to: 'stage2', windowClosed: '2027-02-03' } });
      }

      expect(await refusedAt(s, accepted, '2027-02-09T10:00:00Z', 'escalate', {})).toBe(
        'a late request made at 2027-02-08T10:00:00.000Z already awaits a decision: accept it with lateAcceptedReason, ' +
          'or refuse it in writing with refuse-escalation',
      );
      const inStage2 = await runAt(s, accepted, '2027-02-09T10:00:00Z', 'escalate', { lateAcceptedReason: 'ill health explains the delay' });
      expect(inStage2).toMatchObject({ stage: 'stage2', status: 'in-progress', outcome: null });
      // Stage 2 counts from the late request, Mon 8 Feb: acknowledgement 3 WD → Thu 11 Feb.
      expect(inStage2.stage2).toMatchObject({ requestedAt: '2027-02-08T10:00:00.000Z', requestedOn: '2027-02-08' });
      // Accepting the late request acknowledges it: the decision clock is met, not restarted.
      expect(clock(inStage2, 'stage2.acknowledge')).toMatchObject({ due: '2027-02-11', state: 'met', metAt: '2027-02-09T10:00:00.000Z' });
      expect(dues(inStage2)).toEqual({});
      expect(inStage2.events.at(-1)).toMatchObject({ action: 'escalated', detail: { to: 'stage2', late: true } });

      const closed = await runAt(s, refusedCase, '2027-02-10T10:00:00Z', 'refuse-escalation', { reasons: 'no reason for the delay' });
      expect(closed).toMatchObject({ stage: 'closed', status: 'closed', outcome: { kind: 'escalation-refused', stage: 'stage1' } });
      expect(clock(closed, 'stage2.acknowledge')).toMatchObject({ due: '2027-02-11', state: 'met', metAt: '2027-02-10T10:00:00.000Z' });
    });
  });

  it('lets the complainant escalate once the Stage 1 response is overdue, not before', async () => {
    const s = await scenario('2027-01-04T10:05:00Z');
    await s.run(async () => {
      const h = await openCase(s, { reference: 'CSC-2027-S1C001', receivedAt: RECEIVED });
      await runAt(s, h, TRIAGED, 'triage', { decision: 'stage1' });
      expect(await refusedAt(s, h, '2027-01-12T10:00:00Z', 'escalate', {})).toBe(
        'the Stage 1 response is not given and not overdue (due Mon 18 Jan 2027): the complainant may ask for the next stage once it is given or once it is late',
      );
      await sleepUntil(s, '2027-01-19T00:01:00Z');
      await viewWhen(h, (v) => clock(v, 'stage1.respond').state === 'missed');
      const v = await runAt(s, h, '2027-01-19T10:00:00Z', 'escalate', {});
      expect(v).toMatchObject({ stage: 'stage2', status: 'in-progress' });
      expect(clock(v, 'stage1.respond')).toMatchObject({ due: '2027-01-18', state: 'missed' });
      // Requested Tue 19 Jan: 3 WD → 20 21 22 → Fri 22 Jan.
      expect(dues(v)).toEqual({ 'stage2.acknowledge': '2027-01-22' });
    });
  });

  it('(Luton) clarifies within 5 WD; refuses a step dated before the step it follows', async () => {
    const s = await scenario('2027-01-04T10:05:00Z');
    await s.run(async () => {
      const h = await openCase(s, { reference: 'CSC-2027-S1D001', receivedAt: RECEIVED, policy: LUTON });
      const statutory = await openCase(s, { reference: 'CSC-2027-S1D002', receivedAt: RECEIVED });
      const triaged = await runAt(s, h, TRIAGED, 'triage', { decision: 'stage1' });
      // clarify: 5 WD after Mon 4 Jan → 5 6 7 8 11 → Mon 11 Jan.
      expect(dues(triaged)).toEqual({ 'stage1.acknowledge': '2027-01-07', 'stage1.respond': '2027-01-18', 'stage1.clarify': '2027-01-11' });

      // Dated after receipt but before the triage it follows.
      expect(await refusedAt(s, h, '2027-01-04T10:30:00Z', 'clarify', {})).toBe(
        '"at" (2027-01-04T10:30:00Z) is before triage (2027-01-04T11:00:00.000Z)',
      );
      const clarified = await runAt(s, h, '2027-01-07T10:00:00Z', 'clarify', {});
      expect(clock(clarified, 'stage1.clarify')).toMatchObject({ due: '2027-01-11', state: 'met', metAt: '2027-01-07T10:00:00.000Z' });
      expect(await refusedAt(s, h, '2027-01-07T10:00:00Z', 'clarify', {})).toBe('the complaint was already clarified at 2027-01-07T10:00:00.000Z');

      await runAt(s, statutory, TRIAGED, 'triage', { decision: 'stage1' });
      expect(await refusedAt(s, statutory, '2027-01-07T10:00:00Z', 'clarify', {})).toBe(
        "this council's policy (england-statutory) has no Stage 1 clarification step",
      );
      expect(await refusedAt(s, statutory, '2027-01-04T10:59:00Z', 'respond', {})).toBe(
        '"at" (2027-01-04T10:59:00Z) is before triage (2027-01-04T11:00:00.000Z)',
      );
      // The response clears the clarification clock of a Luton case; the response's own clock is met.
      const responded = await runAt(s, h, '2027-01-08T10:00:00Z', 'respond', {});
      expect(clock(responded, 'stage1.respond')).toMatchObject({ due: '2027-01-18', state: 'met' });
      // Responded Fri 8 Jan: 20 WD → 11-15 | 18-22 | 25-29 | Feb 1-5 → Fri 5 Feb.
      expect(dues(responded)).toEqual({ 'stage1.escalate': '2027-02-05' });
    });
  });
});
