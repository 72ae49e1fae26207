import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Role } from '../../api/auth/roles';
import { startApi, type ApiHarness } from '../helpers/dev-server';
import { newCase, snapshot } from '../records/fixtures';

let api: ApiHarness;
beforeAll(async () => {
  api = await startApi();
});
afterAll(async () => {
  await api?.stop();
});

const TEAM = 'Children in Care';

async function call(token: string, method: 'GET' | 'POST', path: string, options: { body?: unknown; headers?: Record<string, string> } = {}) {
  const res = await fetch(`${api.baseUrl}${path}`, {
    method,
    headers: { authorization: `Bearer ${token}`, ...(options.body === undefined ? {} : { 'content-type': 'application/json' }), ...options.headers },
    ...(options.body === undefined ? {} : { body: JSON.stringify(options.body) }),
  });
  return { status: res.status, body: (await res.json()) as Record<string, unknown> };
}

const tokenOf = (role: Role, councils?: string[]) => api.token(role, `${role}-${councils?.join('+') ?? 'default'}`, [TEAM], councils);

describe('tokens carry the council, and a council reaches its own cases only', () => {
  let defaultRef: string;
  const alphaRef = `CSC-2026-A${Date.now().toString(36).toUpperCase().slice(-5)}`;

  beforeAll(async () => {
    // A case of the default council, through the API as today (a token without a council claim).
    const created = await call(await tokenOf('complaints-officer'), 'POST', '/v1/complaints', {
      body: {
        receivedAt: '2026-12-01T10:00:00Z',
        channel: 'letter',
        complainant: { name: 'A Parent (fictional)', type: 'parent' },
        summary: 'Contact arrangements changed without notice',
        team: TEAM,
      },
    });
    expect(created.status).toBe(201);
    defaultRef = created.body.reference as string;
    // A case in council alpha's records.
    const alpha = api.records.forCouncil('alpha');
    await alpha.createCase(newCase(alphaRef, { team: TEAM }));
    await alpha.syncCase(snapshot(alphaRef, { team: TEAM }));
  }, 120_000);

  it('a manager of council alpha gets 404 for the default council\'s case, its letters and chronology, as for a case that does not exist', async () => {
    const alpha = await tokenOf('complaints-manager', ['alpha']);
    const missing = await call(alpha, 'GET', '/v1/complaints/CSC-2026-ZZZZZZ');
    expect(missing.status).toBe(404);
    for (const path of [`/v1/complaints/${defaultRef}`, `/v1/complaints/${defaultRef}/correspondence`, `/v1/complaints/${defaultRef}/chronology`]) {
      const res = await call(alpha, 'GET', path);
      expect(res.status, path).toBe(404);
      expect(res.body.title, path).toBe(missing.body.title);
      expect(res.body.detail, path).toBe(`No complaint has reference ${defaultRef}`);
    }
    // The default council's manager reads it as before.
    expect((await call(await tokenOf('complaints-manager'), 'GET', `/v1/complaints/${defaultRef}`)).status).toBe(200);
  });

  it('the default council\'s manager gets 404 for council alpha\'s case', async () => {
    const res = await call(await tokenOf('complaints-manager'), 'GET', `/v1/complaints/${alphaRef}`);
    expect(res.status).toBe(404);
    expect(res.body.detail).toBe(`No complaint has reference ${alphaRef}`);
  });

  it('each council\'s listing and access log hold its own cases only', async () => {
    const listed = async (token: string) => ((await call(token, 'GET', '/v1/complaints?limit=200')).body.cases as Array<{ reference: string }>).map((c) => c.reference);
    const alphaListing = await listed(await tokenOf('complaints-manager', ['alpha']));
    expect(alphaListing).toEqual([alphaRef]);
    const defaultListing = await listed(await tokenOf('complaints-manager'));
    expect(defaultListing).toContain(defaultRef);
    expect(defaultListing).not.toContain(alphaRef);
    // The default council's reads of its case are in its own access log, not in alpha's.
    const audit = async (token: string) => (await call(token, 'GET', '/v1/audit/access')).body.access as Array<{ actor: string; reference: string | null }>;
    const defaultReads = (await audit(await tokenOf('auditor'))).filter((a) => a.reference === defaultRef);
    expect(defaultReads.map((a) => a.actor)).toContain('complaints-manager-default');
    expect(await audit(await tokenOf('auditor', ['alpha']))).toEqual([]);
  });

  it('a token naming several councils picks one with X-Council, among its own only', async () => {
    const both = await tokenOf('complaints-manager', ['alpha', 'default']);
    const unsaid = await call(both, 'GET', `/v1/complaints/${defaultRef}`);
    expect(unsaid.status).toBe(400);
    expect(unsaid.body.errors).toEqual([{ field: 'X-Council', message: 'Your token names several councils (alpha, default): say which with the X-Council header.' }]);
    expect((await call(both, 'GET', `/v1/complaints/${defaultRef}`, { headers: { 'x-council': 'default' } })).status).toBe(200);
    expect((await call(both, 'GET', `/v1/complaints/${defaultRef}`, { headers: { 'x-council': 'alpha' } })).status).toBe(404);
    const other = await call(await tokenOf('complaints-manager', ['alpha']), 'GET', `/v1/complaints/${defaultRef}`, { headers: { 'x-council': 'default' } });
    expect(other.status).toBe(403);
    expect(other.body.detail).toBe('Your token does not name the council X-Council asks for; it names: alpha');
  });

  it('refuses a token whose council claim is not council ids (401), whatever else it holds', async () => {
    for (const claim of [['Alpha'], ['alpha', 'not_one'], []]) {
      const res = await call(await api.token('complaints-manager', 'manager-x', [TEAM], claim.length === 0 ? undefined : claim), 'GET', '/v1/complaints');
      if (claim.length === 0) {
        expect(res.status).toBe(200); // no claim at all: the default council's
        continue;
      }
      expect(res.status, String(claim)).toBe(401);
      expect(res.body.detail).toMatch(/^The token's council claim is not valid: ".*" is not a council id/);
    }
  });

  it('changes nothing for a council not added to the deployment: a new case is refused (503) and filed nowhere', async () => {
    const alpha = await tokenOf('complaints-officer', ['alpha']);
    const res = await call(alpha, 'POST', '/v1/complaints', {
      body: { receivedAt: '2026-12-01T10:00:00Z', channel: 'letter', complainant: { name: 'B Parent (fictional)', type: 'parent' }, summary: 'Another', team: TEAM },
    });
    expect(res.status).toBe(503);
    expect(res.body.detail).toBe(
      'Council alpha has not been added to this deployment (npm run council -- add alpha), so its cases run in no namespace this API reaches (complaints-alpha); only reads of its records are answered.',
    );
    expect((await api.records.forCouncil('alpha').listCases({ limit: 200 }, { everyCase: true, teams: [], subject: 'x', parts: [] })).cases.map((c) => c.reference)).toEqual([alphaRef]);
  });
});
