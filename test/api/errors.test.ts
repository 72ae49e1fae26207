import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Role } from '../../api/auth/roles';
import { startApi, type ApiHarness } from '../helpers/dev-server';

let api: ApiHarness;
beforeAll(async () => {
  api = await startApi({ rateLimitPerMinute: 1_000, bodyLimitBytes: 20_000 });
});
afterAll(async () => {
  await api?.stop();
});

const complaint = {
  receivedAt: '2026-10-01T10:00:00+01:00',
  channel: 'online',
  complainant: { name: 'Jo Example', type: 'young-person' },
  summary: 'My pathway plan was not reviewed.',
};

// eslint-disable-next-line @typescript-eslint/no-explicit-any
async function problem(res: Response): Promise<any> {
  expect(res.headers.get('content-type')).toContain('application/problem+json');
  const body = await res.json();
  expect(body).toMatchObject({ status: res.status, type: expect.stringMatching(/^\/problems\/[a-z-]+$/), title: expect.any(String) });
  expect(JSON.stringify(body)).not.toMatch(/at .*\.ts:\d+|Error:|stack/i);
  return body;
}

async function call(method: string, path: string, init: { role?: Role | null; body?: string; headers?: Record<string, string> } = {}) {
  const headers: Record<string, string> = { ...(init.body !== undefined ? { 'content-type': 'application/json' } : {}), ...init.headers };
  if (init.role !== null) headers.authorization = `Bearer ${await api.token(init.role ?? 'complaints-officer')}`;
  return fetch(`${api.baseUrl}${path}`, { method, headers, body: init.body });
}

async function create(): Promise<string> {
  const res = await call('POST', '/v1/complaints', { body: JSON.stringify(complaint) });
  expect(res.status).toBe(201);
  return ((await res.json()) as { reference: string }).reference;
}

