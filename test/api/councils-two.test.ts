import { randomBytes } from 'node:crypto';
import path from 'node:path';
import { Client, type Connection, WorkflowNotFoundError } from '@temporalio/client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Role } from '../../api/auth/roles';
import { openCouncilDelivery } from '../../activities/delivery/council';
import { loadConfig } from '../../config/config';
import bankHolidaysJson from '../../domain/bank-holidays.json';
import { WorkingDayCalendar } from '../../domain/calendar';
import { defaultCalendarData } from '../../domain/holidays';
import { addCouncil, parseCouncilArgs } from '../../scripts/council/add';
import { ENCODING } from '../../temporal/codec';
import { dataConverter } from '../../temporal/data-converter';
import { startApi, type ApiHarness } from '../helpers/dev-server';
import { eventually } from '../helpers/eventually';
import { startSmtp, type LocalSmtp } from '../helpers/smtp';

// Response bodies are checked field by field below.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Json = any;

/** Council ids of their own per run: the dev server outlives each test file. */
const run = randomBytes(3).toString('hex');
const A = `alpha-${run}`;
const B = `beta-${run}`;
const ROOT = path.resolve(import.meta.dirname, '../..');

function councilArgs(argv: string[]) {
  const parsed = parseCouncilArgs(['add', ...argv], ROOT);
  if (parsed.command !== 'add') throw new Error('not an add');
  return parsed.settings;
}

let api: ApiHarness;
let smtpA: LocalSmtp;
let smtpB: LocalSmtp;

beforeAll(async () => {
  smtpA = await startSmtp();
  smtpB = await startSmtp();
  // Each council's SMTP URL where its settings say it is (never in the database).
  process.env[`TEST_SMTP_URL_${run.toUpperCase()}_A`] = smtpA.url;
  process.env[`TEST_SMTP_URL_${run.toUpperCase()}_B`] = smtpB.url;
  // The deployment's own settings: what a council's row leaves out.
  const config = loadConfig({ COUNCIL_NAME: 'Deployment Council', COUNCIL_COMPLAINTS_PHONE: '01632 960999' });
  api = await startApi({
    councils: [
      councilArgs([A, '--name', 'Alphashire Council', '--policy', 'england-statutory', '--email', 'complaints@alphashire.example', '--phone', '01632 960111',
        '--address', '1 Alpha Street, Alphatown, AA1 1AA', '--mail-from', 'complaints@alphashire.example', '--smtp-url', `env:TEST_SMTP_URL_${run.toUpperCase()}_A`]),
      councilArgs([B, '--name', 'Betashire Council', '--policy', 'england-statutory', '--email', 'complaints@betashire.example',
        '--mail-from', 'complaints@betashire.example', '--smtp-url', `env:TEST_SMTP_URL_${run.toUpperCase()}_B`]),
    ],
    councilNotices: (records, settings) => openCouncilDelivery(config, records, settings),
  });
}, 180_000);
afterAll(async () => {
  await api?.stop();
  await smtpA?.close();
  await smtpB?.close();
});

