import fs from 'node:fs';
import { PGlite } from '@electric-sql/pglite';
import pg from 'pg';

/**
 * The one database interface the records store uses. PGlite is PostgreSQL
 * compiled to WebAssembly, so the same SQL runs on the embedded default and
 * on a PostgreSQL server.
 *
 * Values come back the same on both: `timestamptz` as an ISO instant string
 * (`2026-12-18T09:30:00.000Z`), `date` as `YYYY-MM-DD`, `bigint` as a number,
 * `jsonb` parsed.
 */
export interface Db {
  /** One statement with `$1…` parameters. */
  query<T = Record<string, unknown>>(sql: string, params?: unknown[]): Promise<{ rows: T[] }>;
  /** Several statements without parameters (migrations). */
  exec(sql: string): Promise<void>;
  /** Runs `fn` in one transaction: committed if it resolves, rolled back if it throws. Nested calls join the outer transaction. */
  transaction<T>(fn: (tx: Db) => Promise<T>): Promise<T>;
  close(): Promise<void>;
  /** 'pglite' or 'postgres': the SQL is the same, only locking differs in cost. */
  readonly kind: 'pglite' | 'postgres';
  /** The council whose rows this handle is confined to (records/council.ts); undefined: the tables' owner, for migrations and platform tasks. */
  readonly council?: string;
}

const TYPES = { INT8: 20, DATE: 1082, TIMESTAMP: 1114, TIMESTAMPTZ: 1184 } as const;

/** '2026-12-18 09:30:00.123+00' → '2026-12-18T09:30:00.123Z'. */
function isoInstant(text: string): string {
  const normalised = text.replace(' ', 'T').replace(/([+-]\d\d)$/, '$1:00');
  return new Date(normalised).toISOString();
}

// Identical on both drivers, so tests compare like with like. Counts and ids
// stay far below 2^53.
const PARSERS: Record<number, (text: string) => unknown> = {
  [TYPES.INT8]: (text) => Number(text),
  [TYPES.DATE]: (text) => text,
  [TYPES.TIMESTAMPTZ]: isoInstant,
  [TYPES.TIMESTAMP]: (text) => isoInstant(`${text}+00`),
};

type PgliteLike = Pick<PGlite, 'query' | 'exec'>;

function pgliteDb(handle: PgliteLike, root: PGlite, inTransaction: boolean): Db {
  const db: Db = {
    kind: 'pglite',
    async query<T>(sql: string, params: unknown[] = []) {
      const result = await handle.query<T>(sql, params);
      return { rows: result.rows };
    },
    async exec(sql) {
      await handle.exec(sql);
    },
    async transaction(fn) {
      if (inTransaction) return fn(db);
      return root.transaction((tx) => fn(pgliteDb(tx, root, true)));
    },
    async close() {
      if (!inTransaction) await root.close();
    },
  };
  return db;
}

/**
 * Opens PGlite: `dataDir` is a folder (created if missing) or `'memory://'`.
 * One instance per process: PGlite is single-connection, and it serialises
 * queries and transactions itself.
 */
export async function openPglite(dataDir: string): Promise<Db> {
  if (!dataDir.startsWith('memory://')) fs.mkdirSync(dataDir, { recursive: true });
  const root = await PGlite.create(dataDir, { parsers: PARSERS });
  await root.exec(`SET TIME ZONE 'UTC'`);
  return pgliteDb(root, root, false);
}

const pgTypes = {
  getTypeParser(oid: number, format?: string) {
    return PARSERS[oid] ?? pg.types.getTypeParser(oid, format as 'text');
  },
};

function clientDb(client: pg.PoolClient): Db {
  const db: Db = {
    kind: 'postgres',
    async query<T>(sql: string, params: unknown[] = []) {
      const result = await client.query(sql, params);
      return { rows: result.rows as T[] };
    },
    async exec(sql) {
      await client.query(sql);
    },
    async transaction(fn) {
      return fn(db);
    },
    async close() {},
  };
  return db;
}

/** Opens a pool on a PostgreSQL server (`postgres://…`). */
export async function openPostgres(url: string, options: { max?: number } = {}): Promise<Db> {
  const pool = new pg.Pool({ connectionString: url, max: options.max ?? 10, types: pgTypes, options: '-c TimeZone=UTC' });
  // An idle client that loses its server emits 'error'; without a listener Node exits.
  pool.on('error', () => {});
  await pool.query('SELECT 1');
  return {
    kind: 'postgres',
    async query<T>(sql: string, params: unknown[] = []) {
      const result = await pool.query(sql, params);
      return { rows: result.rows as T[] };
    },
    async exec(sql) {
      await pool.query(sql);
    },
    async transaction(fn) {
      const client = await pool.connect();
      // A server lost while the client is checked out (between its queries) emits
      // 'error' on the client itself, which the pool's listener does not hear:
      // without this one Node exits. The next query fails instead, and the client
      // is discarded rather than returned to the pool.
      let broken: Error | undefined;
      const lost = (error: Error) => {
        broken = error;
      };
      client.on('error', lost);
      try {
        await client.query('BEGIN');
        const result = await fn(clientDb(client));
        await client.query('COMMIT');
        return result;
      } catch (error) {
        await client.query('ROLLBACK').catch((rollback: Error) => {
          broken ??= rollback;
        });
        throw error;
      } finally {
        client.off('error', lost);
        client.release(broken);
      }
    },
    async close() {
      await pool.end();
    },
  };
}

/**
 * The records database for this process: the server at `databaseUrl` if one
 * is set (`DATABASE_URL`), else PGlite in `dataDir` (default `.data/records`).
 * Run `migrate(db)` after opening.
 */
export async function openDatabase(options: { databaseUrl?: string; dataDir?: string }): Promise<Db> {
  if (options.databaseUrl) return openPostgres(options.databaseUrl);
  return openPglite(options.dataDir ?? '.data/records');
}
