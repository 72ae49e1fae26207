import type { Client } from '@temporalio/client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Role } from '../../api/auth/roles';
import { endOfLondonDay } from '../../domain/dates';
import {
  ComplaintProcedure,
  ComplaintStage,
  ComplaintStatus,
  NextDeadlineDate,
  NextDeadlineDue,
  NextDeadlineKey,
  OnHold,
  Overdue,
  OverdueKey,
  OverdueSince,
} from '../../workflows/complaint/search-attributes';
import { eventually } from '../helpers/eventually';
import { clusterApi, temporalClient, type ClusterApi } from './cluster';

let api: ClusterApi;
let client: Client;
beforeAll(async () => {
  api = await clusterApi();
  client = await temporalClient();
});
afterAll(async () => {
  await client?.connection.close();
  await api?.close();
});

const team = `Visibility ${Date.now()}`;

async function call(path: string, body: unknown, role: Role = 'complaints-manager') {
  const res = await fetch(`${api.url()}${path}`, {
    method: 'POST',
    headers: { authorization: `Bearer ${await api.token(role)}`, 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
  const json = (await res.json()) as { reference: string; stage: string; status: string };
  expect(res.status, JSON.stringify(json)).toBeLessThan(300);
  return json;
}

async function create(receivedAt: string): Promise<string> {
  const view = await call('/v1/complaints', { receivedAt, channel: 'letter', complainant: { name: 'Vis Testcase', type: 'parent' }, summary: 'Visibility test', team }, 'complaints-officer');
  return view.reference;
}

/** The references of this file's cases that SQL visibility finds with `query`, once it has caught up to `expected`. */
async function found(query: string, expected: string[]): Promise<string[]> {
  return eventually(
    async () => {
      const refs: string[] = [];
      for await (const wf of client.workflow.list({ query: `ComplaintTeam = "${team}" AND ${query}` })) refs.push(wf.workflowId);
      return refs.sort();
    },
    (refs) => JSON.stringify(refs) === JSON.stringify([...expected].sort()),
    30_000,
  );
}

describe('every search attribute is answered by SQL visibility on PostgreSQL', () => {
  it('finds cases by each attribute, and by Datetime ranges to the second', async () => {
    // Received Mon 2 Nov 2026: acknowledgement due Thu 5 Nov, overdue from the end of that day (GMT) → 2026-11-06T00:00Z.
    const early = await create('2026-11-02T09:00:00Z');
    // Received Mon 9 Nov 2026: acknowledgement due Thu 12 Nov → overdue from 2026-11-13T00:00Z.
    const later = await create('2026-11-09T09:00:00Z');
    // Received Mon 2 Nov, triaged, and put on hold on Tue 3 Nov, before anything fell due: on hold, nothing overdue.
    const held = await create('2026-11-02T09:00:00Z');
    await call(`/v1/complaints/${held}/commands/triage`, { decision: 'stage1', at: '2026-11-02T10:00:00Z' });
    await call(`/v1/complaints/${held}/commands/hold`, { reason: 'safeguarding', at: '2026-11-03T10:00:00Z' });
    const all = [early, later, held];

    // Each attribute on its own.
    expect(await found('OverdueKey = "stage1.acknowledge"', [early, later])).toEqual([early, later].sort());
    expect(await found('Overdue = true', [early, later])).toHaveLength(2);
    expect(await found('Overdue = false', [held])).toEqual([held]);
    expect(await found('OnHold = true', [held])).toEqual([held]);
    expect(await found('OnHold = false', [early, later])).toHaveLength(2);
    expect(await found('ComplaintStage = "stage1"', all)).toHaveLength(3);
    expect(await found('ComplaintStatus = "awaiting-triage"', [early, later])).toHaveLength(2);
    // Datetime ranges: the instant each case became overdue, to the second.
    expect(await found('OverdueSince >= "2026-11-06T00:00:00Z" AND OverdueSince < "2026-11-06T00:00:01Z"', [early])).toEqual([early]);
    expect(await found('OverdueSince BETWEEN "2026-11-06T00:00:00Z" AND "2026-11-13T00:00:00Z"', [early, later])).toHaveLength(2);
    expect(await found('OverdueSince > "2026-11-06T00:00:00Z"', [later])).toEqual([later]);

    // A case received now waits for its acknowledgement, the next date: all three next-deadline attributes are set.
    const created = (await call('/v1/complaints', { receivedAt: new Date().toISOString(), channel: 'letter', complainant: { name: 'Vis Testcase', type: 'parent' }, summary: 'Visibility test', team }, 'complaints-officer')) as unknown as {
      reference: string;
      deadlines: Array<{ key: string; due: string }>;
    };
    const current = created.reference;
    const date = created.deadlines.find((d) => d.key === 'stage1.acknowledge')!.due;
    const attributes = await eventually(
      async () => (await client.workflow.getHandle(current).describe()).typedSearchAttributes,
      (a) => a.get(NextDeadlineDate) !== undefined,
    );
    expect(attributes.get(NextDeadlineKey)).toBe('stage1.acknowledge');
    expect(attributes.get(NextDeadlineDate)).toBe(date);
    // The next date is a London date; its Datetime twin is the instant that day ends in London.
    const due = new Date(endOfLondonDay(date)).toISOString();
    expect(attributes.get(NextDeadlineDue)?.toISOString()).toBe(due);
    expect(attributes.get(ComplaintProcedure)).toBe('untriaged');
    expect(attributes.get(OverdueKey)).toBeUndefined();
    // Found by every attribute at once, NextDeadlineDue by an exact range and by an open one.
    const everything =
      `ComplaintStage = "${attributes.get(ComplaintStage)}" AND ComplaintStatus = "${attributes.get(ComplaintStatus)}"` +
      ` AND ComplaintProcedure = "untriaged" AND NextDeadlineKey = "stage1.acknowledge"` +
      ` AND NextDeadlineDate = "${date}" AND NextDeadlineDue BETWEEN "${due}" AND "${due}"` +
      ` AND OnHold = ${attributes.get(OnHold)} AND Overdue = ${attributes.get(Overdue)}`;
    expect(await found(everything, [current])).toEqual([current]);
    expect(await found(`NextDeadlineDue > "${new Date().toISOString()}"`, [current])).toEqual([current]);
    expect(await found('ComplaintProcedure = "untriaged"', [early, later, current])).toHaveLength(3);
    expect(await found('ComplaintProcedure = "statutory"', [held])).toEqual([held]);
    const since = (await client.workflow.getHandle(later).describe()).typedSearchAttributes;
    expect(since.get(OverdueSince)).toEqual(new Date('2026-11-13T00:00:00.000Z'));
    expect(since.get(OverdueKey)).toBe('stage1.acknowledge');
  });
});
