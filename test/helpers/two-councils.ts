/**
 * Two councils on one deployment, proved isolated: the same checks on the
 * dev server (test/api/councils-two.test.ts) and on the cluster
 * (test/cluster/councils.test.ts). Each file adds the two councils its own
 * way (the settings below, through the real add routine) and hands these
 * checks the means to reach its deployment.
 */
import path from 'node:path';
import { type Client, WorkflowNotFoundError } from '@temporalio/client';
import { beforeAll, describe, expect, it } from 'vitest';
import type { Role } from '../../api/auth/roles';
import bankHolidaysJson from '../../domain/bank-holidays.json';
import { WorkingDayCalendar } from '../../domain/calendar';
import { defaultCalendarData } from '../../domain/holidays';
import type { CouncilSettings } from '../../records/councils';
import type { Records } from '../../records/repository';
import { parseCouncilArgs } from '../../scripts/council/add';
import { ENCODING } from '../../temporal/codec';
import { eventually } from './eventually';
import type { LocalSmtp } from './smtp';

// Response bodies are checked field by field below.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type Json = any;

const ROOT = path.resolve(import.meta.dirname, '../..');

/** A council's settings as `npm run council -- add <argv>` parses them. */
export function councilArgs(argv: string[]): CouncilSettings {
  const parsed = parseCouncilArgs(['add', ...argv], ROOT);
  if (parsed.command !== 'add') throw new Error('not an add');
  return parsed.settings;
}

/**
 * The two councils' settings: A with its own phone and address, B without
 * (its letters give the deployment's phone), each with its own SMTP server,
 * where `smtpRefA` / `smtpRefB` say (env:NAME or file:/path).
 */
export function twoCouncilSettings(A: string, B: string, smtpRefA: string, smtpRefB: string): [CouncilSettings, CouncilSettings] {
  return [
    councilArgs([A, '--name', 'Alphashire Council', '--policy', 'england-statutory', '--email', 'complaints@alphashire.example', '--phone', '01632 960111',
      '--address', '1 Alpha Street, Alphatown, AA1 1AA', '--mail-from', 'complaints@alphashire.example', '--smtp-url', smtpRefA]),
    councilArgs([B, '--name', 'Betashire Council', '--policy', 'england-statutory', '--email', 'complaints@betashire.example',
      '--mail-from', 'complaints@betashire.example', '--smtp-url', smtpRefB]),
  ];
}

/** What the checks need of a deployment serving councils `A` and `B` (added with twoCouncilSettings). */
export interface TwoCouncilDeployment {
  A: string;
  B: string;
  taskQueue: string;
  /** A request to the API with a token for `council` alone. */
  call(council: string, role: Role, method: 'GET' | 'POST', url: string, body?: unknown, headers?: Record<string, string>): Promise<{ status: number; body: Json }>;
  /** A client of `namespace`, with the deployment's payload keys. */
  namespaceClient(namespace: string): Client;
  /** The deployment's own namespace: the `default` council's. */
  defaultNamespace: string;
  /** The records as their owner (each council's through forCouncil). */
  records: Records;
  smtpA: LocalSmtp;
  smtpB: LocalSmtp;
  /** The deployment's COUNCIL_COMPLAINTS_PHONE, which B's letters give (B's row has none). */
  deploymentPhone: string;
}

const LONG = 120_000;

const complaint = (email: string) => ({
  receivedAt: new Date(Date.now() - 60_000).toISOString(),
  channel: 'email',
  complainant: { name: 'Alex Example', type: 'parent', email },
  summary: 'Contact arrangements were changed without telling me.',
  team: 'Children in Care',
});

