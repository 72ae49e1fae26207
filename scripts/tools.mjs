// Obtains the Temporal servers this project runs on, without any download
// other than from package registries:
//   - the Temporal CLI (dev server with the Web UI), built with `go install`;
//   - Temporal's Java time-skipping test server, from Maven Central.
// Both land in the git-ignored .tools/ folder. A cache outside the clone
// (COMPLAINTS_TOOLS_CACHE, default ~/.cache/children-complaints-engine) keeps
// what was built once, so a second clone or CI run on the same machine
// reuses it. Plain Node, no dependencies: it runs before `npm ci` has.
import { execFileSync, spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
export const TOOLS_DIR = process.env.COMPLAINTS_TOOLS_DIR ?? path.join(ROOT, '.tools');
export const TEMPORAL_CLI_VERSION = '1.5.1';
export const TEST_SERVER_VERSION = '1.38.0';
export const TEMPORAL_CLI = path.join(TOOLS_DIR, 'bin', 'temporal');
export const TEST_SERVER_LAUNCHER = path.join(ROOT, 'tools', 'test-server', 'temporal-test-server');

const CACHE_DIR =
  process.env.COMPLAINTS_TOOLS_CACHE ??
  path.join(process.env.XDG_CACHE_HOME ?? path.join(os.homedir(), '.cache'), 'children-complaints-engine');

export class MissingToolError extends Error {}

function say(message) {
  process.stderr.write(`[setup] ${message}\n`);
}

function has(command) {
  return spawnSync('sh', ['-c', `command -v ${command}`], { stdio: 'ignore' }).status === 0;
}

function copyFile(from, to, mode) {
  fs.mkdirSync(path.dirname(to), { recursive: true });
  const partial = `${to}.partial`;
  fs.copyFileSync(from, partial);
  if (mode) fs.chmodSync(partial, mode);
  fs.renameSync(partial, to); // never leave a half-copied tool behind
}

// `go install` builds report "0.0.0-DEV" as their version (releases stamp it
// at link time), so a stamp file beside the binary records what was built.
function isBuilt(binary) {
  try {
    const stamp = fs.readFileSync(`${binary}.version`, 'utf8').trim();
    execFileSync(binary, ['--version'], { stdio: 'ignore' });
    return stamp === TEMPORAL_CLI_VERSION;
  } catch {
    return false;
  }
}

/** Puts the Temporal CLI at .tools/bin/temporal, building it once if no cache has it. */
export function ensureTemporalCli() {
  if (isBuilt(TEMPORAL_CLI)) return TEMPORAL_CLI;
  const cached = path.join(CACHE_DIR, `temporal-cli-${TEMPORAL_CLI_VERSION}`, 'temporal');
  if (!isBuilt(cached)) {
    if (!has('go')) {
      throw new MissingToolError(
        `The Temporal CLI ${TEMPORAL_CLI_VERSION} is not built yet and Go is not installed.\n` +
          '  Install Go (1.23 or later) and run this again, or set TEMPORAL_ADDRESS to use an existing Temporal cluster.',
      );
    }
    say(`building the Temporal CLI ${TEMPORAL_CLI_VERSION} with go install (first time only; a few minutes on 2 cores)…`);
    const started = Date.now();
    const result = spawnSync(
      'go',
      ['install', '-trimpath', '-ldflags=-s -w', `github.com/temporalio/cli/cmd/temporal@v${TEMPORAL_CLI_VERSION}`],
      {
        stdio: ['ignore', 'inherit', 'inherit'],
        env: { ...process.env, GOBIN: path.dirname(cached), GOFLAGS: '-mod=mod', CGO_ENABLED: '0' },
      },
    );
    if (result.status !== 0 || !fs.existsSync(cached)) {
      throw new MissingToolError(
        `go install of the Temporal CLI failed (exit ${result.status}). It needs the Go module proxy; see the output above.`,
      );
    }
    fs.writeFileSync(`${cached}.version`, `${TEMPORAL_CLI_VERSION}\n`);
    say(`Temporal CLI built in ${Math.round((Date.now() - started) / 1000)} s`);
  }
  copyFile(cached, TEMPORAL_CLI, 0o755);
  fs.writeFileSync(`${TEMPORAL_CLI}.version`, `${TEMPORAL_CLI_VERSION}\n`);
  return TEMPORAL_CLI;
}

function freePort() {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.unref();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
  });
}

