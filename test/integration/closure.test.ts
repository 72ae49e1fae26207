import { describe, expect, it } from 'vitest';
import { createActivities } from '../../activities';
import { loadTemplates, renderLetter } from '../../records/letters/templates';
import { noticeValues, templateFor } from '../../records/letters/values';
import { clock, dues, openCase, recordingSink, refusedAt, runAt, sleepUntil, viewWhen, type Delivered } from '../helpers/cases';
import { eventually } from '../helpers/eventually';
import { provePastDue } from '../helpers/past-due';
import { scenario } from '../helpers/time-skipping';

// Received Mon 4 Jan 2027 10:00 (GMT: London = UTC); no bank holiday until Good Friday, 26 Mar 2027.
const RECEIVED = '2027-01-04T10:00:00Z';
const TRIAGED = '2027-01-04T11:00:00Z';

const templates = loadTemplates();
function letterText(d: Delivered): string {
  const context = { reference: d.reference, sentAt: new Date(d.scheduledAt), councilName: 'Test Council', councilContact: 'the Complaints Team', recipientName: 'Ms A' };
  return renderLetter(templates, templateFor(d.notice), noticeValues(d.notice, context), { advocacy: false }).text;
}

describe('taking a complaint up again after court proceedings (Luton 5.3, time-skipping)', () => {
  it('reopens a court-proceedings refusal at Stage 1 with clocks from the day taken up, writes to the complainant, and refuses every other case', async () => {
    const { sink, delivered } = recordingSink();
    const s = await scenario('2027-01-04T10:05:00Z', { activities: createActivities({ notices: sink }) });
    await s.run(async () => {
      const court = await openCase(s, { reference: 'CSC-2027-TUA001', receivedAt: RECEIVED });
      const agency = await openCase(s, { reference: 'CSC-2027-TUA002', receivedAt: RECEIVED });
      const open = await openCase(s, { reference: 'CSC-2027-TUA003', receivedAt: RECEIVED });
      await runAt(s, court, TRIAGED, 'triage', { decision: 'not-accepted', notAcceptedReason: 'court-proceedings', reason: 'before the family court' });
      await runAt(s, agency, TRIAGED, 'triage', { decision: 'not-accepted', notAcceptedReason: 'other-agency', reason: 'a health matter' });
      await runAt(s, open, TRIAGED, 'triage', { decision: 'stage1' });

      // Mon 15 Feb 2027, the proceedings having ended on Wed 10 Feb.
      const TAKEN = '2027-02-15T10:00:00Z';
      expect(await refusedAt(s, agency, TAKEN, 'take-up-again', { proceedingsEndedOn: '2027-02-10' })).toBe(
        'this complaint was not accepted for other-agency, not because of court proceedings: only a complaint that waited on court proceedings is taken up again when they end (Luton 5.3)',
      );
      expect(await refusedAt(s, open, TAKEN, 'take-up-again', { proceedingsEndedOn: '2027-02-10' })).toBe(
        'only a complaint not accepted because of court proceedings can be taken up again; this one is open',
      );
      expect(await refusedAt(s, court, TAKEN, 'take-up-again', { proceedingsEndedOn: '2027-02-16' })).toBe(
        'proceedingsEndedOn (2027-02-16) is after the day the complaint is taken up again (2027-02-15)',
      );
      expect(await refusedAt(s, court, TAKEN, 'take-up-again', { proceedingsEndedOn: '2027-01-01' })).toBe(
        'proceedingsEndedOn (2027-01-01) is before the complaint was not accepted for them (2027-01-04)',
      );

      const v = await runAt(s, court, TAKEN, 'take-up-again', { proceedingsEndedOn: '2027-02-10' });
      expect(v).toMatchObject({ procedure: 'statutory', stage: 'stage1', status: 'in-progress', outcome: null });
      // From Mon 15 Feb, not from receipt: acknowledge 3 WD → Thu 18 Feb; respond 10 WD → 16 17 18 19, 22 23 24 25 26, Mon 1 Mar.
      expect(dues(v)).toEqual({ 'stage1.acknowledge': '2027-02-18', 'stage1.respond': '2027-03-01' });
      expect(clock(v, 'stage1.respond').explanation).toBe('taken up again Mon 15 Feb 2027; 10 working days → Mon 1 Mar 2027');
      expect(clock(v, 'stage1.acknowledge').explanation).toBe('taken up again Mon 15 Feb 2027; 3 working days → Thu 18 Feb 2027');
      expect(v.events.at(-1)).toMatchObject({ action: 'taken-up-again', at: '2027-02-15T10:00:00.000Z', detail: { proceedingsEndedOn: '2027-02-10', closedOn: '2027-01-04' } });
      // Only once: the case is open now.
      expect(await refusedAt(s, court, '2027-02-15T10:30:00Z', 'take-up-again', { proceedingsEndedOn: '2027-02-10' })).toBe(
        'only a complaint not accepted because of court proceedings can be taken up again; this one is open',
      );

      const letter = await eventually(async () => delivered.find((d) => d.reference === court.workflowId && d.notice.subject === 'taken-up-again'), (d) => d !== undefined);
      expect(letter!.notice.detail).toEqual({ proceedingsEndedOn: '2027-02-10', acknowledgeBy: '2027-02-18', respondBy: '2027-03-01' });
      const text = letterText(letter!);
      expect(text).toContain('Mon 15 Feb 2027'); // the letter's date
      expect(text).toContain('Those proceedings ended on Wed 10 Feb 2027, so we have now taken your complaint up again.');
      expect(text).toContain('We will contact you by Thu 18 Feb 2027 to talk about it, and you will receive our written response by Mon 1 Mar 2027.');
      expect(delivered.filter((d) => d.notice.subject === 'taken-up-again')).toHaveLength(1);

      // The new Stage 1 runs as any other: acknowledged, then its response clock proven past due.
      await runAt(s, court, '2027-02-16T10:00:00Z', 'acknowledge', {});
      await provePastDue(s, court, delivered, {
        key: 'stage1.respond',
        due: '2027-03-01',
        to: 'service-manager',
        reminders: [
          ['2027-02-22T09:00', '50% of the time elapsed'],
          ['2027-02-25T09:00', '2 working days before the due date Mon 1 Mar 2027; 75% of the time elapsed'],
        ],
      });
    });
  });
});

