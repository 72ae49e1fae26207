import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { londonDateOf } from '../../domain/dates';
import { WorkingDayCalendar } from '../../domain/calendar';
import { defaultCalendarData } from '../../domain/holidays';
import type { Role } from '../../api/auth/roles';
import { startApi, type ApiHarness } from '../helpers/dev-server';
import { eventually } from '../helpers/eventually';

let api: ApiHarness;
beforeAll(async () => {
  api = await startApi();
});
afterAll(async () => {
  await api?.stop();
});

// Response bodies are checked field by field below.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
async function body(res: Response): Promise<any> {
  return res.json();
}

async function post(path: string, payload: unknown, role: Role = 'complaints-officer') {
  return fetch(`${api.baseUrl}${path}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${await api.token(role)}` },
    body: typeof payload === 'string' ? payload : JSON.stringify(payload),
  });
}

async function get(path: string, role: Role = 'complaints-officer') {
  return fetch(`${api.baseUrl}${path}`, { headers: { authorization: `Bearer ${await api.token(role)}` } });
}

const complaint = {
  receivedAt: '2026-11-20T14:05:00+00:00',
  channel: 'email',
  complainant: { name: 'Alex Example', type: 'parent', email: 'alex@example.org' },
  summary: 'Contact arrangements were changed without telling me.',
  team: 'Children in Care',
};

describe('complaints API on the dev server', () => {
  it('creates a case whose workflow id is its reference and holds the stage1.acknowledge clock', async () => {
    const res = await post('/v1/complaints', complaint);
    expect(res.status).toBe(201);
    const view = await body(res);
    expect(view.reference).toMatch(/^CSC-\d{4}-[0-9A-Z]{6}$/);
    expect(res.headers.get('location')).toBe(`/v1/complaints/${view.reference}`);
    // Received Fri 20 Nov 2026: three working days → Wed 25 Nov 2026.
    expect(view.receivedOn).toBe('2026-11-20');
    expect(view.deadlines).toEqual([
      expect.objectContaining({ key: 'stage1.acknowledge', due: '2026-11-25' }),
    ]);
    expect(JSON.stringify(view)).not.toContain('Alex');

    const got = await get(`/v1/complaints/${view.reference}`);
    expect(got.status).toBe(200);
    expect((await body(got)).deadlines[0].due).toBe('2026-11-25');

    const description = await api.client.workflow.getHandle(view.reference).describe();
    expect(description.workflowId).toBe(view.reference);
    expect(description.taskQueue).toBe(api.taskQueue);

    // Operators find it by stage and team in visibility (eventually consistent).
    const query = `ComplaintStage = "stage1" AND ComplaintTeam = "Children in Care" AND WorkflowId = "${view.reference}"`;
    const found = await eventually(
      async () => {
        const ids: string[] = [];
        for await (const wf of api.client.workflow.list({ query })) ids.push(wf.workflowId);
        return ids;
      },
      (ids) => ids.length === 1,
    );
    expect(found).toEqual([view.reference]);
  });

  it('acknowledges through a command, then refuses a second acknowledgement with 409 and its reason', async () => {
    const now = Date.now();
    const created = await body(await post('/v1/complaints', { ...complaint, receivedAt: new Date(now - 60_000).toISOString() }));
    const calendar = new WorkingDayCalendar(defaultCalendarData('england-and-wales'));
    const receivedOn = calendar.receiptDate(now - 60_000, { nonWorkingDay: 'next-working-day' });
    expect(created.deadlines[0].due).toBe(calendar.addWorkingDays(receivedOn, 3));

    const ack = await post(`/v1/complaints/${created.reference}/commands/acknowledge`, { note: 'acknowledged by email' });
    expect(ack.status).toBe(200);
    expect(ack.status).toBe(200);
    const view = await body(ack);
    expect(view.deadlines[0].state).toBe('met');
    expect(londonDateOf(Date.parse(view.deadlines[0].metAt))).toBe(londonDateOf(Date.now()));

    const again = await post(`/v1/complaints/${created.reference}/commands/acknowledge`, {});
    expect(again.status).toBe(409);
    expect(again.headers.get('content-type')).toContain('application/problem+json');
    const problem = await body(again);
    expect(problem.type).toMatch(/transition-refused$/);
    expect(problem.detail).toMatch(/^the complaint was already acknowledged at /);
  });

  it('answers bad input with a problem listing every invalid field, and starts nothing', async () => {
    const res = await post('/v1/complaints', { channel: 'fax', complainant: { type: 'parent' } });
    expect(res.status).toBe(400);
    const problem = await body(res);
    expect(problem.type).toMatch(/validation$/);
    expect(problem.errors.map((e: { field: string }) => e.field).sort()).toEqual(
      ['channel', 'complainant.name', 'receivedAt', 'summary'],
    );

    const future = await post('/v1/complaints', { ...complaint, receivedAt: new Date(Date.now() + 3_600_000).toISOString() });
    expect(future.status).toBe(400);
    expect((await body(future)).errors).toEqual([{ field: 'receivedAt', message: 'is in the future' }]);

    const malformed = await post('/v1/complaints', '{"receivedAt": ');
    expect(malformed.status).toBe(400);
    expect((await body(malformed)).type).toMatch(/malformed-json$/);
  });

  it('answers 404 for an unknown reference', async () => {
    const res = await get('/v1/complaints/CSC-2026-ZZZZZZ');
    expect(res.status).toBe(404);
    expect((await body(res)).type).toMatch(/not-found$/);
  });

  it('is ready when Temporal answers', async () => {
    const res = await fetch(`${api.baseUrl}/readyz`);
    expect(res.status).toBe(200);
  });
});
