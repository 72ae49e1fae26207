import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createActivities } from '../../activities';
import bankHolidaysJson from '../../domain/bank-holidays.json';
import { parseBankHolidayFile, type BankHolidayFile } from '../../domain/bank-holidays';
import { addPolicyVersion, getPolicy, type Policy } from '../../domain/policy';
import type { CaseView } from '../../domain/complaint/state';
import { openPglite, type Db } from '../../records/db';
import { CalendarStore, calendarDataFor, type CalendarVersion } from '../../records/calendar';
import { migrate } from '../../records/migrate';
import { Records } from '../../records/repository';
import { calendarChangeProgressQuery, calendarChangeWorkflowId } from '../../workflows/calendar/messages';
import { calendarChangeWorkflow } from '../../workflows/calendar/workflow';
import { openCase, runAt, sleepUntil, viewWhen, type CaseHandle } from '../helpers/cases';
import { eventually } from '../helpers/eventually';
import { newCase } from '../records/fixtures';
import { scenario, type Scenario } from '../helpers/time-skipping';

// March 2027 (GMT). Kingston's profile moves from version 1 (Stage 1 response
// in 10 working days, no closure days) to a test-only version 2 (8 working
// days; the office closed Fri 12 and Tue 16 Mar) while a case on version 1
// runs. Then a bank holiday on Mon 8 Mar is proclaimed and carried to both.
const PROCLAIMED = '2027-03-08';

function withHoliday(file: BankHolidayFile): BankHolidayFile {
  const ew = file['england-and-wales'];
  return { ...file, 'england-and-wales': { ...ew, events: [...ew.events, { title: 'Proclaimed holiday', date: PROCLAIMED, notes: '', bunting: false }] } };
}

let db: Db;
let records: Records;
let store: CalendarStore;

beforeAll(async () => {
  db = await openPglite('memory://');
  await migrate(db);
  records = new Records(db);
  store = new CalendarStore(db);
});
afterAll(async () => {
  await db.close();
});

/** Files the case with its policy's version (as the API does), then starts it on the calendar the API would give it. */
async function fileAndOpen(s: Scenario, reference: string, receivedAt: string, policy: Policy, version: CalendarVersion): Promise<CaseHandle> {
  await records.createCase(newCase(reference, { receivedAt, policyId: policy.id, policyVersion: policy.version }));
  return openCase(s, { reference, receivedAt, policy, calendar: calendarDataFor(version, policy) });
}

const respond = (v: CaseView) => v.deadlines.find((d) => d.key === 'stage1.respond');

describe('a case keeps the policy version it started on (time-skipping)', () => {
  it('a new version reaches only new cases, and a calendar change keeps each case on its own version', async () => {
    const loaded = await store.loadBankHolidays(parseBankHolidayFile(bankHolidaysJson), 'manager-1');
    const s = await scenario('2027-03-01T09:00:00Z', { activities: createActivities({ records }) });
    await s.run(async () => {
      const v1 = getPolicy('kingston');
      expect(v1.version).toBe(1);
      const a = await fileAndOpen(s, 'CSC-2027-PVA001', '2027-03-01T09:00:00Z', v1, loaded.version);
      await runAt(s, a, '2027-03-01T09:30:00Z', 'triage', { decision: 'stage1' });

      // The code's profile moves on while A runs.
      addPolicyVersion('kingston', { timescales: { 'stage1.respond': 8 }, closureDays: ['2027-03-12', '2027-03-16'] }, 'Test: Stage 1 in 8 working days; two closure days.');
      const v2 = getPolicy('kingston');
      expect(v2).toMatchObject({ version: 2, timescales: { 'stage1.respond': 8 }, closureDays: ['2027-03-12', '2027-03-16'] });
      expect(getPolicy('kingston', 1)).toBe(v1);

      const b = await fileAndOpen(s, 'CSC-2027-PVB001', '2027-03-01T10:00:00Z', v2, loaded.version);
      await runAt(s, b, '2027-03-01T10:30:00Z', 'triage', { decision: 'stage1' });
      await runAt(s, a, '2027-03-02T09:00:00Z', 'acknowledge', {});
      await runAt(s, b, '2027-03-02T09:05:00Z', 'acknowledge', {});
      await sleepUntil(s, '2027-03-05T10:00:00Z');

      // A keeps version 1's 10 working days (Mon 15 Mar); B, new, gets version 2's 8 (Thu 11 Mar).
      const was = { a: await viewWhen(a, () => true), b: await viewWhen(b, () => true) };
      expect(was.a.policy).toEqual({ id: 'kingston', name: v1.name, version: 1 });
      expect(was.b.policy).toEqual({ id: 'kingston', name: v1.name, version: 2 });
      expect(respond(was.a)).toMatchObject({ due: '2027-03-15', state: 'pending', warnings: [] });
      expect(respond(was.b)).toMatchObject({ due: '2027-03-11', state: 'pending', warnings: [] });
      expect((await store.openCasesPage({ cursor: null, limit: 10, today: '2027-03-05' })).cases).toEqual([
        { reference: 'CSC-2027-PVA001', policyId: 'kingston', policyVersion: 1 },
        { reference: 'CSC-2027-PVB001', policyId: 'kingston', policyVersion: 2 },
      ]);

      // Fri 5 Mar: a holiday on Mon 8 Mar is proclaimed and carried to both cases.
      const proclaimed = await store.loadBankHolidays(withHoliday(parseBankHolidayFile(bankHolidaysJson)), 'manager-2');
      const input = { change: proclaimed.change!.seq, version: proclaimed.version.id, actor: 'manager-2' };
      const handle = await s.env.client.workflow.start(calendarChangeWorkflow, { workflowId: calendarChangeWorkflowId(input.version), taskQueue: s.taskQueue, args: [input] });
      const progress = await eventually(() => handle.query(calendarChangeProgressQuery), (p) => p.finished);
      expect(progress).toMatchObject({ total: 2, done: 2, failed: 0 });

      const moved = (h: CaseHandle) => viewWhen(h, (v) => v.events.some((e) => e.action === 'calendar-changed'));
      const now = { a: await moved(a), b: await moved(b) };
      // Each moves one working day on its own timescale. A's Tue 16 Mar is a
      // closure day of version 2 only: A, on version 1, has no warning.
      expect(respond(now.a)).toMatchObject({ due: '2027-03-16', state: 'pending', warnings: [] });
      expect(respond(now.b)).toMatchObject({ due: '2027-03-12', state: 'pending', warnings: ['due on Fri 12 Mar 2027, a day the office is closed'] });
      expect(now.a.policy.version).toBe(1);
      expect(now.b.policy.version).toBe(2);
    });
  });
});
