/**
 * Hostile input on the real app (dev server, PGlite): names that Object.prototype
 * has, JSON nested past any use, imports over the row cap, and floods before
 * and after authentication. Each answer is a problem+json 4xx, never a 500.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MAX_JSON_DEPTH } from '../../api/json-body';
import { startApi, type ApiHarness } from '../helpers/dev-server';

let api: ApiHarness;
let manager: string;
beforeAll(async () => {
  api = await startApi({ rateLimitPerMinute: 100_000 });
  manager = await api.token('complaints-manager');
});
afterAll(async () => {
  await api?.stop();
});

// eslint-disable-next-line @typescript-eslint/no-explicit-any
async function problem(res: Response): Promise<any> {
  expect(res.headers.get('content-type')).toContain('application/problem+json');
  const body = await res.json();
  expect(body).toMatchObject({ status: res.status, type: expect.stringMatching(/^\/problems\/[a-z-]+$/), title: expect.any(String) });
  return body;
}

function post(path: string, body: string, contentType = 'application/json', base = api.baseUrl) {
  return fetch(`${base}${path}`, { method: 'POST', headers: { authorization: `Bearer ${manager}`, 'content-type': contentType }, body });
}

const PROTOTYPE_NAMES = ['constructor', '__proto__', 'toString', 'hasOwnProperty', 'valueOf', '__defineGetter__', 'isPrototypeOf', 'propertyIsEnumerable', 'toLocaleString'];

describe('names Object.prototype has', () => {
  it('/problems/<a prototype member> is 404 problem+json; a real problem type is its text', async () => {
    for (const name of PROTOTYPE_NAMES) {
      const res = await fetch(`${api.baseUrl}/problems/${name}`);
      expect(res.status, name).toBe(404);
      expect((await problem(res)).detail).toBe(`No problem type ${name}`);
    }
    const real = await fetch(`${api.baseUrl}/problems/nesting-too-deep`);
    expect(real.status).toBe(200);
    expect(await real.text()).toBe(`The JSON body nests arrays or objects more than ${MAX_JSON_DEPTH} levels deep; no request of this API needs more.`);
  });

  it("a command named after one is 404 on complaints, actions and conduct", async () => {
    for (const name of PROTOTYPE_NAMES) {
      for (const path of [`/v1/complaints/CSC-2026-AAAAAA/commands/${name}`, `/v1/actions/1/commands/${name}`, `/v1/conduct/1/commands/${name}`]) {
        const res = await post(path, '{}');
        expect(res.status, path).toBe(404);
        expect((await problem(res)).title).toBe('No such command');
      }
    }
  });

  it('an import whose columns or fields are named after one: each row invalid by name, never a 500', async () => {
    const header = 'sourceId,receivedAt,channel,complainantName,complainantType,summary,__proto__,constructor,toString';
    const csv = await post('/v1/imports?dryRun=true', `${header}\nP-1,2026-11-02,letter,A Parent (fictional),parent,Text,x,y,z`, 'text/csv');
    expect(csv.status).toBe(200);
    const json = await post('/v1/imports?dryRun=true', '{"rows":[{"__proto__":{"sourceId":"P-2"},"constructor":1,"sourceId":"P-2"}]}');
    expect(json.status).toBe(200);
    for (const res of [csv, json]) {
      const [row] = ((await res.json()) as { results: Array<{ status: string; problems: Array<{ field: string }> }> }).results;
      expect(row!.status).toBe('invalid');
    }
  });
});

describe('JSON nested past any use', () => {
  const arrays = (depth: number) => '['.repeat(depth) + ']'.repeat(depth);
  const objects = (depth: number) => '{"a":'.repeat(depth) + '1' + '}'.repeat(depth);

  it('10,000 levels of arrays or objects within the body limit: 400 nesting-too-deep, on every JSON route', async () => {
    for (const [path, body] of [
      ['/v1/complaints', arrays(10_000)],
      ['/v1/complaints', objects(10_000)],
      ['/v1/complaints/CSC-2026-AAAAAA/commands/acknowledge', objects(10_000)],
      ['/v1/imports', `{"rows":[${objects(100_000)}]}`],
      ['/codec/decode', `{"payloads":${arrays(10_000)}}`],
    ] as const) {
      const res = await post(path, body);
      expect(res.status, path).toBe(400);
      const body400 = await problem(res);
      expect(body400.type).toBe('/problems/nesting-too-deep');
      expect(body400.detail).toBe(`The body nests arrays or objects more than ${MAX_JSON_DEPTH} levels deep.`);
    }
  });

  it(`${MAX_JSON_DEPTH} levels pass to validation, ${MAX_JSON_DEPTH + 1} do not; brackets inside strings and escaped quotes do not count`, async () => {
    const at = await post('/v1/complaints', objects(MAX_JSON_DEPTH));
    expect(at.status).toBe(400);
    expect((await problem(at)).type).toBe('/problems/validation');
    const over = await post('/v1/complaints', objects(MAX_JSON_DEPTH + 1));
    expect((await problem(over)).type).toBe('/problems/nesting-too-deep');
    const inText = await post('/v1/complaints', JSON.stringify({ summary: `a \\" quote then ${'[{'.repeat(5_000)}` }));
    expect((await problem(inText)).type).toBe('/problems/validation');
  });

  it('UTF-16 bodies are scanned as text; UTF-7 and UTF-32, which could hide brackets, are 415', async () => {
    const utf16 = await fetch(`${api.baseUrl}/v1/complaints`, {
      method: 'POST',
      headers: { authorization: `Bearer ${manager}`, 'content-type': 'application/json; charset=utf-16le' },
      body: Buffer.from(objects(1_000), 'utf16le'),
    });
    expect(utf16.status).toBe(400);
    expect((await problem(utf16)).type).toBe('/problems/nesting-too-deep');
    for (const charset of ['utf-7', 'utf-32']) {
      const res = await post('/v1/complaints', '{}', `application/json; charset=${charset}`);
      expect(res.status, charset).toBe(415);
      expect((await problem(res)).type).toBe('/problems/unsupported-media-type');
    }
  });
});

describe('an import over the row cap', () => {
  // A row that would start a case: received yesterday, nothing else done.
  const row = (i: number) => ({
    sourceId: `CAP-${i}`,
    receivedAt: new Date(Date.now() - 86_400_000).toISOString(),
    channel: 'letter',
    complainantName: `Complainant ${i} (fictional)`,
    complainantType: 'parent',
    summary: 'Imported over the cap',
  });
  const csv = (rows: Array<ReturnType<typeof row>>) =>
    [Object.keys(rows[0]!).join(','), ...rows.map((r) => Object.values(r).join(','))].join('\n');

  it('5,001 rows (the default cap, 5,000, plus one), as JSON or CSV: 413 naming the limit', async () => {
    const rows = Array.from({ length: 5_001 }, (_, i) => row(i));
    for (const [body, type] of [
      [JSON.stringify({ rows }), 'application/json'],
      [csv(rows), 'text/csv'],
    ] as const) {
      const res = await post('/v1/imports?dryRun=true', body, type);
      expect(res.status, type).toBe(413);
      expect(await problem(res)).toMatchObject({
        type: '/problems/payload-too-large',
        title: 'Too many rows',
        detail: 'An import takes at most 5000 rows (IMPORT_MAX_ROWS); this one has 5001. Send it in parts (npm run import does).',
      });
    }
  });

  it('one row over a configured cap: 413, and nothing filed or started; at the cap, every row starts', async () => {
    const capped = await startApi({ importMaxRows: 3 });
    try {
      const token = await capped.token('complaints-manager');
      const send = (body: string, type: string) =>
        fetch(`${capped.baseUrl}/v1/imports`, { method: 'POST', headers: { authorization: `Bearer ${token}`, 'content-type': type }, body });
      const four = Array.from({ length: 4 }, (_, i) => row(i));
      for (const [body, type] of [
        [JSON.stringify({ rows: four }), 'application/json'],
        [csv(four), 'text/csv'],
      ] as const) {
        const res = await send(body, type);
        expect(res.status, type).toBe(413);
        expect((await problem(res)).detail).toBe('An import takes at most 3 rows (IMPORT_MAX_ROWS); this one has 4. Send it in parts (npm run import does).');
      }
      const listed = await fetch(`${capped.baseUrl}/v1/complaints`, { headers: { authorization: `Bearer ${token}` } });
      expect(((await listed.json()) as { cases: unknown[] }).cases).toEqual([]);
      const started = [];
      for await (const wf of capped.client.workflow.list({ query: `TaskQueue = '${capped.taskQueue}'` })) started.push(wf.workflowId);
      expect(started).toEqual([]);

      const three = await send(csv(four.slice(0, 3)), 'text/csv');
      expect(three.status).toBe(200);
      expect(((await three.json()) as { summary: unknown }).summary).toMatchObject({ rows: 3, started: 3 });
    } finally {
      await capped.stop();
    }
  });
});

describe('rate limits before and after authentication', () => {
  const unsigned = (base: string, headers: Record<string, string> = {}) => fetch(`${base}/v1/complaints`, { headers });

  it('an unsigned flood from one address: 401 up to the limit, then 429 with Retry-After, signed or not', async () => {
    const tight = await startApi({ rateLimitPerAddressPerMinute: 3 });
    try {
      const statuses = [];
      for (let i = 0; i < 4; i++) statuses.push((await unsigned(tight.baseUrl)).status);
      expect(statuses).toEqual([401, 401, 401, 429]);
      const limited = await fetch(`${tight.baseUrl}/v1/complaints`, { headers: { authorization: `Bearer ${await tight.token('complaints-manager')}` } });
      expect(limited.status).toBe(429);
      expect((await problem(limited)).type).toBe('/problems/rate-limited');
      expect(limited.headers.get('x-content-type-options')).toBe('nosniff');
      const retryAfter = Number(limited.headers.get('retry-after'));
      expect(retryAfter).toBeGreaterThan(0);
      expect(retryAfter).toBeLessThanOrEqual(60);
      // The open endpoints count too: the address is limited, not a route.
      expect((await fetch(`${tight.baseUrl}/openapi.json`)).status).toBe(429);
    } finally {
      await tight.stop();
    }
  });

  it('with trust proxy set, two forwarded addresses are limited apart; with it off, X-Forwarded-For is ignored and they share a limit', async () => {
    const proxied = await startApi({ rateLimitPerAddressPerMinute: 2, trustProxy: 'loopback' });
    const direct = await startApi({ rateLimitPerAddressPerMinute: 2 });
    try {
      const from = async (base: string, address: string) => (await unsigned(base, { 'x-forwarded-for': address })).status;
      expect([await from(proxied.baseUrl, '203.0.113.1'), await from(proxied.baseUrl, '203.0.113.1'), await from(proxied.baseUrl, '203.0.113.1')]).toEqual([401, 401, 429]);
      expect([await from(proxied.baseUrl, '203.0.113.2'), await from(proxied.baseUrl, '203.0.113.2')]).toEqual([401, 401]);

      expect([await from(direct.baseUrl, '203.0.113.1'), await from(direct.baseUrl, '203.0.113.2'), await from(direct.baseUrl, '203.0.113.3')]).toEqual([401, 401, 429]);
    } finally {
      await proxied.stop();
      await direct.stop();
    }
  });

  it('each signed-in caller keeps a limit of their own behind a shared address', async () => {
    const tight = await startApi({ rateLimitPerMinute: 2 });
    try {
      const get = async (subject: string) =>
        (await fetch(`${tight.baseUrl}/v1/complaints?limit=1`, { headers: { authorization: `Bearer ${await tight.token('complaints-manager', subject)}` } })).status;
      expect([await get('a'), await get('a'), await get('a')]).toEqual([200, 200, 429]);
      expect(await get('b')).toBe(200);
    } finally {
      await tight.stop();
    }
  });
});
