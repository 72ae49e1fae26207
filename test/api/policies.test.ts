import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ROLES, type Role } from '../../api/auth/roles';
import { londonDateOf } from '../../domain/dates';
import { addPolicyVersion, getPolicy } from '../../domain/policy';
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

async function call(method: string, path: string, role: Role | null = 'complaints-manager', payload?: unknown): Promise<{ status: number; body: Json }> {
  const res = await fetch(`${api.baseUrl}${path}`, {
    method,
    headers: { 'content-type': 'application/json', ...(role ? { authorization: `Bearer ${await api.token(role)}` } : {}) },
    ...(payload === undefined ? {} : { body: JSON.stringify(payload) }),
  });
  return { status: res.status, body: await res.json() };
}

const complaint = (type: string, policy?: string) => ({
  receivedAt: new Date(Date.now() - 60_000).toISOString(),
  channel: 'email',
  complainant: { name: 'Jo Example', type, email: 'jo@example.org' },
  summary: 'Contact with my grandchild was stopped without a word.',
  team: 'Children in Care',
  ...(policy ? { policy } : {}),
});

describe('GET /v1/policies', () => {
  it('every staff role reads the profiles and their versions; no token, 401', async () => {
    for (const role of ROLES) expect((await call('GET', '/v1/policies', role)).status).toBe(200);
    expect((await call('GET', '/v1/policies', null)).status).toBe(401);
    const { body } = await call('GET', '/v1/policies', 'auditor');
    expect(body.policies.map((p: Json) => p.id)).toEqual(['england-statutory', 'rutland', 'luton', 'banes', 'kingston']);
    const luton = body.policies.find((p: Json) => p.id === 'luton');
    expect(luton).toMatchObject({ current: 'luton@1', versions: [{ ref: 'luton@1', version: 1, differences: [], policy: { id: 'luton', version: 1, stage1Clarify: true } }] });
    expect(luton.versions[0].changes).toMatch(/^The procedure of April 2022/);
  });

  it('a new version shows what differs, reaches new cases only, and the case files its version', async () => {
    const before = (await call('POST', '/v1/complaints', 'complaints-officer', complaint('parent', 'banes'))).body;
    expect(before.policy).toEqual({ id: 'banes', name: getPolicy('banes').name, version: 1 });

    addPolicyVersion('banes', { timescales: { 'stage1.respond': 8 }, closureDays: ['2027-12-29'] }, 'Stage 1 in 8 working days; closed 29 Dec.');
    const { body } = await call('GET', '/v1/policies', 'investigating-officer');
    const banes = body.policies.find((p: Json) => p.id === 'banes');
    expect(banes.current).toBe('banes@2');
    expect(banes.versions[1]).toMatchObject({
      ref: 'banes@2',
      changes: 'Stage 1 in 8 working days; closed 29 Dec.',
      differences: [
        { field: 'timescales.stage1.respond', from: 10, to: 8 },
        { field: 'closureDays', from: [], to: ['2027-12-29'], added: ['2027-12-29'], removed: [] },
      ],
      policy: { version: 2, timescales: { 'stage1.respond': 8 } },
    });

    const after = (await call('POST', '/v1/complaints', 'complaints-officer', complaint('parent', 'banes'))).body;
    expect(after.policy.version).toBe(2);
    // The earlier case still shows the version it started on; the records store files each.
    expect((await call('GET', `/v1/complaints/${before.reference}`)).body.policy.version).toBe(1);
    const filed = await api.records.getCase(after.reference);
    expect(filed).toMatchObject({ policyId: 'banes', policyVersion: 2 });
    expect(await api.records.getCase(before.reference)).toMatchObject({ policyId: 'banes', policyVersion: 1 });

    // An imported case starts on the current version too.
    const imported = await call('POST', '/v1/imports?source=versions-test', 'complaints-manager', {
      rows: [{ sourceId: 'V-1', receivedAt: londonDateOf(Date.now()), channel: 'letter', complainantName: 'Pat Example', complainantType: 'parent', summary: 'Not told.', policy: 'banes' }],
    });
    const reference = imported.body.results[0].reference;
    expect((await call('GET', `/v1/complaints/${reference}`)).body.policy.version).toBe(2);
    expect(await api.records.getCase(reference)).toMatchObject({ policyId: 'banes', policyVersion: 2 });
  });
});

describe('complainant types (BANES 2022-23 3.3-3.4)', () => {
  const finer = ['grandparent', 'other-relative', 'formal-carer', 'young-person-in-care', 'care-experienced'];

  it('are accepted by create and by imports, and counted by the annual report', async () => {
    for (const type of finer) expect((await call('POST', '/v1/complaints', 'complaints-officer', complaint(type))).status).toBe(201);
    const imported = await call('POST', '/v1/imports?source=types-test', 'complaints-manager', {
      rows: [{ sourceId: 'T-1', receivedAt: londonDateOf(Date.now()), channel: 'letter', complainantName: 'Gran Example', complainantType: 'grandparent', summary: 'Not told about the move.', team: 'Fostering' }],
    });
    expect(imported.status).toBe(200);
    expect(imported.body.results).toMatchObject([{ sourceId: 'T-1', status: 'started' }]);

    const bad = await call('POST', '/v1/complaints', 'complaints-officer', complaint('aunt'));
    expect(bad.status).toBe(400);
    expect(JSON.stringify(bad.body)).toContain('complainant.type');

    const today = londonDateOf(Date.now());
    const report = (await call('GET', `/v1/reports/annual?from=${today}&to=${today}`)).body;
    const counts = Object.fromEntries(report.complainantTypes.map((t: Json) => [t.type, t.cases]));
    expect(counts).toMatchObject({ grandparent: 2, 'other-relative': 1, 'formal-carer': 1, 'young-person-in-care': 1, 'care-experienced': 1 });
  });
});
