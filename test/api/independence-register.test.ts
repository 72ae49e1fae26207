import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Role } from '../../api/auth/roles';
import { startApi, type ApiHarness } from '../helpers/dev-server';
import { eventually } from '../helpers/eventually';

/**
 * The independence register (BANES 9.3) through the API on the dev server:
 * kept by complaints managers, read (and logged) by the complaints team, and
 * read before an Independent Person (Luton 16.3) or a Review Panel (Rutland
 * 10.1) is appointed: each refusal a specific 409 that changes nothing, and
 * the register's answer recorded on the step the workflow takes.
 */
let api: ApiHarness;
beforeAll(async () => {
  api = await startApi();
});
afterAll(async () => {
  await api?.stop();
});

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- JSON answers, asserted field by field
type Json = any;

async function call(method: string, path: string, role: Role, body?: unknown, subject?: string) {
  const res = await fetch(`${api.baseUrl}${path}`, {
    method,
    headers: { authorization: `Bearer ${await api.token(role, subject)}`, ...(body ? { 'content-type': 'application/json' } : {}) },
    body: body ? JSON.stringify(body) : undefined,
  });
  return { status: res.status, body: (await res.json()) as Json };
}

const entry = (parts: string[], councilOfficerOrMember = false) => ({ name: 'A Person (fictional)', parts, organisation: 'South West Register (fictional)', councilOfficerOrMember });

/** A case at Stage 3 with its request acknowledged (Mon 30 Mar 2026), its past logged at creation. */
async function stage3Case(ip: string): Promise<{ status: number; body: Json }> {
  return call('POST', '/v1/complaints', 'complaints-manager', {
    receivedAt: '2026-03-02T09:00:00Z',
    channel: 'letter',
    complainant: { name: 'A Parent (fictional)', type: 'parent', address: '1 High Street, Newtown NT1 1AA' },
    summary: 'Contact arrangements changed without notice',
    team: 'Fostering',
    history: [
      { command: 'triage', at: '2026-03-02T10:00:00Z', decision: 'stage2' },
      { command: 'acknowledge', at: '2026-03-03T09:00:00Z' },
      { command: 'appoint-investigators', at: '2026-03-04T09:00:00Z', investigatingOfficer: { id: 'io.reg', team: 'Quality Assurance' }, independentPerson: { id: ip } },
      { command: 'agree-statement', at: '2026-03-05T10:00:00Z' },
      { command: 'submit-reports', at: '2026-03-20T10:00:00Z', reports: ['investigating-officer', 'independent-person'] },
      { command: 'adjudicate', at: '2026-03-25T10:00:00Z' },
      { command: 'escalate', at: '2026-03-30T10:00:00+01:00' },
      { command: 'acknowledge', at: '2026-03-31T09:00:00+01:00' },
    ],
  });
}

