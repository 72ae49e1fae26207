import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openPglite, type Db } from '../../records/db';
import { migrate, readMigrations } from '../../records/migrate';
import { Records } from '../../records/repository';

/**
 * Migration 007 brings cases stored before it into line with what syncCase
 * now writes: the oldest missed duty not yet done, since the end of its due
 * date (London), and the complainant's window as the next date.
 */
let db: Db;
beforeAll(async () => {
  db = await openPglite('memory://');
  await migrate(db, readMigrations().filter((m) => m.version < 6));
});
afterAll(async () => {
  await db?.close();
});

async function storedCase(reference: string, row: { nextKey: string | null; nextDue: string | null; overdue: boolean }, deadlines: Array<[string, 'duty' | 'window', string, string, string | null]>) {
  await db.query(
    `INSERT INTO cases (reference, received_at, channel, policy_id, next_deadline_key, next_due, overdue)
     VALUES ($1, '2026-06-01T09:00:00Z', 'letter', 'england-statutory', $2, $3, $4)`,
    [reference, row.nextKey, row.nextDue, row.overdue],
  );
  for (const [key, kind, due, state, metAt] of deadlines) {
    await db.query(`INSERT INTO deadlines (reference, key, kind, due, state, met_at, explanation) VALUES ($1, $2, $3, $4, $5, $6, 'x')`, [reference, key, kind, due, state, metAt]);
  }
}

describe('migration 007 (overdue says what)', () => {
  it('names the oldest missed duty not done, clears a duty done late, and shows a window as the next date', async () => {
    // Both missed, neither done: the acknowledgement (Thu 4 Jun 2026, BST) is the older.
    await storedCase('CSC-2026-MIG001', { nextKey: null, nextDue: null, overdue: true }, [
      ['stage1.respond', 'duty', '2026-06-15', 'missed', null],
      ['stage1.acknowledge', 'duty', '2026-06-04', 'missed', null],
    ]);
    // Acknowledged late, answered, now in the window: no longer overdue; the window is its next date.
    await storedCase('CSC-2026-MIG002', { nextKey: null, nextDue: null, overdue: true }, [
      ['stage1.acknowledge', 'duty', '2026-06-04', 'missed', '2026-06-08T10:00:00Z'],
      ['stage1.respond', 'duty', '2026-06-15', 'met', '2026-06-12T10:00:00Z'],
      ['stage1.escalate', 'window', '2026-07-10', 'pending', null],
    ]);
    await migrate(db);
    const records = new Records(db);
    expect(await records.getCase('CSC-2026-MIG001')).toMatchObject({ overdue: true, overdueKey: 'stage1.acknowledge', overdueSince: '2026-06-04T23:00:00.000Z', nextDeadlineKey: null });
    expect(await records.getCase('CSC-2026-MIG002')).toMatchObject({ overdue: false, overdueKey: null, overdueSince: null, nextDeadlineKey: 'stage1.escalate', nextDue: '2026-07-10' });
  });
});