describe('the API says no clearly, and changes nothing', () => {
  it('401 without a token, with a malformed token, and with a token signed by another key', async () => {
    expect((await problem(await call('GET', '/v1/complaints/CSC-2026-AAAAAA', { role: null }))).type).toBe('/problems/unauthorized');
    const bad = await call('GET', '/v1/complaints/CSC-2026-AAAAAA', { role: null, headers: { authorization: 'Bearer not.a.jwt' } });
    expect(bad.status).toBe(401);
    expect((await problem(bad)).detail).toBe('The token is not valid.');
    const other = await startApi();
    try {
      const foreign = await other.token('complaints-manager');
      const res = await call('GET', '/v1/complaints/CSC-2026-AAAAAA', { role: null, headers: { authorization: `Bearer ${foreign}` } });
      expect(res.status).toBe(401);
    } finally {
      await other.stop();
    }
  });

  it('403 for the wrong role: the auditor reads only; closing is a manager\'s; a late acceptance too', async () => {
    const res = await call('POST', '/v1/complaints', { role: 'auditor', body: JSON.stringify(complaint) });
    expect(res.status).toBe(403);
    expect((await problem(res)).detail).toBe('Logging a complaint needs one of the roles: complaints-officer, complaints-manager');
    const reference = await create();
    const close = await call('POST', `/v1/complaints/${reference}/commands/close`, { role: 'complaints-officer', body: JSON.stringify({ outcome: 'resolved' }) });
    expect(close.status).toBe(403);
    const late = await call('POST', `/v1/complaints/${reference}/commands/escalate`, { role: 'complaints-officer', body: JSON.stringify({ lateAcceptedReason: 'illness' }) });
    expect(late.status).toBe(403);
    expect((await problem(late)).detail).toBe('Accepting a late request needs one of the roles: complaints-manager');
    const read = await call('GET', `/v1/complaints/${reference}`, { role: 'auditor' });
    expect(read.status).toBe(200);
  });

  it('400 lists every invalid field of a command; 404 for an unknown command or reference', async () => {
    const reference = await create();
    const res = await call('POST', `/v1/complaints/${reference}/commands/extend`, { body: JSON.stringify({ deadline: 'stage9', workingDays: -1, actor: 'someone-else' }) });
    expect(res.status).toBe(400);
    const fields = (await problem(res)).errors.map((e: { field: string }) => e.field).sort();
    expect(fields).toEqual(['(body)', 'deadline', 'reason', 'workingDays']);
    expect((await problem(await call('POST', `/v1/complaints/${reference}/commands/teleport`, { body: '{}' }))).type).toBe('/problems/not-found');
    expect((await call('POST', '/v1/complaints/CSC-2026-ZZZZZZ/commands/acknowledge', { body: '{}' })).status).toBe(404);
    expect((await call('GET', '/v1/complaints/not-a-reference')).status).toBe(404);
  });

  it('a meeting: 400 naming each bad field; 409 naming a time already gone or an unknown meeting', async () => {
    const reference = await create();
    const attendees = [{ role: 'complaints-officer', name: 'Jo Smith' }];
    const bad = await call('POST', `/v1/complaints/${reference}/commands/arrange-meeting`, {
      body: JSON.stringify({ meetingId: 'M 1', purpose: 'party', date: '2027-02-30', time: '25:00', attendees: [{ role: 'child', name: '<b>' }], venue: '' }),
    });
    expect(bad.status).toBe(400);
    expect((await problem(bad)).errors.map((e: { field: string }) => e.field).sort()).toEqual(
      ['attendees.0.name', 'attendees.0.role', 'date', 'meetingId', 'purpose', 'time', 'venue'],
    );
    const past = await call('POST', `/v1/complaints/${reference}/commands/arrange-meeting`, {
      body: JSON.stringify({ meetingId: 'M1', purpose: 'clarify', date: '2026-11-02', time: '10:00', attendees, venue: 'online' }),
    });
    expect(past.status).toBe(409);
    expect((await problem(past)).detail).toMatch(/^the meeting must be in the future: Mon 2 Nov 2026 at 10:00 has passed \(it is now /);
    const unknown = await call('POST', `/v1/complaints/${reference}/commands/record-meeting`, { body: JSON.stringify({ meetingId: 'M9', outcome: 'held' }) });
    expect(unknown.status).toBe(409);
    expect((await problem(unknown)).detail).toBe('no meeting M9 on this case: none is arranged');
  });

  it('409 with the validator\'s reason for a transition the state does not allow; the case is unchanged', async () => {
    const reference = await create();
    const before = await (await call('GET', `/v1/complaints/${reference}`)).json();
    const res = await call('POST', `/v1/complaints/${reference}/commands/respond`, { body: '{}' });
    expect(res.status).toBe(409);
    expect((await problem(res)).detail).toBe('the complaint has not been triaged yet');
    const after = await (await call('GET', `/v1/complaints/${reference}`)).json();
    expect(after).toEqual(before);
  });

  it('413 for an oversized body, 415 for a body that is not JSON, 400 for malformed JSON', async () => {
    const big = JSON.stringify({ ...complaint, summary: 'x'.repeat(30_000) });
    const res = await call('POST', '/v1/complaints', { body: big });
    expect(res.status).toBe(413);
    expect((await problem(res)).type).toBe('/problems/payload-too-large');
    const text = await call('POST', '/v1/complaints', { body: 'receivedAt=today', headers: { 'content-type': 'text/plain' } });
    expect(text.status).toBe(415);
    expect((await problem(text)).type).toBe('/problems/unsupported-media-type');
    const malformed = await call('POST', '/v1/complaints', { body: '{"receivedAt":' });
    expect(malformed.status).toBe(400);
    expect((await problem(malformed)).type).toBe('/problems/malformed-json');
  });

  it('429 with Retry-After when a client floods', async () => {
    const tight = await startApi({ rateLimitPerMinute: 3 });
    try {
      const token = await tight.token('auditor');
      const statuses: number[] = [];
      for (let i = 0; i < 5; i++) {
        const res = await fetch(`${tight.baseUrl}/v1/complaints/CSC-2026-AAAAAA`, { headers: { authorization: `Bearer ${token}` } });
        statuses.push(res.status);
        if (res.status === 429) {
          expect((await problem(res)).type).toBe('/problems/rate-limited');
          expect(Number(res.headers.get('retry-after'))).toBeGreaterThan(0);
        }
      }
      expect(statuses).toEqual([404, 404, 404, 429, 429]);
    } finally {
      await tight.stop();
    }
  });

  it('an Idempotency-Key makes a retried create return the same case, and a retried command apply once', async () => {
    const key = `create-${Date.now()}`;
    const first = await call('POST', '/v1/complaints', { body: JSON.stringify(complaint), headers: { 'idempotency-key': key } });
    const second = await call('POST', '/v1/complaints', { body: JSON.stringify(complaint), headers: { 'idempotency-key': key } });
    expect(first.status).toBe(201);
    expect(second.status).toBe(201);
    const reference = ((await first.json()) as { reference: string }).reference;
    expect(((await second.json()) as { reference: string }).reference).toBe(reference);
    expect(second.headers.get('location')).toBe(`/v1/complaints/${reference}`);

    const reused = await call('POST', '/v1/complaints', { body: JSON.stringify({ ...complaint, summary: 'another' }), headers: { 'idempotency-key': key } });
    expect(reused.status).toBe(409);
    expect((await problem(reused)).type).toBe('/problems/idempotency-key-reused');

    const ack1 = await call('POST', `/v1/complaints/${reference}/commands/acknowledge`, { body: '{}', headers: { 'idempotency-key': 'ack-1' } });
    const ack2 = await call('POST', `/v1/complaints/${reference}/commands/acknowledge`, { body: '{}', headers: { 'idempotency-key': 'ack-1' } });
    expect(ack1.status).toBe(200);
    expect(ack2.status).toBe(200);
    const view = (await ack2.json()) as { events: Array<{ action: string }> };
    expect(view.events.filter((e) => e.action === 'acknowledged')).toHaveLength(1);
  });

  it('405 with Allow for a documented path asked with a method it does not take; 404 for a path nobody documents', async () => {
    const trace = await fetch(`${api.baseUrl}/healthz`, { method: 'PATCH' }); // (fetch cannot send TRACE; the fuzzer does)
    expect(trace.status).toBe(405);
    expect(trace.headers.get('allow')).toBe('GET, HEAD, OPTIONS');
    expect(await trace.json()).toMatchObject({ type: '/problems/method-not-allowed', status: 405 });
    const put = await fetch(`${api.baseUrl}/v1/complaints/CSC-2026-AAAAAA/commands/acknowledge`, { method: 'PUT', headers: { authorization: `Bearer ${await api.token('complaints-officer')}` } });
    expect(put.status).toBe(405);
    expect(put.headers.get('allow')).toBe('POST, OPTIONS');
    // Every route the API serves is in the document: the listing too.
    const list = await fetch(`${api.baseUrl}/v1/complaints?limit=1`, { headers: { authorization: `Bearer ${await api.token('auditor')}` } });
    expect(list.status).toBe(200);
    expect((await fetch(`${api.baseUrl}/nowhere`, { method: 'DELETE' })).status).toBe(404);
  });

  it('serves health, readiness, metrics, the OpenAPI document and its docs without a token; CORS stays closed', async () => {
    expect((await fetch(`${api.baseUrl}/healthz`)).status).toBe(200);
    expect((await fetch(`${api.baseUrl}/readyz`)).status).toBe(200);
    const metrics = await (await fetch(`${api.baseUrl}/metrics`)).text();
    expect(metrics).toContain('complaints_http_request_duration_seconds');
    const doc = (await (await fetch(`${api.baseUrl}/openapi.json`)).json()) as { paths: Record<string, unknown> };
    expect(Object.keys(doc.paths)).toContain('/v1/complaints/{reference}/commands/agree-statement');
    expect(await (await fetch(`${api.baseUrl}/docs`)).text()).toContain('/v1/complaints/{reference}/commands/schedule-panel');
    const cors = await fetch(`${api.baseUrl}/healthz`, { headers: { origin: 'https://evil.example' } });
    expect(cors.headers.get('access-control-allow-origin')).toBeNull();
    expect(cors.headers.get('x-content-type-options')).toBe('nosniff');
  });
});

describe('validation messages say what was expected, with an example', () => {
  it('a missing or malformed field of a complaint names the field, what it takes and an example', async () => {
    const empty = await call('POST', '/v1/complaints', { body: '{}' });
    expect(empty.status).toBe(400);
    expect((await problem(empty)).errors).toEqual([
      { field: 'receivedAt', message: 'receivedAt is required: a date-time such as 2026-11-20T09:30:00Z' },
      { field: 'channel', message: 'channel is required: one of online, email, phone, letter, in-person' },
      { field: 'complainant', message: 'complainant is required: an object such as {"name":"A Parent","type":"parent"}' },
      { field: 'summary', message: 'summary is required: text such as "Contact arrangements changed without notice"' },
    ]);
    const malformed = await call('POST', '/v1/complaints', {
      body: JSON.stringify({ ...complaint, receivedAt: '20/11/2026 09:30', matterOccurredOn: '2026-11-31', channel: 'fax', complainant: { type: 'parent', email: 'jo at example' }, summary: '', extra: 1 }),
    });
    expect(malformed.status).toBe(400);
    expect((await problem(malformed)).errors).toEqual([
      { field: 'receivedAt', message: 'receivedAt must be a date-time such as 2026-11-20T09:30:00Z' },
      { field: 'channel', message: 'channel must be one of online, email, phone, letter, in-person' },
      { field: 'complainant.name', message: 'complainant.name is required: text such as "A Parent"' },
      { field: 'complainant.email', message: 'complainant.email must be an email address such as jo.parent@example.org' },
      { field: 'summary', message: 'summary must not be empty' },
      { field: 'matterOccurredOn', message: 'matterOccurredOn must be a date such as 2026-11-20' },
      { field: '(body)', message: 'the body has a field the API does not take: extra' },
    ]);
  });

  it("a command's fields: numbers, lists, choices and dates each say what they take", async () => {
    const reference = await create();
    const extend = await call('POST', `/v1/complaints/${reference}/commands/extend`, { body: JSON.stringify({ workingDays: 'ten', at: '2026-11-20' }) });
    expect((await problem(extend)).errors).toEqual([
      { field: 'at', message: 'at must be a date-time such as 2026-11-20T09:30:00Z' },
      { field: 'deadline', message: 'deadline is required: one of stage1.respond, stage2.respond, stage3.panel, stage3.finalResponse' },
      { field: 'workingDays', message: 'workingDays must be a whole number such as 10' },
      { field: 'reason', message: 'reason is required: text such as "An advocate is being arranged"' },
    ]);
    const tooMany = await call('POST', `/v1/complaints/${reference}/commands/extend`, { body: JSON.stringify({ deadline: 'stage1.respond', workingDays: 66, reason: 'x' }) });
    expect((await problem(tooMany)).errors).toEqual([{ field: 'workingDays', message: 'workingDays must be at most 65' }]);
    const reports = await call('POST', `/v1/complaints/${reference}/commands/submit-reports`, { body: JSON.stringify({ reports: [] }) });
    expect((await problem(reports)).errors).toEqual([{ field: 'reports', message: 'reports must have at least 1 item' }]);
  });
});

describe('text the database cannot store', () => {
  it('is refused with 400 naming the field (never a 500): NUL characters, unpaired surrogates, receipt before the 2006 regulations', async () => {
    for (const [body, field] of [
      [{ ...complaint, summary: 'before\u0000after' }, 'summary'],
      [{ ...complaint, complainant: { ...complaint.complainant, name: 'Jo \ud800 Example' } }, 'complainant.name'],
    ] as const) {
      const res = await call('POST', '/v1/complaints', { body: JSON.stringify(body) });
      expect(res.status).toBe(400);
      expect((await problem(res)).errors).toEqual([{ field, message: 'contains a character that cannot be stored (NUL or an unpaired surrogate)' }]);
    }
    const ancient = await call('POST', '/v1/complaints', { body: JSON.stringify({ ...complaint, receivedAt: '0146-02-07T07:19:23.64Z' }) });
    expect(ancient.status).toBe(400);
    expect((await problem(ancient)).errors).toEqual([{ field: 'receivedAt', message: 'is before the 2006 regulations came into force (1 September 2006)' }]);
  });

  it('never gives a 500 for a query the database could not take (found by the fuzzer): NUL in a query, an offset beyond ±15:59', async () => {
    const manager = { authorization: `Bearer ${await api.token('complaints-manager')}` };
    const nul = await fetch(`${api.baseUrl}/v1/audit/access?actor=%C3%91%00%3Dy`, { headers: manager });
    expect(nul.status).toBe(400);
    expect((await problem(nul)).errors).toEqual([{ field: 'actor', message: 'contains a character that cannot be stored (NUL or an unpaired surrogate)' }]);
    const inBody = await fetch(`${api.baseUrl}/v1/subject-access`, {
      method: 'POST',
      headers: { ...manager, 'content-type': 'application/json' },
      body: JSON.stringify({ name: 'Ñ\u0000=y', dateOfBirth: '2015-03-02' }),
    });
    expect(inBody.status).toBe(400);
    expect((await problem(inBody)).errors).toEqual([{ field: 'name', message: 'contains a character that cannot be stored (NUL or an unpaired surrogate)' }]);
    // ISO 8601 allows +16:20; PostgreSQL does not: the instant is taken in UTC.
    const offset = await fetch(`${api.baseUrl}/v1/audit/access?from=${encodeURIComponent('1171-04-08T17:51:54+16:20')}`, { headers: manager });
    expect(offset.status).toBe(200);
    expect(await offset.json()).toHaveProperty('access');
  });
});
