import path from 'node:path';
import type { Config } from '../config/config';
import { openDatabase, type Db } from './db';
import { migrate } from './migrate';
import { Records } from './repository';

export interface RecordsServices {
  db: Db;
  records: Records;
  close(): Promise<void>;
}

/**
 * The system of record from configuration: PostgreSQL at DATABASE_URL, else
 * PGlite in DATA_DIR/records (one per process: the worker and the API share
 * it). Migrated before use. Delivery (the outbox, email, GOV.UK Notify) is
 * built over it by activities/delivery/council.ts.
 */
export async function openRecords(config: Config, root: string): Promise<RecordsServices> {
  const db = await openDatabase({ databaseUrl: config.DATABASE_URL, dataDir: path.resolve(root, config.DATA_DIR, 'records') });
  await migrate(db);
  const records = new Records(db);
  return { db, records, close: () => db.close() };
}
