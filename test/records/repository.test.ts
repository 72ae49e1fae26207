import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { defaultCalendarData } from '../../domain/holidays';
import { ENGLAND_STATUTORY_POLICY } from '../../domain/policy';
import { openDatabase, openPostgres, openPglite, type Db } from '../../records/db';
import { RecordsInputError } from '../../records/errors';
import { migrate, readMigrations } from '../../records/migrate';
import { Records } from '../../records/repository';
import { snapshotFromState } from '../../domain/complaint/snapshot';
import { COMMAND_SCHEMAS, type CommandName } from '../../domain/complaint/commands';
import type { ComplaintState } from '../../domain/complaint/state';
import { initialState, TRANSITIONS } from '../../domain/complaint/transitions';
import { BACKENDS, EVERY_CASE, newCase, newServerDatabase, nextReference, openTestDb, snapshot, stopTestServer } from './fixtures';

const NOW = '2027-02-01T12:00:00.000Z';

afterAll(stopTestServer);

describe('opening the records database', () => {
  it('keeps PGlite data in its folder across restarts', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'records-pglite-'));
    try {
      const ref = nextReference();
      const first = await openDatabase({ dataDir: path.join(dir, 'records') });
      expect(first.kind).toBe('pglite');
      await migrate(first);
      await new Records(first).createCase(newCase(ref));
      await first.close();

      const again = await openDatabase({ dataDir: path.join(dir, 'records') });
      try {
        expect(await migrate(again)).toEqual([]);
        expect((await new Records(again).getCase(ref))?.people).toHaveLength(2);
      } finally {
        await again.close();
      }
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  it('uses the server when a database URL is given', async () => {
    const db = await openDatabase({ databaseUrl: await newServerDatabase(), dataDir: '/nonexistent' });
    try {
      expect(db.kind).toBe('postgres');
      expect(await migrate(db)).toEqual(readMigrations().map((m) => m.version));
    } finally {
      await db.close();
    }
  });
});

