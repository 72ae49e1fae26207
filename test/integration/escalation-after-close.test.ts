/**
 * On the time-skipping test server: the right
 * to escalate outlives closing by staff; accepting a late request writes to
 * the complainant; partially held heads outlive closing. Letters are checked
 * as the complainant reads them, through the real templates.
 */
import { describe, expect, it } from 'vitest';
import { createActivities } from '../../activities';
import { loadTemplates, renderLetter } from '../../records/letters/templates';
import { noticeValues, templateFor } from '../../records/letters/values';
import { ComplaintStage, ComplaintStatus } from '../../workflows/complaint/search-attributes';
import { clock, dues, openCase, recordingSink, refusedAt, runAt, sleepUntil, view, viewWhen, type CaseHandle, type Delivered } from '../helpers/cases';
import { eventually } from '../helpers/eventually';
import { scenario, type Scenario } from '../helpers/time-skipping';

const templates = loadTemplates();

/** The letter's body as the complainant reads it, dated when it was sent. */
function body(d: Delivered): string {
  const context = { reference: d.reference, sentAt: new Date(d.scheduledAt), councilName: 'Test Council', councilContact: 'the Complaints Team', recipientName: 'Ms A' };
  return renderLetter(templates, templateFor(d.notice), noticeValues(d.notice, context), { advocacy: false }).body;
}

/** The one delivered letter with this subject, once it has gone. */
async function letter(delivered: Delivered[], subject: string): Promise<Delivered> {
  const found = await eventually(async () => delivered.filter((d) => d.notice.subject === subject), (l) => l.length === 1);
  return found[0]!;
}

/** Received Mon 16 Nov 2026, acknowledged Tue 17 Nov, answered Mon 30 Nov: the window runs 20 WD to Wed 30 Dec (25 and 28 Dec are holidays). */
async function answeredCase(s: Scenario, reference: string, before?: (h: CaseHandle) => Promise<void>): Promise<CaseHandle> {
  const h = await openCase(s, { reference, receivedAt: '2026-11-16T09:00:00Z' });
  await runAt(s, h, '2026-11-16T10:00:00Z', 'triage', { decision: 'stage1' });
  await runAt(s, h, '2026-11-17T10:00:00Z', 'acknowledge', {});
  await before?.(h);
  const answered = await runAt(s, h, '2026-11-30T10:00:00Z', 'respond', {});
  expect(clock(answered, 'stage1.escalate')).toMatchObject({ due: '2026-12-30', state: 'pending' });
  return h;
}

