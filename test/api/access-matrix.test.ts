import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ACCESS_TABLE, decideCommand, viewsOf, type CaseAccessFacts, type Principal, type View } from '../../domain/access';
import { ACTION_TABLE } from '../../domain/actions/table';
import { COMMAND_TABLE } from '../../domain/complaint/table';
import { ROLES, type Role } from '../../domain/roles';
import { CONDUCT_READ_ROLES } from '../../api/routes/conduct';
import { startApi, type ApiHarness } from '../helpers/dev-server';
import { registerIndependent } from '../helpers/register';
import { eventually } from '../helpers/eventually';

/**
 * The access matrix: every role, appointed to case A and not, against every
 * read and every command on it, on the real dev server. The expected status
 * of each cell comes from the rule itself (domain/access.ts and the command
 * tables), so the matrix cannot drift from it; a few hand-written checks pin
 * the issue's own examples. Only the authorisation outcome is asserted: a
 * command's body is one validation refuses (400), so nothing changes.
 */

let api: ApiHarness;
beforeAll(async () => {
  api = await startApi();
  // The Independent People and the panels are on the independence register (BANES 9.3), from outside the council.
  await registerIndependent(api.records, {
    ...Object.fromEntries(['ip.a', 'ip.b', 'ip.quick'].map((id) => [id, ['independent-person' as const]])),
    ...Object.fromEntries(['chair.a', 'chair.b'].map((id) => [id, ['panel-chair' as const]])),
    ...Object.fromEntries(['member.a', 'member.a.2', 'member.b', 'member.b.2'].map((id) => [id, ['panel-member' as const]])),
  });
});
afterAll(async () => {
  await api?.stop();
});

// Case A's personal data: none of it may appear where the caller's views do not allow it.
const PERSONAL = {
  complainant: 'Alexandra Quinton-Vale (fictional)',
  child: 'Benedict Quinton-Vale (fictional)',
  email: 'alexandra.qv@example.org',
  phone: '01632 960777',
  address: '7 Larkspur Row, Newtown NT7 7AA',
  summary: 'Respite placement ended abruptly without a review meeting',
};

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

const manager: Who = { label: 'setup manager', subject: 'cm.setup', roles: ['complaints-manager'], teams: [] };

async function command(reference: string, name: string, body: Record<string, unknown>) {
  const res = await call(manager, 'POST', `/v1/complaints/${reference}/commands/${name}`, body);
  expect(res.status, `${name}: ${res.text}`).toBe(200);
}

/** A case through Stage 2 into Stage 3 with its panel scheduled, every part recorded by id. */
async function buildCase(team: string, ids: { io: string; ip: string; chair: string; member: string; ao: string; owner: string }, people: typeof PERSONAL) {
  const created = await call(manager, 'POST', '/v1/complaints', {
    receivedAt: '2026-03-02T09:00:00Z',
    channel: 'letter',
    complainant: { name: people.complainant, type: 'parent', email: people.email, phone: people.phone, address: people.address },
    child: { name: people.child, dateOfBirth: '2014-05-06' },
    summary: people.summary,
    team,
  });
  expect(created.status, created.text).toBe(201);
  const ref = created.json().reference as string;
  await command(ref, 'triage', { decision: 'stage2', at: '2026-03-02T10:00:00Z' });
  await command(ref, 'acknowledge', { at: '2026-03-03T09:00:00Z' });
  await command(ref, 'appoint-investigators', { at: '2026-03-04T09:00:00Z', investigatingOfficer: { id: ids.io }, independentPerson: { id: ids.ip } });
  await command(ref, 'assign', { person: { id: ids.ao }, part: 'adjudicating-officer' });
  await command(ref, 'agree-statement', { at: '2026-03-10T10:00:00Z' });
  await command(ref, 'submit-reports', { at: '2026-03-30T16:00:00+01:00', reports: ['investigating-officer', 'independent-person'] });
  await command(ref, 'adjudicate', {
    at: '2026-04-02T12:00:00+01:00',
    findings: {
      heads: [{ head: '1', finding: 'upheld', category: 'quality-of-service', remedies: [{ type: 'apology' }] }],
      recommendations: [{ id: 'R1', owner: ids.owner, dueInWorkingDays: 20 }],
    },
  });
  await command(ref, 'escalate', { at: '2026-04-08T10:00:00+01:00' });
  await command(ref, 'acknowledge', { at: '2026-04-09T09:00:00+01:00' });
  await command(ref, 'schedule-panel', {
    at: '2026-04-09T10:00:00+01:00',
    panelDate: '2026-05-15',
    members: [
      { id: ids.chair, role: 'chair' },
      { id: ids.member, role: 'member' },
      { id: `${ids.member}.2`, role: 'member' },
    ],
  });
  return ref;
}