describe.each(BACKENDS)('records on %s', (backend) => {
  let db: Db;
  let records: Records;

  beforeAll(async () => {
    db = await openTestDb(backend);
    records = new Records(db, { now: () => new Date(NOW) });
  });
  afterAll(() => db?.close());

  describe('migrations', () => {
    it('a second run applies nothing', async () => {
      expect(await migrate(db)).toEqual([]);
      const { rows } = await db.query<{ version: number }>('SELECT version FROM schema_migrations ORDER BY version');
      expect(rows).toEqual(readMigrations().map((m) => ({ version: m.version })));
    });

    it('two runs racing on a fresh database apply each migration once', async () => {
      const url = backend === 'postgres' ? await newServerDatabase() : '';
      // PGlite is one connection per process: the race is two calls on it. On a server, two pools.
      const dbs = backend === 'pglite' ? [await openPglite('memory://')] : [await openPostgres(url), await openPostgres(url)];
      try {
        const results = await Promise.all([migrate(dbs[0]!), migrate(dbs[dbs.length - 1]!)]);
        expect(results.flat().sort((a, b) => a - b)).toEqual(readMigrations().map((m) => m.version));
      } finally {
        await Promise.all(dbs.map((d) => d.close()));
      }
    });
  });

  describe('cases', () => {
    it('createCase stores the case and its people once: a second call writes nothing', async () => {
      const ref = nextReference();
      const first = await records.createCase(newCase(ref));
      expect(first.created).toBe(true);
      expect(first.case).toMatchObject({
        reference: ref,
        receivedAt: '2026-12-18T09:30:00.000Z',
        stage: 'stage1',
        status: 'awaiting-triage',
        complainantType: 'parent',
        hasChild: true,
        hasAdvocate: false,
        summary: 'Contact arrangements changed without notice',
      });
      expect(first.case.people.map((p) => [p.role, p.name])).toEqual([
        ['complainant', 'Alex Parent'],
        ['child', 'Sam Child'],
      ]);
      expect(first.case.people[1]!.dateOfBirth).toBe('2014-03-02');

      const second = await records.createCase(newCase(ref, { summary: 'something else', people: [] }));
      expect(second.created).toBe(false);
      expect(second.case.summary).toBe('Contact arrangements changed without notice');
      expect(second.case.people).toHaveLength(2);
      expect((await records.listEvents(ref)).map((e) => e.action)).toEqual(['case-recorded']);
    });

    it('getCase of an unknown reference is undefined; syncCase of one files it from the workflow, with no personal data', async () => {
      expect(await records.getCase('CSC-2026-NOPE00')).toBeUndefined();
      await records.syncCase(snapshot('CSC-2026-NOPE00'));
      const filed = await records.getCase('CSC-2026-NOPE00');
      expect(filed).toMatchObject({ reference: 'CSC-2026-NOPE00', channel: 'unrecorded', people: [] });
      expect((await records.listEvents('CSC-2026-NOPE00')).map((e) => e.action)).toEqual(['received', 'triaged', 'acknowledged']);
    });
  });

  describe('syncCase', () => {
    it('stores each event once however often the same snapshot is synced, with before and after', async () => {
      const ref = nextReference();
      await records.createCase(newCase(ref));
      expect(await records.syncCase(snapshot(ref))).toEqual({ eventsInserted: 3 });
      expect(await records.syncCase(snapshot(ref))).toEqual({ eventsInserted: 0 });
      // A retried activity racing the first: still one row per event.
      await Promise.all([records.syncCase(snapshot(ref)), records.syncCase(snapshot(ref))]);

      const { rows } = await db.query<{ n: number }>('SELECT count(*) AS n FROM events WHERE reference = $1 AND seq IS NOT NULL', [ref]);
      expect(rows[0]!.n).toBe(3);
      const events = await records.listEvents(ref);
      expect(events.map((e) => [e.seq, e.action])).toEqual([
        [1, 'received'],
        [2, 'triaged'],
        [3, 'acknowledged'],
        [null, 'case-recorded'],
      ]);
      expect(events[2]).toMatchObject({
        note: 'phoned too',
        before: { procedure: 'untriaged', status: 'awaiting-triage' },
        after: { procedure: 'statutory', status: 'in-progress' },
      });
      expect(events[1]!.detail).toEqual({ decision: 'stage1' });

      const stored = (await records.getCase(ref))!;
      expect(stored).toMatchObject({
        procedure: 'statutory',
        status: 'in-progress',
        receivedOn: '2026-12-18',
        calendarVersion: 'test-1',
        nextDeadlineKey: 'stage1.respond',
        nextDue: '2027-01-06',
        overdue: false,
      });
      expect(stored.deadlines.map((d) => [d.key, d.state, d.metAt])).toEqual([
        ['stage1.acknowledge', 'met', '2026-12-21T10:00:00.000Z'],
        ['stage1.respond', 'pending', null],
      ]);
    });

    it('a retried sync leaves the case row untouched', async () => {
      const ref = nextReference();
      await records.createCase(newCase(ref));
      await records.syncCase(snapshot(ref));
      const before = (await records.getCase(ref))!.updatedAt;
      await new Promise((r) => setTimeout(r, 20));
      await records.syncCase(snapshot(ref));
      expect((await records.getCase(ref))!.updatedAt).toBe(before);
    });

    it('updates deadlines, findings, remedies, actions and the Ombudsman referral in place', async () => {
      const ref = nextReference();
      await records.createCase(newCase(ref));
      const findings = [
        {
          stage: 'stage1' as const,
          recordedAt: '2027-01-05T10:00:00.000Z',
          heads: [
            { head: '1', finding: 'upheld' as const, category: 'quality-of-service', remedies: [{ type: 'apology' }, { type: 'financial-redress', amountPence: 25_000 }] },
            { head: '2', finding: 'not-upheld' as const, category: 'delay-in-decision-or-service', remedies: [] },
          ],
          actions: [{ id: 'R1', owner: 'hos-1', due: '2027-02-02' }],
        },
      ];
      await records.syncCase(snapshot(ref, { findings }));
      await records.completeAction({ reference: ref, stage: 'stage1', recommendationId: 'R1', at: '2027-01-20T09:00:00.000Z', actor: 'hos-1' });

      const missed = snapshot(ref, {
        status: 'closed',
        stage: 'closed',
        outcome: { kind: 'completed' },
        closedAt: '2027-01-10T10:00:00Z',
        deadlines: [{ key: 'stage1.respond', kind: 'duty', due: '2027-01-06', state: 'missed', metAt: null, missedAt: '2027-01-07T00:00:00.000Z', explanation: 'x' }],
        findings: [{ ...findings[0]!, heads: [{ ...findings[0]!.heads[0]!, finding: 'partially-upheld', remedies: [{ type: 'apology' }] }] }],
        ombudsman: { referredAt: '2027-03-01T10:00:00.000Z', reference: '26 012 345', decision: 'upheld', decidedAt: '2027-05-01T10:00:00.000Z', remedies: ['apology'], complianceDate: '2027-06-01' },
      });
      await records.syncCase(missed);

      const stored = (await records.getCase(ref))!;
      expect(stored).toMatchObject({ stage: 'closed', status: 'closed', outcome: { kind: 'completed' }, overdue: true, nextDue: null, closedAt: '2027-01-10T10:00:00.000Z' });
      // What is overdue, and since when: the end of Wed 6 Jan 2027 in London.
      expect(stored).toMatchObject({ overdueKey: 'stage1.respond', overdueSince: '2027-01-07T00:00:00.000Z' });
      expect(stored.deadlines.find((d) => d.key === 'stage1.respond')).toMatchObject({ state: 'missed', missedAt: '2027-01-07T00:00:00.000Z' });
      expect(await records.listFindings(ref)).toEqual([
        { stage: 'stage1', head: '1', finding: 'partially-upheld', category: 'quality-of-service', recordedAt: '2027-01-05T10:00:00.000Z', remedies: [{ type: 'apology', amountPence: null }] },
        { stage: 'stage1', head: '2', finding: 'not-upheld', category: 'delay-in-decision-or-service', recordedAt: '2027-01-05T10:00:00.000Z', remedies: [] },
      ]);
      // The workflow does not reopen an action staff completed.
      expect(await records.listActions(ref)).toEqual([
        { stage: 'stage1', recommendationId: 'R1', owner: 'hos-1', due: '2027-02-02', status: 'done', completedAt: '2027-01-20T09:00:00.000Z', completedBy: 'hos-1' },
      ]);
      expect(await records.getOmbudsmanReferral(ref)).toEqual({
        referredAt: '2027-03-01T10:00:00.000Z',
        ombudsmanReference: '26 012 345',
        decision: 'upheld',
        decidedAt: '2027-05-01T10:00:00.000Z',
        remedies: ['apology'],
        complianceDate: '2027-06-01',
        compliedAt: null,
      });
    });

    it("stores a snapshot of the workflow's own state", async () => {
      const ref = nextReference();
      const at = (iso: string) => Date.parse(iso);
      const state = initialState(
        { reference: ref, receivedAt: '2026-12-18T09:30:00Z', policy: ENGLAND_STATUTORY_POLICY, calendar: defaultCalendarData('england-and-wales'), actor: 'officer-1', team: 'Children in Care' },
        at('2026-12-18T09:31:00Z'),
      );
      apply(state, 'triage', { actor: 'officer-1', decision: 'stage1' }, at('2026-12-18T11:00:00Z'));
      apply(state, 'acknowledge', { actor: 'officer-1' }, at('2026-12-21T10:00:00Z'));
      apply(state, 'respond', { actor: 'manager-1' }, at('2027-01-05T10:00:00Z'));
      apply(
        state,
        'record-findings',
        {
          actor: 'manager-1',
          stage: 'stage1',
          findings: { heads: [{ head: '1', finding: 'upheld', category: 'quality-of-service' }], recommendations: [{ id: 'R1', owner: 'hos-1', dueInWorkingDays: 10 }] },
        },
        at('2027-01-05T11:00:00Z'),
      );
      await records.createCase(newCase(ref));
      const first = await records.syncCase(snapshotFromState(state, { sinceSeq: 2 }));
      const rest = await records.syncCase(snapshotFromState(state));
      expect(first.eventsInserted + rest.eventsInserted).toBe(state.events.length);

      const stored = (await records.getCase(ref))!;
      expect(stored).toMatchObject({ procedure: 'statutory', stage: 'stage1', status: 'awaiting-escalation', receivedOn: '2026-12-18' });
      expect(stored.deadlines.map((d) => d.key)).toContain('stage1.escalate');
      // 10 working days after Tue 5 Jan 2027.
      expect((await records.listActions(ref))[0]).toMatchObject({ recommendationId: 'R1', due: '2027-01-19', status: 'open' });
      expect((await records.listEvents(ref)).filter((e) => e.seq !== null).map((e) => e.action)).toEqual(state.events.map((e) => e.action));
    });
  });

  describe('listCases', () => {
    it('filters and pages newest first with a stable cursor', async () => {
      const team = `Paging ${backend}`;
      const refs: string[] = [];
      for (let i = 0; i < 5; i += 1) {
        const ref = nextReference();
        refs.push(ref);
        // Two cases share an instant: the reference breaks the tie.
        const receivedAt = `2026-11-0${i === 4 ? 3 : i + 1}T10:00:00Z`;
        await records.createCase(newCase(ref, { team, receivedAt }));
        await records.syncCase(
          snapshot(ref, {
            team,
            onHold: i === 1,
            deadlines: [{ key: 'stage1.respond', kind: 'duty', due: `2026-12-0${i + 1}`, state: i === 2 ? 'missed' : 'pending', metAt: null, explanation: 'x' }],
          }),
        );
      }
      const seen: string[] = [];
      let cursor: string | undefined;
      for (;;) {
        const page = await records.listCases({ team, limit: 2, ...(cursor ? { cursor } : {}) }, EVERY_CASE);
        seen.push(...page.cases.map((c) => c.reference));
        if (!page.nextCursor) break;
        cursor = page.nextCursor;
      }
      // Newest first; refs[4] and refs[2] share an instant, so the later reference comes first.
      expect(seen).toEqual([refs[3], refs[4], refs[2], refs[1], refs[0]]);
      expect(new Set(seen).size).toBe(5);

      expect((await records.listCases({ team, onHold: true }, EVERY_CASE)).cases.map((c) => c.reference)).toEqual([refs[1]]);
      expect((await records.listCases({ team, overdue: true }, EVERY_CASE)).cases.map((c) => c.reference)).toEqual([refs[2]]);
      expect((await records.listCases({ team, dueBefore: '2026-12-03' }, EVERY_CASE)).cases.map((c) => c.reference).sort()).toEqual([refs[0], refs[1]]);
      expect((await records.listCases({ team, stage: 'stage2' }, EVERY_CASE)).cases).toEqual([]);
      expect((await records.listCases({ team, status: 'in-progress', limit: 200 }, EVERY_CASE)).cases).toHaveLength(5);
    });

    it('refuses a cursor it did not make, and a limit out of range', async () => {
      await expect(records.listCases({ cursor: 'not-a-cursor' }, EVERY_CASE)).rejects.toBeInstanceOf(RecordsInputError);
      await expect(records.listCases({ limit: 0 }, EVERY_CASE)).rejects.toBeInstanceOf(RecordsInputError);
    });
  });

  describe('correspondence and chronology', () => {
    it('records a letter once per notice and channel, and interleaves letters with events', async () => {
      const ref = nextReference();
      await records.createCase(newCase(ref));
      await records.syncCase(snapshot(ref));
      const letter = {
        reference: ref,
        noticeId: 1,
        kind: 'letter' as const,
        template: 'stage1-acknowledgement',
        channel: 'outbox',
        recipientRole: 'complainant',
        subject: 'Your complaint',
        body: 'Dear Alex Parent',
        sentAt: '2026-12-21T10:05:00.000Z',
        status: 'queued' as const,
      };
      expect(await records.recordCorrespondence(letter)).toEqual({ recorded: true });
      expect(await records.recordCorrespondence({ ...letter, body: 'changed' })).toEqual({ recorded: false });
      expect(await records.recordCorrespondence({ ...letter, channel: 'smtp', status: 'sent' })).toEqual({ recorded: true });

      const letters = await records.listCorrespondence(ref);
      expect(letters.map((l) => [l.channel, l.status, l.body])).toEqual([
        ['outbox', 'queued', 'Dear Alex Parent'],
        ['smtp', 'sent', 'Dear Alex Parent'],
      ]);
      expect((await records.listOutbox()).some((l) => l.reference === ref)).toBe(true);

      const chronology = await records.caseChronology(ref);
      expect(chronology.map((e) => (e.type === 'event' ? e.event.action : `letter:${e.correspondence.channel}`))).toEqual([
        'received',
        'triaged',
        'acknowledged',
        'letter:outbox',
        'letter:smtp',
        'case-recorded',
      ]);
    });
  });

  describe('access log', () => {
    it('records reads and exports, filtered by case, actor and time', async () => {
      const ref = nextReference();
      await records.createCase(newCase(ref));
      await records.recordAccess({ reference: ref, actor: 'officer-1', action: 'read', at: '2027-01-01T10:00:00Z' });
      await records.recordAccess({ reference: ref, actor: 'auditor-1', action: 'export', at: '2027-01-02T10:00:00Z' });
      await records.recordAccess({ actor: 'officer-1', action: 'read', at: '2027-01-03T10:00:00Z' });

      expect((await records.listAccess({ reference: ref })).map((a) => [a.actor, a.action])).toEqual([
        ['officer-1', 'read'],
        ['auditor-1', 'export'],
      ]);
      const officer = await records.listAccess({ actor: 'officer-1', from: '2027-01-01T10:00:00Z', to: '2027-01-04T00:00:00Z' });
      expect(officer.map((a) => [a.reference, a.at])).toEqual([
        [ref, '2027-01-01T10:00:00.000Z'],
        [null, '2027-01-03T10:00:00.000Z'],
      ]);
      expect(await records.listAccess({ reference: ref, from: '2027-01-02T10:00:00.001Z' })).toEqual([]);
    });
  });

  describe('idempotency keys', () => {
    it('keeps the first response per key and actor', async () => {
      const key = `key-${backend}`;
      const stored = await records.rememberResponse({ key, actor: 'officer-1', method: 'POST', path: '/v1/complaints', status: 201, body: { reference: 'A' } });
      expect(stored).toMatchObject({ status: 201, body: { reference: 'A' } });
      const again = await records.rememberResponse({ key, actor: 'officer-1', method: 'POST', path: '/v1/complaints', status: 201, body: { reference: 'B' } });
      expect(again.body).toEqual({ reference: 'A' });
      expect(await records.recallResponse(key, 'officer-2')).toBeUndefined();
      await records.rememberResponse({ key, actor: 'officer-2', method: 'POST', path: '/v1/complaints', status: 409, body: ['a', 'list'] });
      expect((await records.recallResponse(key, 'officer-2'))!.body).toEqual(['a', 'list']);
      expect(await records.forgetResponsesBefore('2000-01-01T00:00:00Z')).toBe(0);
    });
  });

  describe('contact restrictions', () => {
    it('keeps a register, idempotent per person, level and start', async () => {
      const ref = nextReference();
      const { case: c } = await records.createCase(newCase(ref));
      const personId = c.people[0]!.id;
      const entry = {
        reference: ref,
        personId,
        level: 'restricted' as const,
        allowedContact: ['email'],
        reason: 'repeated abusive calls',
        startsOn: '2027-01-04',
        expiresOn: '2027-07-04',
        reviewOn: '2027-04-01',
        notifiedAt: '2027-01-04T12:00:00Z',
        decidedBy: 'manager-1',
      };
      const first = await records.addContactRestriction(entry);
      expect(first.created).toBe(true);
      expect(first.restriction).toMatchObject({ level: 'restricted', allowedContact: ['email'], expiresOn: '2027-07-04', notifiedAt: '2027-01-04T12:00:00.000Z' });
      expect((await records.addContactRestriction(entry)).created).toBe(false);

      expect(await records.listContactRestrictions({ reference: ref, activeOn: '2027-03-01' })).toHaveLength(1);
      expect(await records.listContactRestrictions({ reference: ref, activeOn: '2027-07-04' })).toHaveLength(0);
      await expect(records.addContactRestriction({ ...entry, personId: personId + 10_000 })).rejects.toBeInstanceOf(RecordsInputError);
    });
  });

  describe('retention and subject access', () => {
    it('disposes of the personal data of cases closed before a date, keeping the counts', async () => {
      const [old, recent, open] = [nextReference(), nextReference(), nextReference()];
      for (const ref of [old, recent, open]) {
        const { case: c } = await records.createCase(newCase(ref));
        await records.addContactRestriction({ reference: ref, personId: c.people[0]!.id, level: 'warning', allowedContact: [], reason: 'shouting', startsOn: '2019-01-01', decidedBy: 'manager-1' });
        await records.recordCorrespondence({ reference: ref, noticeId: 1, kind: 'letter', template: 't', channel: 'outbox', recipientRole: 'complainant', recipientAddress: '1 High Street', subject: 's', body: 'Dear Alex', sentAt: '2019-01-02T00:00:00Z', status: 'queued' });
      }
      const closed = (ref: string, closedAt: string | null) =>
        snapshot(ref, { stage: 'closed', status: closedAt ? 'closed' : 'in-progress', outcome: closedAt ? { kind: 'resolved', stage: 'stage1' } : null, closedAt });
      await records.syncCase(closed(old, '2019-06-01T00:00:00Z'));
      await records.syncCase(closed(recent, '2026-01-01T00:00:00Z'));
      await records.syncCase(closed(open, null));

      const disposed = await records.disposeClosedBefore('2020-01-01', 'retention-job');
      expect(disposed).toContain(old);
      expect(disposed).not.toContain(recent);
      expect(disposed).not.toContain(open);
      expect(await records.disposeClosedBefore('2020-01-01')).not.toContain(old);

      const c = (await records.getCase(old))!;
      expect(c).toMatchObject({ summary: null, desiredOutcome: null, people: [], complainantType: 'parent', team: 'Children in Care', outcome: { kind: 'resolved', stage: 'stage1' }, disposedAt: NOW });
      expect(c.deadlines).toHaveLength(2);
      const events = await records.listEvents(old);
      expect(events.every((e) => e.note === null)).toBe(true);
      expect(events.at(-1)).toMatchObject({ action: 'personal-data-disposed', actor: 'retention-job', seq: null });
      expect((await records.listCorrespondence(old))[0]).toMatchObject({ body: null, subject: null, recipientAddress: null, template: 't', status: 'queued' });
      expect((await records.listContactRestrictions({ reference: old }))[0]).toMatchObject({ personId: null, reason: null, level: 'warning' });
      expect((await records.getCase(recent))!.people).toHaveLength(2);
    });

    it('exports everything held about a person, withholding other people', async () => {
      const name = `Jo Export ${backend}`;
      const [a, b] = [nextReference(), nextReference()];
      await records.createCase(newCase(a, { people: [{ role: 'complainant', name, type: 'parent', email: `jo.${backend}@example.org` }, { role: 'child', name: 'Kid One' }] }));
      await records.createCase(newCase(b, { people: [{ role: 'complainant', name: 'Someone Else' }, { role: 'representative', name: name.toUpperCase() }] }));
      await records.syncCase(snapshot(a));
      await records.recordCorrespondence({ reference: a, noticeId: 1, kind: 'letter', template: 't', channel: 'outbox', recipientRole: 'complainant', subject: 's', body: `Dear ${name}`, sentAt: '2027-01-01T00:00:00Z', status: 'queued' });
      await records.recordCorrespondence({ reference: b, noticeId: 1, kind: 'letter', template: 't', channel: 'outbox', recipientRole: 'complainant', subject: 's', body: 'Dear Someone Else', sentAt: '2027-01-01T00:00:00Z', status: 'queued' });

      const byEmail = await records.subjectAccessExport(`JO.${backend}@example.org`, 'dpo-1');
      expect(byEmail.cases.map((c) => c.case.reference)).toEqual([a]);

      const byName = await records.subjectAccessExport(name.toLowerCase(), 'dpo-1');
      expect(byName.cases.map((c) => c.case.reference)).toEqual([a, b]);
      const [inA, inB] = byName.cases;
      expect(inA!.person.map((p) => p.role)).toEqual(['complainant']);
      expect(inA!.otherPeopleWithheld).toBe(1);
      expect(inA!.case.summary).toBe('Contact arrangements changed without notice');
      expect(inA!.events.map((e) => e.action)).toContain('acknowledged');
      expect(inA!.correspondence.map((l) => l.body)).toEqual([`Dear ${name}`]);
      // In case b they are the representative: the complainant's letters are not theirs.
      expect(inB!.person.map((p) => p.role)).toEqual(['representative']);
      expect(inB!.correspondence).toEqual([]);
      expect(JSON.stringify(byName)).not.toContain('Kid One');
      expect((await records.listAccess({ reference: a, actor: 'dpo-1' })).map((x) => x.action)).toEqual(['export', 'export']);
    });
  });
});

