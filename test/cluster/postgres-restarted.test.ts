import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Role } from '../../api/auth/roles';
import { eventually } from '../helpers/eventually';
import { clusterApi, control, expectEachLetterOnce, type ClusterApi } from './cluster';

let api: ClusterApi;
beforeAll(async () => {
  api = await clusterApi();
});
afterAll(async () => {
  await api?.close();
});

const CASES = 6;

async function send(path: string, body: unknown, key: string, role: Role = 'complaints-manager') {
  try {
    const res = await fetch(`${api.url()}${path}`, {
      method: 'POST',
      headers: { authorization: `Bearer ${await api.token(role)}`, 'content-type': 'application/json', 'idempotency-key': key },
      body: JSON.stringify(body),
    });
    return { status: res.status, body: (await res.json()) as { reference: string; events?: Array<{ action: string }> } };
  } catch (error) {
    return { status: 0, body: { reference: '', error: (error as Error).message } };
  }
}

describe('PostgreSQL crashed and started again (Temporal and the case records both on it)', () => {
  it('requests while it is down are refused and change nothing; retried with their Idempotency-Key, each case, step and letter lands once', async () => {
    const stamp = Date.now();
    const team = `Postgres restarted ${stamp}`;
    const create = (i: number) =>
      send('/v1/complaints', {
        receivedAt: '2026-11-02T09:00:00Z',
        channel: 'letter',
        complainant: { name: 'Lee Restart', type: 'parent', address: `${i + 1} Low Street, Newtown NT1 1AA` },
        summary: 'PostgreSQL restarted',
        team,
      }, `pg-${stamp}-create-${i}`, 'complaints-officer');
    const triage = (reference: string) => send(`/v1/complaints/${reference}/commands/triage`, { decision: 'stage1', at: '2026-11-02T10:00:00Z' }, `triage-${reference}`);
    const acknowledge = (reference: string) =>
      send(`/v1/complaints/${reference}/commands/acknowledge`, { at: '2026-11-03T09:00:00Z', sendLetter: true }, `ack-${reference}`);
    const until200 = <T extends { status: number }>(attempt: () => Promise<T>) => eventually(attempt, (a) => a.status === 200 || a.status === 201, 150_000);

    const run = (i: number) => async () => {
      const created = await until200(() => create(i));
      await until200(() => triage(created.body.reference));
      await until200(() => acknowledge(created.body.reference));
      return created.body.reference;
    };
    // Half the cases through their steps; then PostgreSQL goes down hard. The other half's
    // requests arrive while it is down: each refused (nothing changed), and retried once it is back.
    const before = await Promise.all(Array.from({ length: CASES / 2 }, (_, i) => run(i)()));
    await control('crash-postgres');
    const refused = await Promise.all(Array.from({ length: CASES / 2 }, (_, i) => create(CASES / 2 + i)));
    expect(refused.map((r) => r.status)).toEqual(Array(CASES / 2).fill(503));
    expect((await triage(before[0]!)).status).toBe(503);
    const during = Array.from({ length: CASES / 2 }, (_, i) => run(CASES / 2 + i)());
    await new Promise((r) => setTimeout(r, 2_000));
    await control('start-postgres');
    const references = [...before, ...(await Promise.all(during))];

    expect(new Set(references).size).toBe(CASES);
    // The team's cases in the listing: each created once, although creates were retried.
    const listing = await eventually(
      async () => {
        const res = await fetch(`${api.url()}/v1/complaints?team=${encodeURIComponent(team)}&limit=200`, { headers: { authorization: `Bearer ${await api.token('complaints-manager')}` } });
        return ((await res.json()) as { cases?: Array<{ reference: string }> }).cases?.map((c) => c.reference).sort() ?? [];
      },
      (refs) => refs.length >= CASES,
      60_000,
    );
    expect(listing).toEqual([...references].sort());
    for (const reference of references) {
      const res = await fetch(`${api.url()}/v1/complaints/${reference}`, { headers: { authorization: `Bearer ${await api.token('complaints-manager')}` } });
      const actions = ((await res.json()) as { events: Array<{ action: string }> }).events.map((e) => e.action);
      for (const action of ['received', 'triaged', 'acknowledged']) expect(actions.filter((a) => a === action), `${reference}: ${actions.join(', ')}`).toHaveLength(1);
    }
    // A letter whose activity failed while PostgreSQL was down waits out its retry backoff (5 s doubling:
    // workflows/activity-options.ts), so after a slow restart the next try can come minutes later.
    await expectEachLetterOnce(api.db, references, 330_000);
  }, 600_000);
});
