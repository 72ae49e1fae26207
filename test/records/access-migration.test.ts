import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openPglite, type Db } from '../../records/db';
import { migrate, readMigrations } from '../../records/migrate';
import { Records } from '../../records/repository';

/**
 * Migration 008 files the parties of cases stored before it from their audit
 * trail, so the people already on a case still find it in their listing
 * before its next sync: the officer who logged it and the investigators as
 * last appointed or replaced. Views of older access log entries read null.
 */
let db: Db;
beforeAll(async () => {
  db = await openPglite('memory://');
  await migrate(db, readMigrations().filter((m) => m.version < 8));
});
afterAll(async () => {
  await db?.close();
});

async function storedCase(reference: string, events: Array<[number, string, string, Record<string, string> | null]>) {
  await db.query(`INSERT INTO cases (reference, received_at, channel, policy_id, team) VALUES ($1, '2026-06-01T09:00:00Z', 'letter', 'england-statutory', 'Fostering')`, [reference]);
  for (const [seq, action, actor, detail] of events) {
    await db.query(`INSERT INTO events (reference, seq, action, actor, at, recorded_at, detail) VALUES ($1, $2, $3, $4, '2026-06-01T09:00:00Z', '2026-06-01T09:00:00Z', $5)`, [
      reference,
      seq,
      action,
      actor,
      detail ? JSON.stringify(detail) : null,
    ]);
  }
}

describe('migration 008 (case access)', () => {
  it('files the officer who logged each case and its current investigators; old access entries have no view', async () => {
    await storedCase('CSC-2026-MIG801', [
      [1, 'received', 'officer-1', null],
      [2, 'triaged', 'officer-1', { decision: 'stage2' }],
      [3, 'investigators-appointed', 'officer-1', { investigatingOfficer: 'io-7', independentPerson: 'ip-3' }],
      [4, 'investigators-replaced', 'officer-2', { investigatingOfficer: 'io-8', independentPerson: 'ip-3', reason: 'leave' }],
    ]);
    await storedCase('CSC-2026-MIG802', [[1, 'received', 'officer-2', null]]);
    await db.query(`INSERT INTO access_log (reference, actor, action, at) VALUES ('CSC-2026-MIG802', 'officer-2', 'read', '2026-06-02T09:00:00Z')`);

    expect(await migrate(db)).toEqual(readMigrations().filter((m) => m.version >= 8).map((m) => m.version));
    const records = new Records(db);
    expect(await records.caseAccessFacts('CSC-2026-MIG801')).toEqual({
      team: 'Fostering',
      parties: [
        { id: 'officer-1', part: 'assigned-officer' },
        { id: 'ip-3', part: 'independent-person' },
        { id: 'io-8', part: 'investigating-officer' },
      ],
    });
    expect(await records.caseAccessFacts('CSC-2026-MIG802')).toEqual({ team: 'Fostering', parties: [{ id: 'officer-2', part: 'assigned-officer' }] });
    expect((await records.listAccess({ reference: 'CSC-2026-MIG802' })).map((a) => a.view)).toEqual([null]);
  });
});
