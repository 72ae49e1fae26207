import { Client, Connection } from '@temporalio/client';
import type { Payload } from '@temporalio/common';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { inject } from 'vitest';
import type { Role } from '../../api/auth/roles';
import { startApi, type ApiHarness } from '../helpers/dev-server';

/**
 * The reads that do not go through a case's own routes are
 * on the access log too: payloads decoded for the Temporal UI, and answers
 * replayed for a retried Idempotency-Key. A refused or withheld read is not.
 */
let api: ApiHarness;
let raw: Client; // no codec: the payloads as the Temporal server stores them
beforeAll(async () => {
  api = await startApi();
  raw = new Client({ connection: await Connection.connect({ address: inject('devServerAddress') }) });
});
afterAll(async () => {
  await raw?.connection.close();
  await api?.stop();
});

const complaint = {
  receivedAt: '2026-11-02T09:00:00Z',
  channel: 'email',
  complainant: { name: 'Log Person (fictional)', type: 'parent' },
  summary: 'Logged reads',
  team: 'fostering',
};

async function post(path: string, body: unknown, role: Role, subject: string, key?: string) {
  const res = await fetch(`${api.baseUrl}${path}`, {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      authorization: `Bearer ${await api.token(role, subject)}`,
      ...(key ? { 'idempotency-key': key } : {}),
    },
    body: JSON.stringify(body),
  });
  return { status: res.status, body: (await res.json()) as Record<string, unknown> };
}

const entries = async (actor: string) => (await api.records.listAccess({ actor })).map(({ reference, action, view }) => ({ reference, action, view }));

function asJson(p: Payload) {
  return {
    metadata: Object.fromEntries(Object.entries(p.metadata ?? {}).map(([k, v]) => [k, Buffer.from(v ?? []).toString('base64')])),
    data: Buffer.from(p.data ?? []).toString('base64'),
  };
}

describe('the access log', () => {
  it('a decode for the Temporal UI is a read of each case its payloads name, or one read without a case; nothing when withheld or not encrypted', async () => {
    const created = await post('/v1/complaints', complaint, 'complaints-manager', 'cm.setup');
    const reference = created.body.reference as string;
    expect((await post(`/v1/complaints/${reference}/commands/acknowledge`, { note: 'Called back' }, 'complaints-manager', 'cm.setup')).status).toBe(200);
    const history = await raw.workflow.getHandle(reference).fetchHistory();
    const started = history.events![0]!.workflowExecutionStartedEventAttributes!.input!.payloads![0]!;
    const update = history.events!.find((e) => e.workflowExecutionUpdateAcceptedEventAttributes)!.workflowExecutionUpdateAcceptedEventAttributes!.acceptedRequest!.input!.args!.payloads![0]!;
    const decode = async (payloads: Payload[], role: Role, subject: string) =>
      fetch(`${api.baseUrl}/codec/decode`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${await api.token(role, subject)}` },
        body: JSON.stringify({ payloads: payloads.map(asJson) }),
      });

    // The workflow's input names its case (the reference is its id); twice in one call is one read.
    expect((await decode([started, started], 'complaints-manager', 'cm.codec')).status).toBe(200);
    expect(await entries('cm.codec')).toEqual([{ reference, action: 'read', view: 'codec' }]);
    // An Update's input names no case: one read, without a case.
    expect((await decode([update], 'complaints-manager', 'cm.codec.2')).status).toBe(200);
    expect(await entries('cm.codec.2')).toEqual([{ reference: null, action: 'read', view: 'codec' }]);
    // Withheld (not a codec role), or nothing encrypted in it: no read.
    expect((await decode([started], 'complaints-officer', 'co.codec')).status).toBe(200);
    expect(await entries('co.codec')).toEqual([]);
    const plain = { metadata: { encoding: Buffer.from('json/plain') }, data: Buffer.from(JSON.stringify({ reference })) };
    expect((await decode([plain], 'complaints-manager', 'cm.codec.3')).status).toBe(200);
    expect(await entries('cm.codec.3')).toEqual([]);
  });

  it('an answer replayed for a retried Idempotency-Key is a read of the case; the first answer is the command itself', async () => {
    const first = await post('/v1/complaints', complaint, 'complaints-manager', 'cm.replay', 'create-1');
    expect(first.status).toBe(201);
    const reference = first.body.reference as string;
    expect(await entries('cm.replay')).toEqual([]);
    const again = await post('/v1/complaints', complaint, 'complaints-manager', 'cm.replay', 'create-1');
    expect(again.body.reference).toBe(reference);
    expect(await entries('cm.replay')).toEqual([{ reference, action: 'read', view: 'case' }]);

    const path = `/v1/complaints/${reference}/commands/triage`;
    expect((await post(path, { decision: 'stage1' }, 'complaints-manager', 'cm.replay.2', 'triage-1')).status).toBe(200);
    expect(await entries('cm.replay.2')).toEqual([]);
    const replayed = await post(path, { decision: 'stage1' }, 'complaints-manager', 'cm.replay.2', 'triage-1');
    expect(replayed.status).toBe(200);
    expect(await entries('cm.replay.2')).toEqual([{ reference, action: 'read', view: 'case' }]);
    // A key reused for another request is refused, and reads nothing.
    expect((await post(path, { decision: 'corporate', reason: 'Other' }, 'complaints-manager', 'cm.replay.2', 'triage-1')).status).toBe(409);
    expect((await entries('cm.replay.2')).length).toBe(1);
  });

  it("a replayed conduct decision is a read of the person's conduct; reading the register is one too, not for the auditor", async () => {
    const created = await post('/v1/complaints', complaint, 'complaints-manager', 'cm.setup');
    const reference = created.body.reference as string;
    const filed = await api.records.getCase(reference);
    const personId = filed!.people[0]!.id;
    const warn = `/v1/conduct/${personId}/commands/warn`;
    expect((await post(warn, { reason: 'Abusive calls' }, 'complaints-manager', 'cm.conduct', 'warn-1')).status).toBe(200);
    expect(await entries('cm.conduct')).toEqual([]);
    expect((await post(warn, { reason: 'Abusive calls' }, 'complaints-manager', 'cm.conduct', 'warn-1')).status).toBe(200);
    expect(await entries('cm.conduct')).toEqual([{ reference, action: 'read', view: 'conduct' }]);

    const read = async (role: Role, subject: string) =>
      (await fetch(`${api.baseUrl}/v1/conduct/${personId}`, { headers: { authorization: `Bearer ${await api.token(role, subject)}` } })).status;
    expect(await read('director', 'director.conduct')).toBe(200);
    expect(await entries('director.conduct')).toEqual([{ reference, action: 'read', view: 'conduct' }]);
    expect(await read('auditor', 'auditor.conduct')).toBe(200); // without the reasons: not a read of personal data
    expect(await entries('auditor.conduct')).toEqual([]);
  });
});
