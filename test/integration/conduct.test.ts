/**
 * The unreasonable-conduct protocol on the time-skipping test server, with
 * the records store (PGlite) and real letters (templates, the outbox):
 * a restriction lifts itself on its expiry date, the review reminder goes at
 * 09:00 London, and discontinuing closes the person's open cases (and no one
 * else's), each with its letter; a proclaimed bank holiday moves the review
 * reminder.
 *
 * 2027: Good Friday 26 Mar; British Summer Time from Sun 28 Mar.
 */
import { randomUUID } from 'node:crypto';
import { Context } from '@temporalio/activity';
import type { WorkflowHandle } from '@temporalio/client';
import type { UpdateDefinition } from '@temporalio/common';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { z } from 'zod';
import { createActivities, type NoticeSink } from '../../activities';
import bankHolidaysJson from '../../domain/bank-holidays.json';
import { parseBankHolidayFile, type BankHolidayFile } from '../../domain/bank-holidays';
import { defaultCalendarData, type CalendarData } from '../../domain/holidays';
import { ENGLAND_STATUTORY_POLICY } from '../../domain/policy';
import { CalendarStore, calendarDataFor } from '../../records/calendar';
import { ConductRegister } from '../../records/conduct';
import { openPglite, type Db } from '../../records/db';
import { OutboxChannel } from '../../activities/delivery/channels';
import { Correspondence } from '../../activities/delivery/correspondence';
import { migrate } from '../../records/migrate';
import { Records } from '../../records/repository';
import { calendarChangeProgressQuery, calendarChangeWorkflowId } from '../../workflows/calendar/messages';
import { calendarChangeWorkflow } from '../../workflows/calendar/workflow';
import { caseViewQuery, discontinueCaseSignal } from '../../workflows/complaint/messages';
import { CONDUCT_COMMAND_SCHEMAS, type ConductCommandName } from '../../domain/conduct/commands';
import { conductCalendarChangedSignal, conductUpdates, conductViewQuery } from '../../workflows/conduct/messages';
import { conductWorkflowId, type ConductView } from '../../domain/conduct/state';
import { conductWorkflow } from '../../workflows/conduct/workflow';
import type { Notice } from '../../domain/complaint/state';
import { openCase, sleepUntil } from '../helpers/cases';
import { eventually } from '../helpers/eventually';
import { refusal } from '../helpers/refusal';
import { newCase } from '../records/fixtures';
import { scenario, type Scenario } from '../helpers/time-skipping';

type ConductHandle = WorkflowHandle<typeof conductWorkflow>;
type Arg<C extends ConductCommandName> = Omit<z.input<(typeof CONDUCT_COMMAND_SCHEMAS)[C]>, 'actor'>;

interface Sent {
  reference: string;
  notice: Notice;
  scheduledAt: number;
}

let db: Db;
let records: Records;
let sent: Sent[];

beforeEach(async () => {
  db = await openPglite('memory://');
  await migrate(db);
  records = new Records(db);
  sent = [];
});
afterEach(async () => {
  await db.close();
});

/** Real letters into the records store's outbox, and when (test-server time) each was sent. */
function activities() {
  const correspondence = new Correspondence({ records, channels: [new OutboxChannel()], council: { name: 'Test Council', contact: 'the Complaints Team', email: 'complaints@test.example' } });
  const sink: NoticeSink = {
    async deliver(reference, notice) {
      sent.push({ reference, notice, scheduledAt: Context.current().info.currentAttemptScheduledTimestampMs });
      await correspondence.deliver(reference, notice);
    },
  };
  return createActivities({ records, notices: sink });
}

/** Waits until no activity or workflow task is in flight (the Java test server can lose an Update sent meanwhile). */
async function quiet(handle: WorkflowHandle): Promise<void> {
  for (let i = 0; i < 200; i++) {
    const { raw } = await handle.describe();
    if ((raw.pendingActivities ?? []).length === 0 && !raw.pendingWorkflowTask) return;
    await new Promise((r) => setTimeout(r, 25));
  }
}

