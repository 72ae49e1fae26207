// The cluster's PostgreSQL: Debian's server binaries, a private cluster in
// the data folder (initdb'd once, kept across runs), listening on 127.0.0.1
// only. As root it runs as the `postgres` user, as PostgreSQL refuses root.
import { execFile } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { promisify } from 'node:util';
import pg from 'pg';

const run = promisify(execFile);

export interface ClusterPostgres {
  port: number;
  /** The superuser's URL for a database on this server. */
  url(database: string): string;
  /** Stops the server: `immediate` as a crash would, otherwise a clean shutdown. */
  stop(mode?: 'fast' | 'immediate'): Promise<void>;
  start(): Promise<void>;
  /** Creates the database unless it exists. */
  ensureDatabase(name: string): Promise<void>;
}

/**
 * Starts the cluster's PostgreSQL. `durable: false` (tests) survives PostgreSQL crashing, which the
 * cluster tests do, but not the machine failing.
 */
export async function startClusterPostgres(options: { dir: string; port: number; durable?: boolean }): Promise<ClusterPostgres> {
  const bin = findBinaries();
  const asRoot = process.getuid?.() === 0;
  const data = path.join(options.dir, 'data');
  const log = path.join(options.dir, 'server.log');
  fs.mkdirSync(options.dir, { recursive: true, mode: 0o700 });
  if (asRoot) {
    const uid = Number((await run('id', ['-u', 'postgres'])).stdout.trim());
    const gid = Number((await run('id', ['-g', 'postgres'])).stdout.trim());
    fs.chownSync(options.dir, uid, gid);
  }
  const as = async (cmd: string, args: string[]) => {
    const [file, argv] = asRoot ? ['runuser', ['-u', 'postgres', '--', cmd, ...args]] : [cmd, args];
    try {
      return await run(file, argv, { cwd: options.dir, timeout: 120_000 });
    } catch (error) {
      const tail = fs.existsSync(log) ? fs.readFileSync(log, 'utf8').slice(-2_000) : '';
      throw new Error(`${path.basename(cmd)} failed: ${(error as Error).message}\n${tail}`);
    }
  };
  if (!fs.existsSync(path.join(data, 'PG_VERSION'))) {
    await as(path.join(bin, 'initdb'), ['-D', data, '-U', 'postgres', '-A', 'trust', '-E', 'UTF8', '--locale=C', ...(options.durable ? [] : ['--no-sync'])]);
  }
  // Trust on loopback only: the server listens nowhere else, and its socket is in the private folder.
  // Not durable skips only what guards against the machine failing (fsync, full pages): a crash of
  // PostgreSQL itself still keeps every commit it answered. Never synchronous_commit=off here, as an
  // immediate stop then loses the last commits Temporal and the workers were told were made.
  const settings = `-p ${options.port} -k ${options.dir} -c listen_addresses=127.0.0.1 -c max_connections=200` +
    (options.durable ? '' : ' -c fsync=off -c full_page_writes=off');
  const start = () => as(path.join(bin, 'pg_ctl'), ['-D', data, '-l', log, '-w', '-t', '60', '-o', settings, 'start']).then(() => undefined);
  await start();
  const url = (database: string) => `postgres://postgres@127.0.0.1:${options.port}/${database}`;
  return {
    port: options.port,
    url,
    start,
    async stop(mode = 'fast') {
      await as(path.join(bin, 'pg_ctl'), ['-D', data, '-m', mode, '-w', 'stop']).catch(() => undefined);
    },
    async ensureDatabase(name) {
      const client = new pg.Client({ connectionString: url('postgres') });
      await client.connect();
      try {
        const found = await client.query('SELECT 1 FROM pg_database WHERE datname = $1', [name]);
        if (found.rowCount === 0) await client.query(`CREATE DATABASE "${name.replace(/"/g, '')}"`);
      } finally {
        await client.end();
      }
    },
  };
}

function findBinaries(): string {
  const root = '/usr/lib/postgresql';
  const versions = fs.existsSync(root) ? fs.readdirSync(root).filter((v) => /^\d+$/.test(v)).sort((a, b) => Number(b) - Number(a)) : [];
  const bin = [...versions.map((v) => path.join(root, v, 'bin')), ...(process.env.PATH ?? '').split(path.delimiter)].find(
    (dir) => dir && fs.existsSync(path.join(dir, 'initdb')) && fs.existsSync(path.join(dir, 'pg_ctl')),
  );
  if (!bin) throw new Error("No PostgreSQL server binaries (initdb, pg_ctl): install Debian's postgresql package");
  return bin;
}
