// Records the histories of the workflow kinds other than the complaint (conduct,
// actions, the calendar change pass, retention): real runs on the time-skipping
// test server with a records store (PGlite), as record-histories.ts records the
// complaint's paths. `npm run record-kinds -- v4`; the files land in
// test/replay/histories/<version>/, named by their kind (`conduct-…`,
// `actions-…`, `calendar-change-…`, `retention-…`), and are committed.
// `npm run record-kinds -- <version> <name prefix>` records only those paths.
// The `…-released-…` histories in v4 were recorded with the conduct and
// calendar workflows as released before `conduct.calendar-changes` and
// `calendar.conduct-workflows` (commit 41cb4e4): the patches keep them replaying.
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Client, WorkflowHandle } from '@temporalio/client';
import type { UpdateDefinition } from '@temporalio/common';
import { historyToJSON } from '@temporalio/common/lib/proto-utils';
import { TestWorkflowEnvironment } from '@temporalio/testing';
import { DefaultLogger, Runtime, Worker } from '@temporalio/worker';
import { createActivities } from '../../activities';
import bankHolidaysJson from '../../domain/bank-holidays.json';
import { parseBankHolidayFile, type BankHolidayFile } from '../../domain/bank-holidays';
import { defaultCalendarData } from '../../domain/holidays';
import { ENGLAND_STATUTORY_POLICY } from '../../domain/policy';
import { CalendarStore, calendarDataFor } from '../../records/calendar';
import { openPglite } from '../../records/db';
import { migrate } from '../../records/migrate';
import { Records } from '../../records/repository';
import { registerSearchAttributes } from '../../temporal/connection';
import { BUNDLER_OPTIONS, WORKFLOWS_PATH } from '../../worker/worker';
import { actionWorkflowId, type ActionView } from '../../domain/actions/commands';
import { actionUpdates } from '../../workflows/actions/messages';
import { actionWorkflow } from '../../workflows/actions/workflow';
import { calendarChangeProgressQuery, calendarChangeWorkflowId } from '../../workflows/calendar/messages';
import { calendarChangeWorkflow } from '../../workflows/calendar/workflow';
import { complaintWorkflow } from '../../workflows/complaint/workflow';
import { type ConductCommandName } from '../../domain/conduct/commands';
import { conductCalendarChangedSignal, conductUpdates } from '../../workflows/conduct/messages';
import { conductWorkflowId, type ConductView } from '../../domain/conduct/state';
import { conductWorkflow } from '../../workflows/conduct/workflow';
import { retentionWorkflow } from '../../workflows/retention/workflow';
import { newCase } from '../records/fixtures';
// @ts-expect-error plain JS helper shared with the bootstrap
import { TEST_SERVER_LAUNCHER } from '../../scripts/tools.mjs';

const version = process.argv[2] ?? 'v4';
const outDir = path.join(path.dirname(fileURLToPath(import.meta.url)), 'histories', version);

// The State Funeral of Queen Elizabeth II, Mon 19 Sep 2022, proclaimed a bank holiday on Fri 9 Sep.
const FUNERAL = '2022-09-19';
const FULL = parseBankHolidayFile(bankHolidaysJson);
function withoutFuneral(file: BankHolidayFile): BankHolidayFile {
  const strip = <D extends { events: Array<{ date: string }> }>(d: D): D => ({ ...d, events: d.events.filter((e) => e.date !== FUNERAL) });
  return { 'england-and-wales': strip(file['england-and-wales']), scotland: strip(file.scotland), 'northern-ireland': strip(file['northern-ireland']) };
}

interface Run {
  env: TestWorkflowEnvironment;
  client: Client;
  taskQueue: string;
  records: Records;
  /** Moves the test server's clock to `iso`. */
  until(iso: string): Promise<void>;
}

interface Kind {
  name: string;
  start: string;
  /** Runs the path and returns the workflow runs to store, by file name. */
  run(r: Run): Promise<Record<string, WorkflowHandle>>;
}

async function save(name: string, handle: WorkflowHandle): Promise<void> {
  const history = await handle.fetchHistory();
  const file = path.join(outDir, `${name}.json`);
  fs.writeFileSync(file, historyToJSON(history));
  console.log(`${file}: ${history.events?.length} events`);
}

