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

const CASES = 4;

async function send(path: string, body: unknown, key?: string, role: Role = 'complaints-manager') {
  const res = await fetch(`${api.url()}${path}`, {
    method: 'POST',
    headers: {
      authorization: `Bearer ${await api.token(role)}`,
      'content-type': 'application/json',
      ...(key ? { 'idempotency-key': key } : {}),
    },
    body: JSON.stringify(body),
  });
  return { status: res.status, body: (await res.json()) as { reference: string; events?: Array<{ action: string }> } };
}

describe('the history service killed (SIGKILL) in the middle of transitions, then started again', () => {
  it('loses no acknowledged step and doubles none: each retried step (same Idempotency-Key) is applied once, each letter sent once', async () => {
    const team = `History killed ${Date.now()}`;
    const references = await Promise.all(
      Array.from({ length: CASES }, async (_, i) => {
        const created = await send('/v1/complaints', {
          receivedAt: '2026-11-02T09:00:00Z',
          channel: 'letter',
          complainant: { name: 'Kim Killed', type: 'parent', address: `${i + 1} High Street, Newtown NT1 1AA` },
          summary: 'History killed',
          team,
        }, undefined, 'complaints-officer');
        expect(created.status, JSON.stringify(created.body)).toBe(201);
        const triaged = await send(`/v1/complaints/${created.body.reference}/commands/triage`, { decision: 'stage1', at: '2026-11-02T10:00:00Z' });
        expect(triaged.status).toBe(200);
        return created.body.reference;
      }),
    );

    // Half the acknowledgements leave and the history service dies while they are on their way;
    // the other half are sent while it is dead, and cannot be answered until it is back.
    const acknowledge = (reference: string) =>
      send(`/v1/complaints/${reference}/commands/acknowledge`, { at: '2026-11-03T09:00:00Z', sendLetter: true }, `ack-${reference}`);
    const before = references.slice(0, CASES / 2).map(acknowledge);
    await control('kill', 'temporal-history');
    const during = references.slice(CASES / 2).map(acknowledge);
    const answers = await Promise.all([...before, ...during]);
    expect(answers.slice(CASES / 2).map((a) => a.status)).toEqual(Array(CASES / 2).fill(503));
    await control('start', 'history');

    // A retry with the same key until answered: the step once, whether or not the first attempt was applied.
    for (const [i, reference] of references.entries()) {
      const answer = await eventually(
        () => send(`/v1/complaints/${reference}/commands/acknowledge`, { at: '2026-11-03T09:00:00Z', sendLetter: true }, `ack-${reference}`),
        (a) => a.status === 200,
        150_000,
      );
      const actions = answer.body.events!.map((e) => e.action);
      expect(actions.filter((a) => a === 'acknowledged'), `${reference} (first answer ${answers[i]!.status}): ${actions.join(', ')}`).toHaveLength(1);
      expect(actions.filter((a) => a === 'triaged')).toHaveLength(1);
      expect(actions).not.toContain('letter-not-sent');
    }

    // Read back through the other instance: the same, and each letter once.
    for (const reference of references) {
      const res = await fetch(`${api.url()}/v1/complaints/${reference}`, { headers: { authorization: `Bearer ${await api.token('complaints-manager')}` } });
      const view = (await res.json()) as { events: Array<{ action: string }> };
      expect(view.events.filter((e) => e.action === 'acknowledged')).toHaveLength(1);
    }
    await expectEachLetterOnce(api.db, references, 60_000);
  });
});
