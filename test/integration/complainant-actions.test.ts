/**
 * The complainant acting on their own case through `complainantAct`
 * (api/complainant/actions.ts), on the time-skipping test server with the
 * records store on PGlite: each act an Update with the complainant as
 * actor, its outcome in plain words with the exact date, what staff then
 * see (the case's events, the chronology), and a keyed retry applied once.
 */
import { describe, expect, it } from 'vitest';
import { createActivities } from '../../activities';
import { chronologyLine } from '../../api/chronology';
import { complainantAct } from '../../api/complainant/actions';
import type { ProblemError } from '../../api/problems';
import { openPglite } from '../../records/db';
import { migrate } from '../../records/migrate';
import { Records } from '../../records/repository';
import { clock, dues, IO, IP, openCase, recordingSink, runAt, sleepUntil, view, viewWhen, type CaseHandle } from '../helpers/cases';
import { eventually } from '../helpers/eventually';
import { scenario, type Scenario } from '../helpers/time-skipping';

const ME = { part: 'complainant', isComplainant: true } as const;

async function setUp() {
  const db = await openPglite('memory://');
  await migrate(db);
  const records = new Records(db);
  const { sink, delivered } = recordingSink();
  const s = await scenario('2026-11-16T09:05:00Z', { activities: createActivities({ records, notices: sink }) });
  return { s, records, delivered, deps: { client: s.env.client, records } };
}

/** The clock moved to `iso`, once no activity of the case is in flight (the test server can lose an Update sent meanwhile). */
async function at(s: Scenario, h: CaseHandle, iso: string): Promise<void> {
  await sleepUntil(s, iso);
  await eventually(
    async () => (await h.describe()).raw,
    (raw) => (raw.pendingActivities ?? []).length === 0 && !raw.pendingWorkflowTask,
  );
}

async function problem(p: Promise<unknown>): Promise<Pick<ProblemError, 'status' | 'detail'>> {
  try {
    await p;
  } catch (error) {
    const { status, detail } = error as ProblemError;
    return { status, detail };
  }
  throw new Error('expected a problem');
}

/** Received Mon 16 Nov 2026, answered Mon 30 Nov: the window to ask for Stage 2 runs 20 WD to Wed 30 Dec (25 and 28 Dec are holidays). */
async function answeredCase(s: Scenario, reference: string): Promise<CaseHandle> {
  const h = await openCase(s, { reference, receivedAt: '2026-11-16T09:00:00Z' });
  await runAt(s, h, '2026-11-16T10:00:00Z', 'triage', { decision: 'stage1' });
  await runAt(s, h, '2026-11-17T10:00:00Z', 'acknowledge', {});
  const answered = await runAt(s, h, '2026-11-30T10:00:00Z', 'respond', {});
  expect(clock(answered, 'stage1.escalate')).toMatchObject({ due: '2026-12-30', state: 'pending' });
  return h;
}

