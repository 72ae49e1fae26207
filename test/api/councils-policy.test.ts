import { randomBytes } from 'node:crypto';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Role } from '../../api/auth/roles';
import { getPolicy } from '../../domain/policy';
import { parseCouncilArgs } from '../../scripts/council/add';
import { startApi, type ApiHarness } from '../helpers/dev-server';

// Response bodies are checked field by field below.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Json = any;

/**
 * Two councils on the dev server: A follows the statutory policy, B Luton's
 * (its Stage 1 clarification within 5 working days of receipt, Luton 13.3).
 * The cases are received on Monday 2 November 2026, so their clocks give the
 * same dates whatever day this runs (no bank holiday in November 2026).
 */
const run = randomBytes(3).toString('hex');
const A = `statute-${run}`;
const B = `lutonish-${run}`;
const ROOT = path.resolve(import.meta.dirname, '../..');
const RECEIVED = '2026-11-02T10:00:00Z';

function councilArgs(argv: string[]) {
  const parsed = parseCouncilArgs(['add', ...argv], ROOT);
  if (parsed.command !== 'add') throw new Error('not an add');
  return parsed.settings;
}

let api: ApiHarness;

beforeAll(async () => {
  api = await startApi({
    councils: [
      councilArgs([A, '--name', 'Statuteshire Council', '--policy', 'england-statutory']),
      councilArgs([B, '--name', 'Lutonshire Council', '--policy', 'luton']),
    ],
  });
}, 180_000);
afterAll(async () => {
  await api?.stop();
});

async function call(council: string, role: Role, method: 'GET' | 'POST', url: string, body?: unknown) {
  const res = await fetch(`${api.baseUrl}${url}`, {
    method,
    headers: { authorization: `Bearer ${await api.token(role, `${role}-${council}`, ['Children in Care'], [council])}`, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  const text = await res.text();
  return { status: res.status, body: (text.startsWith('{') ? JSON.parse(text) : text) as Json };
}

const complaint = (policy?: string) => ({
  receivedAt: RECEIVED,
  channel: 'letter',
  complainant: { name: 'Alex Example', type: 'parent' },
  summary: 'Contact arrangements were changed without telling me.',
  team: 'Children in Care',
  ...(policy ? { policy } : {}),
});

const dues = (view: Json) => Object.fromEntries((view.deadlines as Json[]).map((d) => [d.key, d.due]));

describe("a new case follows its council's policy", () => {
  it("a case logged in B without a policy runs B's (Luton's clarification clock); in A, the statutory one", async () => {
    const inB = await call(B, 'complaints-officer', 'POST', '/v1/complaints', complaint());
    const inA = await call(A, 'complaints-officer', 'POST', '/v1/complaints', complaint());
    expect(inB.status, JSON.stringify(inB.body)).toBe(201);
    expect(inA.status, JSON.stringify(inA.body)).toBe(201);
    expect(inB.body.policy).toEqual({ id: 'luton', name: getPolicy('luton').name, version: 1 });
    expect(inA.body.policy).toEqual({ id: 'england-statutory', name: getPolicy('england-statutory').name, version: 1 });
    expect(await api.records.forCouncil(B).getCase(inB.body.reference)).toMatchObject({ policyId: 'luton', policyVersion: 1 });

    // Triaged into Stage 1: B's case must clarify by Mon 9 Nov (5 working days); A's has no such clock.
    const triagedB = await call(B, 'complaints-officer', 'POST', `/v1/complaints/${inB.body.reference}/commands/triage`, { decision: 'stage1' });
    const triagedA = await call(A, 'complaints-officer', 'POST', `/v1/complaints/${inA.body.reference}/commands/triage`, { decision: 'stage1' });
    expect(triagedB.status, JSON.stringify(triagedB.body)).toBe(200);
    expect(triagedA.status, JSON.stringify(triagedA.body)).toBe(200);
    expect(dues(triagedB.body)).toEqual({ 'stage1.acknowledge': '2026-11-05', 'stage1.respond': '2026-11-16', 'stage1.clarify': '2026-11-09' });
    expect(dues(triagedA.body)).toEqual({ 'stage1.acknowledge': '2026-11-05', 'stage1.respond': '2026-11-16' });
  });

  it("a body in B may name B's own policy, and no other: another is refused by field and nothing is started", async () => {
    const own = await call(B, 'complaints-officer', 'POST', '/v1/complaints', complaint('luton'));
    expect(own.status, JSON.stringify(own.body)).toBe(201);
    expect(own.body.policy.id).toBe('luton');

    const before = (await call(B, 'complaints-manager', 'GET', '/v1/complaints?limit=200')).body.cases.length as number;
    const other = await call(B, 'complaints-officer', 'POST', '/v1/complaints', complaint('england-statutory'));
    expect(other.status).toBe(400);
    expect(other.body.errors).toEqual([{ field: 'policy', message: 'Lutonshire Council follows the policy luton; leave policy out, or name luton, not england-statutory' }]);
    expect((await call(B, 'complaints-manager', 'GET', '/v1/complaints?limit=200')).body.cases).toHaveLength(before);

    // The embedded default's council may still name any shipped policy.
    const inDefault = await call('default', 'complaints-officer', 'POST', '/v1/complaints', complaint('banes'));
    expect(inDefault.status, JSON.stringify(inDefault.body)).toBe(201);
    expect(inDefault.body.policy.id).toBe('banes');
  });

  it("a bulk import in B starts its rows on B's policy, and refuses a row naming another", async () => {
    const row = (sourceId: string, policy?: string) => ({
      sourceId, receivedAt: '2026-11-02', channel: 'letter', complainantName: 'Pat Example', complainantType: 'parent', summary: 'Not told.', ...(policy ? { policy } : {}),
    });
    const imported = await call(B, 'complaints-manager', 'POST', `/v1/imports?source=policy-${run}`, { rows: [row('P-1'), row('P-2', 'banes')] });
    expect(imported.status, JSON.stringify(imported.body)).toBe(200);
    expect(imported.body.results[0].status).toBe('started');
    expect(imported.body.results[1]).toMatchObject({
      status: 'invalid',
      problems: [{ field: 'policy', message: 'Lutonshire Council follows the policy luton; leave policy out, or name luton, not banes' }],
    });
    const view = (await call(B, 'complaints-manager', 'GET', `/v1/complaints/${imported.body.results[0].reference}`)).body;
    expect(view.policy.id).toBe('luton');
  });
});
