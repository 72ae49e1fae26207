import { migrate } from '../../records/migrate';
import { openPglite, openPostgres, type Db } from '../../records/db';
import type { CaseSnapshot, ListingScope, NewCase } from '../../records/types';
import { startPostgres, type TestPostgres } from '../setup/postgres';

/** Every records test runs on both: the embedded default and a real server. */
export const BACKENDS = ['pglite', 'postgres'] as const;
export type Backend = (typeof BACKENDS)[number];

let server: TestPostgres | undefined;

/** A fresh, migrated database: PGlite in memory, or a new database on this file's PostgreSQL server. */
export async function openTestDb(backend: Backend): Promise<Db> {
  const db = backend === 'pglite' ? await openPglite('memory://') : await openPostgres(await newServerDatabase());
  await migrate(db);
  return db;
}

/** An empty (unmigrated) database URL on this file's server, started on first use. */
export async function newServerDatabase(): Promise<string> {
  server ??= await startPostgres();
  return server.createDatabase();
}

/** Call from the file's afterAll. */
export async function stopTestServer(): Promise<void> {
  await server?.stop();
  server = undefined;
}

let counter = 0;
/** A unique case reference per call (the API's format). */
export function nextReference(): string {
  counter += 1;
  return `CSC-2026-${String(counter).padStart(6, '0')}`;
}

export function newCase(reference: string, overrides: Partial<NewCase> = {}): NewCase {
  return {
    reference,
    receivedAt: '2026-12-18T09:30:00Z',
    channel: 'letter',
    policyId: 'england-statutory',
    team: 'Children in Care',
    summary: 'Contact arrangements changed without notice',
    desiredOutcome: 'An apology and the old arrangements back',
    people: [
      { role: 'complainant', name: 'Alex Parent', type: 'parent', email: 'alex@example.org', address: '1 High Street, Oakham, LE15 6AA' },
      { role: 'child', name: 'Sam Child', dateOfBirth: '2014-03-02' },
    ],
    actor: 'officer-1',
    ...overrides,
  };
}

export function snapshot(reference: string, overrides: Partial<CaseSnapshot> = {}): CaseSnapshot {
  return {
    reference,
    receivedAt: '2026-12-18T09:30:00.000Z',
    procedure: 'statutory',
    stage: 'stage1',
    status: 'in-progress',
    outcome: null,
    team: 'Children in Care',
    onHold: false,
    receivedOn: '2026-12-18',
    policyId: 'england-statutory',
    calendarVersion: 'test-1',
    closedAt: null,
    deadlines: [
      { key: 'stage1.acknowledge', kind: 'duty', due: '2026-12-23', state: 'met', metAt: '2026-12-21T10:00:00.000Z', explanation: 'received Fri 18 Dec 2026; 3 working days → Wed 23 Dec 2026' },
      { key: 'stage1.respond', kind: 'duty', due: '2027-01-06', state: 'pending', metAt: null, explanation: 'received Fri 18 Dec 2026; 10 working days → Wed 6 Jan 2027' },
    ],
    events: [
      { seq: 1, action: 'received', actor: 'officer-1', at: '2026-12-18T09:30:00.000Z', recordedAt: '2026-12-18T09:31:00.000Z' },
      { seq: 2, action: 'triaged', actor: 'officer-1', at: '2026-12-18T11:00:00.000Z', recordedAt: '2026-12-18T11:00:00.000Z', detail: { decision: 'stage1' } },
      { seq: 3, action: 'acknowledged', actor: 'officer-1', at: '2026-12-21T10:00:00.000Z', recordedAt: '2026-12-21T10:00:00.000Z', note: 'phoned too' },
    ],
    findings: [],
    ombudsman: null,
    parties: [{ id: 'officer-1', part: 'assigned-officer' }],
    ...overrides,
  };
}

/** A listing scope that reaches every case (a complaints manager's): domain/access.ts listingScope. */
export const EVERY_CASE: ListingScope = { everyCase: true, teams: [], subject: 'manager-1', parts: [] };
