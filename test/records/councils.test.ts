import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ListingScope } from '../../domain/access';
import { CalendarStore } from '../../records/calendar';
import { APP_ROLE, councilDb } from '../../records/council';
import type { Db } from '../../records/db';
import { FeedbackStore } from '../../records/feedback';
import { migrate, readMigrations } from '../../records/migrate';
import { Records } from '../../records/repository';
import { BACKENDS, newCase, nextReference, openTestDb, snapshot, stopTestServer } from './fixtures';
import pg from 'pg';
import { openPglite, openPostgres } from '../../records/db';
import { newServerDatabase } from './fixtures';

afterAll(stopTestServer);

const EVERY_CASE: ListingScope = { everyCase: true, teams: [], subject: 'manager-1', parts: [] };

/** The tables that hold a council's rows: every table but the migrations' own and the councils'. */
async function councilTables(db: Db): Promise<string[]> {
  const r = await db.query<{ name: string }>(
    `SELECT c.relname AS name FROM pg_class c
      WHERE c.relnamespace = current_schema()::regnamespace AND c.relkind IN ('r', 'p') AND c.relname NOT IN ('schema_migrations', 'councils')
      ORDER BY c.relname`,
  );
  return r.rows.map((row) => row.name);
}

/** One council's records: a case synced with its events and deadlines, a letter, a read logged, an Idempotency-Key answer, a calendar change, a compliment. */
async function fill(records: Records, reference: string): Promise<void> {
  await records.createCase(newCase(reference, { actor: `officer-of-${records.council}` }));
  await records.syncCase(snapshot(reference));
  await records.recordCorrespondence({
    reference,
    noticeId: 1,
    channel: 'outbox',
    kind: 'letter',
    template: 'stage1-acknowledgement',
    recipientRole: 'complainant',
    recipientAddress: 'alex@example.org',
    subject: 'Your complaint',
    body: 'We have your complaint.',
    sentAt: '2026-12-18T10:00:00.000Z',
    status: 'sent',
  });
  await records.recordAccess({ reference, actor: 'officer-1', action: 'read', view: 'case' });
  // The same key, actor and calendar content in both councils: each keeps its own.
  await records.rememberResponse({ key: 'retry-1', actor: 'officer-1', method: 'POST', path: '/v1/complaints', status: 201, body: { reference }, reference });
  await new CalendarStore(records.db).addClosureDay({ date: '2027-01-04', reason: 'Office move' }, 'manager-1');
  await new FeedbackStore(records.db).log({ kind: 'compliment', receivedOn: '2026-12-18', team: 'Children in Care', recordedBy: 'officer-1', requestKey: 'feedback-1' });
}