export async function waitForPort(port, timeoutMs, host = '127.0.0.1') {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const open = await new Promise((resolve) => {
      const socket = net.connect(port, host);
      socket.once('connect', () => {
        socket.destroy();
        resolve(true);
      });
      socket.once('error', () => resolve(false));
    });
    if (open) return;
    if (Date.now() > deadline) throw new Error(`nothing answered on ${host}:${port} within ${timeoutMs} ms`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

/**
 * Puts the test server's jars, our scenario-clock entry point and a class-data
 * sharing archive under .tools/test-server; the committed launcher runs them.
 */
export async function ensureTestServer() {
  const dir = path.join(TOOLS_DIR, 'test-server');
  const marker = path.join(dir, 'ready');
  const source = path.join(ROOT, 'tools', 'test-server', 'ScenarioClockTestServer.java');
  const wanted = `${TEST_SERVER_VERSION}\n${fs.statSync(source).mtimeMs}\n${dir}\n`;
  if (fs.existsSync(marker) && fs.readFileSync(marker, 'utf8') === wanted) return TEST_SERVER_LAUNCHER;

  if (!has('java') || !has('javac') || !has('jar')) {
    throw new MissingToolError('The Java time-skipping test server needs a JDK (java and javac, 11 or later). Install one and run this again.');
  }
  const cachedLib = path.join(CACHE_DIR, `temporal-test-server-${TEST_SERVER_VERSION}`, 'lib');
  const mainJar = `temporal-test-server-${TEST_SERVER_VERSION}.jar`;
  if (!fs.existsSync(path.join(cachedLib, mainJar))) {
    if (!has('mvn')) {
      throw new MissingToolError('The Java test server is not fetched yet and Maven (mvn) is not installed. Install Maven and run this again.');
    }
    say(`fetching Temporal's Java test server ${TEST_SERVER_VERSION} from Maven Central…`);
    const partial = `${cachedLib}.partial`;
    fs.rmSync(partial, { recursive: true, force: true });
    const result = spawnSync(
      'mvn',
      ['-q', '-B', '-f', path.join(ROOT, 'tools', 'test-server', 'pom.xml'), 'dependency:copy-dependencies',
        `-DoutputDirectory=${partial}`, '-DincludeScope=runtime'],
      { stdio: ['ignore', 'inherit', 'inherit'] },
    );
    if (result.status !== 0) throw new MissingToolError(`Maven could not fetch the test server (exit ${result.status}); see above.`);
    fs.rmSync(cachedLib, { recursive: true, force: true });
    fs.renameSync(partial, cachedLib);
  }

  fs.rmSync(dir, { recursive: true, force: true });
  const lib = path.join(dir, 'lib');
  fs.mkdirSync(lib, { recursive: true });
  for (const jar of fs.readdirSync(cachedLib).sort()) copyFile(path.join(cachedLib, jar), path.join(lib, jar));
  const jars = fs.readdirSync(lib).sort().map((jar) => path.join(lib, jar));
  // Class-data sharing archives only classes from jars, never from directories.
  const classes = path.join(dir, 'classes');
  const scenarioJar = path.join(dir, 'scenario-clock.jar');
  execFileSync('javac', ['-nowarn', '-cp', jars.join(':'), '-d', classes, source], { stdio: 'inherit' });
  execFileSync('jar', ['cf', scenarioJar, '-C', classes, '.'], { stdio: 'inherit' });
  fs.rmSync(classes, { recursive: true, force: true });
  // An explicit, ordered class path: class-data sharing checks it matches the archive's.
  const classPath = [scenarioJar, ...jars].join(':');
  fs.writeFileSync(path.join(dir, 'classpath'), classPath);

  say('recording a class-data sharing archive so the test server starts in well under a second…');
  const port = await freePort();
  const jsa = path.join(dir, 'app.jsa');
  const child = spawn(
    'java',
    ['-XX:TieredStopAtLevel=1', '-XX:+UseSerialGC', '-Xss512k', `-XX:ArchiveClassesAtExit=${jsa}`, '-Xlog:cds=off',
      '-Xlog:cds+dynamic=off', '-cp', classPath, 'ScenarioClockTestServer', String(port),
      '--start-time=2027-01-04T09:00:00Z'],
    { stdio: 'ignore' },
  );
  const exited = new Promise((resolve) => child.once('exit', resolve));
  try {
    await waitForPort(port, 60_000);
    await new Promise((r) => setTimeout(r, 1500)); // let gRPC finish loading its classes
  } finally {
    child.kill('SIGTERM');
    await exited;
  }
  if (!fs.existsSync(jsa)) say('no class-data sharing archive was written; the test server will start more slowly');
  fs.writeFileSync(marker, wanted);
  return TEST_SERVER_LAUNCHER;
}

/**
 * Debian packages the tests need (a Compose implementation to check
 * docker-compose.yml). Installed with apt-get when missing and allowed (root);
 * otherwise a plain message says what to install.
 */
export function ensureDebianPackages(packages) {
  const missing = packages.filter(({ command }) => !has(command));
  if (missing.length === 0) return;
  const names = missing.map(({ pkg }) => pkg);
  if (process.getuid?.() !== 0 || !has('apt-get')) {
    throw new MissingToolError(`The tests need ${names.join(', ')}: install ${names.length > 1 ? 'them' : 'it'} (apt-get install ${names.join(' ')}).`);
  }
  say(`installing ${names.join(', ')} from Debian's packages…`);
  const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
  let result = spawnSync('apt-get', ['install', '-y', '-qq', ...names], { stdio: ['ignore', 'ignore', 'inherit'], env });
  if (result.status !== 0) {
    spawnSync('apt-get', ['update', '-qq'], { stdio: ['ignore', 'ignore', 'inherit'], env });
    result = spawnSync('apt-get', ['install', '-y', '-qq', ...names], { stdio: ['ignore', 'ignore', 'inherit'], env });
  }
  if (result.status !== 0) throw new MissingToolError(`apt-get could not install ${names.join(', ')}; see above.`);
}

/** PostgreSQL server binaries (initdb, pg_ctl) from Debian's packages. */
export function hasPostgresServer() {
  const root = '/usr/lib/postgresql';
  if (!fs.existsSync(root)) return false;
  return fs.readdirSync(root).some((v) => fs.existsSync(path.join(root, v, 'bin', 'initdb')) && fs.existsSync(path.join(root, v, 'bin', 'pg_ctl')));
}

/** The Compose command on this machine: `docker compose` (v2) or `docker-compose` (v1.27+). */
export function composeCommand() {
  if (spawnSync('docker', ['compose', 'version'], { stdio: 'ignore' }).status === 0) return ['docker', 'compose'];
  if (has('docker-compose')) return ['docker-compose'];
  return undefined;
}

// `node scripts/tools.mjs` prepares both.
if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  try {
    ensureTemporalCli();
    await ensureTestServer();
    say(`tools ready in ${path.relative(ROOT, TOOLS_DIR)}/`);
  } catch (error) {
    if (error instanceof MissingToolError) {
      say(error.message);
      process.exit(1);
    }
    throw error;
  }
}
