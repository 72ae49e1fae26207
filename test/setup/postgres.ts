import { execFile } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import pg from 'pg';
import { freePort } from '../helpers/ports';

const run = promisify(execFile);

/** A PostgreSQL server for one test file: a database of its own, dropped (or the whole cluster stopped) after. */
export interface TestPostgres {
  /** `postgres://…` of this test file's database. */
  url: string;
  /** Another empty database on the same server (e.g. one per suite). */
  createDatabase(): Promise<string>;
  stop(): Promise<void>;
}

/**
 * Starts a throwaway PostgreSQL cluster, or uses `TEST_DATABASE_URL` (a
 * server the caller runs: each call gets fresh databases in it, dropped on
 * stop). The cluster is initdb'd in a temporary folder, listens on a free
 * port on 127.0.0.1 (and a unix socket in that folder), and runs without
 * fsync: nothing here needs to survive a crash. As root, it runs as the
 * `postgres` user, as PostgreSQL refuses to run as root.
 */
export async function startPostgres(): Promise<TestPostgres> {
  const external = process.env.TEST_DATABASE_URL;
  if (external) return withDatabases(external, async () => {});

  const bin = findBinaries();
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'records-pg-'));
  const asRoot = process.getuid?.() === 0;
  const as = async (cmd: string, args: string[]) => {
    const [file, argv] = asRoot ? ['runuser', ['-u', 'postgres', '--', cmd, ...args]] : [cmd, args];
    try {
      return await run(file, argv, { cwd: tmp, timeout: 60_000 });
    } catch (error) {
      const log = path.join(tmp, 'server.log');
      const tail = fs.existsSync(log) ? fs.readFileSync(log, 'utf8').slice(-2_000) : '';
      throw new Error(`${path.basename(cmd)} failed: ${(error as Error).message}\n${tail}`);
    }
  };
  if (asRoot) {
    const { stdout } = await run('id', ['-u', 'postgres']).catch(() => {
      throw new Error('running as root needs a "postgres" system user to run the test cluster (install Debian\'s postgresql package)');
    });
    const { stdout: gid } = await run('id', ['-g', 'postgres']);
    fs.chownSync(tmp, Number(stdout.trim()), Number(gid.trim()));
  }
  const data = path.join(tmp, 'data');
  await as(path.join(bin, 'initdb'), ['-D', data, '-U', 'postgres', '-A', 'trust', '-E', 'UTF8', '--locale=C', '--no-sync']);
  const port = await freePort();
  await as(path.join(bin, 'pg_ctl'), [
    '-D', data, '-l', path.join(tmp, 'server.log'), '-w', '-t', '60',
    '-o', `-p ${port} -k ${tmp} -c listen_addresses=127.0.0.1 -c fsync=off -c synchronous_commit=off -c full_page_writes=off`,
    'start',
  ]);
  return withDatabases(`postgres://postgres@127.0.0.1:${port}/postgres`, async () => {
    await as(path.join(bin, 'pg_ctl'), ['-D', data, '-m', 'immediate', '-w', 'stop']).catch(() => {});
    fs.rmSync(tmp, { recursive: true, force: true });
  });
}

async function withDatabases(adminUrl: string, shutdown: () => Promise<void>): Promise<TestPostgres> {
  const created: string[] = [];
  const admin = async <T>(fn: (client: pg.Client) => Promise<T>) => {
    const client = new pg.Client({ connectionString: adminUrl });
    await client.connect();
    try {
      return await fn(client);
    } finally {
      await client.end();
    }
  };
  const createDatabase = async () => {
    const name = `records_test_${process.pid}_${Date.now().toString(36)}_${created.length}`;
    await admin((c) => c.query(`CREATE DATABASE ${name}`));
    created.push(name);
    const url = new URL(adminUrl);
    url.pathname = `/${name}`;
    return url.toString();
  };
  const url = await createDatabase();
  return {
    url,
    createDatabase,
    async stop() {
      await admin(async (c) => {
        for (const name of created) await c.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      }).catch(() => {});
      await shutdown();
    },
  };
}

function findBinaries(): string {
  const candidates: string[] = [];
  const root = '/usr/lib/postgresql';
  if (fs.existsSync(root)) {
    const versions = fs.readdirSync(root).filter((v) => /^\d+$/.test(v)).sort((a, b) => Number(b) - Number(a));
    candidates.push(...versions.map((v) => path.join(root, v, 'bin')));
  }
  candidates.push(...(process.env.PATH ?? '').split(path.delimiter));
  const bin = candidates.find((dir) => dir && fs.existsSync(path.join(dir, 'initdb')) && fs.existsSync(path.join(dir, 'pg_ctl')));
  if (!bin) {
    throw new Error(
      "No PostgreSQL server binaries (initdb, pg_ctl) found in /usr/lib/postgresql/*/bin or on PATH: install Debian's postgresql package, or set TEST_DATABASE_URL to a server's admin URL",
    );
  }
  return bin;
}

