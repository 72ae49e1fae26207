// Entry point of `npm start`, `npm test`, `npm run bench`, `npm run setup`,
// `npm run token`, `npm run cluster` and `npm run test:cluster`: does the
// set-up a fresh clone needs for that command (setup-plan.mjs: npm
// dependencies, the Temporal tools, Debian packages),
// then runs the real command. Plain Node with no dependencies, because it runs
// before `npm ci` has.
import { spawn, spawnSync } from 'node:child_process';
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { ensureTemporalServer, ensureUiServer } from './cluster/build.mjs';
import { COMMANDS, setupPlan } from './setup-plan.mjs';
import { composeCommand, ensureDebianPackages, ensureTemporalCli, ensureTestServer, hasPostgresServer, MissingToolError, ROOT } from './tools.mjs';

const [command = 'setup', ...args] = process.argv.slice(2);

function say(message) {
  process.stderr.write(`[setup] ${message}\n`);
}

/** Runs `npm ci` when node_modules is missing or older than package-lock.json. */
function ensureDependencies() {
  const lock = fs.readFileSync(path.join(ROOT, 'package-lock.json'));
  const hash = crypto.createHash('sha256').update(lock).digest('hex');
  const stamp = path.join(ROOT, 'node_modules', '.installed-lock-hash');
  if (fs.existsSync(stamp) && fs.readFileSync(stamp, 'utf8') === hash) return;
  say('installing npm dependencies (npm ci)…');
  const result = spawnSync('npm', ['ci', '--no-audit', '--no-fund', '--loglevel=error'], {
    cwd: ROOT,
    stdio: 'inherit',
  });
  if (result.status !== 0) {
    say('npm ci failed: the npm registry must be reachable for the first run; see the output above.');
    process.exit(result.status ?? 1);
  }
  fs.writeFileSync(stamp, hash);
}

function run(bin, binArgs) {
  const child = spawn(path.join(ROOT, 'node_modules', '.bin', bin), binArgs, { cwd: ROOT, stdio: 'inherit' });
  // Ctrl-C reaches the whole process group; the child shuts down in its own time.
  for (const signal of ['SIGINT', 'SIGTERM']) process.on(signal, () => child.kill(signal));
  child.on('exit', (code, signal) => process.exit(code ?? (signal ? 1 : 0)));
}

try {
  if (!COMMANDS.includes(command)) throw new MissingToolError(`unknown command "${command}" (${COMMANDS.join(', ')})`);
  for (const step of setupPlan(command)) {
    if (step === 'dependencies') ensureDependencies();
    else if (step === 'temporal-cli') ensureTemporalCli();
    else if (step === 'test-server') await ensureTestServer();
    else if (step === 'compose') {
      if (!composeCommand()) ensureDebianPackages([{ command: 'docker-compose', pkg: 'docker-compose' }]);
    } else if (step === 'postgresql') {
      if (!hasPostgresServer()) ensureDebianPackages([{ command: 'false', pkg: 'postgresql' }]);
    } else if (step === 'chromium') ensureDebianPackages([{ command: 'chromium', pkg: 'chromium' }]);
    else if (step === 'temporal-server') ensureTemporalServer();
    else if (step === 'ui-server') ensureUiServer();
  }
  if (command === 'token') {
    run('tsx', ['scripts/token.ts', ...args]);
  } else if (command === 'council') {
    run('tsx', ['scripts/council.ts', ...args]);
  } else if (command === 'cluster' || command === 'test:cluster') {
    if (command === 'cluster') run('tsx', ['scripts/cluster.ts', ...args]);
    else run('vitest', ['run', '--config', 'vitest.cluster.config.ts', ...args]);
  } else {
    if (command === 'start') run('tsx', ['scripts/start.ts', ...args]);
    else if (command === 'bench') run('tsx', ['bench/bench.ts', ...args]);
    else if (command === 'test') {
      // Static checks first (types, lint: floating promises, workflow determinism), then the suite.
      // `npm test -- <vitest args>` runs only the suite, e.g. one file.
      if (args.length === 0) {
        for (const [bin, binArgs] of [['tsc', ['--noEmit']], ['eslint', ['.']]]) {
          say(`${bin} ${binArgs.join(' ')}…`);
          const checked = spawnSync(path.join(ROOT, 'node_modules', '.bin', bin), binArgs, { cwd: ROOT, stdio: 'inherit' });
          if (checked.status !== 0) process.exit(checked.status ?? 1);
        }
      }
      run('vitest', ['run', ...args]);
    }
    else say('ready');
  }
} catch (error) {
  if (!(error instanceof MissingToolError)) throw error;
  say(error.message);
  process.exit(1);
}
