/**
 * The unreasonable-conduct protocol through the API on the dev server: roles,
 * 400/404/409 problems that change nothing, Idempotency-Key, and the register
 * read from the records store; a person's protocol starts on the council's
 * current calendar.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Role } from '../../api/auth/roles';
import { londonDateOf } from '../../domain/dates';
import { CalendarStore } from '../../records/calendar';
import { startApi, type ApiHarness } from '../helpers/dev-server';
import { eventually } from '../helpers/eventually';
import { newCase } from '../records/fixtures';

let api: ApiHarness;
let personId: number;
let otherPersonId: number;

beforeAll(async () => {
  api = await startApi();
  // People ids start at 1 in every fresh records store; start far apart so workflow ids on the shared dev server never meet.
  // As the tables' owner: a council's handle may use the sequence but not set it.
  await api.db!.query(`SELECT setval('people_id_seq', $1)`, [1_000_000 + Math.floor(Math.random() * 8_000_000)]);
  const stamp = Date.now().toString(36).toUpperCase().slice(-6).padStart(6, '0').replace(/[ILOU]/g, 'X');
  const first = await api.records.createCase(newCase(`CSC-2026-${stamp}`, { receivedAt: new Date(Date.now() - 60_000).toISOString() }));
  personId = first.case.people[0]!.id;
  otherPersonId = first.case.people[1]!.id;
});
afterAll(async () => {
  await api?.stop();
});

// eslint-disable-next-line @typescript-eslint/no-explicit-any
async function body(res: Response): Promise<any> {
  return res.json();
}

async function post(path: string, payload: unknown, role: Role, key?: string) {
  return fetch(`${api.baseUrl}${path}`, {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      authorization: `Bearer ${await api.token(role)}`,
      ...(key ? { 'idempotency-key': key } : {}),
    },
    body: JSON.stringify(payload),
  });
}

async function get(path: string, role: Role) {
  return fetch(`${api.baseUrl}${path}`, { headers: { authorization: `Bearer ${await api.token(role)}` } });
}

const RESTRICT = { reason: 'Calls continued after the warning', allowedContact: ['letter', 'email'], expiresOn: '2030-01-01', reviewOn: '2029-06-01' };

describe('conduct API', () => {
  it('checks roles: the complaints manager warns, the Director restricts, others may not', async () => {
    const path = `/v1/conduct/${personId}/commands`;
    for (const role of ['complaints-officer', 'auditor', 'service-manager'] as const) {
      const res = await post(`${path}/warn`, { reason: 'Abusive emails' }, role);
      expect(res.status, role).toBe(403);
      expect(res.headers.get('content-type')).toContain('application/problem+json');
      expect((await body(res)).detail).toBe('The warn decision needs one of the roles: complaints-manager, director');
    }
    const warned = await post(`${path}/warn`, { reason: 'Abusive emails' }, 'complaints-manager');
    expect(warned.status).toBe(200);
    const view = await body(warned);
    expect(view).toMatchObject({ workflowId: `conduct-${personId}`, personId, level: 'warned', current: { level: 'warned', decidedBy: 'complaints-manager-1', startsOn: londonDateOf(Date.now()) } });
    expect((await post(`${path}/restrict`, RESTRICT, 'complaints-manager')).status).toBe(403);
  });

  it('answers 400 naming the field, 404 for no such person or command, and changes nothing', async () => {
    const path = `/v1/conduct/${personId}/commands`;
    const noPeriod = await post(`${path}/restrict`, { ...RESTRICT, expiresOn: undefined }, 'director');
    expect(noPeriod.status).toBe(400);
    expect((await body(noPeriod)).errors).toEqual([{ field: 'expiresOn', message: 'a restriction is for a stated period: give expiresOn or period' }]);
    const both = await body(await post(`${path}/restrict`, { ...RESTRICT, period: { months: 6 } }, 'director'));
    expect(both.errors).toEqual([{ field: 'period', message: 'give expiresOn or period, not both' }]);
    const actor = await body(await post(`${path}/restrict`, { ...RESTRICT, actor: 'someone-else' }, 'director'));
    expect(actor.errors[0].message).toMatch(/actor/);
    const way = await body(await post(`${path}/restrict`, { ...RESTRICT, allowedContact: ['pigeon'] }, 'director'));
    expect(way.errors[0].field).toBe('allowedContact.0');
    const date = await body(await post(`${path}/restrict`, { ...RESTRICT, reviewOn: '2029-02-30' }, 'director'));
    expect(date.errors[0].field).toBe('reviewOn');

    expect((await post(`/v1/conduct/999999999999/commands/warn`, { reason: 'r' }, 'director')).status).toBe(404);
    expect((await post(`/v1/conduct/abc/commands/warn`, { reason: 'r' }, 'director')).status).toBe(404);
    const unknown = await post(`${path}/banish`, { reason: 'r' }, 'director');
    expect(unknown.status).toBe(404);
    expect((await body(unknown)).detail).toContain('commands: warn, restrict, review, refuse-contact, discontinue, lift');

    const person = await body(await get(`/v1/conduct/${personId}`, 'director'));
    expect(person.entries.map((e: { level: string }) => e.level)).toEqual(['warning']);
  });

  it('refuses by the protocol with 409 and the reason', async () => {
    const refused = await post(`/v1/conduct/${otherPersonId}/commands/restrict`, RESTRICT, 'director');
    expect(refused.status).toBe(409);
    const problem = await body(refused);
    expect(problem).toMatchObject({ type: '/problems/transition-refused', status: 409 });
    expect(problem.detail).toBe('a warning comes first (Rutland appendix A, stage one): warn the person before restricting contact');
    const late = await post(`/v1/conduct/${personId}/commands/restrict`, { ...RESTRICT, expiresOn: '2020-01-01' }, 'director');
    expect(late.status).toBe(409);
    expect((await body(late)).detail).toContain('the expiry date Wed 1 Jan 2020 must be after the decision');
  });

  it('applies a keyed decision once: a retry gets the first answer, the key with another body is refused', async () => {
    const key = `restrict-${personId}`;
    const first = await post(`/v1/conduct/${personId}/commands/restrict`, RESTRICT, 'director', key);
    expect(first.status).toBe(200);
    const answer = await body(first);
    expect(answer.current).toMatchObject({ level: 'restricted', allowedContact: ['letter', 'email'], expiresOn: '2030-01-01', reviewOn: '2029-06-01' });
    const retry = await post(`/v1/conduct/${personId}/commands/restrict`, RESTRICT, 'director', key);
    expect(retry.status).toBe(200);
    expect(await body(retry)).toEqual(answer);
    const reused = await post(`/v1/conduct/${personId}/commands/restrict`, { ...RESTRICT, reviewOn: '2029-07-01' }, 'director', key);
    expect(reused.status).toBe(409);
    expect((await body(reused)).type).toBe('/problems/idempotency-key-reused');
    // Unkeyed, the same decision is refused by the protocol: it was applied once.
    expect((await post(`/v1/conduct/${personId}/commands/restrict`, RESTRICT, 'director')).status).toBe(409);
  });

  it('lists the register from the records store: reasons for the managers, not for the auditor', async () => {
    const register = await eventually(
      async () => body(await get(`/v1/conduct?personId=${personId}`, 'complaints-manager')),
      (r) => r.entries.length === 2 && r.entries.every((e: { notifiedAt: string | null }) => e.notifiedAt !== null),
    );
    const today = londonDateOf(Date.now());
    expect(register.entries).toEqual([
      expect.objectContaining({ personId, level: 'warning', startsOn: today, endedOn: today, endedHow: 'escalated', reason: 'Abusive emails', decidedBy: 'complaints-manager-1', inForce: false }),
      expect.objectContaining({ personId, level: 'restricted', startsOn: today, expiresOn: '2030-01-01', reviewOn: '2029-06-01', allowedContact: ['letter', 'email'], reason: RESTRICT.reason, decidedBy: 'director-1', inForce: true }),
    ]);
    const audited = await body(await get(`/v1/conduct?personId=${personId}&level=restricted`, 'auditor'));
    expect(audited.entries).toHaveLength(1);
    expect(audited.entries[0]).toMatchObject({ level: 'restricted', reason: null });
    expect((await body(await get(`/v1/conduct?activeOn=2030-01-01&personId=${personId}`, 'director'))).entries).toEqual([]);
    const person = await body(await get(`/v1/conduct/${personId}`, 'auditor'));
    expect(person).toMatchObject({ personId, level: 'restricted', workflowId: `conduct-${personId}` });

    const bad = await get(`/v1/conduct?activeOn=tomorrow`, 'director');
    expect(bad.status).toBe(400);
    expect((await body(bad)).errors[0].field).toBe('activeOn');
    expect((await get(`/v1/conduct`, 'complaints-officer')).status).toBe(403);
    expect((await get(`/v1/conduct/999999999999`, 'director')).status).toBe(404);
  });

  it("starts the person's protocol on the council's current calendar: a closure day on the review date brings the reminder forward", async () => {
    await new CalendarStore(api.records.db).addClosureDay({ date: '2029-07-02', reason: 'Office move' }, 'manager-1');
    const stamp = Date.now().toString(36).toUpperCase().slice(-6).padStart(6, '0').replace(/[ILOU]/g, 'X');
    const filed = await api.records.createCase(newCase(`CSC-2026-${stamp}`, { receivedAt: new Date(Date.now() - 60_000).toISOString() }));
    const someone = filed.case.people[0]!.id;
    expect((await post(`/v1/conduct/${someone}/commands/warn`, { reason: 'Abusive calls' }, 'complaints-manager')).status).toBe(200);
    const restricted = await post(`/v1/conduct/${someone}/commands/restrict`, { ...RESTRICT, reviewOn: '2029-07-02' }, 'director');
    expect(restricted.status).toBe(200);
    // Mon 2 Jul 2029 is closed: the Director is reminded at 09:00 BST on Fri 29 Jun.
    expect(new Date((await body(restricted)).current.reviewReminderAt).toISOString()).toBe('2029-06-29T08:00:00.000Z');
  });

  it('lifts early, and the register says so', async () => {
    const lifted = await post(`/v1/conduct/${personId}/commands/lift`, { reason: 'Contact has been reasonable' }, 'complaints-manager');
    expect(lifted.status).toBe(200);
    expect(await body(lifted)).toMatchObject({ level: 'none', current: null });
    const person = await eventually(async () => body(await get(`/v1/conduct/${personId}`, 'director')), (p) => p.level === 'none');
    expect(person.entries[1]).toMatchObject({ level: 'restricted', endedHow: 'lifted', endedOn: londonDateOf(Date.now()), inForce: false });
  });

  it('describes its paths in the OpenAPI document', async () => {
    const doc = await body(await fetch(`${api.baseUrl}/openapi.json`));
    expect(doc.paths['/v1/conduct/{personId}/commands/restrict'].post.description).toContain('Roles: director.');
    expect(doc.paths['/v1/conduct'].get).toBeDefined();
    expect(doc.paths['/v1/conduct/{personId}'].get).toBeDefined();
  });
});
