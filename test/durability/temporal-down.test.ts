import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
// @ts-expect-error plain JS helper shared with the bootstrap
import { TEMPORAL_CLI } from '../../scripts/tools.mjs';
import { startDevServer } from '../../temporal/dev-server';
import { startApi } from '../helpers/dev-server';
import { eventually } from '../helpers/eventually';
import { freePort } from '../helpers/ports';

describe('when the Temporal server goes down', () => {
  it('answers 503 with Retry-After (never 500), and loses nothing it acknowledged once the server is back', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'complaints-down-'));
    const port = await freePort();
    const serverOptions = { binary: TEMPORAL_CLI as string, port, dbFile: path.join(dir, 'temporal.db'), logFile: path.join(dir, 'temporal.log') };
    let server = await startDevServer(serverOptions);
    const api = await startApi({ address: server.address, temporalTimeoutMs: 1_500 });
    const auth = { authorization: `Bearer ${await api.token('complaints-manager')}`, 'content-type': 'application/json' };
    try {
      // A cold worker on a loaded machine may miss the 1.5 s deadline: the 503 says retry, and a client
      // retrying with its Idempotency-Key gets one case.
      const created = await eventually(
        () =>
          fetch(`${api.baseUrl}/v1/complaints`, {
            method: 'POST',
            headers: { ...auth, 'idempotency-key': 'temporal-down-first-case' },
            body: JSON.stringify({ receivedAt: '2026-11-16T10:00:00Z', channel: 'email', complainant: { name: 'A', type: 'parent' }, summary: 'x' }),
          }),
        (r) => r.status !== 503,
        30_000,
      );
      expect(created.status).toBe(201);
      const { reference } = (await created.json()) as { reference: string };
      const triaged = await fetch(`${api.baseUrl}/v1/complaints/${reference}/commands/triage`, { method: 'POST', headers: auth, body: '{"decision":"stage1"}' });
      expect(triaged.status).toBe(200);

      await server.stop();
      const attempts = [
        fetch(`${api.baseUrl}/v1/complaints/${reference}`, { headers: auth }),
        fetch(`${api.baseUrl}/v1/complaints/${reference}/commands/acknowledge`, { method: 'POST', headers: auth, body: '{}' }),
        fetch(`${api.baseUrl}/v1/complaints`, { method: 'POST', headers: auth, body: JSON.stringify({ receivedAt: '2026-11-16T10:00:00Z', channel: 'email', complainant: { name: 'B', type: 'parent' }, summary: 'y' }) }),
        fetch(`${api.baseUrl}/readyz`),
      ];
      for (const res of await Promise.all(attempts)) {
        expect(res.status).toBe(503);
        expect(res.headers.get('retry-after')).toBe('5');
        expect(((await res.json()) as { type: string }).type).toBe('/problems/unavailable');
      }

      server = await startDevServer(serverOptions);
      // The client reconnects by itself; the case and its triage are as acknowledged.
      const view = await eventually(
        () => fetch(`${api.baseUrl}/v1/complaints/${reference}`, { headers: auth }).then(async (r) => (r.status === 200 ? ((await r.json()) as { status: string; deadlines: Array<{ key: string; due: string }> }) : undefined)),
        (v) => v !== undefined,
        30_000,
      );
      expect(view!.status).toBe('in-progress');
      expect(view!.deadlines.find((d) => d.key === 'stage1.respond')?.due).toBe('2026-11-30');
      // A client retries a 503 with the same key, as Retry-After asks: the first
      // Update after a restart may outlast the short call timeout on a loaded machine.
      const keyed = { ...auth, 'idempotency-key': 'ack-after-restart' };
      const ack = await eventually(
        () => fetch(`${api.baseUrl}/v1/complaints/${reference}/commands/acknowledge`, { method: 'POST', headers: keyed, body: '{}' }),
        (r) => r.status !== 503,
        30_000,
      );
      expect(ack.status).toBe(200);
      const acknowledged = (await ack.json()) as { deadlines: Array<{ key: string; metAt: string | null }>; events: Array<{ action: string }> };
      expect(acknowledged.deadlines.find((d) => d.key === 'stage1.acknowledge')?.metAt).not.toBeNull();
      expect(acknowledged.events.filter((e) => e.action === 'acknowledged')).toHaveLength(1);
    } finally {
      await api.stop();
      await server.stop();
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
