import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Role } from '../../api/auth/roles';
import { WITHHELD } from '../../records/subject-access';
import { startApi, type ApiHarness } from '../helpers/dev-server';
import { eventually } from '../helpers/eventually';

let api: ApiHarness;
beforeAll(async () => {
  api = await startApi();
});
afterAll(async () => {
  await api?.stop();
});

// eslint-disable-next-line @typescript-eslint/no-explicit-any
async function call(method: string, path: string, role: Role, body?: unknown): Promise<{ status: number; body: any; text: string; headers: Headers }> {
  const res = await fetch(`${api.baseUrl}${path}`, {
    method,
    headers: { authorization: `Bearer ${await api.token(role)}`, ...(body !== undefined ? { 'content-type': 'application/json' } : {}) },
    body: body !== undefined ? JSON.stringify(body) : undefined,
  });
  const text = await res.text();
  return { status: res.status, body: text ? JSON.parse(text) : undefined, text, headers: res.headers };
}

const sar = (body: unknown, role: Role = 'complaints-manager') => call('POST', '/v1/subject-access', role, body);

const RULE = "a name alone is not enough: give the person's id (personId), or their name with at least one other exact identifier (dateOfBirth, email, phone or postcode)";

describe('subject access (POST /v1/subject-access)', () => {
  const run = Date.now();
  const name = `Quinn Sato ${run}`;
  const email = `quinn.${run}@example.org`;
  let mine: string, represented: string, namesake: string;

  beforeAll(async () => {
    const create = async (body: object) => {
      const res = await call('POST', '/v1/complaints', 'complaints-officer', { receivedAt: '2026-11-19T09:00:00Z', channel: 'email', team: 'Leaving Care', ...body });
      expect(res.status).toBe(201);
      return res.body.reference as string;
    };
    mine = await create({
      complainant: { name, type: 'parent', email },
      child: { name: `Child Withheld ${run}`, dateOfBirth: '2015-03-02' },
      summary: 'Pathway plan not reviewed',
    });
    represented = await create({ complainant: { name: `Someone Else ${run}`, type: 'care-leaver' }, representative: { name }, summary: 'Someone else\'s complaint' });
    namesake = await create({ complainant: { name, type: 'care-leaver', email: `another.${run}@example.org` }, summary: 'A namesake\'s complaint' });
    expect((await call('POST', `/v1/complaints/${mine}/commands/triage`, 'complaints-officer', { decision: 'stage1', note: 'Spoke to the grandmother first' })).status).toBe(200);
  });

  const exports = async (reference: string) =>
    ((await call('GET', `/v1/audit/access?reference=${reference}&actor=complaints-manager-1`, 'auditor')).body.access as Array<{ action: string; view: string | null }>).filter((a) => a.action === 'export' && a.view === 'subject-access').length;

  it('takes no name in the URL: a GET is 405, a name alone is 400 naming the rule, and only a complaints manager may ask', async () => {
    const get = await call('GET', `/v1/subject-access?person=${encodeURIComponent(name)}`, 'complaints-manager');
    expect(get.status).toBe(405);
    expect(get.headers.get('content-type')).toContain('application/problem+json');
    expect(get.headers.get('allow')).toBe('POST, OPTIONS');
    expect((await sar({ name, email }, 'complaints-officer')).status).toBe(403);

    const alone = await sar({ name });
    expect(alone.status).toBe(400);
    expect(alone.body.errors).toEqual([{ field: 'name', message: RULE }]);
    expect((await sar({})).body.errors).toEqual([{ field: '(body)', message: RULE }]);
    expect((await sar({ personId: 1, name, email })).body.errors).toEqual([
      { field: 'name', message: 'give personId, or the identifiers, not both' },
      { field: 'email', message: 'give personId, or the identifiers, not both' },
    ]);
    expect((await sar({ name, postcode: 'not a postcode' })).body.errors).toEqual([{ field: 'postcode', message: 'a UK postcode, such as LE15 6AA' }]);
    expect((await sar({ name, email, confirm: ['CSC-2026-ZZZZZZ'] })).body.errors).toEqual([{ field: 'confirm', message: `no one named ${name} is held in CSC-2026-ZZZZZZ` }]);
    expect((await sar({ personId: 987_654_321 })).body.errors).toEqual([{ field: 'personId', message: 'no person is held with id 987654321 (their data may have been disposed of)' }]);
    for (const ref of [mine, represented, namesake]) expect(await exports(ref)).toBe(0);
  });

  it('by name and email: the exact case, other people\'s free text withheld with the line; name matches are candidates, not merged, not logged', async () => {
    // The triage's note reaches the record when the workflow syncs (read straight from the store: no access logged).
    await eventually(() => api.records.listEvents(mine), (events) => events.some((e) => e.action === 'triaged'));
    const answer = await sar({ name: name.toUpperCase(), email });
    expect(answer.status).toBe(200);
    expect(answer.body.cases.map((c: { case: { reference: string }; foundBy: string }) => [c.case.reference, c.foundBy])).toEqual([[mine, 'identifiers']]);
    const [inMine] = answer.body.cases;
    expect(inMine.person).toEqual([expect.objectContaining({ role: 'complainant', name, email })]);
    expect(inMine.otherPeopleWithheld).toBe(1);
    expect(inMine.case.summary).toBe('Pathway plan not reviewed');
    expect(inMine.events.find((e: { action: string }) => e.action === 'triaged').note).toBe(WITHHELD);
    expect(inMine.withheld).toContainEqual(expect.stringMatching(/^events\[\d+\]\.note$/));
    expect(answer.body.withholding).toContain(WITHHELD);
    expect(answer.body.candidates).toEqual(
      [
        { reference: represented, personId: expect.any(Number), role: 'representative', matched: ['name'], differs: [] },
        { reference: namesake, personId: expect.any(Number), role: 'complainant', matched: ['name'], differs: ['email'] },
      ].sort((a, b) => a.reference.localeCompare(b.reference)),
    );
    for (const hidden of [`Child Withheld ${run}`, 'Spoke to the grandmother', `Someone Else ${run}`, "Someone else's complaint", "A namesake's complaint", `another.${run}@example.org`]) {
      expect(answer.text).not.toContain(hidden);
    }
    expect([await exports(mine), await exports(represented), await exports(namesake)]).toEqual([1, 0, 0]);

    // Confirmed by the manager: included, and logged; the namesake stays a candidate.
    const confirmed = await sar({ name, email, confirm: [represented] });
    expect(confirmed.body.cases.map((c: { case: { reference: string }; foundBy: string }) => [c.case.reference, c.foundBy]).sort()).toEqual(
      [[mine, 'identifiers'], [represented, 'confirmed']].sort(),
    );
    const inRepresented = confirmed.body.cases.find((c: { case: { reference: string } }) => c.case.reference === represented);
    expect(inRepresented.case.summary).toBe(WITHHELD); // the complainant's words, not the representative's
    expect(confirmed.body.candidates.map((c: { reference: string }) => c.reference)).toEqual([namesake]);
    expect([await exports(mine), await exports(represented), await exports(namesake)]).toEqual([2, 1, 0]);
  });

  it('by the person\'s id, or the child by name and date of birth: exactly their case', async () => {
    const namesakeId = (await api.records.getCase(namesake))!.people.find((p) => p.role === 'complainant')!.id;
    const byId = await sar({ personId: namesakeId });
    expect(byId.status).toBe(200);
    expect(byId.body.cases.map((c: { case: { reference: string }; foundBy: string }) => [c.case.reference, c.foundBy])).toEqual([[namesake, 'personId']]);
    expect(byId.body.candidates).toEqual([]);
    expect(byId.body.cases[0].case.summary).toBe("A namesake's complaint");
    expect(await exports(namesake)).toBe(1);

    const child = await sar({ name: `child withheld ${run}`, dateOfBirth: '2015-03-02' });
    expect(child.body.cases.map((c: { case: { reference: string } }) => c.case.reference)).toEqual([mine]);
    expect(child.body.cases[0].person).toEqual([expect.objectContaining({ role: 'child', dateOfBirth: '2015-03-02' })]);
    // The parent's complaint is about the child: disclosed to them; the parent is withheld.
    expect(child.body.cases[0].case.summary).toBe('Pathway plan not reviewed');
    expect(child.text).not.toContain(email);
  });
});
