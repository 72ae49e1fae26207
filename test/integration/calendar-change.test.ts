import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createActivities } from '../../activities';
import bankHolidaysJson from '../../domain/bank-holidays.json';
import { parseBankHolidayFile, type BankHolidayFile } from '../../domain/bank-holidays';
import { ENGLAND_STATUTORY_POLICY } from '../../domain/policy';
import { openPglite, type Db } from '../../records/db';
import { CalendarStore, calendarDataFor } from '../../records/calendar';
import { migrate } from '../../records/migrate';
import { Records } from '../../records/repository';
import { calendarChangeProgressQuery, calendarChangeWorkflowId, type CalendarChangeProgress } from '../../workflows/calendar/messages';
import { calendarChangeWorkflow } from '../../workflows/calendar/workflow';
import { calendarChangedSignal } from '../../workflows/complaint/messages';
import type { CaseView } from '../../domain/complaint/state';
import { clock, dues, IO, IP, openCase, runAt, sleepUntil, view, viewWhen, type CaseHandle } from '../helpers/cases';
import { eventually } from '../helpers/eventually';
import { newCase } from '../records/fixtures';
import { scenario, type Scenario } from '../helpers/time-skipping';

// September 2022 (BST). The State Funeral of Queen Elizabeth II, Mon 19 Sep 2022,
// was proclaimed a bank holiday ten days ahead: the cases below start on a file
// without it, and it is added on Fri 9 Sep.
const FUNERAL = '2022-09-19';
const TITLE = 'Bank Holiday for the State Funeral of Queen Elizabeth II';