async function call(council: string, role: Role, method: 'GET' | 'POST', url: string, body?: unknown, headers: Record<string, string> = {}) {
  const res = await fetch(`${api.baseUrl}${url}`, {
    method,
    headers: { authorization: `Bearer ${await api.token(role, `${role}-${council}`, ['Children in Care'], [council])}`, ...(body === undefined ? {} : { 'content-type': 'application/json' }), ...headers },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  const text = await res.text();
  return { status: res.status, body: (text.startsWith('{') ? JSON.parse(text) : text) as Json };
}

const complaint = (email: string) => ({
  receivedAt: new Date(Date.now() - 60_000).toISOString(),
  channel: 'email',
  complainant: { name: 'Alex Example', type: 'parent', email },
  summary: 'Contact arrangements were changed without telling me.',
  team: 'Children in Care',
});

const namespaceClient = (namespace: string) => new Client({ connection: api.client.connection, namespace, dataConverter: dataConverter(api.payloadKeys) });

describe('two councils on one deployment (dev server)', () => {
  let refA: string;
  let refB: string;

  beforeAll(async () => {
    const a = await call(A, 'complaints-officer', 'POST', '/v1/complaints', complaint('parent.a@example.org'));
    const b = await call(B, 'complaints-officer', 'POST', '/v1/complaints', complaint('parent.b@example.org'));
    expect(a.status, JSON.stringify(a.body)).toBe(201);
    expect(b.status, JSON.stringify(b.body)).toBe(201);
    refA = a.body.reference;
    refB = b.body.reference;
  }, 120_000);

  it('a case created in council B runs in B\'s own namespace, complaints-<B>, and in no other', async () => {
    const described = await namespaceClient(`complaints-${B}`).workflow.getHandle(refB).describe();
    expect(described.status.name).toBe('RUNNING');
    expect(described.taskQueue).toBe(api.taskQueue);
    for (const namespace of [`complaints-${A}`, 'default']) {
      await expect(namespaceClient(namespace).workflow.getHandle(refB).describe(), namespace).rejects.toBeInstanceOf(WorkflowNotFoundError);
    }
    // Its worker filed it in B's records, not A's or the default council's.
    await eventually(async () => (await api.records.forCouncil(B).listEvents(refB)).length, (n) => n > 0, 30_000);
    expect(await api.records.forCouncil(A).getCase(refB)).toBeUndefined();
    expect(await api.records.getCase(refB)).toBeUndefined();
  });

  it('a token for council A gets 404 for council B\'s case, its letters, chronology and commands; its listing and report hold A\'s cases only', async () => {
    const missing = await call(A, 'complaints-manager', 'GET', '/v1/complaints/CSC-2026-ZZZZZZ');
    expect(missing.status).toBe(404);
    for (const url of [`/v1/complaints/${refB}`, `/v1/complaints/${refB}/correspondence`, `/v1/complaints/${refB}/chronology`]) {
      const res = await call(A, 'complaints-manager', 'GET', url);
      expect(res.status, url).toBe(404);
      expect(res.body.detail, url).toBe(`No complaint has reference ${refB}`);
    }
    const command = await call(A, 'complaints-manager', 'POST', `/v1/complaints/${refB}/commands/acknowledge`, { note: 'not ours' });
    expect(command.status).toBe(404);
    expect(command.body.detail).toBe(`No complaint has reference ${refB}`);
    // B's case is untouched by that: still waiting on its acknowledgement.
    expect((await call(B, 'complaints-manager', 'GET', `/v1/complaints/${refB}`)).body.deadlines[0].state).toBe('pending');

    const listed = async (council: string) => ((await call(council, 'complaints-manager', 'GET', '/v1/complaints?limit=200')).body.cases as Json[]).map((c) => c.reference);
    expect(await listed(A)).toEqual([refA]);
    expect(await listed(B)).toEqual([refB]);
    // B's report cannot be asked for with A's token; A's own counts A's one case.
    const period = `/v1/reports/annual?from=2026-01-01&to=${new Date().toISOString().slice(0, 10)}`;
    const other = await call(A, 'complaints-manager', 'GET', period, undefined, { 'x-council': B });
    expect(other.status).toBe(403);
    const received = async (council: string) => (await call(council, 'complaints-manager', 'GET', period)).body.stages.stage1.received as number;
    expect(await eventually(() => received(A), (n) => n === 1, 30_000)).toBe(1);
    expect(await eventually(() => received(B), (n) => n === 1, 30_000)).toBe(1);
    expect((await call('default', 'complaints-manager', 'GET', period)).body.stages.stage1.received).toBe(0);
  });

  it('the codec decodes a council\'s own payloads only: B\'s case or B\'s namespace is a 404 to A', async () => {
    const history = await namespaceClient(`complaints-${B}`).workflow.getHandle(refB).fetchHistory();
    const input = history.events![0]!.workflowExecutionStartedEventAttributes!.input!.payloads!;
    expect(Buffer.from(input[0]!.metadata!.encoding!).toString()).toBe(ENCODING);
    const payloads = input.map((p) => ({
      metadata: Object.fromEntries(Object.entries(p.metadata ?? {}).map(([k, v]) => [k, Buffer.from(v!).toString('base64')])),
      data: Buffer.from(p.data!).toString('base64'),
    }));
    const asA = await call(A, 'complaints-manager', 'POST', '/codec/decode', { payloads }, { 'x-namespace': `complaints-${A}` });
    expect(asA.status).toBe(404);
    expect(asA.body.detail).toBe(`No complaint has reference ${refB}`);
    const wrongNamespace = await call(A, 'complaints-manager', 'POST', '/codec/decode', { payloads }, { 'x-namespace': `complaints-${B}` });
    expect(wrongNamespace.status).toBe(404);
    expect(wrongNamespace.body.detail).toBe(`Your council's cases are not in the namespace complaints-${B}`);
    const asB = await call(B, 'complaints-manager', 'POST', '/codec/decode', { payloads }, { 'x-namespace': `complaints-${B}` });
    expect(asB.status).toBe(200);
    expect(Buffer.from(asB.body.payloads[0].data, 'base64').toString()).toContain(refB);
  });

  it('each council\'s letters carry its own identity, through its own channel', async () => {
    for (const [council, ref] of [[A, refA], [B, refB]] as const) {
      expect((await call(council, 'complaints-manager', 'POST', `/v1/complaints/${ref}/commands/acknowledge`, { note: 'acknowledged by email' })).status).toBe(200);
    }
    const letterOf = (smtp: LocalSmtp, to: string) => eventually(async () => smtp.mails.find((m) => m.to.includes(to)), (m) => m !== undefined, 30_000);
    const a = (await letterOf(smtpA, 'parent.a@example.org'))!;
    const b = (await letterOf(smtpB, 'parent.b@example.org'))!;
    expect(a.text).toMatch(/^From: .*complaints@alphashire\.example/m);
    expect(a.text).toContain(refA);
    expect(a.text).toContain('Alphashire Council');
    expect(a.text).toContain('on 01632 960111, email complaints@alphashire.example or write to us at 1 Alpha Street, Alphatown, AA1 1AA');
    expect(a.text).not.toContain('Betashire');
    expect(b.text).toMatch(/^From: .*complaints@betashire\.example/m);
    expect(b.text).toContain(refB);
    expect(b.text).toContain('Betashire Council');
    // B's row gives no phone: the deployment's.
    expect(b.text).toContain('on 01632 960999, email complaints@betashire.example');
    expect(b.text).not.toContain('Alphashire');
    // Neither council's letter went through the other's server.
    expect(smtpA.mails.some((m) => m.to.includes('parent.b@example.org'))).toBe(false);
    expect(smtpB.mails.some((m) => m.to.includes('parent.a@example.org'))).toBe(false);
  });

  it('a calendar change in council A moves A\'s workflow clocks and leaves B\'s workflow and calendar untouched', async () => {
    const base = new WorkingDayCalendar(defaultCalendarData());
    // Fresh cases (the first ones were acknowledged above), received together.
    const a = (await call(A, 'complaints-officer', 'POST', '/v1/complaints', complaint('second.a@example.org'))).body;
    const b = (await call(B, 'complaints-officer', 'POST', '/v1/complaints', complaint('second.b@example.org'))).body;
    expect(a.receivedOn).toBe(b.receivedOn);
    const oldDue = base.addWorkingDays(a.receivedOn, 3);
    expect(b.deadlines).toEqual([expect.objectContaining({ key: 'stage1.acknowledge', due: oldDue, state: 'pending' })]);

    // A holiday on the cases' second working day, in A's calendar alone.
    const holiday = base.addWorkingDays(a.receivedOn, 2);
    const file = structuredClone(bankHolidaysJson) as Json;
    file['england-and-wales'].events.push({ title: 'Proclaimed holiday', date: holiday, notes: '', bunting: false });
    const change = await call(A, 'complaints-manager', 'POST', '/v1/calendar/changes', file);
    expect(change.status).toBe(202);
    const progress = await eventually(
      async () => (await call(A, 'complaints-manager', 'GET', `/v1/calendar/changes/${change.body.id}`)).body,
      (c: Json) => c.progress?.finished === true,
      60_000,
    );
    // A's pass reached A's two live cases (the first is past its acknowledgement but still open), in A's namespace.
    expect(progress.progress).toMatchObject({ failed: 0, finished: true });
    await namespaceClient(`complaints-${A}`).workflow.getHandle(change.body.workflowId).describe();
    await expect(namespaceClient(`complaints-${B}`).workflow.getHandle(change.body.workflowId).describe()).rejects.toBeInstanceOf(WorkflowNotFoundError);

    const viewA = await eventually(
      async () => (await call(A, 'complaints-manager', 'GET', `/v1/complaints/${a.reference}`)).body,
      (v: Json) => v.events.some((e: Json) => e.action === 'calendar-changed'),
      30_000,
    );
    expect(viewA.deadlines.find((d: Json) => d.key === 'stage1.acknowledge')).toMatchObject({ due: base.addWorkingDays(oldDue, 1), state: 'pending' });

    // B's workflow, asked directly: its clock as it was, and no calendar change in its events.
    const viewB = (await call(B, 'complaints-manager', 'GET', `/v1/complaints/${b.reference}`)).body;
    expect(viewB.deadlines.find((d: Json) => d.key === 'stage1.acknowledge')).toMatchObject({ due: oldDue, state: 'pending' });
    expect(viewB.events.some((e: Json) => e.action === 'calendar-changed')).toBe(false);
    const calendarB = (await call(B, 'complaints-manager', 'GET', '/v1/calendar')).body;
    expect(calendarB.change).toBeNull();
    expect(calendarB.version.bankHolidays.events).not.toContainEqual({ date: holiday, title: 'Proclaimed holiday' });
    // A new case in B still starts on B's calendar.
    const later = (await call(B, 'complaints-officer', 'POST', '/v1/complaints', complaint('third.b@example.org'))).body;
    expect(later.deadlines).toEqual([expect.objectContaining({ key: 'stage1.acknowledge', due: oldDue })]);
  });

  it('a council added while the API runs is served from its next request: refused (503) before, in its own namespace after', async () => {
    const C = `gamma-${run}`;
    const before = await call(C, 'complaints-officer', 'POST', '/v1/complaints', complaint('parent.c@example.org'));
    expect(before.status).toBe(503);
    expect(before.body.detail).toBe(
      `Council ${C} has not been added to this deployment (npm run council -- add ${C}), so its cases run in no namespace this API reaches (complaints-${C}); only reads of its records are answered.`,
    );
    await addCouncil({ db: api.ownerDb!, connection: api.client.connection as Connection, taskQueue: api.taskQueue }, councilArgs([C, '--name', 'Gammashire Council', '--policy', 'england-statutory']));
    // A council found missing is asked for again after a few seconds.
    const created = await eventually(() => call(C, 'complaints-officer', 'POST', '/v1/complaints', complaint('parent.c@example.org')), (r) => r.status !== 503, 30_000);
    expect(created.status).toBe(201);
    const described = await namespaceClient(`complaints-${C}`).workflow.getHandle(created.body.reference).describe();
    expect(described.status.name).toBe('RUNNING');
    await namespaceClient(`complaints-${C}`).workflow.getHandle(created.body.reference).terminate('no worker polls this council in the test');
  });
});
