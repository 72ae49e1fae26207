/**
 * LOG_LEVEL reaches the API process (`api/server.ts`, on the run's dev
 * server): at `warn` its info line is not written; at `info` it is.
 */
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, inject, it } from 'vitest';
// @ts-expect-error plain JS helper shared with the bootstrap
import { ROOT } from '../../scripts/tools.mjs';
import { eventually } from '../helpers/eventually';

async function freePort(): Promise<number> {
  const server = net.createServer();
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const { port } = server.address() as net.AddressInfo;
  await new Promise((r) => server.close(r));
  return port;
}

/** Starts the API with `level`, waits until it answers, stops it, and returns what it wrote. */
async function apiOutput(level: string): Promise<{ stdout: string; stderr: string }> {
  const port = await freePort();
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'complaints-log-'));
  // The embedded records store in a folder of its own.
  const { DATABASE_URL: _shared, ...env } = process.env;
  const child = spawn(process.execPath, ['--import', 'tsx', 'api/server.ts'], {
    cwd: ROOT as string,
    env: { ...env, TEMPORAL_ADDRESS: inject('devServerAddress'), DATA_DIR: dataDir, PORT: String(port), LOG_LEVEL: level },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
  child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
  try {
    await eventually(
      () => fetch(`http://127.0.0.1:${port}/healthz`).then((r) => r.status, () => 0),
      (status) => status === 200,
      60_000,
    );
    // The listening line is written in the same tick as the server starts answering; give the pipe a moment.
    await new Promise((r) => setTimeout(r, 200));
  } finally {
    const exited = new Promise((r) => child.once('exit', r));
    child.kill('SIGTERM');
    await Promise.race([exited, new Promise((r) => setTimeout(r, 5_000))]);
    if (child.exitCode === null) child.kill('SIGKILL');
    fs.rmSync(dataDir, { recursive: true, force: true });
  }
  return { stdout, stderr };
}

describe('LOG_LEVEL in the API process', () => {
  it('at warn, the info line "API listening" is not written; at info, it is', async () => {
    const warn = await apiOutput('warn');
    expect(warn.stdout).not.toContain('API listening');
    const info = await apiOutput('info');
    expect(info.stdout).toMatch(/^\S+ INFO API listening on http:\/\/127\.0\.0\.1:\d+$/m);
  }, 150_000);
});