describe('the independence register', () => {
  it('is kept by complaints managers and read by the complaints team, each read logged', async () => {
    expect((await call('PUT', '/v1/register/ip.kept', 'complaints-officer', entry(['independent-person']))).status).toBe(403);
    const added = await call('PUT', '/v1/register/ip.kept', 'complaints-manager', { ...entry(['independent-person']), trainedOn: '2026-05-14', dbsCheckedOn: '2025-09-01' });
    expect(added.status).toBe(201);
    expect(added.body).toMatchObject({ id: 'ip.kept', parts: ['independent-person'], councilOfficerOrMember: false, trainedOn: '2026-05-14', dbsCheckedOn: '2025-09-01', updatedBy: 'complaints-manager-1' });
    expect((await call('PUT', '/v1/register/ip.kept', 'complaints-manager', entry(['independent-person', 'panel-member']))).status).toBe(200);
    const read = await call('GET', '/v1/register/ip.kept', 'complaints-officer', undefined, 'officer.reads');
    expect(read.status).toBe(200);
    expect(read.body.parts).toEqual(['independent-person', 'panel-member']);
    expect(read.body.trainedOn).toBeNull(); // replaced: the new entry gave no training date
    expect((await call('GET', '/v1/register/ip.kept', 'investigating-officer')).status).toBe(403);
    expect((await call('GET', '/v1/register/nobody.here', 'complaints-officer')).status).toBe(404);
    // An id that cannot be one: a read finds nothing (404); a write is the client's mistake (400 naming it), and adds nothing.
    expect((await call('GET', '/v1/register/%C2%84', 'complaints-officer')).status).toBe(404);
    const badId = await call('PUT', '/v1/register/%C2%84', 'complaints-manager', entry(['independent-person']));
    expect(badId.status).toBe(400);
    expect((badId.body as { errors: Array<{ field: string }> }).errors.map((e) => e.field)).toEqual(['id']);
    const bad = await call('PUT', '/v1/register/ip.bad', 'complaints-manager', { ...entry(['referee']) });
    expect(bad.status).toBe(400);
    const log = await call('GET', '/v1/audit/access?actor=officer.reads', 'complaints-manager');
    expect(log.body.access.map((a: { view: string; action: string }) => [a.action, a.view])).toEqual([['read', 'register']]);
  });

  it('refuses an Independent Person who is not on it, or is an officer or member of the council (Luton 16.3), changing nothing; records its answer on the step', async () => {
    const created = await call('POST', '/v1/complaints', 'complaints-manager', {
      receivedAt: '2026-03-02T09:00:00Z',
      channel: 'letter',
      complainant: { name: 'A Parent (fictional)', type: 'parent' },
      summary: 'Contact arrangements changed without notice',
      team: 'Fostering',
      history: [
        { command: 'triage', at: '2026-03-02T10:00:00Z', decision: 'stage2' },
        { command: 'acknowledge', at: '2026-03-03T09:00:00Z' },
      ],
    });
    expect(created.status).toBe(201);
    const ref = created.body.reference as string;
    const appoint = (ip: string, extra: Record<string, unknown> = {}) =>
      call('POST', `/v1/complaints/${ref}/commands/appoint-investigators`, 'complaints-manager', {
        at: '2026-03-04T09:00:00Z',
        investigatingOfficer: { id: 'io.reg', team: 'Quality Assurance' },
        independentPerson: { id: ip },
        ...extra,
      });
    const before = await call('GET', `/v1/complaints/${ref}`, 'complaints-manager');

    // Not on the register (a fresh install's empty register answers the same): how to register them.
    const unregistered = await appoint('ip.unknown');
    expect(unregistered.status).toBe(409);
    expect(unregistered.body).toMatchObject({ type: '/problems/not-independent', rule: 'not-registered' });
    expect(unregistered.body.detail).toBe(
      'ip.unknown is not on the independence register as an Independent Person (BANES 9.3): a complaints manager adds them with PUT /v1/register/ip.unknown, giving their parts and whether they are an officer or member of the council.',
    );
    // Registered, but an officer of the council.
    await call('PUT', '/v1/register/ip.officer', 'complaints-manager', entry(['independent-person'], true));
    const officer = await appoint('ip.officer');
    expect(officer.status).toBe(409);
    expect(officer.body).toMatchObject({
      type: '/problems/not-independent',
      rule: 'luton-16.3',
      detail: 'the Independent Person must not be an officer or member of the council (Luton 16.3): the register records ip.officer as one.',
    });
    // Registered for another part only.
    await call('PUT', '/v1/register/panel.only', 'complaints-manager', entry(['panel-member']));
    expect((await appoint('panel.only')).body.rule).toBe('not-registered');
    // The answer is the API's to give, never the client's.
    const forged = await appoint('ip.unknown', { register: [] });
    expect(forged.status).toBe(400);
    // Nothing changed.
    const after = await call('GET', `/v1/complaints/${ref}`, 'complaints-manager');
    expect(after.body.events.length).toBe(before.body.events.length);
    expect(after.body.stage2.independentPerson).toBeUndefined();

    await call('PUT', '/v1/register/ip.outside', 'complaints-manager', entry(['independent-person']));
    const appointed = await appoint('ip.outside');
    expect(appointed.status).toBe(200);
    const event = appointed.body.events.find((e: { action: string }) => e.action === 'investigators-appointed');
    const checkedAt = event.detail.register[0].checkedAt as string;
    expect(event.detail).toEqual({
      investigatingOfficer: 'io.reg',
      independentPerson: 'ip.outside',
      register: [
        { id: 'io.reg', part: 'investigating-officer', registered: false, ofCouncil: null, checkedAt },
        { id: 'ip.outside', part: 'independent-person', registered: true, ofCouncil: false, checkedAt },
      ],
    });
    expect(Date.parse(checkedAt)).toBeLessThanOrEqual(Date.now());
    // The chronology says it in words.
    // The chronology reads the records store, which the workflow syncs after the step: wait for it.
    type Entry = { event?: { action: string }; details?: string[] };
    const appointedLine = (body: { entries: Entry[] }) => body.entries.find((e) => e.event?.action === 'investigators-appointed');
    const chronology = await eventually(() => call('GET', `/v1/complaints/${ref}/chronology`, 'complaints-manager'), (r) => appointedLine(r.body) !== undefined);
    const line = appointedLine(chronology.body)!;
    expect(line.details).toEqual([
      'Investigating Officer: io.reg',
      'Independent Person: ip.outside',
      'Independence register: io.reg not listed as Investigating Officer',
      'Independence register: ip.outside listed as Independent Person, from outside the council',
    ]);
  });

  it('checks an appointment logged in a new case\'s history: a 400 naming the step', async () => {
    const refused = await stage3Case('ip.history.unknown');
    expect(refused.status).toBe(400);
    expect(refused.body.errors).toEqual([
      {
        field: 'history.2',
        message:
          'appoint-investigators: ip.history.unknown is not on the independence register as an Independent Person (BANES 9.3): a complaints manager adds them with PUT /v1/register/ip.history.unknown, giving their parts and whether they are an officer or member of the council.',
      },
    ]);
  });

  it('refuses a Review Panel member or Chair from the council (Rutland 10.1) or not on the register for that part, changing nothing; records its answer', async () => {
    await call('PUT', '/v1/register/ip.panelcase', 'complaints-manager', entry(['independent-person']));
    const created = await stage3Case('ip.panelcase');
    expect(created.status, JSON.stringify(created.body)).toBe(201);
    expect(created.body.stage).toBe('stage3');
    const ref = created.body.reference as string;
    await call('PUT', '/v1/register/chair.out', 'complaints-manager', entry(['panel-chair']));
    await call('PUT', '/v1/register/member.out', 'complaints-manager', entry(['panel-member']));
    await call('PUT', '/v1/register/member.councillor', 'complaints-manager', entry(['panel-member'], true));
    const schedule = (members: Array<{ id: string; role: 'chair' | 'member' }>) =>
      call('POST', `/v1/complaints/${ref}/commands/schedule-panel`, 'complaints-manager', { at: '2026-04-01T10:00:00+01:00', panelDate: '2026-04-30', members });

    const councillor = await schedule([
      { id: 'chair.out', role: 'chair' },
      { id: 'member.out', role: 'member' },
      { id: 'member.councillor', role: 'member' },
    ]);
    expect(councillor.status).toBe(409);
    expect(councillor.body).toMatchObject({
      type: '/problems/not-independent',
      rule: 'rutland-10.1',
      detail: 'the Review Panel must be people from outside the council (Rutland 10.1): the register records member.councillor as an officer or member of the council.',
    });
    // A member registered as a member only cannot chair.
    const notChair = await schedule([
      { id: 'member.out', role: 'chair' },
      { id: 'chair.out', role: 'member' },
      { id: 'member.out2', role: 'member' },
    ]);
    expect(notChair.status).toBe(409);
    expect(notChair.body.rule).toBe('not-registered');
    expect(notChair.body.detail).toContain('member.out is not on the independence register as a Review Panel Chair (BANES 9.3)');
    const unchanged = await call('GET', `/v1/complaints/${ref}`, 'complaints-manager');
    expect(unchanged.body.stage3.panelDate).toBeUndefined();
    expect(unchanged.body.deadlines.map((d: { key: string }) => d.key)).not.toContain('stage3.notifyPanel');

    await call('PUT', '/v1/register/member.out2', 'complaints-manager', entry(['panel-member']));
    const scheduled = await schedule([
      { id: 'chair.out', role: 'chair' },
      { id: 'member.out', role: 'member' },
      { id: 'member.out2', role: 'member' },
    ]);
    expect(scheduled.status).toBe(200);
    const event = scheduled.body.events.find((e: { action: string }) => e.action === 'panel-scheduled');
    const checkedAt = event.detail.register[0].checkedAt as string;
    expect(event.detail).toEqual({
      panelDate: '2026-04-30',
      register: [
        { id: 'chair.out', part: 'panel-chair', registered: true, ofCouncil: false, checkedAt },
        { id: 'member.out', part: 'panel-member', registered: true, ofCouncil: false, checkedAt },
        { id: 'member.out2', part: 'panel-member', registered: true, ofCouncil: false, checkedAt },
      ],
    });
    // 10 working days before Thu 30 Apr 2026 → Thu 16 Apr.
    expect(scheduled.body.deadlines.find((d: { key: string }) => d.key === 'stage3.notifyPanel').due).toBe('2026-04-16');
  });
});
