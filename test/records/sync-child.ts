/**
 * A worker stand-in for the crash test: syncs one large snapshot of a case,
 * again and again, until it is killed. Args: <pglite dir | postgres url> <reference> <events>.
 */
import { openDatabase } from '../../records/db';
import { Records } from '../../records/repository';
import { snapshot } from './fixtures';

const [target, reference, count] = process.argv.slice(2) as [string, string, string];
const db = await openDatabase(target.startsWith('postgres') ? { databaseUrl: target } : { dataDir: target });
const records = new Records(db);
const events = Array.from({ length: Number(count) }, (_, i) => ({
  seq: i + 1,
  action: 'noted',
  actor: 'officer-1',
  at: new Date(Date.parse('2026-12-18T10:00:00Z') + i * 1000).toISOString(),
  recordedAt: '2026-12-18T10:00:00.000Z',
}));
process.stdout.write('ready\n');
for (;;) await records.syncCase(snapshot(reference, { events }));
