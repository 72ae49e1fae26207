import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Role } from '../../api/auth/roles';
import { WorkingDayCalendar } from '../../domain/calendar';
import { defaultCalendarData } from '../../domain/holidays';
import { endOfLondonDay, londonDateOf } from '../../domain/dates';
import {
  NextDeadlineDate,
  NextDeadlineDue,
  NextDeadlineKey,
  Overdue,
  OverdueKey,
  OverdueSince,
} from '../../workflows/complaint/search-attributes';
import { startApi, type ApiHarness } from '../helpers/dev-server';
import { eventually } from '../helpers/eventually';

/**
 * Defect 8: an overdue case says what is overdue, in the listing, the case
 * view and the operators' search attributes (Temporal visibility on the real
 * dev server), and a case in the complainant's window shows the window's end.
 */
let api: ApiHarness;
beforeAll(async () => {
  api = await startApi();
});
afterAll(async () => {
  await api?.stop();
});

const team = `Overdue ${Date.now()}`;

// eslint-disable-next-line @typescript-eslint/no-explicit-any
async function call(method: string, path: string, role: Role, body?: unknown): Promise<{ status: number; body: any }> {
  const res = await fetch(`${api.baseUrl}${path}`, {
    method,
    headers: { authorization: `Bearer ${await api.token(role)}`, ...(body ? { 'content-type': 'application/json' } : {}) },
    body: body ? JSON.stringify(body) : undefined,
  });
  return { status: res.status, body: await res.json() };
}

async function create(receivedAt: string): Promise<string> {
  const created = await call('POST', '/v1/complaints', 'complaints-officer', {
    receivedAt,
    channel: 'letter',
    complainant: { name: 'Ada Testcase', type: 'parent' },
    summary: 'Overdue test',
    team,
  });
  expect(created.status).toBe(201);
  return created.body.reference as string;
}

async function command(reference: string, name: string, body: unknown = {}) {
  const answer = await call('POST', `/v1/complaints/${reference}/commands/${name}`, 'complaints-manager', body);
  expect(answer.status, JSON.stringify(answer.body)).toBe(200);
  return answer.body;
}

/** The case's row in the listing, once its sync has caught up with `done`. */
async function listed(reference: string, done: (row: Record<string, unknown>) => boolean) {
  return eventually(
    async () => ((await call('GET', `/v1/complaints?team=${encodeURIComponent(team)}&limit=200`, 'complaints-manager')).body.cases as Array<Record<string, unknown>>).find((c) => c.reference === reference) ?? {},
    done,
  );
}

/** The case as Temporal visibility finds it with `query` (the operators' search in the UI or `temporal workflow list`). */
async function visible(reference: string, query: string) {
  const found = await eventually(
    async () => {
      for await (const wf of api.client.workflow.list({ query: `WorkflowId = "${reference}" AND ${query}` })) return wf;
      return undefined;
    },
    (wf) => wf !== undefined,
  );
  return found!;
}

