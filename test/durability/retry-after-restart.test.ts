import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Role } from '../../api/auth/roles';
import { startApi, type ApiHarness } from '../helpers/dev-server';
import { eventually } from '../helpers/eventually';

let api: ApiHarness;
beforeAll(async () => {
  // A low history limit, so the case continues as new within the test.
  api = await startApi({ historyLimit: 40 });
});
afterAll(async () => {
  await api?.stop();
});

async function post(harness: ApiHarness, path: string, body: unknown, key?: string, role: Role = 'complaints-officer') {
  const res = await fetch(`${harness.baseUrl}${path}`, {
    method: 'POST',
    headers: { authorization: `Bearer ${await harness.token(role)}`, 'content-type': 'application/json', ...(key ? { 'idempotency-key': key } : {}) },
    body: JSON.stringify(body),
  });
  return { status: res.status, body: (await res.json()) as { reference: string; events: Array<{ action: string }>; onHold: boolean } };
}

describe('a retried request after the API restarts and the workflow has continued as new', () => {
  it('returns the first answer and applies nothing twice', async () => {
    const created = await post(api, '/v1/complaints', {
      receivedAt: '2026-11-16T09:00:00Z',
      channel: 'email',
      complainant: { name: 'Retry Person', type: 'parent' },
      summary: 'retries',
    });
    const ref = created.body.reference;
    await post(api, `/v1/complaints/${ref}/commands/triage`, { decision: 'stage1' });
    const first = await post(api, `/v1/complaints/${ref}/commands/hold`, { reason: 'safeguarding' }, 'hold-once');
    expect(first.status).toBe(200);
    const handle = api.client.workflow.getHandle(ref);
    const firstRun = (await handle.describe()).runId;

    // Enough further commands to pass the history limit: the case continues as new.
    await post(api, `/v1/complaints/${ref}/commands/release-hold`, {});
    for (let i = 0; i < 8; i++) {
      await post(api, `/v1/complaints/${ref}/commands/hold`, { reason: 'court-proceedings' });
      await post(api, `/v1/complaints/${ref}/commands/release-hold`, {});
    }
    await eventually(async () => (await handle.describe()).runId, (run) => run !== firstRun, 30_000);

    // The API restarts (a new process over the same records store) and the client retries.
    const restarted = await startApi({ records: api.records });
    try {
      const retry = await post(restarted, `/v1/complaints/${ref}/commands/hold`, { reason: 'safeguarding' }, 'hold-once');
      expect(retry.status).toBe(200);
      expect(retry.body).toEqual(first.body);
      const now = (await post(api, `/v1/complaints/${ref}/commands/acknowledge`, {})).body;
      expect(now.onHold).toBe(false); // the retry did not hold the case again
      expect(now.events.filter((e) => e.action === 'held')).toHaveLength(9);

      const reused = await post(restarted, `/v1/complaints/${ref}/commands/hold`, { reason: 'other' }, 'hold-once');
      expect(reused.status).toBe(409);
    } finally {
      await restarted.stop();
    }
  });

  it('applies a keyed command once even when its first answer was lost before it was stored, and the case has continued as new since', async () => {
    const created = await post(api, '/v1/complaints', {
      receivedAt: '2026-11-16T09:00:00Z',
      channel: 'email',
      complainant: { name: 'Lost Answer Person', type: 'parent' },
      summary: 'lost answer',
    });
    const ref = created.body.reference;
    await post(api, `/v1/complaints/${ref}/commands/triage`, { decision: 'stage1' });
    const first = await post(api, `/v1/complaints/${ref}/commands/hold`, { reason: 'safeguarding' }, 'hold-lost');
    expect(first.status).toBe(200);
    // The API died after Temporal applied the Update and before the answer was stored.
    await api.records.db.query('DELETE FROM idempotency_keys');
    await post(api, `/v1/complaints/${ref}/commands/release-hold`, {});
    const handle = api.client.workflow.getHandle(ref);
    const firstRun = (await handle.describe()).runId;
    for (let i = 0; i < 8; i++) {
      await post(api, `/v1/complaints/${ref}/commands/hold`, { reason: 'court-proceedings' });
      await post(api, `/v1/complaints/${ref}/commands/release-hold`, {});
    }
    await eventually(async () => (await handle.describe()).runId, (run) => run !== firstRun, 30_000);

    // The retry reaches a run that never saw the Update id: the case remembers it and applies nothing.
    const retry = await post(api, `/v1/complaints/${ref}/commands/hold`, { reason: 'safeguarding' }, 'hold-lost');
    expect(retry.status).toBe(200);
    expect(retry.body.onHold).toBe(false);
    expect(retry.body.events.filter((e) => e.action === 'held')).toHaveLength(9);
  });
});
