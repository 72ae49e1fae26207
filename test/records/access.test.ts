/**
 * Case-level access in the system of record (migration 008): the case's
 * parties as the workflow's sync files them, written only when they change;
 * the access rule's facts of a filed case; the listing and the actions list
 * filtered in SQL by the caller's scope (domain/access.ts listingScope), with
 * a cursor that still returns every visible case once; the view of each read
 * in the access log.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { listingScope, type CaseParty, type ListingScope, type Principal } from '../../domain/access';
import { snapshotFromState } from '../../domain/complaint/snapshot';
import type { ComplaintState } from '../../domain/complaint/state';
import { ActionRecords, type ActionSnapshot } from '../../records/actions';
import type { Db } from '../../records/db';
import { Records } from '../../records/repository';
import { act, IO, IP, PANEL, stage2Case, stage3Case } from '../helpers/procedure';
import { BACKENDS, EVERY_CASE, newCase, nextReference, openTestDb, snapshot, stopTestServer } from './fixtures';

afterAll(stopTestServer);

const scopeOf = (subject: string, roles: Principal['roles'], teams: string[] = []): ListingScope => listingScope({ subject, roles, teams });

describe.each(BACKENDS)('case access on %s', (backend) => {
  let db: Db;
  let records: Records;
  let actions: ActionRecords;

  beforeAll(async () => {
    db = await openTestDb(backend);
    records = new Records(db, { now: () => new Date('2027-03-10T12:00:00.000Z') });
    actions = new ActionRecords(db);
  });
  afterAll(() => db?.close());

  /** The parties stored, and each row's version (xmin): an unchanged sync must leave both as they were. */
  async function storedParties(ref: string) {
    const r = await db.query<{ id: string; part: string; version: string }>(
      'SELECT person_id AS id, part, xmin::text AS version FROM case_parties WHERE reference = $1 ORDER BY part, person_id',
      [ref],
    );
    return r.rows;
  }
  const syncState = (ref: string, state: ComplaintState) => records.syncCase(snapshotFromState({ ...state, reference: ref }));

  describe('the parties filed by syncCase', () => {
    it('follow the appointments, a replacement and the panel; an unchanged resync writes nothing', async () => {
      const ref = nextReference();
      await records.createCase(newCase(ref));
      const state = stage2Case();
      await syncState(ref, state);
      expect((await storedParties(ref)).map(({ id, part }) => [id, part])).toEqual([
        ['officer-1', 'assigned-officer'],
        [IP.id, 'independent-person'],
        [IO.id, 'investigating-officer'],
      ]);

      act(state, 'appoint-investigators', { investigatingOfficer: { id: 'io-8' }, independentPerson: IP, replacementReason: 'IO on leave' }, '2027-01-12T10:00:00Z');
      await syncState(ref, state);
      expect((await storedParties(ref)).map(({ id, part }) => [id, part])).toEqual([
        ['officer-1', 'assigned-officer'],
        [IP.id, 'independent-person'],
        ['io-8', 'investigating-officer'],
      ]);

      const before = await storedParties(ref);
      await syncState(ref, state);
      await Promise.all([syncState(ref, state), syncState(ref, state)]);
      expect(await storedParties(ref)).toEqual(before);
    });

    it('file the Review Panel: its Chair and members', async () => {
      const ref = nextReference();
      await records.createCase(newCase(ref));
      const state = act(stage3Case(), 'schedule-panel', { panelDate: '2027-04-20', members: PANEL }, '2027-03-10T10:00:00Z');
      await syncState(ref, state);
      expect((await records.caseAccessFacts(ref))!.parties).toEqual([
        { id: 'officer-1', part: 'assigned-officer' },
        { id: IP.id, part: 'independent-person' },
        { id: IO.id, part: 'investigating-officer' },
        { id: 'chair-1', part: 'panel-chair' },
        { id: 'member-2', part: 'panel-member' },
        { id: 'member-3', part: 'panel-member' },
      ]);
    });

    it('a snapshot from a worker older than parties leaves them as they are', async () => {
      const ref = nextReference();
      await records.createCase(newCase(ref));
      await records.syncCase(snapshot(ref));
      const old = snapshot(ref);
      delete (old as { parties?: CaseParty[] }).parties;
      await records.syncCase(old);
      expect((await storedParties(ref)).map(({ id, part }) => [id, part])).toEqual([['officer-1', 'assigned-officer']]);
    });
  });

  it('caseAccessFacts: the team and parties of a filed case, undefined for one not filed', async () => {
    const ref = nextReference();
    await records.createCase(newCase(ref, { team: 'Fostering' }));
    expect(await records.caseAccessFacts(ref)).toEqual({ team: 'Fostering', parties: [] });
    await records.syncCase(snapshot(ref, { team: 'Fostering', parties: [{ id: 'officer-1', part: 'assigned-officer' }] }));
    expect(await records.caseAccessFacts(ref)).toEqual({ team: 'Fostering', parties: [{ id: 'officer-1', part: 'assigned-officer' }] });
    expect(await records.caseAccessFacts('CSC-2026-NOPE01')).toBeUndefined();
  });

  describe('listCases by scope', () => {
    // Five cases, newest first: two fostering, two adoption (one assigned to the officer, one with an IO), one fostering with a panel.
    let refs: string[];
    let fostering: string;
    let adoption: string;
    beforeAll(async () => {
      const run = nextReference();
      fostering = `Fostering ${run}`;
      adoption = `Adoption ${run}`;
      const cases: Array<[string, CaseParty[]]> = [
        [fostering, []],
        [adoption, [{ id: `officer.bob-${run}`, part: 'assigned-officer' }]],
        [fostering, [{ id: `io.adams-${run}`, part: 'investigating-officer' }]],
        [adoption, [{ id: `io.adams-${run}`, part: 'independent-person' }]],
        [fostering, [{ id: `chair.cole-${run}`, part: 'panel-chair' }]],
      ];
      refs = [];
      for (const [i, [team, parties]] of cases.entries()) {
        const ref = nextReference();
        refs.push(ref);
        await records.createCase(newCase(ref, { team, receivedAt: `2027-01-${String(20 - i).padStart(2, '0')}T09:30:00Z` }));
        await records.syncCase(snapshot(ref, { team, parties }));
      }
      bob = scopeOf(`officer.bob-${run}`, ['complaints-officer'], [fostering]);
      io = scopeOf(`io.adams-${run}`, ['investigating-officer'], [fostering]);
    });
    let bob: ListingScope;
    let io: ListingScope;
    const listed = async (scope: ListingScope) => (await records.listCases({ limit: 200 }, scope)).cases.map((c) => c.reference).filter((r) => refs.includes(r));

    it('an officer with teams [fostering] sees the fostering cases and those assigned to them', async () => {
      expect(await listed(bob)).toEqual([refs[0], refs[1], refs[2], refs[4]]);
    });

    it('an Investigating Officer sees only the case they are appointed to in that part, whatever their teams', async () => {
      expect((await records.listCases({ limit: 200 }, io)).cases.map((c) => c.reference)).toEqual([refs[2]]);
    });

    it('a manager sees every case; the filters still apply within a scope', async () => {
      expect(await listed(EVERY_CASE)).toEqual(refs);
      expect(await listed(scopeOf('mgr', ['complaints-manager']))).toEqual(refs);
      expect((await records.listCases({ team: adoption, limit: 200 }, bob)).cases.map((c) => c.reference)).toEqual([refs[1]]);
    });

    it('no teams and no parts: nothing', async () => {
      expect(await listed(scopeOf('someone', ['complaints-officer']))).toEqual([]);
    });

    it('pages through a filtered listing with a cursor: every visible case once, in order', async () => {
      const seen: string[] = [];
      let cursor: string | undefined;
      do {
        const page = await records.listCases({ limit: 1, ...(cursor ? { cursor } : {}) }, { ...bob, teams: [] });
        seen.push(...page.cases.map((c) => c.reference));
        cursor = page.nextCursor ?? undefined;
      } while (cursor);
      expect(seen).toEqual([refs[1]]);

      const pages: string[][] = [];
      cursor = undefined;
      do {
        const page = await records.listCases({ limit: 2, ...(cursor ? { cursor } : {}) }, bob);
        pages.push(page.cases.map((c) => c.reference));
        cursor = page.nextCursor ?? undefined;
      } while (cursor);
      expect(pages.flat().filter((r) => refs.includes(r))).toEqual([refs[0], refs[1], refs[2], refs[4]]);
      expect(new Set(pages.flat()).size).toBe(pages.flat().length);
    });
  });

  it("actions list by scope: a case's team or parts, or the action's own owner", async () => {
    const run = nextReference();
    const team = `Fostering ${run}`;
    const [mine, other] = [nextReference(), nextReference()];
    await records.createCase(newCase(mine, { team }));
    await records.createCase(newCase(other, { team: `Adoption ${run}` }));
    const action = (reference: string, id: string, owner: string): ActionSnapshot => ({
      actionId: `${reference}-stage2-${id}`,
      workflowId: `action-${reference}-stage2-${id}`,
      reference,
      source: 'stage2',
      recommendationId: id,
      owner,
      due: '2027-03-30',
      explanation: 'Stage 2 adjudication; 15 working days',
      status: 'open',
      completedAt: null,
      completedBy: null,
      evidenceNoteId: null,
      escalations: [],
      events: [],
    });
    await actions.record(action(mine, 'R1', 'hos-1'));
    await actions.record(action(other, 'R1', `owner-${run}`));
    await actions.record(action(other, 'R2', 'hos-2'));
    const ids = async (scope: ListingScope) =>
      (await actions.list({ today: '2027-03-10', limit: 200 }, scope)).actions.filter((a) => [mine, other].includes(a.reference)).map((a) => [a.reference, a.recommendationId]);
    expect(await ids(scopeOf(`officer-${run}`, ['complaints-officer'], [team]))).toEqual([[mine, 'R1']]);
    // The owner of an action sees that action only, not the rest of its case.
    expect(await ids(scopeOf(`owner-${run}`, ['service-manager']))).toEqual([[other, 'R1']]);
    expect(await ids(EVERY_CASE)).toEqual([
      [mine, 'R1'],
      [other, 'R1'],
      [other, 'R2'],
    ]);
  });

  it('the access log keeps which view was read; entries without one read null', async () => {
    const ref = nextReference();
    const base = newCase(ref);
    await records.createCase({ ...base, people: base.people.map((p) => (p.role === 'complainant' ? { ...p, email: `alex.${ref}@example.org` } : p)) });
    await records.recordAccess({ reference: ref, actor: 'io-7', action: 'read', view: 'chronology', at: '2027-03-10T10:00:00.000Z' });
    await records.recordAccess({ reference: ref, actor: 'officer-1', action: 'read', at: '2027-03-10T11:00:00.000Z' });
    expect((await records.listAccess({ reference: ref })).map((a) => [a.actor, a.view])).toEqual([
      ['io-7', 'chronology'],
      ['officer-1', null],
    ]);
    // A subject access export is logged as one, per case.
    await records.subjectAccessExport(`alex.${ref}@example.org`, 'dpo-1');
    expect((await records.listAccess({ reference: ref, actor: 'dpo-1' })).map((a) => [a.action, a.view])).toEqual([['export', 'subject-access']]);
  });
});