describe('overdue says what', () => {
  it('a missed acknowledgement is named with the instant it became overdue; once done late, the next missed duty is named', async () => {
    // Received Mon 2 Nov 2026: acknowledgement due Thu 5 Nov, response Mon 16 Nov.
    const reference = await create('2026-11-02T09:00:00Z');

    const first = await visible(reference, 'OverdueKey = "stage1.acknowledge"');
    expect(first.typedSearchAttributes.get(Overdue)).toBe(true);
    // Overdue from the end of Thu 5 Nov 2026 in London (GMT).
    expect(first.typedSearchAttributes.get(OverdueSince)).toEqual(new Date('2026-11-06T00:00:00.000Z'));
    await visible(reference, 'OverdueSince >= "2026-11-06T00:00:00Z" AND OverdueSince < "2026-11-06T00:00:01Z"');
    expect(await listed(reference, (c) => c.overdueKey === 'stage1.acknowledge')).toMatchObject({
      overdue: true,
      overdueKey: 'stage1.acknowledge',
      overdueSince: '2026-11-06T00:00:00.000Z',
    });
    const view = (await call('GET', `/v1/complaints/${reference}`, 'complaints-manager')).body;
    expect(view.overdue).toEqual({ key: 'stage1.acknowledge', due: '2026-11-05', since: '2026-11-06T00:00:00.000Z' });

    // Triaged, then acknowledged late: the acknowledgement stays missed in the
    // figures, but what is overdue now is the response, due Mon 16 Nov 2026.
    await command(reference, 'triage', { decision: 'stage1' });
    const after = await command(reference, 'acknowledge', { at: '2026-11-10T10:00:00Z' });
    expect(after.deadlines.find((d: { key: string }) => d.key === 'stage1.acknowledge')).toMatchObject({ state: 'missed', metAt: '2026-11-10T10:00:00.000Z' });
    expect(after.overdue).toEqual({ key: 'stage1.respond', due: '2026-11-16', since: '2026-11-17T00:00:00.000Z' });
    const second = await visible(reference, 'OverdueKey = "stage1.respond"');
    expect(second.typedSearchAttributes.get(OverdueSince)).toEqual(new Date('2026-11-17T00:00:00.000Z'));
    expect(await listed(reference, (c) => c.overdueKey === 'stage1.respond')).toMatchObject({ overdue: true, overdueSince: '2026-11-17T00:00:00.000Z' });
  });

  it('a case in the complainant\'s window shows the window\'s end as its next date; a response given late is no longer overdue', async () => {
    const reference = await create('2026-11-02T09:00:00Z');
    await command(reference, 'triage', { decision: 'stage1' });
    await command(reference, 'acknowledge', { at: '2026-11-03T10:00:00Z' });
    const view = await command(reference, 'respond', {});
    const window = view.deadlines.find((d: { key: string }) => d.key === 'stage1.escalate');
    // 20 working days after today's London date (the response is given now).
    const calendar = new WorkingDayCalendar(defaultCalendarData('england-and-wales'));
    expect(window.due).toBe(calendar.addWorkingDays(londonDateOf(Date.now()), 20));
    expect(view.next).toEqual({ key: 'stage1.escalate', kind: 'window', due: window.due, fallsDueAt: new Date(endOfLondonDay(window.due)).toISOString() });
    expect(view.overdue).toBeNull();

    const found = await visible(reference, `NextDeadlineKey = "stage1.escalate" AND NextDeadlineDate = "${window.due}" AND Overdue = false`);
    expect(found.typedSearchAttributes.get(NextDeadlineDue)).toEqual(new Date(endOfLondonDay(window.due)));
    expect(found.typedSearchAttributes.get(OverdueKey)).toBeUndefined();
    expect(await listed(reference, (c) => c.nextDeadlineKey === 'stage1.escalate')).toMatchObject({ nextDue: window.due, overdue: false, overdueKey: null, overdueSince: null });
  });

  it('the London date keyword is the due date of the next deadline; NextDeadlineDue is the instant that day ends', async () => {
    const reference = await create(new Date().toISOString());
    const view = (await call('GET', `/v1/complaints/${reference}`, 'complaints-officer')).body;
    const acknowledge = view.deadlines.find((d: { key: string }) => d.key === 'stage1.acknowledge');
    const found = await visible(reference, `NextDeadlineKey = "stage1.acknowledge" AND NextDeadlineDate = "${acknowledge.due}"`);
    expect(found.typedSearchAttributes.get(NextDeadlineDate)).toBe(acknowledge.due);
    expect(found.typedSearchAttributes.get(NextDeadlineKey)).toBe('stage1.acknowledge');
    // In UTC the instant reads as the next day (or 23:00 the same day in summer): hence the London date beside it.
    expect(found.typedSearchAttributes.get(NextDeadlineDue)).toEqual(new Date(endOfLondonDay(acknowledge.due)));
    expect(found.typedSearchAttributes.get(Overdue)).toBe(false);
  });
});