describe('the right to escalate outlives closing (time-skipping)', () => {
  it('a case closed as resolved on 1 Dec takes a Stage 2 request on 3 Dec, reopens with its clocks, and both letters say so', async () => {
    const { sink, delivered } = recordingSink();
    const s = await scenario('2026-11-16T09:05:00Z', { activities: createActivities({ notices: sink }) });
    await s.run(async () => {
      const h = await answeredCase(s, 'CSC-2026-ESC001');
      const closed = await runAt(s, h, '2026-12-01T10:00:00Z', 'close', { outcome: 'resolved' });
      expect(closed).toMatchObject({ status: 'closed', stage: 'closed', outcome: { kind: 'resolved', stage: 'stage1' } });
      // The window stays open after the closing, with its own date.
      expect(clock(closed, 'stage1.escalate')).toMatchObject({ kind: 'window', due: '2026-12-30', state: 'pending' });
      const closing = await letter(delivered, 'closed-resolved');
      expect(closing.notice.detail).toMatchObject({ stage: 'stage1', escalateBy: '2026-12-30' });
      expect(body(closing)).toContain('closing your complaint does not take away your right to go on: you can still ask for Stage 2 until Wed 30 Dec 2026.');
      const closedDescription = await h.describe();
      expect(closedDescription.status.name).toBe('RUNNING');
      expect(closedDescription.typedSearchAttributes.get(ComplaintStatus)).toBe('closed');

      // Thu 3 Dec, inside the window: accepted, not 409. Stage 2 acknowledgement: 3 WD → Tue 8 Dec.
      const reopened = await runAt(s, h, '2026-12-03T10:00:00Z', 'escalate', { reasons: 'I am not happy after all' });
      expect(reopened).toMatchObject({ stage: 'stage2', status: 'in-progress', outcome: null, stage2: { requestedOn: '2026-12-03', reopenedAfterClosedAt: '2026-12-01T10:00:00.000Z' } });
      expect(dues(reopened)).toEqual({ 'stage2.acknowledge': '2026-12-08' });
      expect(clock(reopened, 'stage1.escalate')).toMatchObject({ state: 'met', metAt: '2026-12-03T10:00:00.000Z' });
      expect(clock(reopened, 'stage2.acknowledge').explanation).toBe('Stage 2 requested Thu 3 Dec 2026; 3 working days → Tue 8 Dec 2026');
      expect(reopened.events.at(-1)).toMatchObject({ action: 'escalated', detail: { to: 'stage2', reopened: true, reasonsGiven: true } });
      await eventually(
        async () => (await h.describe()).typedSearchAttributes,
        (sa) => sa.get(ComplaintStage) === 'stage2' && sa.get(ComplaintStatus) === 'in-progress',
      );

      await runAt(s, h, '2026-12-04T10:00:00Z', 'acknowledge', {});
      const ack = await letter(delivered, 'stage2-acknowledgement');
      expect(ack.notice.detail).toEqual({ respondBy: null, closedOn: '2026-12-01' });
      expect(body(ack)).toContain('We had closed your complaint on Tue 1 Dec 2026; as you asked, we have reopened it and it now goes on to Stage 2.');
    });
  });

  it('after the window a closed case records the request as late, for a manager to decide within 3 WD', async () => {
    const { sink, delivered } = recordingSink();
    const s = await scenario('2026-11-16T09:05:00Z', { activities: createActivities({ notices: sink }) });
    await s.run(async () => {
      const h = await answeredCase(s, 'CSC-2026-ESC002');
      await runAt(s, h, '2026-12-01T10:00:00Z', 'close', { outcome: 'resolved' });
      // The window ends with Wed 30 Dec: missed, and the case stays closed as resolved (no "not pursued").
      await sleepUntil(s, '2026-12-31T09:00:00Z');
      const after = await viewWhen(h, (v) => clock(v, 'stage1.escalate').state === 'missed');
      expect(after).toMatchObject({ status: 'closed', outcome: { kind: 'resolved', stage: 'stage1' } });
      // Mon 4 Jan 2027: a late request; the decision is due 3 WD later, Thu 7 Jan.
      const late = await runAt(s, h, '2027-01-04T10:00:00Z', 'escalate', {});
      expect(late).toMatchObject({ stage: 'stage1', status: 'escalation-decision-due', outcome: null });
      expect(dues(late)).toEqual({ 'stage2.acknowledge': '2027-01-07' });
      const alert = await letter(delivered, 'late-escalation-needs-decision');
      expect(alert.notice).toMatchObject({ kind: 'breach-alert', detail: { to: 'stage2', decideBy: '2027-01-07' } });
      expect(delivered.filter((d) => d.notice.subject === 'closed-not-pursued')).toEqual([]);
    });
  });

  it("the complainant's withdrawal is what ends the window early", async () => {
    const { sink, delivered } = recordingSink();
    const s = await scenario('2026-11-16T09:05:00Z', { activities: createActivities({ notices: sink }) });
    await s.run(async () => {
      const h = await answeredCase(s, 'CSC-2026-ESC003');
      await runAt(s, h, '2026-12-01T10:00:00Z', 'close', { outcome: 'resolved' });
      const withdrawn = await runAt(s, h, '2026-12-02T10:00:00Z', 'withdraw', {});
      expect(withdrawn).toMatchObject({ status: 'closed', outcome: { kind: 'resolved', stage: 'stage1' } });
      expect(clock(withdrawn, 'stage1.escalate').state).toBe('cancelled');
      const confirmed = await letter(delivered, 'withdrawal-confirmed');
      expect(body(confirmed)).toContain('As you asked, we have noted that you do not want to take your complaint **CSC-2026-ESC003** on to Stage 2. It stays closed.');
      expect(await refusedAt(s, h, '2026-12-03T10:00:00Z', 'escalate', {})).toBe('the case is closed (resolved at stage1)');
    });
  });
});