function apply<C extends CommandName>(state: ComplaintState, name: C, input: unknown, now: number): void {
  const parsed = COMMAND_SCHEMAS[name].parse({ at: new Date(now).toISOString(), ...(input as object) });
  (TRANSITIONS[name] as (s: ComplaintState, i: unknown, n: number) => () => void)(state, parsed, now)();
}

describe('a worker killed in the middle of a sync', () => {
  it.each(BACKENDS)('leaves exactly one row per event after the retry (%s)', async (backend) => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'records-crash-'));
    const target = backend === 'pglite' ? path.join(dir, 'records') : await newServerDatabase();
    const ref = nextReference();
    const EVENTS = 400;
    try {
      let db = backend === 'pglite' ? await openPglite(target) : await openPostgres(target);
      await migrate(db);
      await new Records(db).createCase(newCase(ref));
      // PGlite is one process's database: the child gets it to itself, as a restarted worker would.
      if (backend === 'pglite') await db.close();

      // node itself, not the tsx launcher: SIGKILL must reach the process holding the connection.
      const child = spawn(process.execPath, ['--import', 'tsx', path.resolve('test/records/sync-child.ts'), target, ref, String(EVENTS)], {
        stdio: ['ignore', 'pipe', 'inherit'],
      });
      await new Promise<void>((resolve, reject) => {
        child.stdout.on('data', (d: Buffer) => d.toString().includes('ready') && resolve());
        child.on('exit', (code) => reject(new Error(`child exited early (${code})`)));
      });
      await new Promise((r) => setTimeout(r, 150)); // mid-transaction, most likely
      child.kill('SIGKILL');
      await new Promise((r) => child.once('exit', r));

      if (backend === 'pglite') db = await openPglite(target);
      try {
        const records = new Records(db);
        await records.syncCase(snapshot(ref, { events: Array.from({ length: EVENTS }, (_, i) => ({ seq: i + 1, action: 'noted', actor: 'officer-1', at: new Date(Date.parse('2026-12-18T10:00:00Z') + i * 1000).toISOString(), recordedAt: '2026-12-18T10:00:00.000Z' })) }));
        const { rows } = await db.query<{ n: number; distinct: number }>(
          'SELECT count(*) AS n, count(DISTINCT seq) AS distinct FROM events WHERE reference = $1 AND seq IS NOT NULL',
          [ref],
        );
        expect(rows[0]).toEqual({ n: EVENTS, distinct: EVENTS });
      } finally {
        await db.close();
      }
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
