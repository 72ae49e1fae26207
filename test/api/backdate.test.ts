import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Role } from '../../api/auth/roles';
import { startApi, type ApiHarness } from '../helpers/dev-server';
import { eventually } from '../helpers/eventually';

/**
 * Through the real API on the dev server: a reason for a
 * step backdated over a duty already shown as missed is a complaints
 * manager's (403 for anyone else, before the workflow is asked), and without
 * one the step is refused (409). An imported case has no grace period: its
 * overdue Stage 1 response shows as missed at once.
 */

let api: ApiHarness;
beforeAll(async () => {
  api = await startApi();
});
afterAll(async () => {
  await api?.stop();
});

// Response bodies are checked field by field below. Officers work for the
// imported case's team (the teams claim), so they reach it.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
async function call(method: string, path: string, role: Role, body?: unknown): Promise<{ status: number; body: any }> {
  const res = await fetch(`${api.baseUrl}${path}`, {
    method,
    headers: { 'content-type': 'application/json', authorization: `Bearer ${await api.token(role, undefined, ['Children in Care'])}` },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  return { status: res.status, body: await res.json() };
}

type Clock = { key: string; due: string; state: string; metAt: string | null };
const REASON = 'The response was emailed on Fri 13 Nov; the officer logged it on return from leave';

describe('a step backdated over a missed duty (dev server)', () => {
  it("needs a complaints manager's backdateReason: 403 for an officer who gives one, 409 without one, 200 for the manager", async () => {
    // Received Mon 2 Nov 2026: respond 10 WD → Mon 16 Nov, long gone, so overdue once imported.
    const imported = await call('POST', '/v1/imports', 'complaints-manager', {
      rows: [
        {
          sourceId: 'BACKDATE-1',
          receivedAt: '2026-11-02T09:00:00Z',
          channel: 'letter',
          complainantName: 'Robin Parent (fictional)',
          complainantType: 'parent',
          summary: 'Contact arrangements changed without notice.',
          team: 'Children in Care',
          triagedAt: '2026-11-02T10:00:00Z',
          acknowledgedAt: '2026-11-03T10:00:00Z',
        },
      ],
    });
    expect(imported.status, JSON.stringify(imported.body)).toBe(200);
    const ref = imported.body.results[0].reference as string;
    const missed = await eventually(
      async () => (await call('GET', `/v1/complaints/${ref}`, 'complaints-manager')).body.deadlines as Clock[],
      (d) => d.find((c) => c.key === 'stage1.respond')?.state === 'missed',
    );
    expect(missed.find((c) => c.key === 'stage1.respond')).toMatchObject({ due: '2026-11-16', state: 'missed', metAt: null });

    const respond = (role: Role, body: object) => call('POST', `/v1/complaints/${ref}/commands/respond`, role, { at: '2026-11-13T15:00:00Z', ...body });
    const forbidden = await respond('complaints-officer', { backdateReason: REASON });
    expect(forbidden.status).toBe(403);
    expect(forbidden.body.detail).toBe('Backdating a step over a deadline already shown as missed (backdateReason) needs one of the roles: complaints-manager');

    const refused = await respond('complaints-officer', {});
    expect(refused.status).toBe(409);
    expect(refused.body.detail).toMatch(
      /^stage1\.respond was due on Mon 16 Nov 2026 and the case has shown it as missed since \w{3} \d{1,2} \w{3} \d{4}: a step dated 2026-11-13T15:00:00Z would make it met, so a complaints manager must give backdateReason$/,
    );

    const accepted = await respond('complaints-manager', { backdateReason: REASON });
    expect(accepted.status).toBe(200);
    expect((accepted.body.deadlines as Clock[]).find((c) => c.key === 'stage1.respond')).toMatchObject({ due: '2026-11-16', state: 'met', metAt: '2026-11-13T15:00:00.000Z' });
    const event = (accepted.body.events as Array<{ action: string; at: string; recordedAt: string; detail?: object }>).find((e) => e.action === 'responded')!;
    expect(event).toMatchObject({ at: '2026-11-13T15:00:00.000Z', detail: { backdateReason: REASON, missedTurnedMet: 'stage1.respond' } });
    expect(Date.parse(event.recordedAt)).toBeGreaterThan(Date.parse('2026-12-01T00:00:00Z'));

    // The chronology says both times and the reason.
    const line = await eventually(
      async () => ((await call('GET', `/v1/complaints/${ref}/chronology`, 'complaints-manager')).body.entries as Array<{ label: string; inWords?: string; details: string[] }>).find((e) => e.label === 'Stage 1 response sent'),
      (l) => l !== undefined,
    );
    expect(line!.inWords).toMatch(/^Stage 1 response sent on Fri 13 Nov 2026 at 15:00 \(recorded on \w{3} \d{1,2} \w{3} \d{4} at \d\d:\d\d\)$/);
    expect(line!.details).toEqual(['Shown as missed until this was logged: Stage 1 response', `Reason for backdating: ${REASON}`]);
  });
});