describe('accepting a late request (time-skipping)', () => {
  it('sends the Stage 2 acknowledgement, which is the acknowledgement: acknowledge is then refused with that reason', async () => {
    const { sink, delivered } = recordingSink();
    const s = await scenario('2026-11-16T09:05:00Z', { activities: createActivities({ notices: sink }) });
    await s.run(async () => {
      const h = await answeredCase(s, 'CSC-2026-LATE01');
      // The window lapses at the end of Wed 30 Dec: closed as not pursued at 00:00 on Thu 31 Dec.
      await sleepUntil(s, '2026-12-31T09:00:00Z');
      await viewWhen(h, (v) => v.status === 'closed');
      await runAt(s, h, '2027-01-04T10:00:00Z', 'escalate', {});
      const accepted = await runAt(s, h, '2027-01-05T10:00:00Z', 'escalate', { actor: 'manager-1', lateAcceptedReason: 'the complainant was in hospital' });
      expect(accepted).toMatchObject({ stage: 'stage2', status: 'in-progress', stage2: { requestedOn: '2027-01-04', lateAcceptedAt: '2027-01-05T10:00:00.000Z' } });
      expect(clock(accepted, 'stage2.acknowledge')).toMatchObject({ due: '2027-01-07', state: 'met', metAt: '2027-01-05T10:00:00.000Z' });

      const ack = await letter(delivered, 'stage2-acknowledgement');
      expect(ack.notice.detail).toEqual({ respondBy: null, closedOn: '2026-12-31', lateAccepted: true });
      const text = body(ack);
      expect(text).toContain('Your request reached us after the 20 working days allowed for asking, but we have decided to accept it, and this letter is our acknowledgement of it.');
      expect(text).toContain('We had closed your complaint on Thu 31 Dec 2026; as you asked, we have reopened it and it now goes on to Stage 2.');
      expect(text).toContain('Once the statement is agreed we will send you the adjudication, our written response, within 25 working days');

      expect(await refusedAt(s, h, '2027-01-05T11:00:00Z', 'acknowledge', {})).toBe(
        'the stage2 request was acknowledged at 2027-01-05T10:00:00.000Z by the letter accepting the late request, which gave the dates: no further acknowledgement is due',
      );
      expect(delivered.filter((d) => d.notice.subject === 'stage2-acknowledgement')).toHaveLength(1);
    });
  });
});

describe('partial holds survive closing (time-skipping)', () => {
  it('a head held for court proceedings stays held after the case closes, shows in the view, and a letter says which part waits and why', async () => {
    const { sink, delivered } = recordingSink();
    const s = await scenario('2026-11-16T09:05:00Z', { activities: createActivities({ notices: sink }) });
    await s.run(async () => {
      const h = await answeredCase(s, 'CSC-2026-HEAD01', async (c) => {
        await runAt(s, c, '2026-11-18T10:00:00Z', 'hold', { reason: 'court-proceedings', heads: ['2'], detail: 'care proceedings, hearing in January' });
      });
      const closed = await runAt(s, h, '2026-12-01T10:00:00Z', 'close', { outcome: 'resolved' });
      expect(closed).toMatchObject({ status: 'closed', heldHeads: ['2'] });
      expect(closed.partialHolds).toEqual([{ head: '2', state: 'held', reason: 'court-proceedings', since: '2026-11-18T10:00:00.000Z', releasedAt: null }]);

      const deferred = await letter(delivered, 'part-deferred');
      expect(deferred.notice.detail).toEqual({ heads: '2', reason: 'court-proceedings', since: '2026-11-18' });
      const text = body(deferred);
      expect(text).toContain(
        'We have closed your complaint **CSC-2026-HEAD01**, but not all of it: we have not yet looked at part 2 of your complaint. Part 2 has been on hold since Wed 18 Nov 2026 because related court proceedings must finish first.',
      );
      expect(text).toContain('That part stays on hold; it is not closed.');
      // The staff's own detail of the hold never reaches the letter.
      expect(text).not.toContain('hearing');
      // The closing letter goes first, then the deferred part.
      expect(delivered.map((d) => d.notice.subject).slice(-2)).toEqual(['closed-resolved', 'part-deferred']);

      // Released once the proceedings end, on the closed case: its own state, kept on the view.
      const released = await runAt(s, h, '2026-12-10T10:00:00Z', 'release-hold', { heads: ['2'] });
      expect(released.heldHeads).toEqual([]);
      expect(released.partialHolds).toEqual([
        { head: '2', state: 'released', reason: 'court-proceedings', since: '2026-11-18T10:00:00.000Z', releasedAt: '2026-12-10T10:00:00.000Z' },
      ]);
      expect((await view(h)).status).toBe('closed');
    });
  });
});