/** One decision, dated now on the test server's clock; resent with the same id if the test server lost it. */
async function decide<C extends ConductCommandName>(handle: ConductHandle, name: C, input: Arg<C>): Promise<ConductView> {
  await quiet(handle);
  const update = conductUpdates[name] as unknown as UpdateDefinition<ConductView, [unknown]>;
  const updateId = `${name}-${randomUUID()}`;
  for (let attempt = 1; ; attempt++) {
    try {
      return await handle.client.connection.withDeadline(Date.now() + 10_000, () => handle.executeUpdate(update, { args: [{ actor: 'director-1', ...input }], updateId }));
    } catch (error) {
      if (attempt >= 5 || !/deadline|timed out|timeout/i.test(String((error as Error).message))) throw error;
    }
  }
}

async function startConduct(s: Scenario, personId: number, reference: string, calendar: CalendarData = defaultCalendarData('england-and-wales')): Promise<ConductHandle> {
  return s.env.client.workflow.start(conductWorkflow, { workflowId: conductWorkflowId(personId), taskQueue: s.taskQueue, args: [{ personId, reference, calendar }] });
}

const view = (h: ConductHandle) => h.query(conductViewQuery);

describe('unreasonable conduct', () => {
  it('lifts a restriction itself at 00:00 London on its expiry date, after a review reminder at 09:00 London', async () => {
    const s = await scenario('2027-01-04T09:30:00Z', { activities: activities() });
    await s.run(async () => {
      const filed = await records.createCase(newCase('CSC-2027-CNDCT1', { receivedAt: '2027-01-04T09:00:00Z' }));
      const personId = filed.case.people.find((p) => p.role === 'complainant')!.id;
      const handle = await startConduct(s, personId, 'CSC-2027-CNDCT1');

      await decide(handle, 'warn', { reason: 'Forty calls a day to the team' });
      expect(await refusal(decide(handle, 'warn', { reason: 'again' }))).toContain('the person has been warned since Mon 4 Jan 2027');
      await sleepUntil(s, '2027-01-11T10:00:00Z');
      // Review on Sat 27 Mar: the reminder goes on Thu 25 Mar (Fri 26 is Good Friday), 09:00 GMT.
      // Expiry Thu 1 Apr, in summer time: the restriction lifts itself at 23:00 UTC on Wed 31 Mar.
      const restricted = await decide(handle, 'restrict', { reason: 'Calls continued after the warning', allowedContact: ['letter'], expiresOn: '2027-04-01', reviewOn: '2027-03-27' });
      expect(restricted.current).toMatchObject({ level: 'restricted', startsOn: '2027-01-11', expiresOn: '2027-04-01', reviewOn: '2027-03-27', allowedContact: ['letter'] });

      // The register holds both measures, each once, with when the person was told.
      const register = new ConductRegister(db);
      const filedEntries = await eventually(
        () => register.list({ personId, on: '2027-01-11' }),
        (e) => e.length === 2 && e.every((x) => x.notifiedAt !== null),
      );
      expect(filedEntries.map((e) => [e.level, e.startsOn, e.endedOn, e.endedHow, e.inForce])).toEqual([
        ['warning', '2027-01-04', '2027-01-11', 'escalated', false],
        ['restricted', '2027-01-11', null, null, true],
      ]);

      await sleepUntil(s, '2027-03-25T08:59:00Z');
      expect(sent.filter((n) => n.notice.kind === 'reminder')).toEqual([]);
      await sleepUntil(s, '2027-03-25T09:01:00Z');
      const reminder = await eventually(async () => sent.find((n) => n.notice.subject === 'conduct.review'), (n) => n !== undefined);
      // Sent when the timer fired: 09:00:00 and the few milliseconds the workflow task took.
      expect(reminder!.scheduledAt - Date.parse('2027-03-25T09:00:00Z')).toBeGreaterThanOrEqual(0);
      expect(reminder!.scheduledAt - Date.parse('2027-03-25T09:00:00Z')).toBeLessThan(1_000);
      expect(reminder!.notice.detail).toMatchObject({ due: '2027-03-27', to: 'director' });

      await sleepUntil(s, '2027-03-31T22:59:00Z');
      expect((await view(handle)).level).toBe('restricted');
      await sleepUntil(s, '2027-03-31T23:01:00Z');
      const lifted = await eventually(() => view(handle), (v) => v.level === 'none');
      expect(lifted.past.at(-1)).toMatchObject({ level: 'restricted', endedOn: '2027-04-01', endedHow: 'expired' });
      expect(lifted.events.at(-1)).toMatchObject({ action: 'expired', actor: 'system', at: '2027-03-31T23:00:00.000Z' });
      const letter = await eventually(async () => sent.find((n) => n.notice.subject === 'conduct-lifted'), (n) => n !== undefined);
      expect(letter!.scheduledAt - Date.parse('2027-03-31T23:00:00Z')).toBeGreaterThanOrEqual(0);
      expect(letter!.scheduledAt - Date.parse('2027-03-31T23:00:00Z')).toBeLessThan(1_000);

      // The letters went to the person, as written.
      const outbox = await eventually(() => records.listCorrespondence('CSC-2027-CNDCT1'), (c) => c.length === 4);
      expect(outbox.map((c) => [c.noticeId < 0, c.template, c.recipientRole])).toEqual([
        [true, 'conduct-warning', 'complainant'],
        [true, 'conduct-restriction', 'complainant'],
        [true, 'reminder', 'director'],
        [true, 'conduct-lifted', 'complainant'],
      ]);
      expect(outbox[1]!.body).toContain('please contact us only by letter');
      expect(outbox[1]!.body).toContain('These restrictions end on Thu 1 Apr 2027');
      expect(outbox[3]!.body).toContain('ended on Thu 1 Apr 2027, as we told you they would');

      const ended = await eventually(() => register.list({ personId, on: '2027-04-01' }), (e) => e[1]?.endedHow === 'expired');
      expect(ended[1]).toMatchObject({ level: 'restricted', expiresOn: '2027-04-01', endedOn: '2027-04-01', inForce: false });
      expect((await register.list({ personId, on: '2027-03-31' }))[1]!.inForce).toBe(true);
      // The annual report counts the workflow's register entries.
      expect((await records.report({ from: '2026-04-01', to: '2027-03-31' })).contactRestrictions).toEqual({ applied: 2, warning: 1, restricted: 1, refused: 0 });
    });
  });

  it("discontinuing closes the person's two open cases, each with its letter, and not another person's", async () => {
    const s = await scenario('2027-01-04T09:30:00Z', { activities: activities() });
    await s.run(async () => {
      const receivedAt = '2027-01-04T09:00:00Z';
      const alex = { role: 'complainant' as const, name: 'Alex Parent', type: 'parent', email: 'alex@example.org' };
      const first = await records.createCase(newCase('CSC-2027-DSCNT1', { receivedAt, people: [alex] }));
      await records.createCase(newCase('CSC-2027-DSCNT2', { receivedAt, people: [{ ...alex, email: 'ALEX@example.org' }] }));
      await records.createCase(newCase('CSC-2027-OTHER1', { receivedAt, people: [{ role: 'complainant', name: 'Blake Other', type: 'parent', email: 'blake@example.org' }] }));
      const cases = await Promise.all(['CSC-2027-DSCNT1', 'CSC-2027-DSCNT2', 'CSC-2027-OTHER1'].map((reference) => openCase(s, { reference, receivedAt })));
      const personId = first.case.people[0]!.id;
      const handle = await startConduct(s, personId, 'CSC-2027-DSCNT1');

      expect(await refusal(decide(handle, 'discontinue', { reason: 'r' }))).toContain('restricted or refused');
      await decide(handle, 'warn', { reason: 'Abusive emails' });
      await sleepUntil(s, '2027-01-05T10:00:00Z');
      await decide(handle, 'restrict', { reason: 'Abuse continued', allowedContact: ['letter'], period: { months: 6 }, reviewOn: '2027-04-05', at: '2027-01-05T10:00:00Z' });
      await sleepUntil(s, '2027-01-06T10:00:00Z');
      await decide(handle, 'discontinue', { reason: 'No investigation can go on', at: '2027-01-06T10:00:00Z' });

      const done = await eventually(() => view(handle), (v) => v.discontinued.length === 1);
      expect(done.discontinued[0]).toEqual({ decidedAt: '2027-01-06T10:00:00.000Z', actor: 'director-1', cases: ['CSC-2027-DSCNT1', 'CSC-2027-DSCNT2'], unreachable: [] });
      expect(done.current).toMatchObject({ level: 'restricted', expiresOn: '2027-07-05', discontinuedOn: '2027-01-06' });

      for (const handleOf of cases.slice(0, 2)) {
        const closed = await eventually(() => handleOf.query(caseViewQuery), (v) => v.status === 'closed');
        expect(closed.outcome).toEqual({ kind: 'discontinued', stage: 'stage1' });
        expect(closed.deadlines.find((d) => d.key === 'stage1.acknowledge')?.state).toBe('cancelled');
        expect(closed.events.at(-1)).toMatchObject({ action: 'discontinued', actor: 'director-1', detail: { decidedAt: '2027-01-06T10:00:00.000Z', personId } });
        // The case file and its letter, in the records store.
        const filed = await eventually(() => records.getCase(handleOf.workflowId), (c) => c?.status === 'closed');
        expect(filed!.outcome).toEqual({ kind: 'discontinued', stage: 'stage1' });
        const letters = await eventually(() => records.listCorrespondence(handleOf.workflowId), (c) => c.some((l) => l.template === 'closed-discontinued'));
        const letter = letters.find((l) => l.template === 'closed-discontinued')!;
        expect(letter).toMatchObject({ recipientRole: 'complainant', status: 'queued' });
        expect(letter.body).toContain(`stop investigating your complaint ${handleOf.workflowId} at Stage 1`);
      }
      const other = await cases[2]!.query(caseViewQuery);
      expect(other.status).toBe('awaiting-triage');
      expect((await records.listCorrespondence('CSC-2027-OTHER1')).some((l) => l.template === 'closed-discontinued')).toBe(false);

      // A second signal changes nothing: no event, no letter.
      const before = await cases[0]!.query(caseViewQuery);
      await cases[0]!.signal(discontinueCaseSignal, { actor: 'director-1', decidedAt: '2027-01-06T10:00:00.000Z', personId });
      await quiet(cases[0]!);
      const after = await cases[0]!.query(caseViewQuery);
      expect(after.events).toHaveLength(before.events.length);
      expect((await records.listCorrespondence('CSC-2027-DSCNT1')).filter((l) => l.template === 'closed-discontinued')).toHaveLength(1);

      // The annual report counts the closures as not pursued at Stage 1.
      const report = await records.report({ from: '2026-04-01', to: '2027-03-31' });
      expect(report.stages.stage1).toMatchObject({ received: 3, notPursued: 2, carriedForward: 1 });
    });
  });

  it('a bank holiday proclaimed on the review date brings the review reminder forward to the working day before, through the calendar change pass', async () => {
    // The State Funeral of Queen Elizabeth II, Mon 19 Sep 2022, proclaimed on Fri 9 Sep; British Summer Time.
    const FUNERAL = '2022-09-19';
    const full = parseBankHolidayFile(bankHolidaysJson);
    const strip = <D extends { events: Array<{ date: string }> }>(d: D): D => ({ ...d, events: d.events.filter((e) => e.date !== FUNERAL) });
    const withoutFuneral: BankHolidayFile = { 'england-and-wales': strip(full['england-and-wales']), scotland: strip(full.scotland), 'northern-ireland': strip(full['northern-ireland']) };
    const store = new CalendarStore(db);
    const loaded = await store.loadBankHolidays(withoutFuneral, 'manager-1');

    const s = await scenario('2022-09-01T09:00:00Z', { activities: activities() });
    await s.run(async () => {
      const filed = await records.createCase(newCase('CSC-2022-CNDCAL', { receivedAt: '2022-09-01T08:00:00Z' }));
      const personId = filed.case.people.find((p) => p.role === 'complainant')!.id;
      const handle = await startConduct(s, personId, 'CSC-2022-CNDCAL', calendarDataFor(loaded.version, ENGLAND_STATUTORY_POLICY));
      await decide(handle, 'warn', { reason: 'Forty calls a day to the team' });
      await sleepUntil(s, '2022-09-02T09:00:00Z');
      await decide(handle, 'restrict', { reason: 'Calls continued after the warning', allowedContact: ['letter'], expiresOn: '2022-10-31', reviewOn: FUNERAL });
      await eventually(() => new ConductRegister(db).list({ personId, on: '2022-09-02' }), (e) => e.length === 2);

      // Fri 9 Sep: the proclaimed holiday is loaded and the pass carries it to the case and to the person's protocol.
      await sleepUntil(s, '2022-09-09T10:00:00Z');
      const proclaimed = await store.loadBankHolidays(full, 'manager-2');
      const pass = { change: proclaimed.change!.seq, version: proclaimed.version.id, actor: 'manager-2' };
      const passHandle = await s.env.client.workflow.start(calendarChangeWorkflow, { workflowId: calendarChangeWorkflowId(pass.version), taskQueue: s.taskQueue, args: [pass] });
      // The case has no workflow here (skipped); the person's conduct workflow is signalled (done).
      expect(await eventually(() => passHandle.query(calendarChangeProgressQuery), (p) => p.finished)).toEqual({ change: pass.change, version: pass.version, total: 2, done: 1, skipped: 1, failed: 0, failedReferences: [], finished: true });
      const moved = await eventually(() => view(handle), (v) => v.events.at(-1)?.action === 'calendar-changed');
      expect(moved.events.at(-1)).toMatchObject({
        actor: 'manager-2',
        detail: { calendarVersion: calendarDataFor(proclaimed.version, ENGLAND_STATUTORY_POLICY).version, calendarChange: pass.change, moved: 'review reminder: 2022-09-19T08:00:00.000Z → 2022-09-16T08:00:00.000Z' },
      });
      // The decided dates stay as the person was told.
      expect(moved.current).toMatchObject({ level: 'restricted', reviewOn: FUNERAL, expiresOn: '2022-10-31' });

      // The reminder goes at 09:00 BST on Fri 16 Sep, not on the holiday.
      await sleepUntil(s, '2022-09-16T07:59:00Z');
      expect(sent.filter((n) => n.notice.kind === 'reminder')).toEqual([]);
      await sleepUntil(s, '2022-09-16T08:01:00Z');
      const reminder = await eventually(async () => sent.find((n) => n.notice.subject === 'conduct.review'), (n) => n !== undefined);
      expect(reminder!.scheduledAt - Date.parse('2022-09-16T08:00:00Z')).toBeGreaterThanOrEqual(0);
      expect(reminder!.scheduledAt - Date.parse('2022-09-16T08:00:00Z')).toBeLessThan(1_000);
      expect(reminder!.notice.detail).toMatchObject({ due: FUNERAL, to: 'director' });

      // The same change again moves nothing and records nothing.
      const events = (await view(handle)).events.length;
      await handle.signal(conductCalendarChangedSignal, { calendar: calendarDataFor(proclaimed.version, ENGLAND_STATUTORY_POLICY), actor: 'manager-2', sequence: pass.change });
      await quiet(handle);
      expect((await view(handle)).events).toHaveLength(events);
    });
  });
});
