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

// Response bodies are checked field by field below.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Json = any;

async function post(path: string, payload: unknown, role: Role = 'complaints-officer', key?: string) {
  return fetch(`${api.baseUrl}${path}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${await api.token(role)}`, ...(key ? { 'idempotency-key': key } : {}) },
    body: JSON.stringify(payload),
  });
}

async function get(path: string, role: Role = 'complaints-officer') {
  return fetch(`${api.baseUrl}${path}`, { headers: { authorization: `Bearer ${await api.token(role)}` } });
}

const compliment = { receivedOn: '2026-06-10', team: 'Children in Care', channel: 'email', fromType: 'parent', note: 'Thanked the social worker for her patience' };

describe('compliments and representations through the API (dev server)', () => {
  it('logs a compliment (201), once per Idempotency-Key; the key with another body is 409', async () => {
    const res = await post('/v1/compliments', compliment, 'complaints-officer', 'c-1');
    expect(res.status).toBe(201);
    const body: Json = await res.json();
    expect(body).toMatchObject({ id: expect.any(Number), kind: 'compliment', ...compliment, recordedBy: 'complaints-officer-1' });
    expect(res.headers.get('location')).toBe(`/v1/compliments/${body.id}`);

    const retry = await post('/v1/compliments', compliment, 'complaints-officer', 'c-1');
    expect(retry.status).toBe(201);
    expect(await retry.json()).toEqual(body);
    const reused = await post('/v1/compliments', { ...compliment, receivedOn: '2026-06-11' }, 'complaints-officer', 'c-1');
    expect(reused.status).toBe(409);
    expect(((await reused.json()) as Json).type).toBe('/problems/idempotency-key-reused');
    // The same key on the other path is another request too.
    expect((await post('/v1/representations', compliment, 'complaints-officer', 'c-1')).status).toBe(409);

    const list: Json = await (await get('/v1/compliments')).json();
    expect(list.compliments).toEqual([body]);
  });

  it('refuses bad input naming the field, and roles outside the complaints team, changing nothing', async () => {
    const future = await post('/v1/compliments', { ...compliment, receivedOn: '2999-01-01' });
    expect(future.status).toBe(400);
    expect(((await future.json()) as Json).errors).toEqual([{ field: 'receivedOn', message: 'is in the future' }]);
    const bad = await post('/v1/representations', { receivedOn: '2026-02-30', fromType: 'neighbour', name: 'A Person' });
    expect(bad.status).toBe(400);
    const fields = ((await bad.json()) as Json).errors.map((e: Json) => `${e.field}: ${e.message}`);
    expect(fields).toEqual(expect.arrayContaining([expect.stringMatching(/^receivedOn: /), expect.stringMatching(/^fromType: /), expect.stringMatching(/name/)]));
    expect((await post('/v1/compliments', compliment, 'investigating-officer')).status).toBe(403);
    expect((await get('/v1/compliments', 'investigating-officer')).status).toBe(403);
    expect((await get('/v1/compliments?limit=0')).status).toBe(400);
    expect((await get('/v1/compliments?cursor=nonsense')).status).toBe(400);
    // An outcome is a representation's only, and one of two.
    const outcome = await post('/v1/compliments', { ...compliment, outcome: 'answered' });
    expect(outcome.status).toBe(400);
    expect(((await outcome.json()) as Json).errors).toEqual([{ field: 'outcome', message: 'a compliment has no outcome: only a representation is answered or not pursued' }]);
    const unknown = await post('/v1/representations', { receivedOn: '2026-06-10', outcome: 'withdrawn' });
    expect(unknown.status).toBe(400);
    expect(((await unknown.json()) as Json).errors.map((e: Json) => e.field)).toEqual(['outcome']);
    expect(((await (await get('/v1/compliments')).json()) as Json).compliments).toHaveLength(1);
    expect(((await (await get('/v1/representations')).json()) as Json).representations).toEqual([]);
  });

  it('lists newest received first, by period and team, in pages', async () => {
    for (const receivedOn of ['2026-05-01', '2026-07-01', '2026-04-01']) {
      // The July one was not pursued.
      const res = await post('/v1/representations', { receivedOn, team: 'Fostering', note: 'Asked how respite is allocated', ...(receivedOn === '2026-07-01' ? { outcome: 'not-pursued' } : {}) });
      expect(res.status).toBe(201);
      expect(((await res.json()) as Json).outcome).toBe(receivedOn === '2026-07-01' ? 'not-pursued' : null);
    }
    const page1: Json = await (await get('/v1/representations?team=Fostering&limit=2', 'auditor')).json();
    expect(page1.representations.map((r: Json) => r.receivedOn)).toEqual(['2026-07-01', '2026-05-01']);
    const page2: Json = await (await get(`/v1/representations?team=Fostering&limit=2&cursor=${page1.nextCursor}`, 'auditor')).json();
    expect(page2).toMatchObject({ representations: [{ receivedOn: '2026-04-01' }], nextCursor: null });
    const may: Json = await (await get('/v1/representations?from=2026-05-01&to=2026-05-31', 'director')).json();
    expect(may.representations.map((r: Json) => r.receivedOn)).toEqual(['2026-05-01']);
  });

  it('the annual report counts them, in JSON and CSV', async () => {
    const report: Json = await (await get('/v1/reports/annual?from=2026-04-01&to=2027-03-31', 'complaints-manager')).json();
    expect(report.compliments).toEqual({ received: 1, byTeam: [{ team: 'Children in Care', compliments: 1 }] });
    expect(report.representations).toEqual({ received: 3 });
    expect(report.teams).toContainEqual(expect.objectContaining({ team: 'Fostering', representations: 3 }));
    const csv = await (await get('/v1/reports/annual?from=2026-04-01&to=2027-03-31&format=csv', 'complaints-manager')).text();
    expect(csv).toContain('Compliments received,1');
    expect(csv).toContain('Representations received,3');
    // The flow table's representation row: two resolved, one not pursued.
    expect(report.published.flow.find((f: Json) => f.row === 'representation')).toMatchObject({ received: 3, resolved: 2, notPursued: 1 });
    expect(csv).toContain('Representation,0,3,2,0,1,0,0,0,0');
    const doc: Json = await (await fetch(`${api.baseUrl}/openapi.json`)).json();
    expect(Object.keys(doc.paths)).toEqual(expect.arrayContaining(['/v1/compliments', '/v1/representations']));
  });
});