async function conduct(h: WorkflowHandle, name: ConductCommandName, input: Record<string, unknown>): Promise<ConductView> {
  return h.executeUpdate(conductUpdates[name] as unknown as UpdateDefinition<ConductView, [unknown]>, { args: [{ actor: 'director-1', ...input }] });
}

async function action(h: WorkflowHandle, name: keyof typeof actionUpdates, input: Record<string, unknown>): Promise<ActionView> {
  return h.executeUpdate(actionUpdates[name] as unknown as UpdateDefinition<ActionView, [unknown]>, { args: [{ actor: 'manager-1', ...input }] });
}

const KINDS: Kind[] = [
  {
    // Warned, restricted with a review on a day later proclaimed a bank holiday (the reminder moves to Fri 16 Sep),
    // reviewed and continued, investigations discontinued, then the restriction lifts itself on its expiry date.
    name: 'conduct-restricted-holiday-reviewed-expired',
    start: '2022-09-01T09:00:00Z',
    async run({ client, taskQueue, records, until }) {
      const filed = await records.createCase(newCase('CSC-2022-CNDRPL', { receivedAt: '2022-09-01T08:00:00Z' }));
      const personId = filed.case.people.find((p) => p.role === 'complainant')!.id;
      const before = calendarDataFor((await new CalendarStore(records.db).loadBankHolidays(withoutFuneral(FULL), 'recorder')).version, ENGLAND_STATUTORY_POLICY);
      const h = await client.workflow.start(conductWorkflow, { workflowId: conductWorkflowId(personId), taskQueue, args: [{ personId, reference: 'CSC-2022-CNDRPL', calendar: before }] });
      await conduct(h, 'warn', { reason: 'Forty calls a day to the team' });
      await until('2022-09-02T09:00:00Z');
      await conduct(h, 'restrict', { reason: 'Calls continued after the warning', allowedContact: ['letter'], expiresOn: '2022-10-31', reviewOn: FUNERAL });
      await until('2022-09-09T10:00:00Z');
      const after = calendarDataFor((await new CalendarStore(records.db).loadBankHolidays(FULL, 'recorder')).version, ENGLAND_STATUTORY_POLICY);
      await h.signal(conductCalendarChangedSignal, { calendar: after, actor: 'recorder', sequence: 2 });
      await until('2022-09-19T10:00:00Z');
      await conduct(h, 'review', { decision: 'continue', reviewOn: '2022-10-10' });
      await until('2022-09-20T10:00:00Z');
      await conduct(h, 'discontinue', { reason: 'The complaints repeat matters already investigated' });
      await until('2022-11-01T10:00:00Z');
      return { 'conduct-restricted-holiday-reviewed-expired': h };
    },
  },
  {
    // A Stage 2 recommendation: extended, handed to another owner, reminded, overdue (manager, then director), completed.
    name: 'actions-extended-reassigned-overdue-completed',
    start: '2027-03-19T15:00:00Z',
    async run({ client, taskQueue, records, until }) {
      const reference = 'CSC-2027-ACTRPL';
      await records.createCase(newCase(reference, { receivedAt: '2027-03-15T10:00:00Z' }));
      const actionId = `${reference}-stage2-R1`;
      const h = await client.workflow.start(actionWorkflow, {
        workflowId: actionWorkflowId(actionId),
        taskQueue,
        args: [{ actionId, reference, source: 'stage2', recommendationId: 'R1', owner: 'hos-1', dueInWorkingDays: 5, from: '2027-03-19', calendar: defaultCalendarData(), noticeBlock: 1, actor: 'adjudicator-1' }],
      });
      await until('2027-03-22T09:00:00Z');
      await action(h, 'extend', { workingDays: 2, noteId: 'n-extend' });
      await action(h, 'reassign', { owner: 'hos-3', noteId: 'n-reassign' });
      await until('2027-04-20T10:00:00Z');
      await action(h, 'complete', { noteId: 'n-complete' });
      await until('2027-04-21T10:00:00Z');
      return { 'actions-extended-reassigned-overdue-completed': h };
    },
  },
  {
    // A proclaimed holiday carried to three cases (two pages, one case with a running workflow) and one person's conduct workflow.
    name: 'calendar-change',
    start: '2022-09-01T09:00:00Z',
    async run({ client, taskQueue, records, until }) {
      const store = new CalendarStore(records.db);
      const before = calendarDataFor((await store.loadBankHolidays(withoutFuneral(FULL), 'recorder')).version, ENGLAND_STATUTORY_POLICY);
      const references = ['CSC-2022-CALRP1', 'CSC-2022-CALRP2', 'CSC-2022-CALRP3'];
      const filed = await Promise.all(references.map((reference) => records.createCase(newCase(reference, { receivedAt: '2022-09-01T08:00:00Z' }))));
      await client.workflow.start(complaintWorkflow, {
        workflowId: references[0]!,
        taskQueue,
        args: [{ reference: references[0]!, receivedAt: '2022-09-01T08:00:00Z', policy: ENGLAND_STATUTORY_POLICY, calendar: before, actor: 'recorder' }],
      });
      const personId = filed[0]!.case.people.find((p) => p.role === 'complainant')!.id;
      const person = await client.workflow.start(conductWorkflow, { workflowId: conductWorkflowId(personId), taskQueue, args: [{ personId, reference: references[0]!, calendar: before }] });
      await conduct(person, 'warn', { reason: 'Forty calls a day to the team' });
      await until('2022-09-02T09:00:00Z');
      await conduct(person, 'restrict', { reason: 'Calls continued', allowedContact: ['letter'], expiresOn: '2022-10-31', reviewOn: FUNERAL });
      await until('2022-09-09T10:00:00Z');
      const proclaimed = await store.loadBankHolidays(FULL, 'recorder');
      const workflowId = calendarChangeWorkflowId(proclaimed.version.id);
      const first = await client.workflow.start(calendarChangeWorkflow, { workflowId, taskQueue, args: [{ change: proclaimed.change!.seq, version: proclaimed.version.id, actor: 'recorder', pageSize: 2 }] });
      const last = client.workflow.getHandle(workflowId);
      for (let i = 0; i < 600 && !(await last.query(calendarChangeProgressQuery).catch(() => undefined))?.finished; i++) await new Promise((r) => setTimeout(r, 100));
      await last.result();
      return { 'calendar-change-first-page': client.workflow.getHandle(workflowId, first.firstExecutionRunId), 'calendar-change-last-page-with-conduct': client.workflow.getHandle(workflowId) };
    },
  },
  {
    // The daily run: one case closed seven years ago disposed of, one recent case kept.
    name: 'retention-disposes',
    start: '2027-06-01T02:00:00Z',
    async run({ client, taskQueue, records }) {
      await records.createCase(newCase('CSC-2019-RETRPL', { receivedAt: '2019-01-07T09:00:00Z' }));
      await records.db.query(`UPDATE cases SET status = 'closed', closed_at = '2019-03-01' WHERE reference = 'CSC-2019-RETRPL'`);
      await records.createCase(newCase('CSC-2027-RETRPL', { receivedAt: '2027-05-03T09:00:00Z' }));
      const h = await client.workflow.start(retentionWorkflow, { workflowId: 'records-retention-replay', taskQueue, args: [{ policyId: 'england-statutory' }] });
      console.log('retention:', JSON.stringify(await h.result()));
      return { 'retention-disposes': h };
    },
  },
];