function withoutFuneral(file: BankHolidayFile): BankHolidayFile {
  const strip = <D extends { events: Array<{ date: string }> }>(d: D): D => ({ ...d, events: d.events.filter((e) => e.date !== FUNERAL) });
  return { 'england-and-wales': strip(file['england-and-wales']), scotland: strip(file.scotland), 'northern-ireland': strip(file['northern-ireland']) };
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

/** Files the case in the records store (the API does this before starting the workflow), then starts it. */
async function fileAndOpen(s: Scenario, reference: string, receivedAt: string, calendar: ReturnType<typeof calendarDataFor>): Promise<CaseHandle> {
  await records.createCase(newCase(reference, { receivedAt }));
  return openCase(s, { reference, receivedAt, calendar });
}

/** Waits until a case has no workflow task outstanding: every signal sent to it has been applied. */
async function settled(h: CaseHandle): Promise<CaseView> {
  await eventually(
    () => h.describe(),
    (d) => !d.raw.pendingWorkflowTask && (d.raw.pendingActivities ?? []).length === 0,
  );
  return view(h);
}

async function runPass(s: Scenario, input: { change: number; version: string; actor: string; pageSize?: number }): Promise<CalendarChangeProgress> {
  const handle = await s.env.client.workflow.start(calendarChangeWorkflow, { workflowId: calendarChangeWorkflowId(input.version), taskQueue: s.taskQueue, args: [input] });
  // Polled by query: awaiting the result would let the test server skip time.
  return eventually(() => handle.query(calendarChangeProgressQuery), (p) => p.finished);
}

describe('a calendar change reaches live cases (time-skipping)', () => {
  it('a newly proclaimed bank holiday moves exactly the pending deadlines after it, in every live case, once', async () => {
    const full = parseBankHolidayFile(bankHolidaysJson);
    const loaded = await store.loadBankHolidays(withoutFuneral(full), 'manager-1');
    const before = calendarDataFor(loaded.version, ENGLAND_STATUTORY_POLICY);
    expect(before.holidays.some((h) => h.date === FUNERAL)).toBe(false);

    const s = await scenario('2022-09-01T09:00:00Z', { activities: createActivities({ records }) });
    await s.run(async () => {
      // A: Stage 1 answered on Fri 2 Sep; the complainant's window to escalate runs.
      const a = await fileAndOpen(s, 'CSC-2022-CALA01', '2022-09-01T09:00:00Z', before);
      // F: straight to Stage 2; the statement agreed on Tue 6 Sep starts its 25 working days.
      const f = await fileAndOpen(s, 'CSC-2022-CALF01', '2022-09-01T09:00:00Z', before);
      await runAt(s, a, '2022-09-01T10:00:00Z', 'triage', { decision: 'stage1' });
      await runAt(s, f, '2022-09-01T10:00:00Z', 'triage', { decision: 'stage2' });
      await runAt(s, a, '2022-09-02T09:00:00Z', 'acknowledge', {});
      await runAt(s, f, '2022-09-02T09:00:00Z', 'acknowledge', {});
      await runAt(s, a, '2022-09-02T10:00:00Z', 'respond', {});
      await runAt(s, f, '2022-09-02T11:00:00Z', 'appoint-investigators', { investigatingOfficer: IO, independentPerson: IP });

      // B: never acknowledged (missed Thu 8 Sep); D: acknowledged, then on hold; G: withdrawn (closed).
      const b = await fileAndOpen(s, 'CSC-2022-CALB01', '2022-09-05T09:00:00Z', before);
      const d = await fileAndOpen(s, 'CSC-2022-CALD01', '2022-09-05T09:00:00Z', before);
      const g = await fileAndOpen(s, 'CSC-2022-CALG01', '2022-09-05T09:00:00Z', before);
      for (const h of [b, d, g]) await runAt(s, h, '2022-09-05T10:00:00Z', 'triage', { decision: 'stage1' });
      await runAt(s, d, '2022-09-06T09:00:00Z', 'acknowledge', {});
      await runAt(s, f, '2022-09-06T10:00:00Z', 'agree-statement', {});
      await runAt(s, d, '2022-09-07T09:00:00Z', 'hold', { reason: 'safeguarding' });
      await runAt(s, g, '2022-09-07T10:00:00Z', 'withdraw', {});

      // C: received Thu 8 Sep, its acknowledgement due before the funeral, its response after.
      const c = await fileAndOpen(s, 'CSC-2022-CALC01', '2022-09-08T09:00:00Z', before);
      await runAt(s, c, '2022-09-08T10:00:00Z', 'triage', { decision: 'stage1' });
      await sleepUntil(s, '2022-09-09T10:00:00Z');

      const cases = { a, b, c, d, f, g };
      const was = Object.fromEntries(await Promise.all(Object.entries(cases).map(async ([k, h]) => [k, await settled(h)] as const)));
      const states = (v: CaseView) => Object.fromEntries(v.deadlines.map((x) => [x.key, `${x.due} ${x.state}`]));
      // Working days from the old calendar (no 19 Sep).
      expect(states(was.a!)).toEqual({ 'stage1.acknowledge': '2022-09-06 met', 'stage1.respond': '2022-09-15 met', 'stage1.escalate': '2022-09-30 pending' });
      expect(states(was.b!)).toEqual({ 'stage1.acknowledge': '2022-09-08 missed', 'stage1.respond': '2022-09-19 pending' });
      expect(states(was.c!)).toEqual({ 'stage1.acknowledge': '2022-09-13 pending', 'stage1.respond': '2022-09-22 pending' });
      expect(states(was.d!)).toEqual({ 'stage1.acknowledge': '2022-09-08 met', 'stage1.respond': '2022-09-19 paused' });
      // f's progress update is due 10 WD after its statement, Tue 6 Sep → Tue 20 Sep (stage2.progress).
      expect(states(was.f!)).toEqual({
        'stage1.acknowledge': '2022-09-06 cancelled',
        'stage2.acknowledge': '2022-09-06 met',
        'stage2.respond': '2022-10-11 pending',
        'stage2.progress': '2022-09-20 pending',
      });
      expect(states(was.g!)).toEqual({ 'stage1.acknowledge': '2022-09-08 cancelled', 'stage1.respond': '2022-09-19 cancelled' });

      // Fri 9 Sep: the proclaimed holiday is loaded and carried to every live case.
      const proclaimed = await store.loadBankHolidays(full, 'manager-2');
      expect(proclaimed).toMatchObject({ created: true, change: { kind: 'bank-holidays', detail: { added: [{ date: FUNERAL, title: TITLE }], removed: [] } } });
      const after = calendarDataFor(proclaimed.version, ENGLAND_STATUTORY_POLICY);
      const pass = { change: proclaimed.change!.seq, version: proclaimed.version.id, actor: 'manager-2' };
      expect(await runPass(s, pass)).toEqual({ change: pass.change, version: pass.version, total: 6, done: 6, skipped: 0, failed: 0, failedReferences: [], finished: true });

      const now = Object.fromEntries(
        await Promise.all(Object.entries(cases).map(async ([k, h]) => [k, await viewWhen(h, (v) => v.calendarVersion === after.version)] as const)),
      );
      // Exactly the pending (or paused) deadlines after 19 Sep move, by one working day.
      expect(states(now.a!)).toEqual({ 'stage1.acknowledge': '2022-09-06 met', 'stage1.respond': '2022-09-15 met', 'stage1.escalate': '2022-10-03 pending' });
      expect(states(now.b!)).toEqual({ 'stage1.acknowledge': '2022-09-08 missed', 'stage1.respond': '2022-09-20 pending' });
      expect(states(now.c!)).toEqual({ 'stage1.acknowledge': '2022-09-13 pending', 'stage1.respond': '2022-09-23 pending' });
      expect(states(now.d!)).toEqual({ 'stage1.acknowledge': '2022-09-08 met', 'stage1.respond': '2022-09-20 paused' });
      expect(states(now.f!)).toEqual({
        'stage1.acknowledge': '2022-09-06 cancelled',
        'stage2.acknowledge': '2022-09-06 met',
        'stage2.respond': '2022-10-12 pending',
        'stage2.progress': '2022-09-21 pending',
      });
      expect(states(now.g!)).toEqual(states(was.g!));

      // Each case records the change, with the explanation of each new date.
      expect(now.b!.events.at(-1)).toMatchObject({
        action: 'calendar-changed',
        actor: 'manager-2',
        at: expect.stringMatching(/^2022-09-09T10:0/),
        detail: {
          calendarVersion: after.version,
          calendarChange: pass.change,
          moved: 'stage1.respond: 2022-09-19 → 2022-09-20',
          explanations: { 'stage1.respond': `received Mon 5 Sep 2022; 10 working days, skipping 19 Sep (${TITLE}) → Tue 20 Sep 2022` },
        },
      });
      expect(clock(now.b!, 'stage1.respond').explanation).toBe(`received Mon 5 Sep 2022; 10 working days, skipping 19 Sep (${TITLE}) → Tue 20 Sep 2022`);
      expect(now.f!.events.at(-1)!.detail).toMatchObject({ moved: 'stage2.respond: 2022-10-11 → 2022-10-12; stage2.progress: 2022-09-20 → 2022-09-21' });
      expect(now.c!.events.at(-1)!.detail).toMatchObject({ moved: 'stage1.respond: 2022-09-22 → 2022-09-23' });
      expect(now.g!.events.at(-1)!.detail).toMatchObject({ moved: '', explanations: {} });
      for (const k of Object.keys(cases)) expect(now[k]!.events.length).toBe(was[k]!.events.length + 1);
      // The case file in the records store has the event too.
      const filed = await eventually(() => records.listEvents('CSC-2022-CALB01'), (events) => events.some((e) => e.action === 'calendar-changed'));
      expect(filed.find((e) => e.action === 'calendar-changed')!.detail).toMatchObject({ moved: 'stage1.respond: 2022-09-19 → 2022-09-20' });

      // Run twice: nothing moves and nothing is recorded again. (A pass in pages, one run each, is
      // proven on the dev server in test/api/calendar.test.ts: the Java test server can stall a
      // continue-as-new chain, "Task not found when completing".)
      expect(await runPass(s, pass)).toMatchObject({ total: 6, done: 6, failed: 0, finished: true });
      for (const [k, h] of Object.entries(cases)) {
        const again = await settled(h);
        expect(again.deadlines).toEqual(now[k]!.deadlines);
        expect(again.events.length).toBe(now[k]!.events.length);
      }

      // The hold released on Mon 12 Sep: 8 working days left (8 9 12 13 14 15 16 20 after 7 Sep),
      // counted on the new calendar: 13 14 15 16 [19] 20 21 22 23 → Fri 23 Sep (Thu 22 on the old one).
      const released = await runAt(s, d, '2022-09-12T09:00:00Z', 'release-hold', {});
      expect(clock(released, 'stage1.respond')).toMatchObject({ state: 'pending', due: '2022-09-23' });

      // The single timer follows the new date: B's response is not missed at the end of 19 Sep, only after 20 Sep.
      await sleepUntil(s, '2022-09-19T23:30:00Z');
      expect(clock(await settled(b), 'stage1.respond').state).toBe('pending');
      await sleepUntil(s, '2022-09-20T23:30:00Z');
      const missed = await viewWhen(b, (v) => clock(v, 'stage1.respond').state === 'missed');
      expect(clock(missed, 'stage1.respond').due).toBe('2022-09-20');
    });
  });

  it('a signal with an older calendar change than the case has seen changes nothing', async () => {
    const s = await scenario('2022-09-01T09:00:00Z');
    await s.run(async () => {
      const full = parseBankHolidayFile(bankHolidaysJson);
      const older = calendarDataFor({ id: 'x', bankHolidays: withoutFuneral(full), closureDays: [], createdBy: 't', createdAt: null }, ENGLAND_STATUTORY_POLICY);
      const newer = calendarDataFor({ id: 'y', bankHolidays: full, closureDays: [], createdBy: 't', createdAt: null }, ENGLAND_STATUTORY_POLICY);
      const h = await openCase(s, { reference: 'CSC-2022-CALS01', receivedAt: '2022-09-05T09:00:00Z', calendar: older });
      await runAt(s, h, '2022-09-05T10:00:00Z', 'triage', { decision: 'stage1' });
      await h.signal(calendarChangedSignal, { calendar: newer, actor: 'manager-1', sequence: 5 });
      const moved = await viewWhen(h, (v) => v.calendarVersion === newer.version);
      expect(dues(moved)).toEqual({ 'stage1.acknowledge': '2022-09-08', 'stage1.respond': '2022-09-20' });
      // A pass of change 4 arriving late would take the case back to the old file: ignored.
      await h.signal(calendarChangedSignal, { calendar: older, actor: 'manager-1', sequence: 4 });
      const after = await settled(h);
      expect(after.calendarVersion).toBe(newer.version);
      expect(dues(after)).toEqual({ 'stage1.acknowledge': '2022-09-08', 'stage1.respond': '2022-09-20' });
      expect(after.events.length).toBe(moved.events.length);
    });
  });
});
