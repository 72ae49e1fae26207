import type { Client } from '@temporalio/client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Role } from '../../api/auth/roles';
import { clusterApi, expectEachLetterOnce, temporalClient, type ClusterApi } from './cluster';

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

const CASES = 8;

async function post(path: string, body: unknown, role: Role = 'complaints-manager') {
  const res = await fetch(`${api.url()}${path}`, {
    method: 'POST',
    headers: { authorization: `Bearer ${await api.token(role)}`, 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
  const json = (await res.json()) as { reference: string; events: Array<{ action: string }> };
  expect(res.status, JSON.stringify(json)).toBeLessThan(300);
  return json;
}

describe('two app workers on one task queue', () => {
  it('share the work, and apply each step once and send each letter once', async () => {
    const team = `Competing ${Date.now()}`;
    // Cases created, triaged and acknowledged all at once, through both API instances in turn;
    // the acknowledgement is dated the day before, and its letter asked for all the same.
    const references = await Promise.all(
      Array.from({ length: CASES }, async () => {
        const { reference } = await post('/v1/complaints', {
          receivedAt: '2026-11-02T09:00:00Z',
          channel: 'letter',
          complainant: { name: 'Pat Competing', type: 'parent', address: '1 High Street, Newtown NT1 1AA' },
          summary: 'Two workers',
          team,
        }, 'complaints-officer');
        await post(`/v1/complaints/${reference}/commands/triage`, { decision: 'stage1', at: '2026-11-02T10:00:00Z' });
        await post(`/v1/complaints/${reference}/commands/acknowledge`, { at: '2026-11-03T09:00:00Z', sendLetter: true });
        return reference;
      }),
    );

    // Every step once in each case's record.
    for (const reference of references) {
      const res = await fetch(`${api.url()}/v1/complaints/${reference}`, { headers: { authorization: `Bearer ${await api.token('complaints-manager')}` } });
      const view = (await res.json()) as { events: Array<{ action: string }> };
      expect(res.status, JSON.stringify(view)).toBe(200);
      const actions = view.events.map((e) => e.action);
      for (const action of ['triaged', 'acknowledged']) expect(actions.filter((a) => a === action), `${reference}: ${actions.join(', ')}`).toHaveLength(1);
      expect(actions).not.toContain('letter-not-sent');
    }

    // Each letter once: no notice filed twice for a case, and each case's acknowledgement went.
    await expectEachLetterOnce(api.db, references, 60_000);

    // Both workers did some of it: workflow and activity tasks were completed by two identities (pid@host).
    const identities = new Set<string>();
    for (const reference of references) {
      const history = await client.workflow.getHandle(reference).fetchHistory();
      for (const event of history.events ?? []) {
        const identity = event.workflowTaskCompletedEventAttributes?.identity ?? event.activityTaskStartedEventAttributes?.identity;
        if (identity) identities.add(identity);
      }
    }
    expect(identities.size).toBe(2);
  });
});