describe('a complaint waiting on court proceedings is kept to be taken up again (Luton 5.3, time-skipping)', () => {
  it('outlives the year a closed case is otherwise kept: taken up again 14 months after it was refused', async () => {
    const s = await scenario('2027-01-04T10:05:00Z');
    await s.run(async () => {
      const court = await openCase(s, { reference: 'CSC-2027-TUA011', receivedAt: RECEIVED });
      const agency = await openCase(s, { reference: 'CSC-2027-TUA012', receivedAt: RECEIVED });
      await runAt(s, court, TRIAGED, 'triage', { decision: 'not-accepted', notAcceptedReason: 'court-proceedings', reason: 'before the family court' });
      await runAt(s, agency, TRIAGED, 'triage', { decision: 'not-accepted', notAcceptedReason: 'other-agency', reason: 'a health matter' });
      // A year and a day after closing (Wed 5 Jan 2028) the other case's workflow ends; the one waiting on the court runs on (until 3 years: Wed 5 Jan 2030).
      await sleepUntil(s, '2028-03-06T10:00:00Z');
      await eventually(async () => (await agency.describe()).status.name, (st) => st === 'COMPLETED');
      expect((await court.describe()).status.name).toBe('RUNNING');
      // Mon 6 Mar 2028: acknowledge 3 WD → Thu 9 Mar; respond 10 WD → 7 8 9 10, 13 14 15 16 17, Mon 20 Mar.
      const v = await runAt(s, court, '2028-03-06T10:00:00Z', 'take-up-again', { proceedingsEndedOn: '2028-02-28' });
      expect(dues(v)).toEqual({ 'stage1.acknowledge': '2028-03-09', 'stage1.respond': '2028-03-20' });
    });
  });
});