/** The isolation checks, as one describe block; `deployment` is called once the file's own beforeAll has run. */
export function describeTwoCouncils(title: string, deployment: () => TwoCouncilDeployment): void {
  describe(title, () => {
    let d: TwoCouncilDeployment;
    let A: string;
    let B: string;
    let refA: string;
    let refB: string;
    const period = `/v1/reports/annual?from=2026-01-01&to=${new Date().toISOString().slice(0, 10)}`;
    const received = async (council: string) => (await d.call(council, 'complaints-manager', 'GET', period)).body.stages.stage1.received as number;
    let defaultReceived: number;

    beforeAll(async () => {
      d = deployment();
      ({ A, B } = d);
      defaultReceived = await received('default');
      const a = await d.call(A, 'complaints-officer', 'POST', '/v1/complaints', complaint('parent.a@example.org'));
      const b = await d.call(B, 'complaints-officer', 'POST', '/v1/complaints', complaint('parent.b@example.org'));
      expect(a.status, JSON.stringify(a.body)).toBe(201);
      expect(b.status, JSON.stringify(b.body)).toBe(201);
      refA = a.body.reference;
      refB = b.body.reference;
    }, LONG);

    it('a case created in council B runs in B\'s own namespace, complaints-<B>, and in no other', async () => {
      const described = await d.namespaceClient(`complaints-${B}`).workflow.getHandle(refB).describe();
      expect(described.status.name).toBe('RUNNING');
      expect(described.taskQueue).toBe(d.taskQueue);
      for (const namespace of [`complaints-${A}`, d.defaultNamespace]) {
        await expect(d.namespaceClient(namespace).workflow.getHandle(refB).describe(), namespace).rejects.toBeInstanceOf(WorkflowNotFoundError);
      }
      // Its worker filed it in B's records, not A's or the default council's.
      await eventually(async () => (await d.records.forCouncil(B).listEvents(refB)).length, (n) => n > 0, LONG);
      expect(await d.records.forCouncil(A).getCase(refB)).toBeUndefined();
      expect(await d.records.getCase(refB)).toBeUndefined();
    }, 2 * LONG);

    it('a token for council A gets 404 for council B\'s case, its letters, chronology and commands; its listing and report hold A\'s cases only', async () => {
      const missing = await d.call(A, 'complaints-manager', 'GET', '/v1/complaints/CSC-2026-ZZZZZZ');
      expect(missing.status).toBe(404);
      for (const url of [`/v1/complaints/${refB}`, `/v1/complaints/${refB}/correspondence`, `/v1/complaints/${refB}/chronology`]) {
        const res = await d.call(A, 'complaints-manager', 'GET', url);
        expect(res.status, url).toBe(404);
        expect(res.body.detail, url).toBe(`No complaint has reference ${refB}`);
      }
      const command = await d.call(A, 'complaints-manager', 'POST', `/v1/complaints/${refB}/commands/acknowledge`, { note: 'not ours' });
      expect(command.status).toBe(404);
      expect(command.body.detail).toBe(`No complaint has reference ${refB}`);
      // B's case is untouched by that: still waiting on its acknowledgement.
      expect((await d.call(B, 'complaints-manager', 'GET', `/v1/complaints/${refB}`)).body.deadlines[0].state).toBe('pending');

      const listed = async (council: string) => ((await d.call(council, 'complaints-manager', 'GET', '/v1/complaints?limit=200')).body.cases as Json[]).map((c) => c.reference);
      expect(await listed(A)).toEqual([refA]);
      expect(await listed(B)).toEqual([refB]);
      // B's report cannot be asked for with A's token; A's own counts A's one case.
      const other = await d.call(A, 'complaints-manager', 'GET', period, undefined, { 'x-council': B });
      expect(other.status).toBe(403);
      expect(await eventually(() => received(A), (n) => n === 1, LONG)).toBe(1);
      expect(await eventually(() => received(B), (n) => n === 1, LONG)).toBe(1);
      // Neither council's case counts in the default council's report.
      expect(await received('default')).toBe(defaultReceived);
    }, 3 * LONG);

    it('the codec decodes a council\'s own payloads only: B\'s case or B\'s namespace is a 404 to A', async () => {
      const history = await d.namespaceClient(`complaints-${B}`).workflow.getHandle(refB).fetchHistory();
      const input = history.events![0]!.workflowExecutionStartedEventAttributes!.input!.payloads!;
      expect(Buffer.from(input[0]!.metadata!.encoding!).toString()).toBe(ENCODING);
      const payloads = input.map((p) => ({
        metadata: Object.fromEntries(Object.entries(p.metadata ?? {}).map(([k, v]) => [k, Buffer.from(v!).toString('base64')])),
        data: Buffer.from(p.data!).toString('base64'),
      }));
      const asA = await d.call(A, 'complaints-manager', 'POST', '/codec/decode', { payloads }, { 'x-namespace': `complaints-${A}` });
      expect(asA.status).toBe(404);
      expect(asA.body.detail).toBe(`No complaint has reference ${refB}`);
      const wrongNamespace = await d.call(A, 'complaints-manager', 'POST', '/codec/decode', { payloads }, { 'x-namespace': `complaints-${B}` });
      expect(wrongNamespace.status).toBe(404);
      expect(wrongNamespace.body.detail).toBe(`Your council's cases are not in the namespace complaints-${B}`);
      const asB = await d.call(B, 'complaints-manager', 'POST', '/codec/decode', { payloads }, { 'x-namespace': `complaints-${B}` });
      expect(asB.status).toBe(200);
      expect(Buffer.from(asB.body.payloads[0].data, 'base64').toString()).toContain(refB);
    });

    it('each council\'s letters carry its own identity, through its own channel', async () => {
      for (const [council, ref] of [[A, refA], [B, refB]] as const) {
        expect((await d.call(council, 'complaints-manager', 'POST', `/v1/complaints/${ref}/commands/acknowledge`, { note: 'acknowledged by email' })).status).toBe(200);
      }
      const letterOf = (smtp: LocalSmtp, to: string) => eventually(async () => smtp.mails.find((m) => m.to.includes(to)), (m) => m !== undefined, LONG);
      const a = (await letterOf(d.smtpA, 'parent.a@example.org'))!;
      const b = (await letterOf(d.smtpB, 'parent.b@example.org'))!;
      expect(a.text).toMatch(/^From: .*complaints@alphashire\.example/m);
      expect(a.text).toContain(refA);
      expect(a.text).toContain('Alphashire Council');
      expect(a.text).toContain('on 01632 960111, email complaints@alphashire.example or write to us at 1 Alpha Street, Alphatown, AA1 1AA');
      expect(a.text).not.toContain('Betashire');
      expect(b.text).toMatch(/^From: .*complaints@betashire\.example/m);
      expect(b.text).toContain(refB);
      expect(b.text).toContain('Betashire Council');
      // B's row gives no phone: the deployment's.
      expect(b.text).toContain(`on ${d.deploymentPhone}, email complaints@betashire.example`);
      expect(b.text).not.toContain('Alphashire');
      // Neither council's letter went through the other's server.
      expect(d.smtpA.mails.some((m) => m.to.includes('parent.b@example.org'))).toBe(false);
      expect(d.smtpB.mails.some((m) => m.to.includes('parent.a@example.org'))).toBe(false);
    }, 3 * LONG);

    it('a calendar change in council A moves A\'s workflow clocks and leaves B\'s workflow and calendar untouched', async () => {
      const base = new WorkingDayCalendar(defaultCalendarData());
      // Fresh cases (the first ones were acknowledged above), received together.
      const a = (await d.call(A, 'complaints-officer', 'POST', '/v1/complaints', complaint('second.a@example.org'))).body;
      const b = (await d.call(B, 'complaints-officer', 'POST', '/v1/complaints', complaint('second.b@example.org'))).body;
      expect(a.receivedOn).toBe(b.receivedOn);
      const oldDue = base.addWorkingDays(a.receivedOn, 3);
      expect(b.deadlines).toEqual([expect.objectContaining({ key: 'stage1.acknowledge', due: oldDue, state: 'pending' })]);

      // A holiday on the cases' second working day, in A's calendar alone.
      const holiday = base.addWorkingDays(a.receivedOn, 2);
      const file = structuredClone(bankHolidaysJson) as Json;
      file['england-and-wales'].events.push({ title: 'Proclaimed holiday', date: holiday, notes: '', bunting: false });
      const change = await d.call(A, 'complaints-manager', 'POST', '/v1/calendar/changes', file);
      expect(change.status).toBe(202);
      const progress = await eventually(
        async () => (await d.call(A, 'complaints-manager', 'GET', `/v1/calendar/changes/${change.body.id}`)).body,
        (c: Json) => c.progress?.finished === true,
        LONG,
      );
      // A's pass reached A's two live cases (the first is past its acknowledgement but still open), in A's namespace.
      expect(progress.progress).toMatchObject({ failed: 0, finished: true });
      await d.namespaceClient(`complaints-${A}`).workflow.getHandle(change.body.workflowId).describe();
      await expect(d.namespaceClient(`complaints-${B}`).workflow.getHandle(change.body.workflowId).describe()).rejects.toBeInstanceOf(WorkflowNotFoundError);

      const viewA = await eventually(
        async () => (await d.call(A, 'complaints-manager', 'GET', `/v1/complaints/${a.reference}`)).body,
        (v: Json) => v.events.some((e: Json) => e.action === 'calendar-changed'),
        LONG,
      );
      expect(viewA.deadlines.find((x: Json) => x.key === 'stage1.acknowledge')).toMatchObject({ due: base.addWorkingDays(oldDue, 1), state: 'pending' });

      // B's workflow, asked directly: its clock as it was, and no calendar change in its events.
      const viewB = (await d.call(B, 'complaints-manager', 'GET', `/v1/complaints/${b.reference}`)).body;
      expect(viewB.deadlines.find((x: Json) => x.key === 'stage1.acknowledge')).toMatchObject({ due: oldDue, state: 'pending' });
      expect(viewB.events.some((e: Json) => e.action === 'calendar-changed')).toBe(false);
      const calendarB = (await d.call(B, 'complaints-manager', 'GET', '/v1/calendar')).body;
      expect(calendarB.change).toBeNull();
      expect(calendarB.version.bankHolidays.events).not.toContainEqual({ date: holiday, title: 'Proclaimed holiday' });
      // A new case in B still starts on B's calendar.
      const later = (await d.call(B, 'complaints-officer', 'POST', '/v1/complaints', complaint('third.b@example.org'))).body;
      expect(later.deadlines).toEqual([expect.objectContaining({ key: 'stage1.acknowledge', due: oldDue })]);
    }, 4 * LONG);
  });
}

export { complaint as twoCouncilComplaint };