describe('the complainant asks for the next stage (time-skipping)', () => {
  it('inside the window: accepted, Stage 2 acknowledgement due Tue 8 Dec 2026; a keyed retry applies once; staff see the complainant as actor', async () => {
    const { s, records, deps } = await setUp();
    await s.run(async () => {
      const ref = 'CSC-2026-CMP001';
      const h = await answeredCase(s, ref);
      await at(s, h, '2026-12-03T10:00:00Z');
      const first = await complainantAct(deps, ME, ref, 'escalate', { reasons: 'The response did not answer my points' }, 'ask-stage2-1');
      expect(first).toEqual({
        reference: ref,
        outcome: 'next-stage-accepted',
        message: 'You asked for Stage 2. It is accepted: we will write to confirm by Tue 8 Dec 2026.',
        due: '2026-12-08',
      });
      const again = await complainantAct(deps, ME, ref, 'escalate', { reasons: 'The response did not answer my points' }, 'ask-stage2-1');
      expect(again).toEqual(first);
      const v = await view(h);
      expect(dues(v)).toEqual({ 'stage2.acknowledge': '2026-12-08' });
      const mine = v.events.filter((e) => e.actor === 'complainant');
      expect(mine).toEqual([
        expect.objectContaining({ action: 'escalated', actor: 'complainant', detail: { to: 'stage2', reasonsGiven: true, by: 'complainant' } }),
      ]);
      // The same key for another request is refused, not applied.
      expect(await problem(complainantAct(deps, ME, ref, 'withdraw', {}, 'ask-stage2-1'))).toMatchObject({ status: 409 });
      // Staff's chronology, from the records store: the complainant did it.
      const entries = await eventually(
        () => records.caseChronology(ref),
        (e) => e.some((x) => x.type === 'event' && x.event.action === 'escalated'),
      );
      const line = chronologyLine(entries.find((x) => x.type === 'event' && x.event.action === 'escalated')!, ['complaints-manager']);
      expect(line).toMatchObject({ label: 'The complainant asked for Stage 2: the request is accepted', who: 'the complainant' });
    });
  });

  it('after the window: recorded as a late request for a manager, due Wed 6 Jan 2027, and the manager alerted', async () => {
    const { s, deps, delivered } = await setUp();
    await s.run(async () => {
      const ref = 'CSC-2026-CMP002';
      const h = await answeredCase(s, ref);
      // The window lapses at the end of Wed 30 Dec: closed as not pursued.
      await sleepUntil(s, '2026-12-31T09:00:00Z');
      await viewWhen(h, (v) => v.status === 'closed');
      await at(s, h, '2026-12-31T10:00:00Z');
      const late = await complainantAct(deps, ME, ref, 'escalate', {});
      // Thu 31 Dec; 3 WD (Fri 1 Jan a holiday): Mon 4, Tue 5, Wed 6 Jan 2027.
      expect(late.outcome).toBe('late-request-recorded');
      const v = await view(h);
      expect(v.status).toBe('escalation-decision-due');
      const decideBy = clock(v, 'stage2.acknowledge').due;
      expect(late).toEqual({
        reference: ref,
        outcome: 'late-request-recorded',
        message: `You asked for Stage 2 after the 20 working days to ask had ended. Your request is recorded and a manager will decide by Wed 6 Jan 2027 whether to accept it; if they do not, they will write to you with the reasons.`,
        due: '2027-01-06',
      });
      expect(decideBy).toBe('2027-01-06');
      expect(v.events.at(-1)).toMatchObject({ action: 'escalation-requested-late', actor: 'complainant', detail: { to: 'stage2', windowClosed: '2026-12-30', by: 'complainant' } });
      const alert = await eventually(async () => delivered.filter((d) => d.notice.subject === 'late-escalation-needs-decision'), (l) => l.length === 1);
      expect(alert[0]!.notice).toMatchObject({ kind: 'breach-alert', detail: { to: 'stage2', decideBy: '2027-01-06' } });
    });
  });
});

/** Received Mon 15 Mar 2027 straight to Stage 2, statement agreed Wed 17 Mar: the response is due 25 WD later, Fri 23 Apr (Good Friday and Easter Monday not counted). */
async function stage2Case(s: Scenario, reference: string): Promise<CaseHandle> {
  await sleepUntil(s, '2027-03-15T10:00:00Z');
  const h = await openCase(s, { reference, receivedAt: '2027-03-15T10:00:00Z', team: 'Children in Care' });
  await runAt(s, h, '2027-03-15T11:00:00Z', 'triage', { decision: 'stage2' });
  await runAt(s, h, '2027-03-16T10:00:00Z', 'acknowledge', {});
  await runAt(s, h, '2027-03-16T11:00:00Z', 'appoint-investigators', { investigatingOfficer: IO, independentPerson: IP });
  const agreed = await runAt(s, h, '2027-03-17T10:00:00Z', 'agree-statement', {});
  expect(clock(agreed, 'stage2.respond').due).toBe('2027-04-23');
  return h;
}