describe.each(BACKENDS)('councils on one records database (%s)', (backend) => {
  let db: Db;
  let alpha: Records;
  let beta: Records;
  const refA = nextReference();
  const refB = nextReference();

  beforeAll(async () => {
    db = await openTestDb(backend);
    alpha = new Records(db, { council: 'alpha' });
    beta = alpha.forCouncil('beta');
    await fill(alpha, refA);
    await fill(beta, refB);
  }, 120_000);
  afterAll(async () => {
    await db?.close();
  });

  it('a query that forgets the council filter returns no other council\'s rows, in every table', async () => {
    const tables = await councilTables(db);
    expect(tables).toEqual(expect.arrayContaining(['cases', 'people', 'events', 'deadlines', 'correspondence', 'access_log', 'idempotency_keys', 'calendar_versions', 'calendar_changes', 'feedback']));
    const seen: Record<string, string[]> = {};
    for (const table of tables) {
      // No WHERE at all: only the policy stands between council alpha and beta's rows.
      const r = await alpha.db.query<{ council: string }>(`SELECT DISTINCT council FROM ${table}`);
      seen[table] = r.rows.map((row) => row.council);
    }
    for (const table of tables) expect(seen[table], table).not.toContain('beta');
    // The tables both filled hold each council's rows, and the owner sees both.
    for (const table of ['cases', 'people', 'events', 'deadlines', 'correspondence', 'access_log', 'idempotency_keys', 'calendar_versions', 'calendar_changes', 'feedback']) {
      expect(seen[table], table).toEqual(['alpha']);
      const all = await db.query<{ council: string }>(`SELECT DISTINCT council FROM ${table} ORDER BY council`);
      expect(all.rows.map((row) => row.council), table).toEqual(['alpha', 'beta']);
    }
    const cases = await beta.db.query<{ reference: string }>('SELECT reference FROM cases');
    expect(cases.rows.map((row) => row.reference)).toEqual([refB]);
    const people = await beta.db.query<{ reference: string }>('SELECT reference FROM people JOIN cases USING (reference)');
    expect(new Set(people.rows.map((row) => row.reference))).toEqual(new Set([refB]));
  });

  it('the stores see one council: another council\'s case is not there', async () => {
    expect(await alpha.getCase(refB)).toBeUndefined();
    expect((await alpha.getCase(refA))?.people).toHaveLength(2);
    expect(await alpha.listEvents(refB)).toEqual([]);
    expect(await alpha.listCorrespondence(refB)).toEqual([]);
    expect(await alpha.caseAccessFacts(refB)).toBeUndefined();
    expect((await alpha.listCases({ limit: 200 }, EVERY_CASE)).cases.map((c) => c.reference)).toEqual([refA]);
    expect((await beta.listCases({ limit: 200 }, EVERY_CASE)).cases.map((c) => c.reference)).toEqual([refB]);
    expect((await alpha.listAccess({})).map((a) => a.reference)).toEqual([refA]);
    // Each council's answer to the same Idempotency-Key is its own.
    expect((await alpha.recallResponse('retry-1', 'officer-1'))?.body).toEqual({ reference: refA });
    expect((await beta.recallResponse('retry-1', 'officer-1'))?.body).toEqual({ reference: refB });
    // A subject access search by exact identifiers finds the person in their own council only.
    const found = await alpha.subjectAccessExport({ identifiers: { name: 'Alex Parent', email: 'alex@example.org' } });
    expect(found.cases.map((c) => c.case.reference)).toEqual([refA]);
    expect(found.candidates).toEqual([]);
  });

  it('a council\'s writes cannot reach another council\'s rows, even without a WHERE', async () => {
    await alpha.db.query(`UPDATE cases SET summary = 'changed by alpha'`);
    await alpha.db.query(`DELETE FROM access_log`);
    expect((await beta.getCase(refB))?.summary).toBe('Contact arrangements changed without notice');
    expect(await beta.listAccess({})).toHaveLength(1);
    // Writing a row for another council is refused by the policy.
    await expect(alpha.db.query(`INSERT INTO access_log (reference, actor, action, at, council) VALUES ($1, 'x', 'read', now(), 'beta')`, [refB])).rejects.toThrow(
      /row-level security/,
    );
    expect(await beta.listAccess({})).toHaveLength(1);
  });

  it('each council keeps its own calendar: a closure day in one leaves the other\'s current calendar untouched', async () => {
    const alphaCalendar = new CalendarStore(alpha.db);
    const betaCalendar = new CalendarStore(beta.db);
    await alphaCalendar.addClosureDay({ date: '2027-02-15', reason: 'Staff training' }, 'manager-1');
    expect((await alphaCalendar.current()).version.closureDays.map((d) => d.date)).toEqual(['2027-01-04', '2027-02-15']);
    expect((await betaCalendar.current()).version.closureDays.map((d) => d.date)).toEqual(['2027-01-04']);
    expect((await betaCalendar.listChanges()).map((c) => c.kind)).toEqual(['closure-day']);
    // A council with no change of its own starts from the defaults.
    const gamma = new CalendarStore(alpha.forCouncil('gamma').db);
    expect((await gamma.current()).version.closureDays).toEqual([]);
    expect(await gamma.listChanges()).toEqual([]);
  });

  it('the app role with no council set sees nothing and writes nothing', async () => {
    await db.transaction(async (tx) => {
      await tx.exec(`SET LOCAL ROLE ${APP_ROLE}`);
      expect((await tx.query('SELECT reference FROM cases')).rows).toEqual([]);
      expect((await tx.query('SELECT id FROM councils')).rows).toEqual([]);
    });
    await expect(
      db.transaction(async (tx) => {
        await tx.exec(`SET LOCAL ROLE ${APP_ROLE}`);
        await tx.query(`INSERT INTO access_log (reference, actor, action, at) VALUES ($1, 'x', 'read', now())`, [refA]);
      }),
    ).rejects.toThrow(/row-level security/);
  });

  it('a council reads its own settings row only', async () => {
    await db.query(`INSERT INTO councils (id, name, namespace, policy_id, policy_version) VALUES ('alpha', 'Alpha Council', 'complaints-alpha', 'luton', 1) ON CONFLICT DO NOTHING`);
    expect((await alpha.db.query<{ id: string }>('SELECT id FROM councils')).rows).toEqual([{ id: 'alpha' }]);
    expect((await beta.db.query<{ id: string }>('SELECT id FROM councils')).rows).toEqual([]);
    await expect(alpha.db.query(`UPDATE councils SET name = 'x'`)).rejects.toThrow(/permission denied/);
  });

  it('refuses a council id that is not one before it reaches SQL', () => {
    expect(() => councilDb(db, "alpha'; DROP TABLE cases; --")).toThrow(/not a council id/);
    expect(() => new Records(db, { council: 'Alpha' })).toThrow(/not a council id/);
    expect(() => councilDb(alpha.db, 'beta')).toThrow(/council alpha's already/);
  });
});

describe.each(BACKENDS)('migrating a one-council database (%s)', (backend) => {
  it('files every row from before as the default council\'s, which the embedded default reads as before', async () => {
    const db = backend === 'pglite' ? await openPglite('memory://') : await openPostgres(await newServerDatabase());
    try {
      const before = readMigrations().filter((m) => m.version < 25);
      await migrate(db, before);
      const reference = nextReference();
      // The store as it was: no council anywhere.
      await db.query(
        `INSERT INTO cases (reference, received_at, received_on, channel, policy_id, team, summary) VALUES ($1, '2026-12-18T09:30:00Z', '2026-12-18', 'letter', 'england-statutory', 'Children in Care', 'Before')`,
        [reference],
      );
      await db.query(`INSERT INTO idempotency_keys (key, actor, method, path, status, body, reference) VALUES ('k', 'a', 'POST', '/v1/complaints', 201, '{}', $1)`, [reference]);
      expect(await migrate(db)).toEqual(readMigrations().filter((m) => m.version >= 25).map((m) => m.version));
      for (const table of await councilTables(db)) {
        const r = await db.query<{ council: string }>(`SELECT DISTINCT council FROM ${table}`);
        expect(r.rows.filter((row) => row.council !== 'default'), table).toEqual([]);
      }
      const records = new Records(db);
      expect(records.council).toBe('default');
      expect((await records.getCase(reference))?.summary).toBe('Before');
      expect((await records.recallResponse('k', 'a'))?.reference).toBe(reference);
      expect(await records.forCouncil('alpha').getCase(reference)).toBeUndefined();
      // Every table of council data is partitioned and its policy in force.
      const rls = await db.query<{ name: string; rls: boolean }>(
        `SELECT relname AS name, relrowsecurity AS rls FROM pg_class WHERE relnamespace = current_schema()::regnamespace AND relkind = 'r' AND relname <> 'schema_migrations'`,
      );
      expect(rls.rows.filter((row) => !row.rls)).toEqual([]);
      const policies = await db.query<{ name: string }>(`SELECT tablename AS name FROM pg_policies WHERE schemaname = current_schema() ORDER BY tablename`);
      expect(policies.rows.map((row) => row.name).sort()).toEqual(rls.rows.map((row) => row.name).sort());
    } finally {
      await db.close();
    }
  }, 120_000);
});

describe('on a server where the app\'s user is no superuser and may not create roles', () => {
  it('migrates with the role an administrator made, and keeps the councils apart all the same', async () => {
    const adminUrl = await newServerDatabase();
    const owner = `records_owner_${process.pid}`;
    const admin = new pg.Client({ connectionString: adminUrl });
    await admin.connect();
    const database = new URL(adminUrl).pathname.slice(1);
    try {
      await admin.query(`CREATE ROLE ${owner} LOGIN NOSUPERUSER NOCREATEROLE NOBYPASSRLS`);
      await admin.query(`DO $$ BEGIN IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'complaints_app') THEN CREATE ROLE complaints_app NOLOGIN NOBYPASSRLS; END IF; END $$`);
      await admin.query(`GRANT complaints_app TO ${owner}`);
      await admin.query(`ALTER DATABASE ${database} OWNER TO ${owner}`);
    } finally {
      await admin.end();
    }
    const url = new URL(adminUrl);
    url.username = owner;
    const db = await openPostgres(url.href);
    try {
      await migrate(db);
      const alpha = new Records(db, { council: 'alpha' });
      const beta = alpha.forCouncil('beta');
      const [refA, refB] = [nextReference(), nextReference()];
      await fill(alpha, refA);
      await fill(beta, refB);
      for (const table of await councilTables(db)) {
        const r = await alpha.db.query<{ council: string }>(`SELECT DISTINCT council FROM ${table}`);
        expect(r.rows.filter((row) => row.council !== 'alpha'), table).toEqual([]);
      }
      expect(await alpha.getCase(refB)).toBeUndefined();
      // The owner, not subject to the policy, reaches both: migrations and `npm run council` must.
      expect((await db.query<{ n: number }>('SELECT count(*)::int AS n FROM cases')).rows[0]!.n).toBe(2);
    } finally {
      await db.close();
    }
  }, 120_000);
});
