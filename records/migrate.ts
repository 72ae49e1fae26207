import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Db } from './db';

export const MIGRATIONS_DIR = fileURLToPath(new URL('./migrations', import.meta.url));

// Any fixed number: every process migrating the same database takes this lock.
const MIGRATION_LOCK = 6_026_001;

export interface Migration {
  version: number;
  name: string;
  sql: string;
}

/** The migrations in `dir`, named `NNN_name.sql`, in version order. */
export function readMigrations(dir = MIGRATIONS_DIR): Migration[] {
  return fs
    .readdirSync(dir)
    .filter((file) => file.endsWith('.sql'))
    .map((file) => {
      const match = /^(\d+)_([\w-]+)\.sql$/.exec(file);
      if (!match) throw new Error(`migration file ${file} is not named NNN_name.sql`);
      return { version: Number(match[1]), name: match[2]!, sql: fs.readFileSync(path.join(dir, file), 'utf8') };
    })
    .sort((a, b) => a.version - b.version)
    .map((migration, index, all) => {
      // Versions are what schema_migrations records: a second file of the same number would never run.
      if (index > 0 && all[index - 1]!.version === migration.version) throw new Error(`two migrations numbered ${migration.version} in ${dir}`);
      return migration;
    });
}

/**
 * Brings the schema up to date: each pending migration in its own
 * transaction, recorded in `schema_migrations`. Safe to run twice, and from
 * several processes at once on a server (a transaction-scoped advisory lock
 * serialises them; the second finds the work done). Returns the versions applied.
 */
export async function migrate(db: Db, migrations = readMigrations()): Promise<number[]> {
  const applied: number[] = [];
  for (const migration of migrations) {
    const ran = await db.transaction(async (tx) => {
      await tx.query('SELECT pg_advisory_xact_lock($1)', [MIGRATION_LOCK]);
      await tx.query(
        `CREATE TABLE IF NOT EXISTS schema_migrations (
           version integer PRIMARY KEY, name text NOT NULL, applied_at timestamptz NOT NULL DEFAULT now())`,
      );
      const done = await tx.query('SELECT 1 FROM schema_migrations WHERE version = $1', [migration.version]);
      if (done.rows.length > 0) return false;
      await tx.exec(migration.sql);
      await tx.query('INSERT INTO schema_migrations (version, name) VALUES ($1, $2)', [migration.version, migration.name]);
      return true;
    });
    if (ran) applied.push(migration.version);
  }
  return applied;
}