const A_IDS = { io: 'io.a', ip: 'ip.a', chair: 'chair.a', member: 'member.a', ao: 'ao.a', owner: 'owner.a' };
const B_IDS = { io: 'io.b', ip: 'ip.b', chair: 'chair.b', member: 'member.b', ao: 'ao.b', owner: 'owner.b' };

/** The subject that holds a role's part in case A, and one that holds it elsewhere. */
const PART_SUBJECT: Partial<Record<Role, [string, string]>> = {
  'investigating-officer': ['io.a', 'io.b'],
  'independent-person': ['ip.a', 'ip.b'],
  'adjudicating-officer': ['ao.a', 'ao.b'],
  'panel-chair': ['chair.a', 'chair.b'],
  'panel-member': ['member.a', 'member.b'],
};

/** Every role twice: appointed to case A (its part's id, or teams ['fostering']) and not (another id, teams ['placements']). */
const PRINCIPALS: Who[] = ROLES.flatMap((role) => {
  const [mine, other] = PART_SUBJECT[role] ?? [`${role}.mine`, `${role}.other`];
  return [
    { label: `${role} appointed`, subject: mine, roles: [role], teams: ['fostering'] },
    { label: `${role} not appointed`, subject: other, roles: [role], teams: ['placements'] },
  ];
});
// An action's owner with no part in its case: reads and completes that action only.
const OWNER: Who = { label: 'owner of the action', subject: 'owner.a', roles: ['service-manager'], teams: [] };

let A: string;
let B: string;
let actionA: string;
let factsA: CaseAccessFacts;

function classOf(status: number): 'not found' | 'forbidden' | 'passed' {
  return status === 404 ? 'not found' : status === 403 ? 'forbidden' : 'passed';
}

function expectNoPersonalData(text: string, where: string) {
  for (const [field, value] of Object.entries(PERSONAL)) expect(text.includes(value), `${where}: ${field} shown`).toBe(false);
}

