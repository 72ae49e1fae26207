import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Role } from '../../api/auth/roles';
import bankHolidaysJson from '../../domain/bank-holidays.json';
import { WorkingDayCalendar } from '../../domain/calendar';
import { defaultCalendarData } from '../../domain/holidays';
import { startApi, type ApiHarness } from '../helpers/dev-server';
import { eventually } from '../helpers/eventually';
import { calendarChangeProgressQuery } from '../../workflows/calendar/messages';
import { calendarChangeWorkflow } from '../../workflows/calendar/workflow';

let api: ApiHarness;
beforeAll(async () => {
  api = await startApi();
});
afterAll(async () => {
  await api?.stop();
});

// Response bodies are checked field by field below.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Json = any;

async function post(path: string, payload: unknown, role: Role = 'complaints-manager', key?: string) {
  return fetch(`${api.baseUrl}${path}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${await api.token(role)}`, ...(key ? { 'idempotency-key': key } : {}) },
    body: JSON.stringify(payload),
  });
}

async function get(path: string, role: Role = 'complaints-manager') {
  return fetch(`${api.baseUrl}${path}`, { headers: { authorization: `Bearer ${await api.token(role)}` } });
}

const complaint = {
  channel: 'email',
  complainant: { name: 'Alex Example', type: 'parent', email: 'alex@example.org' },
  summary: 'Contact arrangements were changed without telling me.',
  team: 'Children in Care',
};

/** The GOV.UK file with one more England and Wales holiday (a proclamation). */
function fileWith(date: string, title: string): Json {
  const file = structuredClone(bankHolidaysJson) as Json;
  file['england-and-wales'].events.push({ title, date, notes: '', bunting: false });
  return file;
}

async function finished(changeId: number): Promise<Json> {
  return eventually(
    async () => (await get(`/v1/calendar/changes/${changeId}`)).json() as Promise<Json>,
    (c) => c.progress?.finished === true,
    30_000,
  );
}