describe('an extension the council asks for, and the complainant\'s other acts (time-skipping)', () => {
  it('agreed: 10 WD more, Fri 23 Apr → Mon 10 May 2027 (3 May a bank holiday), with the extension letter', async () => {
    const { s, deps, delivered } = await setUp();
    await s.run(async () => {
      const ref = 'CSC-2027-CMP003';
      const h = await stage2Case(s, ref);
      const asked = await runAt(s, h, '2027-04-01T10:00:00Z', 'request-extension', { workingDays: 10, reason: 'The Independent Person needs two more interviews' });
      expect(asked.extensionRequest).toMatchObject({ workingDays: 10, proposedDue: '2027-05-10' });
      expect(clock(asked, 'stage2.respond').due).toBe('2027-04-23');
      const letter = await eventually(async () => delivered.filter((d) => d.notice.subject === 'extension-request'), (l) => l.length === 1);
      expect(letter[0]!.notice.detail).toEqual({ deadline: 'stage2.respond', workingDays: 10, reasons: 'The Independent Person needs two more interviews', proposedDue: '2027-05-10', due: '2027-04-23' });

      await at(s, h, '2027-04-02T10:00:00Z');
      expect(await complainantAct(deps, ME, ref, 'answer-extension', { agree: true }, 'agree-1')).toEqual({
        reference: ref,
        outcome: 'extension-agreed',
        message: 'You agreed to the extra time. The new date for our Stage 2 response is Mon 10 May 2027; a letter confirms it.',
        due: '2027-05-10',
      });
      const v = await view(h);
      expect(clock(v, 'stage2.respond')).toMatchObject({ due: '2027-05-10', state: 'pending' });
      expect(v.extensionRequest).toBeNull();
      expect(v.events.filter((e) => e.detail?.by === 'complainant').map((e) => [e.action, e.actor])).toEqual([
        ['extension-agreed', 'complainant'],
        ['extended', 'complainant'],
      ]);
      const extension = await eventually(async () => delivered.filter((d) => d.notice.subject === 'extension'), (l) => l.length === 1);
      expect(extension[0]!.notice.detail).toEqual({ deadline: 'stage2.respond', newDue: '2027-05-10', reasons: 'The Independent Person needs two more interviews' });
    });
  });

  it('declined: the clock stays at Fri 23 Apr and staff are alerted; then an advocate asked for, the complaint withdrawn, satisfaction given; nothing else allowed', async () => {
    const { s, deps, delivered } = await setUp();
    await s.run(async () => {
      const ref = 'CSC-2027-CMP004';
      const h = await stage2Case(s, ref);
      await runAt(s, h, '2027-04-01T10:00:00Z', 'request-extension', { workingDays: 10, reason: 'More interviews' });
      await at(s, h, '2027-04-02T10:00:00Z');
      expect(await complainantAct(deps, ME, ref, 'answer-extension', { agree: false })).toMatchObject({
        outcome: 'extension-declined',
        message: 'You did not agree to the extra time. Our Stage 2 response is still due by Fri 23 Apr 2027.',
        due: '2027-04-23',
      });
      expect(clock(await view(h), 'stage2.respond')).toMatchObject({ due: '2027-04-23', state: 'pending' });
      const alert = await eventually(async () => delivered.filter((d) => d.notice.subject === 'extension-declined'), (l) => l.length === 1);
      expect(alert[0]!.notice).toMatchObject({ kind: 'breach-alert', detail: { deadline: 'stage2.respond', workingDays: 10, due: '2027-04-23' } });

      await at(s, h, '2027-04-05T10:00:00Z');
      expect(await complainantAct(deps, ME, ref, 'advocacy', { event: 'requested' })).toMatchObject({ outcome: 'advocate-requested' });
      expect((await view(h)).advocacy.complainant).toMatchObject({ requestedAt: expect.stringMatching(/^2027-04-05T10:00/) });
      // Not theirs to do, or not their case, or bad input: specific problems, nothing sent.
      expect(await problem(complainantAct(deps, ME, ref, 'close', { outcome: 'resolved' }))).toMatchObject({ status: 403 });
      expect(await problem(complainantAct(deps, ME, ref, 'advocacy', { event: 'requested', to: 'child' }))).toMatchObject({ status: 403 });
      expect(await problem(complainantAct(deps, { part: 'complainant', isComplainant: false }, ref, 'withdraw', {}))).toMatchObject({ status: 404 });
      expect(await problem(complainantAct(deps, ME, ref, 'escalate', { reasons: 7 }))).toMatchObject({ status: 400 });
      expect(await problem(complainantAct(deps, ME, ref, 'escalate', { actor: 'jo.smith' }))).toMatchObject({ status: 400 });
      expect(await problem(complainantAct(deps, ME, ref, 'withdraw', {}, 'a key with spaces'))).toMatchObject({ status: 400 });
      // Refused by the procedure: the reason, as a 409.
      expect(await problem(complainantAct(deps, ME, ref, 'record-satisfaction', { satisfaction: 'satisfied' }))).toEqual({
        status: 409,
        detail: 'the case is open: the complainant is asked at closure (close with satisfaction) or after it',
      });

      expect(await complainantAct(deps, ME, ref, 'withdraw', {})).toMatchObject({ outcome: 'withdrawn' });
      await at(s, h, '2027-04-06T10:00:00Z');
      expect(await complainantAct(deps, ME, ref, 'record-satisfaction', { satisfaction: 'not-satisfied' })).toMatchObject({ outcome: 'satisfaction-recorded' });
      const v = await view(h);
      expect(v).toMatchObject({ status: 'closed', outcome: { kind: 'withdrawn' }, satisfaction: { answer: 'not-satisfied' } });
      expect(v.events.filter((e) => e.detail?.by === 'complainant').map((e) => e.action)).toEqual([
        'extension-declined',
        'advocacy-requested',
        'withdrawn',
        'satisfaction-recorded',
      ]);
      expect(v.events.filter((e) => e.actor === 'complainant').every((e) => e.detail?.by === 'complainant')).toBe(true);
    });
  });
});
