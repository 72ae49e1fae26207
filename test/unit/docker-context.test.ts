/**
 * The Docker build context (what `COPY . .` in the Dockerfile can take into a
 * layer) computed as `docker build` does from `.dockerignore`: its patterns
 * matched by @balena/dockerignore (a port of Docker's own matcher), over a
 * walk that skips an excluded folder unless an exception pattern could
 * re-include something inside it (moby's archive walk). No secret, local
 * state or bulky folder may be in it; the sources must.
 */
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import ignore from '@balena/dockerignore';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const ROOT = path.resolve(import.meta.dirname, '../..');

/** Every file `docker build` would send from `root`, as paths relative to it with `/`. */
function buildContext(root: string): string[] {
  const patterns = fs
    .readFileSync(path.join(root, '.dockerignore'), 'utf8')
    .split('\n')
    .map((line) => line.trim())
    .filter((line) => line !== '' && !line.startsWith('#'));
  const matcher = ignore().add(patterns);
  const exceptions = patterns.filter((p) => p.startsWith('!')).map((p) => path.posix.normalize(p.slice(1).replace(/^\//, '')));
  const files: string[] = [];
  const walk = (relative: string) => {
    for (const entry of fs.readdirSync(path.join(root, relative), { withFileTypes: true })) {
      const rel = relative ? `${relative}/${entry.name}` : entry.name;
      const excluded = matcher.ignores(rel);
      if (entry.isDirectory()) {
        // Docker walks into an excluded folder only if an exception could match inside it.
        if (!excluded || exceptions.some((p) => `${p}/`.startsWith(`${rel}/`))) walk(rel);
      } else if (!excluded) files.push(rel);
    }
  };
  walk('');
  return files.sort();
}

/** What must never reach an image: secrets, local data, keys, and the bulky or generated folders. */
const FORBIDDEN = /(^|\/)(\.env(\.(?!example$)[^/]*)?|\.data|keys|node_modules|\.git|\.tools|coverage|reports|screenshots|\.stryker-tmp|\.schemathesis)(\/|$)|\.(pem|key)$/;

describe('the Docker build context', () => {
  // A copy of the repository's tracked files, then what a working clone also has: secrets and local state.
  let copy: string;
  const PLANTED = [
    '.env',
    '.env.production',
    'config/.env',
    '.data/keys/local-signing-key.json',
    '.data/keys/payload-keys.json',
    '.data/records/PG_VERSION',
    '.data/temporal.db',
    'x.pem',
    'certs/client.key',
    'deploy/keys/council-idp.json',
    'node_modules/express/package.json',
    '.git/HEAD',
    '.tools/bin/temporal',
    'coverage/index.html',
    'reports/mutation.html',
    'screenshots/docs.png',
    '.stryker-tmp/sandbox/x.ts',
    '.schemathesis/report.json',
    'temporal.log',
  ];
  beforeAll(() => {
    copy = fs.mkdtempSync(path.join(os.tmpdir(), 'docker-context-'));
    const tracked = execFileSync('git', ['ls-files', '-z'], { cwd: ROOT, encoding: 'utf8' }).split('\0').filter(Boolean);
    for (const file of tracked) {
      if (!fs.existsSync(path.join(ROOT, file))) continue; // deleted in the work tree, not yet committed
      fs.mkdirSync(path.dirname(path.join(copy, file)), { recursive: true });
      fs.copyFileSync(path.join(ROOT, file), path.join(copy, file));
    }
    for (const file of PLANTED) {
      fs.mkdirSync(path.dirname(path.join(copy, file)), { recursive: true });
      fs.writeFileSync(path.join(copy, file), 'planted by test/unit/docker-context.test.ts\n');
    }
  });
  afterAll(() => {
    if (copy) fs.rmSync(copy, { recursive: true, force: true });
  });

  it('holds no .env, .data, keys folder, .pem or .key, dependencies, git, tools or test output', () => {
    const context = buildContext(copy);
    for (const file of PLANTED) expect(context, file).not.toContain(file);
    expect(context.filter((file) => FORBIDDEN.test(file))).toEqual([]);
  });

  it('holds every source the image runs: package.json, the lock file, api/app.ts, .env.example, every tracked file', () => {
    const context = buildContext(copy);
    for (const file of ['package.json', 'package-lock.json', 'api/app.ts', 'scripts/start.ts', '.env.example', 'templates/letters', 'domain/bank-holidays.json']) {
      expect(context.some((f) => f === file || f.startsWith(`${file}/`)), file).toBe(true);
    }
    const tracked = execFileSync('git', ['ls-files'], { cwd: ROOT, encoding: 'utf8' }).split('\n').filter((f) => f && fs.existsSync(path.join(ROOT, f)));
    expect(tracked.filter((file) => !context.includes(file))).toEqual([]);
  });

  it('from this clone as it is (read only): nothing forbidden, whatever it holds', () => {
    expect(buildContext(ROOT).filter((file) => FORBIDDEN.test(file))).toEqual([]);
  });

  it("the walk skips an excluded folder as Docker does, unless an exception can reach inside", () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'dockerignore-rules-'));
    try {
      for (const file of ['a/keep.txt', 'a/drop.txt', 'b/c/keep.txt', 'b/c/drop.txt', 'd.env', 'sub/.env', 'sub/.env.example']) {
        fs.mkdirSync(path.dirname(path.join(dir, file)), { recursive: true });
        fs.writeFileSync(path.join(dir, file), '');
      }
      fs.writeFileSync(path.join(dir, '.dockerignore'), '# rules\na\n!a/keep.txt\nb\n**/.env*\n!**/.env.example\n/d.env\n');
      expect(buildContext(dir)).toEqual(['.dockerignore', 'a/keep.txt', 'sub/.env.example']);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
