import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Db } from '../../records/db';
import { Records } from '../../records/repository';
import type { SnapshotEvent } from '../../records/types';
import { BACKENDS, newCase, openTestDb, snapshot, stopTestServer } from './fixtures';

afterAll(stopTestServer);

/**
 * The annual report's steps logged late (records/late-steps.ts): staff steps
 * recorded on a later London day than they happened, by when recorded, and
 * of those the ones that turned a duty already shown missed into met.
 */

const REF = 'CSC-2026-LATE01';
const OTHER = 'CSC-2026-LATE02';
const REASON = { backdateReason: 'Emailed on time; logged on return from leave', missedTurnedMet: 'stage1.respond' };

const step = (seq: number, action: string, at: string, recordedAt: string, extra: Partial<SnapshotEvent> = {}): SnapshotEvent => ({ seq, action, actor: 'officer-1', at, recordedAt, ...extra });

const EVENTS: SnapshotEvent[] = [
  // The case's receipt, logged days later: not a step.
  step(1, 'received', '2026-07-01T09:00:00.000Z', '2026-07-03T09:00:00.000Z'),
  // Same London day, hours later: not late.
  step(2, 'triaged', '2026-07-03T08:00:00.000Z', '2026-07-03T16:00:00.000Z', { detail: { decision: 'stage1' } }),
  // 23:30 UTC on Fri 3 Jul is 00:30 on Sat 4 Jul in London (BST), recorded that Saturday morning: same London day.
  step(3, 'acknowledged', '2026-07-03T23:30:00.000Z', '2026-07-04T09:00:00.000Z'),
  // Logged the next day: late.
  step(4, 'clarified', '2026-07-06T10:00:00.000Z', '2026-07-07T09:00:00.000Z'),
  // The engine's own: never counted.
  step(5, 'letter-not-sent', '2026-07-07T09:00:00.000Z', '2026-07-08T09:00:00.000Z', { actor: 'system' }),
  // Backdated over a missed duty, with a manager's reason: late, and turned missed into met.
  step(6, 'responded', '2026-07-15T10:00:00.000Z', '2026-07-20T14:05:00.000Z', { actor: 'manager-1', detail: REASON }),
  // A reason given where none was needed: late, turned nothing.
  step(7, 'held', '2026-07-21T10:00:00.000Z', '2026-07-22T10:00:00.000Z', { actor: 'manager-1', detail: { reason: 'other', backdateReason: 'Logged late' } }),
];

describe.each(BACKENDS)('steps logged late (%s)', (backend) => {
  let db: Db;
  let records: Records;

  beforeAll(async () => {
    db = await openTestDb(backend);
    records = new Records(db);
    await records.createCase(newCase(REF, { receivedAt: '2026-07-01T09:00:00Z' }));
    await records.syncCase(snapshot(REF, { receivedAt: '2026-07-01T09:00:00.000Z', receivedOn: '2026-07-01', events: EVENTS }));
    // Another case: logged late in the next year (after the period), and one imported (its own history).
    await records.createCase(newCase(OTHER, { receivedAt: '2026-07-01T09:00:00Z' }));
    await records.syncCase(
      snapshot(OTHER, {
        receivedAt: '2026-07-01T09:00:00.000Z',
        receivedOn: '2026-07-01',
        events: [
          step(1, 'imported', '2026-07-01T09:00:00.000Z', '2026-08-01T09:00:00.000Z'),
          step(2, 'responded', '2027-03-31T10:00:00.000Z', '2027-04-01T09:00:00.000Z', { actor: 'manager-1', detail: REASON }),
        ],
      }),
    );
  }, 60_000);
  afterAll(async () => {
    await db?.close();
  });

  it('counts staff steps recorded after the London day they happened, and those that turned a missed duty met', async () => {
    expect((await records.report({ from: '2026-04-01', to: '2027-03-31' })).lateSteps).toEqual({ recordedAfterTheDay: 3, turnedMissedIntoMet: 1 });
    // By when recorded: the backdated response of 15 Jul was recorded on 20 Jul.
    expect((await records.report({ from: '2026-07-16', to: '2026-07-20' })).lateSteps).toEqual({ recordedAfterTheDay: 1, turnedMissedIntoMet: 1 });
    expect((await records.report({ from: '2026-07-15', to: '2026-07-15' })).lateSteps).toEqual({ recordedAfterTheDay: 0, turnedMissedIntoMet: 0 });
    expect((await records.report({ from: '2027-04-01', to: '2028-03-31' })).lateSteps).toEqual({ recordedAfterTheDay: 1, turnedMissedIntoMet: 1 });
  });
});