describe('who may see and do what: the matrix on a real dev server', () => {
  beforeAll(async () => {
    A = await buildCase('fostering', A_IDS, PERSONAL);
    B = await buildCase('placements', B_IDS, {
      complainant: 'Other Person (fictional)',
      child: 'Other Child (fictional)',
      email: 'other@example.org',
      phone: '01632 960111',
      address: '1 Elsewhere',
      summary: 'Another matter entirely',
    });
    actionA = `${A}-stage2-R1`;
    // The records store follows the workflows: wait for the parts, and the action, to be filed.
    factsA = await eventually(
      async () => (await api.records.caseAccessFacts(A))!,
      (f) => f?.parties.length === 7,
    );
    await eventually(() => call(manager, 'GET', `/v1/actions/${actionA}`), (r) => r.status === 200);
  }, 120_000);

  it("case A's facts are its team and every part by id (the one who logged it is its first assigned officer)", () => {
    expect(factsA.team).toBe('fostering');
    expect([...factsA.parties].sort((x, y) => x.id.localeCompare(y.id))).toEqual([
      { id: 'ao.a', part: 'adjudicating-officer' },
      { id: 'chair.a', part: 'panel-chair' },
      { id: 'cm.setup', part: 'assigned-officer' }, // who logged it
      { id: 'io.a', part: 'investigating-officer' },
      { id: 'ip.a', part: 'independent-person' },
      { id: 'member.a', part: 'panel-member' },
      { id: 'member.a.2', part: 'panel-member' },
    ]);
  });

  it('every read, for every role appointed and not: the status the rule gives, no personal data beyond the views, a log entry per personal read', async () => {
    const results = await Promise.all(
      [...PRINCIPALS, OWNER].map(async (who) => {
        const views = viewsOf(who, factsA);
        const reaches = views.size > 0;
        const owns = who.subject === 'owner.a';
        const cells: Array<[string, number, number | 'passed']> = [];
        let personalReads = 0;
        const check = async (what: string, path: string, expected: number, personal: boolean) => {
          const res = await call(who, 'GET', path);
          cells.push([what, res.status, expected]);
          if (res.status === 200 && !personal) expectNoPersonalData(res.text, `${who.label}: ${what}`);
          if (res.status === 200 && personal) personalReads++;
          return res;
        };

        const listing = await check('listing', '/v1/complaints?limit=200', 200, false);
        const listed = (listing.json().cases as Array<{ reference: string }>).map((c) => c.reference);
        expect(listed.includes(A), `${who.label}: case A listed`).toBe(reaches);

        const view = await check('case view', `/v1/complaints/${A}`, reaches ? 200 : 404, views.has('case'));
        if (views.has('case')) expect(view.text).toContain(PERSONAL.complainant);
        const read = (v: View) => (!reaches ? 404 : views.has(v) ? 200 : 403);
        await check('correspondence', `/v1/complaints/${A}/correspondence`, read('correspondence'), true);
        await check('chronology', `/v1/complaints/${A}/chronology`, read('chronology'), true);

        const actions = await check('actions list', '/v1/actions?limit=200', 200, false);
        const listedActions = (actions.json().actions as Array<{ id: string }>).map((a) => a.id);
        expect(listedActions.includes(actionA), `${who.label}: action listed`).toBe(reaches || owns);
        const withText = owns || views.has('actions');
        await check('action view', `/v1/actions/${actionA}`, reaches || owns ? 200 : 404, withText);

        const conductRole = who.roles.some((r) => CONDUCT_READ_ROLES.includes(r));
        await check('conduct register', '/v1/conduct', conductRole ? 200 : 403, false);
        await check('access log', '/v1/audit/access', who.roles.some((r) => r === 'auditor' || r === 'complaints-manager') ? 200 : 403, false);
        return { who, cells, personalReads, conductRead: conductRole && who.roles.some((r) => r !== 'auditor') };
      }),
    );
    const wrong = results.flatMap(({ who, cells }) => cells.filter(([, got, want]) => got !== want).map(([what, got, want]) => `${who.label}: ${what} ${got}, expected ${want}`));
    expect(wrong).toEqual([]);

    // One entry per read of personal data, none for a refused read; the conduct register is logged without a case.
    for (const { who, personalReads, conductRead } of results) {
      const entries = await api.records.listAccess({ actor: who.subject });
      expect(entries.filter((e) => e.reference === A).length, `${who.label}: entries on case A`).toBe(personalReads);
      expect(entries.filter((e) => e.reference === null).length, `${who.label}: conduct register entries`).toBe(conductRead ? 1 : 0);
    }
  }, 120_000);

  it('every command of the complaint and action tables, for every role appointed and not: 404 for a case not reached, 403 for one reached but not in this part', async () => {
    const wrong: string[] = [];
    await Promise.all(
      [...PRINCIPALS, OWNER].map(async (who) => {
        for (const [name, row] of Object.entries(COMMAND_TABLE)) {
          const decision = decideCommand(who, factsA, row.roles, name);
          const expected = decision.allowed ? 'passed' : decision.status === 404 ? 'not found' : 'forbidden';
          const res = await call(who, 'POST', `/v1/complaints/${A}/commands/${name}`, { notAField: true });
          if (classOf(res.status) !== expected) wrong.push(`${who.label}: ${name} ${res.status}, expected ${expected}`);
        }
        for (const [name, row] of Object.entries(ACTION_TABLE)) {
          const owns = row.ownerMay === true && who.subject === 'owner.a';
          const decision = decideCommand(who, factsA, row.roles, name);
          const expected = owns || decision.allowed ? 'passed' : decision.status === 404 ? 'not found' : 'forbidden';
          const res = await call(who, 'POST', `/v1/actions/${actionA}/commands/${name}`, { at: 'not a date' });
          if (classOf(res.status) !== expected) wrong.push(`${who.label}: action ${name} ${res.status}, expected ${expected}`);
        }
      }),
    );
    expect(wrong).toEqual([]);
    // Nothing a refused command or a refused read could write: the log has no entry for them.
    expect((await api.records.listAccess({ actor: 'io.b' })).length).toBe(0);
  }, 180_000);

  describe("the issue's own examples, by hand", () => {
    const ip: Who = { label: 'IP of A', subject: 'ip.a', roles: ['independent-person'], teams: [] };
    const io: Who = { label: 'IO of A', subject: 'io.a', roles: ['investigating-officer'], teams: [] };

    it("an Independent Person cannot submit the Investigating Officer's report; their own passes authorisation", async () => {
      const refused = await call(ip, 'POST', `/v1/complaints/${A}/commands/submit-reports`, { reports: ['investigating-officer'] });
      expect(refused.status).toBe(403);
      expect(refused.json().detail).toBe('you may submit only your own report (independent-person), not: investigating-officer');
      const own = await call(ip, 'POST', `/v1/complaints/${A}/commands/submit-reports`, { reports: ['independent-person'] });
      expect(classOf(own.status)).toBe('passed'); // authorised; the procedure decides
      const io2 = await call(io, 'POST', `/v1/complaints/${A}/commands/submit-reports`, { reports: ['investigating-officer', 'independent-person'] });
      expect(io2.status).toBe(403);
    });

    it("a chair cannot record another case's panel: B does not exist for A's chair", async () => {
      const chairA: Who = { label: 'chair of A', subject: 'chair.a', roles: ['panel-chair'], teams: [] };
      const other = await call(chairA, 'POST', `/v1/complaints/${B}/commands/record-panel`, { at: '2026-05-15T14:00:00+01:00' });
      expect(other.status).toBe(404);
      const own = await call(chairA, 'POST', `/v1/complaints/${A}/commands/record-panel`, { at: '2099-01-01T00:00:00Z', notAField: true });
      expect(own.status).toBe(400);
    });

    it('an Investigating Officer not appointed gets the same 404 as for a reference that does not exist, even with a bad body', async () => {
      const stranger: Who = { label: 'IO of B', subject: 'io.b', roles: ['investigating-officer'], teams: [] };
      const missing = 'CSC-2026-ZZZZZZ';
      const hidden = await call(stranger, 'GET', `/v1/complaints/${A}`);
      const none = await call(stranger, 'GET', `/v1/complaints/${missing}`);
      expect(hidden.status).toBe(404);
      expect(hidden.text.replaceAll(A, 'REF')).toBe(none.text.replaceAll(missing, 'REF'));
      const command = await call(stranger, 'POST', `/v1/complaints/${A}/commands/agree-statement`, { notAField: true });
      const noneCommand = await call(stranger, 'POST', `/v1/complaints/${missing}/commands/agree-statement`, { notAField: true });
      expect(command.status).toBe(404);
      expect(command.text.replaceAll(A, 'REF')).toBe(noneCommand.text.replaceAll(missing, 'REF'));
    });

    it('the auditor sees dates, states and counts: no name, contact detail, free text or party id', async () => {
      const auditor: Who = { label: 'auditor', subject: 'auditor.spot', roles: ['auditor'], teams: [] };
      const res = await call(auditor, 'GET', `/v1/complaints/${A}`);
      expect(res.status).toBe(200);
      expectNoPersonalData(res.text, 'auditor');
      for (const id of Object.values(A_IDS)) expect(res.text).not.toContain(`"${id}"`);
      expect(ACCESS_TABLE.auditor.views).toEqual(['summary']);
      const summary = res.json();
      expect(Object.keys(summary).sort()).toEqual(['counts', 'deadlines', 'onHold', 'outcome', 'procedure', 'receivedAt', 'receivedOn', 'reference', 'stage', 'status', 'team']);
      expect(summary).toMatchObject({ reference: A, stage: 'stage3', team: 'fostering', onHold: false });
    });

    it('the Investigating Officer can act the moment they are appointed (the workflow confirms what the records store has not yet filed)', async () => {
      const fresh = await call(manager, 'POST', '/v1/complaints', {
        receivedAt: '2026-03-02T09:00:00Z',
        channel: 'letter',
        complainant: { name: 'Quick (fictional)', type: 'parent' },
        summary: 'Quick',
        team: 'placements',
      });
      const ref = fresh.json().reference as string;
      await command(ref, 'triage', { decision: 'stage2', at: '2026-03-02T10:00:00Z' });
      await command(ref, 'appoint-investigators', { at: '2026-03-04T09:00:00Z', investigatingOfficer: { id: 'io.quick' }, independentPerson: { id: 'ip.quick' } });
      const io3: Who = { label: 'IO quick', subject: 'io.quick', roles: ['investigating-officer'], teams: [] };
      expect((await call(io3, 'GET', `/v1/complaints/${ref}`)).status).toBe(200);
    });
  });
});