describe('learning and satisfaction at the end of a stage (BANES 5.1, Luton 13.8; time-skipping)', () => {
  it('owes learning once a stage ends, records it once, and records satisfaction at closure or after', async () => {
    const s = await scenario('2027-01-04T10:05:00Z');
    await s.run(async () => {
      const h = await openCase(s, { reference: 'CSC-2027-LRN001', receivedAt: RECEIVED });
      const lapsed = await openCase(s, { reference: 'CSC-2027-LRN002', receivedAt: RECEIVED });
      for (const c of [h, lapsed]) await runAt(s, c, TRIAGED, 'triage', { decision: 'stage1' });
      const learning = { stage: 'stage1' as const, themes: ['communication' as const, 'recording' as const], changed: 'Contact decisions are now recorded the same day' };

      expect(await refusedAt(s, h, '2027-01-05T10:00:00Z', 'record-learning', learning)).toBe(
        'stage1 has not ended (no response recorded): learning is recorded at the end of a stage',
      );
      expect(await refusedAt(s, h, '2027-01-05T10:00:00Z', 'record-learning', { ...learning, stage: 'stage2' })).toBe('the case never reached stage2');
      const responded = await runAt(s, h, '2027-01-11T10:00:00Z', 'respond', {});
      await runAt(s, lapsed, '2027-01-11T10:00:00Z', 'respond', {});
      expect(responded.learningOwed).toEqual(['stage1']);
      expect(await refusedAt(s, h, '2027-01-11T11:00:00Z', 'record-satisfaction', { satisfaction: 'satisfied' })).toBe(
        'the case is open: the complainant is asked at closure (close with satisfaction) or after it',
      );

      const learned = await runAt(s, h, '2027-01-12T10:00:00Z', 'record-learning', learning);
      expect(learned.learning).toEqual([{ ...learning, recordedAt: '2027-01-12T10:00:00.000Z', actor: 'officer-1' }]);
      expect(learned.learningOwed).toEqual([]);
      expect(learned.events.at(-1)).toMatchObject({ action: 'learning-recorded', detail: { stage: 'stage1', themes: 'communication,recording' } });
      expect(await refusedAt(s, h, '2027-01-12T11:00:00Z', 'record-learning', learning)).toBe('the learning from stage1 was already recorded on Tue 12 Jan 2027');

      const closed = await runAt(s, h, '2027-01-13T10:00:00Z', 'close', { actor: 'manager-1', outcome: 'resolved', satisfaction: 'satisfied' });
      expect(closed.satisfaction).toEqual({ answer: 'satisfied', recordedAt: '2027-01-13T10:00:00.000Z' });
      expect(closed.events.at(-1)).toMatchObject({ action: 'closed', detail: { outcome: 'resolved', stage: 'stage1', satisfaction: 'satisfied' } });
      expect(await refusedAt(s, h, '2027-01-14T10:00:00Z', 'record-satisfaction', { satisfaction: 'satisfied' })).toBe(
        "the complainant's answer is already recorded as satisfied",
      );
      const changed = await runAt(s, h, '2027-01-14T10:00:00Z', 'record-satisfaction', { satisfaction: 'not-satisfied' });
      expect(changed.satisfaction).toEqual({ answer: 'not-satisfied', recordedAt: '2027-01-14T10:00:00.000Z' });

      // A case closed otherwise: its Stage 1 answered, its window to ask for Stage 2 run out (20 WD after Mon 11 Jan → Mon 8 Feb).
      await sleepUntil(s, '2027-02-09T10:00:00Z');
      const notPursued = await viewWhen(lapsed, (v) => v.status === 'closed');
      expect(notPursued.outcome).toEqual({ kind: 'not-pursued', stage: 'stage1' });
      expect(clock(notPursued, 'stage1.escalate').due).toBe('2027-02-08');
      expect(notPursued.learningOwed).toEqual(['stage1']);
      const answered = await runAt(s, lapsed, '2027-02-10T10:00:00Z', 'record-satisfaction', { satisfaction: 'no-answer' });
      expect(answered.satisfaction).toEqual({ answer: 'no-answer', recordedAt: '2027-02-10T10:00:00.000Z' });
      expect(answered.learningOwed).toEqual(['stage1']);
    });
  });
});
