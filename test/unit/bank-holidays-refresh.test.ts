import { spawn } from 'node:child_process';
import { copyFileSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const REPO_FILE = path.join(ROOT, 'domain', 'bank-holidays.json');
const TSX = path.join(ROOT, 'node_modules', '.bin', 'tsx');
const SCRIPT = path.join(ROOT, 'scripts', 'refresh-bank-holidays.ts');

const dir = mkdtempSync(path.join(tmpdir(), 'bank-holidays-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function run(...args: string[]): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(TSX, [SCRIPT, ...args], { cwd: ROOT, env: { ...process.env, INIT_CWD: ROOT } });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk) => (stdout += chunk));
    child.stderr.on('data', (chunk) => (stderr += chunk));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}

/** A copy of the repository file to be the target, so the repository copy is never edited. */
function targetCopy(name: string): string {
  const target = path.join(dir, name);
  copyFileSync(REPO_FILE, target);
  return target;
}

/** The repository file with 2029 added for England and Wales and the 2019 Good Friday removed. */
function newerSource(): string {
  const json = JSON.parse(readFileSync(REPO_FILE, 'utf8'));
  const events = json['england-and-wales'].events as { title: string; date: string; notes: string; bunting: boolean }[];
  json['england-and-wales'].events = events
    .filter((e) => e.date !== '2019-04-19')
    .concat([{ title: 'New Year’s Day', date: '2029-01-01', notes: '', bunting: true }]);
  const source = path.join(dir, 'newer.json');
  writeFileSync(source, JSON.stringify(json));
  return source;
}

describe('npm run holidays', () => {
  const repoBefore = readFileSync(REPO_FILE, 'utf8');
  afterAll(() => expect(readFileSync(REPO_FILE, 'utf8')).toBe(repoBefore));

  it('replaces the target with a valid file and prints what changed per division', async () => {
    const target = targetCopy('good.json');
    const result = await run(newerSource(), '--target', target);
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    expect(result.stdout).toContain(`updated ${target}`);
    expect(result.stdout).toMatch(
      /england-and-wales: 1 added, 1 removed\n {2}added: 2029-01-01 New Year’s Day\n {2}removed: 2019-04-19/,
    );
    expect(result.stdout).toContain('scotland: 0 added, 0 removed');
    expect(result.stdout).toContain('northern-ireland: 0 added, 0 removed');
    const written = JSON.parse(readFileSync(target, 'utf8'));
    expect(written['england-and-wales'].events.at(-1).date).toBe('2029-01-01');
    expect(readdirSync(dir).filter((f) => f.endsWith('.tmp'))).toEqual([]);
  }, 30_000);

  it('fetches from a URL', async () => {
    const body = readFileSync(newerSource());
    const server = createServer((_req, res) => res.writeHead(200, { 'content-type': 'application/json' }).end(body));
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    try {
      const target = targetCopy('from-url.json');
      const { port } = server.address() as AddressInfo;
      const result = await run(`http://127.0.0.1:${port}/bank-holidays.json`, '--target', target);
      expect(result.code).toBe(0);
      expect(result.stdout).toContain('england-and-wales: 1 added, 1 removed');
    } finally {
      server.close();
    }
  }, 30_000);

  it.each([
    [
      'a date that does not exist',
      (json: string) => json.replace('"2019-04-19"', '"2027-02-29"'),
      /england-and-wales\.events\.\d+\.date: "2027-02-29" is not a real date/,
    ],
    [
      'a missing division',
      (json: string) => JSON.stringify({ ...JSON.parse(json), scotland: undefined }),
      /scotland: division is missing/,
    ],
    ['text that is not JSON', (json: string) => json.slice(0, 100), /is not valid JSON/],
  ])(
    'refuses %s, leaving the target untouched',
    async (_name, spoil, message) => {
      const target = targetCopy('bad.json');
      const before = readFileSync(target, 'utf8');
      const source = path.join(dir, 'spoilt.json');
      writeFileSync(source, spoil(readFileSync(REPO_FILE, 'utf8')));
      const result = await run(source, '--target', target);
      expect(result.code).not.toBe(0);
      expect(result.stderr).toContain('bank holidays not updated, the old file stays in force');
      expect(result.stderr).toMatch(message);
      expect(readFileSync(target, 'utf8')).toBe(before);
    },
    30_000,
  );

  it('explains its usage and fails on a missing source', async () => {
    const target = targetCopy('usage.json');
    expect(await run('--target', target)).toMatchObject({
      code: 1,
      stderr: expect.stringContaining('usage: npm run holidays'),
    });
    const missing = await run(path.join(dir, 'nope.json'), '--target', target);
    expect(missing.code).toBe(1);
    expect(missing.stderr).toContain('nope.json');
  }, 30_000);
});
