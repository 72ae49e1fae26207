// Obtains the Temporal cluster's own programs, like the CLI in ../tools.mjs:
// built once with `go install` from the Go module proxy into the cache outside
// the clone (COMPLAINTS_TOOLS_CACHE, default ~/.cache/children-complaints-engine),
// one folder per version. Plain Node, no dependencies: the bootstrap runs it
// before `npm ci` has.
//   - temporal-server and temporal-sql-tool (go.temporal.io/server), with the
//     PostgreSQL schema files that ship in the same module;
//   - the Temporal UI server (github.com/temporalio/ui-server/v2), which
//     carries the UI's built pages inside it.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { MissingToolError } from '../tools.mjs';

export const TEMPORAL_SERVER_VERSION = '1.29.1';
export const UI_SERVER_VERSION = '2.42.1';

const CACHE_DIR =
  process.env.COMPLAINTS_TOOLS_CACHE ??
  path.join(process.env.XDG_CACHE_HOME ?? path.join(os.homedir(), '.cache'), 'children-complaints-engine');

export const SERVER_DIR = path.join(CACHE_DIR, `temporal-server-${TEMPORAL_SERVER_VERSION}`);
export const TEMPORAL_SERVER = path.join(SERVER_DIR, 'server');
export const SQL_TOOL = path.join(SERVER_DIR, 'sql');
export const SCHEMA_DIR = path.join(SERVER_DIR, 'schema', 'postgresql', 'v12');
export const UI_SERVER_DIR = path.join(CACHE_DIR, `temporal-ui-server-${UI_SERVER_VERSION}`);
export const UI_SERVER = path.join(UI_SERVER_DIR, 'server');

function say(message) {
  process.stderr.write(`[setup] ${message}\n`);
}

function goEnv(name) {
  return spawnSync('go', ['env', name], { encoding: 'utf8' }).stdout.trim();
}

/**
 * `go install` of `packages` (all of one module at `version`) into `dir`,
 * through a .partial folder so an interrupted build never passes for a
 * finished one. `then` copies more into the folder before it is renamed.
 */
function goInstall(dir, what, modulePath, version, packages, then = () => {}) {
  if (fs.existsSync(path.join(dir, 'ready'))) return;
  if (spawnSync('sh', ['-c', 'command -v go'], { stdio: 'ignore' }).status !== 0) {
    throw new MissingToolError(`${what} is not built yet and Go is not installed: install Go (1.23 or later) and run this again.`);
  }
  say(`building ${what} ${version} with go install (first time only; about 10 minutes on 2 cores)…`);
  const started = Date.now();
  const partial = `${dir}.partial`;
  fs.rmSync(partial, { recursive: true, force: true });
  fs.mkdirSync(partial, { recursive: true });
  const result = spawnSync(
    'nice',
    ['go', 'install', '-trimpath', '-ldflags=-s -w', ...packages.map((p) => `${modulePath}/${p}@v${version}`)],
    {
      stdio: ['ignore', 'inherit', 'inherit'],
      env: { ...process.env, GOBIN: partial, GOFLAGS: '-mod=mod', CGO_ENABLED: '0' },
    },
  );
  if (result.status !== 0) {
    throw new MissingToolError(`go install of ${what} failed (exit ${result.status}). It needs the Go module proxy; see the output above.`);
  }
  then(partial);
  fs.writeFileSync(path.join(partial, 'ready'), `${version}\n`);
  fs.rmSync(dir, { recursive: true, force: true });
  fs.renameSync(partial, dir);
  say(`${what} built in ${Math.round((Date.now() - started) / 1000)} s`);
}

/** temporal-server, temporal-sql-tool and the PostgreSQL schema, built once per version. */
export function ensureTemporalServer() {
  goInstall(SERVER_DIR, 'the Temporal server', 'go.temporal.io/server', TEMPORAL_SERVER_VERSION, ['cmd/server', 'cmd/tools/sql'], (partial) => {
    const module = path.join(goEnv('GOMODCACHE'), `go.temporal.io/server@v${TEMPORAL_SERVER_VERSION}`);
    const target = path.join(partial, 'schema', 'postgresql');
    fs.cpSync(path.join(module, 'schema', 'postgresql', 'v12'), path.join(target, 'v12'), { recursive: true });
    // The module cache is read-only; the copy need not be.
    spawnSync('chmod', ['-R', 'u+w', target]);
  });
  return { server: TEMPORAL_SERVER, sqlTool: SQL_TOOL, schemaDir: SCHEMA_DIR };
}

/** The Temporal UI server, built once per version. */
export function ensureUiServer() {
  goInstall(UI_SERVER_DIR, 'the Temporal UI server', 'github.com/temporalio/ui-server/v2', UI_SERVER_VERSION, ['cmd/server']);
  return UI_SERVER;
}

// `node scripts/cluster/build.mjs` builds both (CI warms the cache this way).
if (process.argv[1] && path.resolve(process.argv[1]) === path.resolve(new URL(import.meta.url).pathname)) {
  try {
    ensureTemporalServer();
    ensureUiServer();
  } catch (error) {
    if (!(error instanceof MissingToolError)) throw error;
    say(error.message);
    process.exit(1);
  }
}
