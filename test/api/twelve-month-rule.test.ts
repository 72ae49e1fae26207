/**
 * End to end on the dev server: the 12-month rule (Luton
 * 5.4, Rutland 8.1) reads the matter's date whether it came at intake
 * (`POST /v1/complaints`) or at triage.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Role } from '../../api/auth/roles';
import { startApi, type ApiHarness } from '../helpers/dev-server';

let api: ApiHarness;
beforeAll(async () => {
  api = await startApi();
});
afterAll(async () => {
  await api?.stop();
});

async function post(path: string, payload: unknown, role: Role = 'complaints-officer') {
  const res = await fetch(`${api.baseUrl}${path}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${await api.token(role)}` },
    body: JSON.stringify(payload),
  });
  // Bodies are checked field by field below.
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  return { status: res.status, body: (await res.json()) as any };
}

// Received Fri 20 Nov 2026: grounds before Fri 20 Nov 2025 are more than 12 months old.
const complaint = {
  receivedAt: '2026-11-20T09:30:00Z',
  channel: 'letter',
  complainant: { name: 'A Parent', type: 'parent' },
  summary: 'A placement decision made in 2024.',
  team: 'Children in Care',
  matterOccurredOn: '2024-06-01',
};

describe('the 12-month rule reads the date given at intake (dev server)', () => {
  it('refuses triage to Stage 1 without a good reason when the old date came at intake, and accepts it with one', async () => {
    const created = await post('/v1/complaints', complaint);
    expect(created.status).toBe(201);
    // The date is the case file's, never a search attribute or memo.
    const description = await api.client.workflow.getHandle(created.body.reference).describe();
    expect(JSON.stringify([description.memo, description.searchAttributes])).not.toContain('2024-06-01');

    const refused = await post(`/v1/complaints/${created.body.reference}/commands/triage`, { decision: 'stage1' });
    expect(refused.status).toBe(409);
    expect(refused.body.detail).toBe(
      'the grounds arose on Sat 1 Jun 2024 (as given when the complaint was logged), more than 12 months before receipt: ' +
        'accept it only with goodReasonForDelay (and it can still be investigated), or decide not-accepted with out-of-time',
    );

    const accepted = await post(`/v1/complaints/${created.body.reference}/commands/triage`, { decision: 'stage1', goodReasonForDelay: 'the child only told them in October' });
    expect(accepted.status).toBe(200);
    expect(accepted.body.events.at(-1)).toMatchObject({ action: 'triaged', detail: { decision: 'stage1', acceptedLate: true } });
  });

  it('decides out-of-time on the intake date, and a date given at triage still counts first', async () => {
    const outOfTime = await post('/v1/complaints', complaint);
    const notAccepted = await post(`/v1/complaints/${outOfTime.body.reference}/commands/triage`, {
      decision: 'not-accepted',
      notAcceptedReason: 'out-of-time',
      reason: 'The placement decision was in June 2024.',
    });
    expect(notAccepted.status).toBe(200);
    expect(notAccepted.body).toMatchObject({ procedure: 'not-accepted', outcome: { kind: 'not-accepted', reason: 'out-of-time' } });

    // The officer finds the matter is recent after all: the date given at triage is the one judged.
    const corrected = await post('/v1/complaints', complaint);
    const triaged = await post(`/v1/complaints/${corrected.body.reference}/commands/triage`, { decision: 'stage1', matterOccurredOn: '2026-10-01' });
    expect(triaged.status).toBe(200);
    expect(triaged.body.events.at(-1).detail).toEqual({ decision: 'stage1' });
  });

  it('refuses at intake a matter dated after the complaint was received', async () => {
    const res = await post('/v1/complaints', { ...complaint, matterOccurredOn: '2026-11-21' });
    expect(res.status).toBe(400);
    expect(res.body.errors).toEqual([{ field: 'matterOccurredOn', message: 'is after the complaint was received (2026-11-20)' }]);
  });
});
