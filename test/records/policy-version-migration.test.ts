import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openPglite, type Db } from '../../records/db';
import { migrate, readMigrations } from '../../records/migrate';
import { Records } from '../../records/repository';
import { syncCase } from '../../records/case-sync';
import { newCase, snapshot } from './fixtures';

/** Migration 010: cases filed before policy versions were on each profile's first. */
let db: Db;
beforeAll(async () => {
  db = await openPglite('memory://');
  await migrate(db, readMigrations().filter((m) => m.version < 10));
});
afterAll(async () => {
  await db?.close();
});

describe('migration 010 (policy version)', () => {
  it('files cases from before it on version 1; new cases file theirs; a case the workflow files itself takes its snapshot\'s', async () => {
    await db.query(`INSERT INTO cases (reference, received_at, channel, policy_id) VALUES ('CSC-2026-PVM001', '2026-06-01T09:00:00Z', 'letter', 'luton')`);
    await migrate(db);
    const records = new Records(db);
    expect(await records.getCase('CSC-2026-PVM001')).toMatchObject({ policyId: 'luton', policyVersion: 1 });

    await records.createCase(newCase('CSC-2026-PVM002', { policyId: 'luton', policyVersion: 3 }));
    expect(await records.getCase('CSC-2026-PVM002')).toMatchObject({ policyId: 'luton', policyVersion: 3 });

    await syncCase(db, snapshot('CSC-2026-PVM003', { policyId: 'luton', policyVersion: 2 }));
    // A worker from before versions sends none: version 1.
    await syncCase(db, snapshot('CSC-2026-PVM004', { policyId: 'luton' }));
    expect(await records.getCase('CSC-2026-PVM003')).toMatchObject({ policyVersion: 2 });
    expect(await records.getCase('CSC-2026-PVM004')).toMatchObject({ policyVersion: 1 });
    await expect(db.query(`UPDATE cases SET policy_version = 0 WHERE reference = 'CSC-2026-PVM004'`)).rejects.toThrow(/check/i);
  });
});