Runtime.install({ logger: new DefaultLogger('WARN') });
fs.mkdirSync(outDir, { recursive: true });
const only = process.argv[3];
for (const kind of KINDS.filter((k) => !only || k.name.startsWith(only))) {
  const env = await TestWorkflowEnvironment.createTimeSkipping({
    server: { executable: { type: 'existing-path', path: TEST_SERVER_LAUNCHER as string }, extraArgs: [`--start-time=${kind.start}`] },
  });
  const db = await openPglite('memory://');
  try {
    await migrate(db);
    const records = new Records(db);
    await registerSearchAttributes(env.client, 'default', { canList: false });
    const taskQueue = `record-${kind.name}`;
    const worker = await Worker.create({ connection: env.nativeConnection, taskQueue, workflowsPath: WORKFLOWS_PATH, bundlerOptions: BUNDLER_OPTIONS, activities: createActivities({ records }) });
    await worker.runUntil(async () => {
      const until = async (iso: string) => {
        const ms = Date.parse(iso) - (await env.currentTimeMs());
        if (ms > 0) await env.sleep(ms);
      };
      const runs = await kind.run({ env, client: env.client, taskQueue, records, until });
      for (const [name, handle] of Object.entries(runs)) await save(name, handle);
    });
  } finally {
    await env.teardown();
    await db.close();
  }
}