describe('calendar changes through the API (dev server)', () => {
  const base = new WorkingDayCalendar(defaultCalendarData());
  let live: Json;
  let holiday: string;
  let change: Json;

  it('shows the built-in calendar until a change is loaded', async () => {
    const res = await get('/v1/calendar', 'auditor');
    expect(res.status).toBe(200);
    const body: Json = await res.json();
    expect(body.change).toBeNull();
    expect(body.version).toMatchObject({ id: expect.stringMatching(/^[0-9a-f]{16}$/), createdBy: 'built-in', closureDays: [] });
    expect(body.version.bankHolidays.events).toContainEqual({ date: '2026-12-25', title: 'Christmas Day' });
  });

  it('refuses bad input naming the field, and the wrong role, changing nothing', async () => {
    const bad = await post('/v1/calendar/changes', { date: '2026-02-30', reason: '' });
    expect(bad.status).toBe(400);
    expect(bad.headers.get('content-type')).toContain('application/problem+json');
    expect(((await bad.json()) as Json).errors.map((e: Json) => e.field).sort()).toEqual(['date', 'reason']);

    const { scotland: _dropped, ...noScotland } = bankHolidaysJson as Json;
    const badFile = await post('/v1/calendar/changes', noScotland);
    expect(badFile.status).toBe(400);
    expect(((await badFile.json()) as Json).errors).toContainEqual(expect.objectContaining({ field: 'scotland' }));

    const emptied = structuredClone(bankHolidaysJson) as Json;
    emptied['england-and-wales'].events = [];
    const emptyRes = await post('/v1/calendar/changes', emptied);
    expect(emptyRes.status).toBe(400);
    expect(((await emptyRes.json()) as Json).errors).toEqual([{ field: 'england-and-wales.events', message: 'has no events' }]);

    const duplicate = fileWith('2026-12-25', 'Christmas again');
    const dupRes = await post('/v1/calendar/changes', duplicate);
    expect(dupRes.status).toBe(400);
    expect(((await dupRes.json()) as Json).errors[0].message).toBe('duplicate date 2026-12-25');

    const officer = await post('/v1/calendar/changes', { date: '2026-12-29', reason: 'Christmas closure' }, 'complaints-officer');
    expect(officer.status).toBe(403);

    expect(((await (await get('/v1/calendar')).json()) as Json).change).toBeNull();
  });

  it('a proclaimed holiday moves a live case\'s pending deadline, with its explanation, and reports progress', async () => {
    const created = await post('/v1/complaints', { ...complaint, receivedAt: new Date(Date.now() - 60_000).toISOString() }, 'complaints-officer');
    expect(created.status).toBe(201);
    live = await created.json();
    const oldDue = base.addWorkingDays(live.receivedOn, 3);
    expect(live.deadlines).toEqual([expect.objectContaining({ key: 'stage1.acknowledge', due: oldDue, state: 'pending' })]);

    // A holiday on the case's second working day: its acknowledgement is due one working day later.
    holiday = base.addWorkingDays(live.receivedOn, 2);
    const res = await post('/v1/calendar/changes', fileWith(holiday, 'Proclaimed holiday'));
    expect(res.status).toBe(202);
    change = await res.json();
    expect(res.headers.get('location')).toBe(`/v1/calendar/changes/${change.id}`);
    expect(change).toMatchObject({
      kind: 'bank-holidays',
      actor: 'complaints-manager-1',
      created: true,
      detail: { added: [{ date: holiday, title: 'Proclaimed holiday' }], removed: [] },
      workflowId: `calendar-change-${change.version}`,
    });

    const done = await finished(change.id);
    expect(done.progress).toEqual({ change: change.id, version: change.version, total: 1, done: 1, skipped: 0, failed: 0, failedReferences: [], finished: true });

    const view: Json = await eventually(
      async () => (await get(`/v1/complaints/${live.reference}`)).json() as Promise<Json>,
      (v) => v.events.some((e: Json) => e.action === 'calendar-changed'),
    );
    const newDue = base.addWorkingDays(oldDue, 1);
    const ack = view.deadlines.find((d: Json) => d.key === 'stage1.acknowledge');
    expect(ack).toMatchObject({ due: newDue, state: 'pending' });
    expect(ack.explanation).toContain('(Proclaimed holiday)');
    expect(view.events.at(-1)).toMatchObject({
      action: 'calendar-changed',
      actor: 'complaints-manager-1',
      detail: { calendarChange: change.id, moved: `stage1.acknowledge: ${oldDue} → ${newDue}`, explanations: { 'stage1.acknowledge': ack.explanation } },
    });

    const current: Json = await (await get('/v1/calendar', 'service-manager')).json();
    expect(current.version.id).toBe(change.version);
    expect(current.change.id).toBe(change.id);
    expect(current.version.bankHolidays.events).toContainEqual({ date: holiday, title: 'Proclaimed holiday' });
  });

  it('posting the same file again is the same change and the same run: nothing moves twice', async () => {
    const before = await api.client.workflow.getHandle(change.workflowId).describe();
    const res = await post('/v1/calendar/changes', fileWith(holiday, 'Proclaimed holiday'));
    expect(res.status).toBe(202);
    expect(await res.json()).toMatchObject({ id: change.id, version: change.version, created: false });
    const after = await api.client.workflow.getHandle(change.workflowId).describe();
    expect(after.runId).toBe(before.runId);
    const view: Json = await (await get(`/v1/complaints/${live.reference}`)).json();
    expect(view.events.filter((e: Json) => e.action === 'calendar-changed')).toHaveLength(1);
  });

  it('a pass in pages, one run a page (continue-as-new), reaches every live case and moves nothing twice', async () => {
    for (let i = 0; i < 2; i++) {
      expect((await post('/v1/complaints', { ...complaint, receivedAt: new Date(Date.now() - 60_000).toISOString() }, 'complaints-officer')).status).toBe(201);
    }
    const open = ((await (await get('/v1/complaints?limit=200', 'auditor')).json()) as Json).cases.filter((c: Json) => c.stage !== 'closed').length;
    expect(open).toBeGreaterThanOrEqual(3);
    const workflowId = `calendar-change-${change.version}-paged`;
    const first = await api.client.workflow.start(calendarChangeWorkflow, {
      workflowId,
      taskQueue: api.taskQueue,
      args: [{ change: change.id, version: change.version, actor: 'complaints-manager-1', pageSize: 1 }],
    });
    const progress = await eventually(() => api.client.workflow.getHandle(workflowId).query(calendarChangeProgressQuery), (p) => p.finished, 60_000);
    expect(progress).toMatchObject({ change: change.id, total: open, done: open, failed: 0, finished: true });
    expect((await api.client.workflow.getHandle(workflowId).describe()).runId).not.toBe(first.firstExecutionRunId);
    const view: Json = await (await get(`/v1/complaints/${live.reference}`)).json();
    expect(view.events.filter((e: Json) => e.action === 'calendar-changed')).toHaveLength(1);
  });

  it('a closure day: keyed retries get the first answer, the key reused for another body is 409, new cases start on it', async () => {
    const closure = { date: '2026-03-05', reason: 'Office move' };
    const first = await post('/v1/calendar/changes', closure, 'complaints-manager', 'closure-1');
    expect(first.status).toBe(202);
    const body: Json = await first.json();
    expect(body).toMatchObject({ kind: 'closure-day', detail: closure, created: true });
    const retry = await post('/v1/calendar/changes', closure, 'complaints-manager', 'closure-1');
    expect(retry.status).toBe(202);
    expect(await retry.json()).toEqual(body);
    const reused = await post('/v1/calendar/changes', { date: '2026-03-06', reason: 'Office move' }, 'complaints-manager', 'closure-1');
    expect(reused.status).toBe(409);
    expect(((await reused.json()) as Json).type).toBe('/problems/idempotency-key-reused');
    await finished(body.id);

    // Received Mon 2 Mar 2026: acknowledgement due Thu 5 Mar, the day the office is closed: a warning, never a later date.
    const created = await post('/v1/complaints', { ...complaint, receivedAt: '2026-03-02T10:00:00Z' }, 'complaints-officer');
    expect(created.status).toBe(201);
    const view: Json = await created.json();
    expect(view.deadlines).toEqual([expect.objectContaining({ key: 'stage1.acknowledge', due: '2026-03-05' })]);
    expect(view.deadlines[0].warnings).toContain('due on Thu 5 Mar 2026, a day the office is closed');
    const current: Json = await (await get('/v1/calendar')).json();
    expect(current.version.closureDays).toEqual([closure]);
    // The proclaimed holiday stays: a closure day is added on top of the current file.
    expect(current.version.bankHolidays.events).toContainEqual({ date: holiday, title: 'Proclaimed holiday' });
  });

  it('an unknown change is 404; the paths are in the OpenAPI document', async () => {
    expect((await get('/v1/calendar/changes/999999')).status).toBe(404);
    expect((await get('/v1/calendar/changes/abc')).status).toBe(404);
    expect((await get('/v1/calendar/changes/1', 'investigating-officer')).status).toBe(403);
    const doc: Json = await (await fetch(`${api.baseUrl}/openapi.json`)).json();
    expect(Object.keys(doc.paths)).toEqual(expect.arrayContaining(['/v1/calendar', '/v1/calendar/changes', '/v1/calendar/changes/{id}']));
  });
});
