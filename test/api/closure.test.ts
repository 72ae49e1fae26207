import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { decideCommand, viewsOf, type CaseAccessFacts, type Principal } from '../../domain/access';
import { OFFICE, ROLES, type Role } from '../../domain/roles';
import { startApi, type ApiHarness } from '../helpers/dev-server';
import { registerIndependent } from '../helpers/register';
import { eventually } from '../helpers/eventually';

/**
 * Closing a case, through the API on the real dev server:
 * equalities monitoring held apart and read only through the `equalities`
 * view (every role, appointed and not), the child's care flag, and learning
 * and satisfaction on a real case, counted in the annual report.
 */

let api: ApiHarness;
beforeAll(async () => {
  api = await startApi();
  // The Independent Person and the panel are on the independence register (BANES 9.3), from outside the council.
  await registerIndependent(api.records, { 'ip.a': ['independent-person'], 'chair.a': ['panel-chair'], 'member.a': ['panel-member'], 'member.a.2': ['panel-member'] });
});
afterAll(async () => {
  await api?.stop();
});

interface Who extends Principal {
  label: string;
}

async function call(who: Pick<Who, 'subject' | 'roles' | 'teams'>, method: 'GET' | 'POST', path: string, body?: unknown) {
  const token = await api.token(who.roles[0]!, who.subject, [...who.teams]);
  const res = await fetch(`${api.baseUrl}${path}`, {
    method,
    headers: { authorization: `Bearer ${token}`, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  const text = await res.text();
  return { status: res.status, text, json: () => JSON.parse(text) as Record<string, unknown> };
}

const manager: Who = { label: 'manager', subject: 'cm.closure', roles: ['complaints-manager'], teams: [] };
const officer: Who = { label: 'officer', subject: 'co.closure', roles: ['complaints-officer'], teams: ['fostering'] };

async function command(reference: string, name: string, body: Record<string, unknown>) {
  const res = await call(manager, 'POST', `/v1/complaints/${reference}/commands/${name}`, body);
  expect(res.status, `${name}: ${res.text}`).toBe(200);
  return res.json();
}

async function create(body: Record<string, unknown>): Promise<string> {
  const created = await call(manager, 'POST', '/v1/complaints', {
    receivedAt: '2026-03-02T09:00:00Z',
    channel: 'letter',
    complainant: { name: 'Dana Closure (fictional)', type: 'parent', email: 'dana@example.org' },
    child: { name: 'Eli Closure (fictional)', dateOfBirth: '2013-01-02' },
    summary: 'Placement ended without notice',
    team: 'fostering',
    ...body,
  });
  expect(created.status, created.text).toBe(201);
  return created.json().reference as string;
}

/** Every part in the case by id, as the access matrix builds it: Stage 2 into Stage 3 with its panel. */
async function caseWithEveryPart(): Promise<string> {
  const ref = await create({ childCare: 'in-care' });
  await command(ref, 'triage', { decision: 'stage2', at: '2026-03-02T10:00:00Z' });
  await command(ref, 'acknowledge', { at: '2026-03-03T09:00:00Z' });
  await command(ref, 'appoint-investigators', { at: '2026-03-04T09:00:00Z', investigatingOfficer: { id: 'io.a' }, independentPerson: { id: 'ip.a' } });
  await command(ref, 'assign', { person: { id: 'ao.a' }, part: 'adjudicating-officer' });
  await command(ref, 'agree-statement', { at: '2026-03-10T10:00:00Z' });
  await command(ref, 'submit-reports', { at: '2026-03-30T16:00:00+01:00', reports: ['investigating-officer', 'independent-person'] });
  await command(ref, 'adjudicate', { at: '2026-04-02T12:00:00+01:00' });
  await command(ref, 'escalate', { at: '2026-04-08T10:00:00+01:00' });
  await command(ref, 'schedule-panel', {
    at: '2026-04-09T10:00:00+01:00',
    panelDate: '2026-05-15',
    members: [
      { id: 'chair.a', role: 'chair' },
      { id: 'member.a', role: 'member' },
      { id: 'member.a.2', role: 'member' },
    ],
  });
  return ref;
}

const PART_SUBJECT: Partial<Record<Role, [string, string]>> = {
  'investigating-officer': ['io.a', 'io.b'],
  'independent-person': ['ip.a', 'ip.b'],
  'adjudicating-officer': ['ao.a', 'ao.b'],
  'panel-chair': ['chair.a', 'chair.b'],
  'panel-member': ['member.a', 'member.b'],
};
const PRINCIPALS: Who[] = ROLES.flatMap((role) => {
  const [mine, other] = PART_SUBJECT[role] ?? [`${role}.mine`, `${role}.other`];
  return [
    { label: `${role} appointed`, subject: mine, roles: [role], teams: ['fostering'] },
    { label: `${role} not appointed`, subject: other, roles: [role], teams: ['placements'] },
  ];
});

const ANSWERS = { subject: 'complainant', ageBand: '25-44', sex: 'female', ethnicity: 'black-caribbean', religion: 'prefer-not-to-say', sexualOrientation: 'bisexual' };

describe('equalities monitoring and the care flag (BANES 3.4, 3.9; Luton 13.7)', () => {
  let A: string;
  let facts: CaseAccessFacts;
  beforeAll(async () => {
    A = await caseWithEveryPart();
    facts = await eventually(async () => (await api.records.caseAccessFacts(A))!, (f) => f?.parties.length === 7);
  }, 120_000);

  it('is written by the complaints team (given by the complainant) and refused to every other role, or 404 where the case is not reached', async () => {
    const wrong: string[] = [];
    for (const who of PRINCIPALS) {
      const decision = decideCommand(who, facts, OFFICE, 'x');
      const expected = decision.allowed ? 400 : decision.status; // a body validation refuses: nothing written
      const res = await call(who, 'POST', `/v1/complaints/${A}/equalities`, { subject: 'complainant', sex: 'not-an-answer' });
      if (res.status !== expected) wrong.push(`${who.label}: ${res.status}, expected ${expected}`);
    }
    expect(wrong).toEqual([]);
    expect((await call(officer, 'POST', `/v1/complaints/${A}/equalities`, ANSWERS)).status).toBe(200);
    expect((await call(manager, 'POST', `/v1/complaints/${A}/equalities`, { subject: 'child', ageBand: '11-15', disability: 'yes' })).status).toBe(200);
    const bad = await call(officer, 'POST', `/v1/complaints/${A}/equalities`, { subject: 'complainant', sex: 'unknown' });
    expect(bad.status).toBe(400);
    expect(bad.json().errors).toEqual([{ field: 'sex', message: expect.stringContaining('prefer-not-to-say') }]);
  });

  it('is read per case only through the equalities view: the complaints manager; every other role 403, or 404 where not reached; each read logged', async () => {
    const wrong: string[] = [];
    for (const who of [...PRINCIPALS, manager]) {
      const views = viewsOf(who, facts);
      const expected = views.size === 0 ? 404 : views.has('equalities') ? 200 : 403;
      const res = await call(who, 'GET', `/v1/complaints/${A}/equalities`);
      if (res.status !== expected) wrong.push(`${who.label}: ${res.status}, expected ${expected}`);
      if (res.status !== 200) expect(res.text).not.toContain('black-caribbean');
      const logged = (await api.records.listAccess({ actor: who.subject, reference: A })).filter((e) => e.view === 'equalities');
      expect(logged.length, who.label).toBe(expected === 200 ? 1 : 0);
    }
    expect(wrong).toEqual([]);
    expect([...PRINCIPALS, manager].filter((who) => viewsOf(who, facts).has('equalities')).map((w) => w.roles[0])).toEqual(['complaints-manager', 'complaints-manager', 'complaints-manager']);
    const read = await call(manager, 'GET', `/v1/complaints/${A}/equalities`);
    expect(read.json().equalities).toEqual([
      { subject: 'child', ageBand: '11-15', disability: 'yes', recordedAt: expect.any(String), recordedBy: 'cm.closure' },
      { subject: 'complainant', ageBand: '25-44', sex: 'female', ethnicity: 'black-caribbean', religion: 'prefer-not-to-say', sexualOrientation: 'bisexual', recordedAt: expect.any(String), recordedBy: 'co.closure' },
    ]);
  });

  it('never appears in the case view, correspondence, chronology, the Temporal history or search attributes', async () => {
    for (const path of [`/v1/complaints/${A}`, `/v1/complaints/${A}/correspondence`, `/v1/complaints/${A}/chronology`]) {
      const res = await call(manager, 'GET', path);
      expect(res.status).toBe(200);
      for (const value of ['black-caribbean', 'bisexual', 'ethnicity', 'sexualOrientation']) expect(res.text, `${path}: ${value}`).not.toContain(value);
    }
    const chronology = (await call(manager, 'GET', `/v1/complaints/${A}/chronology`)).json().entries as Array<{ inWords?: string; label?: string }>;
    expect(JSON.stringify(chronology)).toContain('Equalities monitoring recorded for the complainant');
    const history = JSON.stringify(await api.client.workflow.getHandle(A).fetchHistory());
    expect(history).not.toContain('black-caribbean');
    const described = JSON.stringify((await api.client.workflow.getHandle(A).describe()).searchAttributes);
    expect(described).not.toMatch(/in-care|black-caribbean/);
  });

  it("keeps the child's care flag on the case: set at start, changed by the team, shown in the case view only", async () => {
    expect((await call(manager, 'GET', `/v1/complaints/${A}`)).json().childCare).toBe('in-care');
    const auditor: Who = { label: 'auditor', subject: 'aud.closure', roles: ['auditor'], teams: [] };
    expect((await call(auditor, 'GET', `/v1/complaints/${A}`)).text).not.toContain('in-care');
    expect((await call(auditor, 'POST', `/v1/complaints/${A}/child-care`, { childCare: 'care-leaver' })).status).toBe(403);
    expect((await call(officer, 'POST', `/v1/complaints/${A}/child-care`, { childCare: 'looked-after' })).status).toBe(400);
    const changed = await call(officer, 'POST', `/v1/complaints/${A}/child-care`, { childCare: 'care-leaver' });
    expect(changed.status, changed.text).toBe(200);
    expect((await call(manager, 'GET', `/v1/complaints/${A}`)).json().childCare).toBe('care-leaver');
    expect((await call(manager, 'GET', '/v1/complaints/CSC-2026-ZZZZZZ/equalities')).status).toBe(404);
  });
});

describe('learning and satisfaction on a real case, counted in the annual report (BANES 5.1, Luton 13.8)', () => {
  it('records learning at the end of Stage 1 and the answer at closure; the report counts them with the care flags', async () => {
    const ref = await create({ childCare: 'care-experienced', receivedAt: '2026-03-02T09:30:00Z' });
    await command(ref, 'triage', { decision: 'stage1', at: '2026-03-02T10:00:00Z' });
    await command(ref, 'acknowledge', { at: '2026-03-03T09:00:00Z' });
    const responded = await command(ref, 'respond', { at: '2026-03-09T10:00:00Z' });
    expect(responded.learningOwed).toEqual(['stage1']);
    const learned = await command(ref, 'record-learning', { at: '2026-03-10T10:00:00Z', stage: 'stage1', themes: ['placement', 'communication'], changed: 'Carers get written notice of placement endings' });
    expect(learned.learningOwed).toEqual([]);
    const closed = await command(ref, 'close', { at: '2026-03-11T10:00:00Z', outcome: 'resolved', satisfaction: 'satisfied' });
    expect(closed.satisfaction).toEqual({ answer: 'satisfied', recordedAt: '2026-03-11T10:00:00.000Z' });

    const report = await eventually(
      async () => (await call(manager, 'GET', '/v1/reports/annual?from=2025-04-01&to=2026-03-31')).json(),
      (r) => (r.satisfaction as Array<{ cases: number }>).some((s) => s.cases > 0),
    );
    expect((report.learning as Array<{ theme: string; stage1: number }>).filter((l) => l.stage1 > 0)).toEqual([
      { theme: 'communication', stage1: 1, stage2: 0, stage3: 0 },
      { theme: 'placement', stage1: 1, stage2: 0, stage3: 0 },
    ]);
    expect(report.satisfaction).toContainEqual({ answer: 'satisfied', cases: 1 });
    expect(report.childCare).toContainEqual({ flag: 'care-experienced', cases: 1 });
    // Two cases received in the year: one complainant said female, one gave nothing; both "fewer than 5", neither worked out from the 2.
    expect((report.equalities as { complainant: { sex: unknown[] } }).complainant.sex).toEqual([
      { value: 'female', count: 'fewer than 5' },
      { value: 'male', count: 0 },
      { value: 'other', count: 0 },
      { value: 'prefer-not-to-say', count: 0 },
      { value: 'not given', count: 'fewer than 5' },
    ]);
    const csv = await (await fetch(`${api.baseUrl}/v1/reports/annual?from=2025-04-01&to=2026-03-31&format=csv`, { headers: { authorization: `Bearer ${await api.token('director')}` } })).text();
    expect(csv).toContain('Equalities monitoring: the complainant (cases received; small numbers suppressed)\r\nCharacteristic,Answer,Cases\r\nAge band,under-11,0');
    expect(csv).toContain('Sex,female,fewer than 5\r\n');
    expect(csv).toContain('Learning from complaints: themes by the stage they came from\r\nTheme,Stage 1,Stage 2,Stage 3\r\ncommunication,1,0,0\r\n');
    expect(csv).toContain('satisfied,1\r\n');
  }, 60_000);
});
