/**
 * LOG_LEVEL reaches the API process (`api/server.ts`) and the worker process
 * (`worker/main.ts`, in a namespace of its own on the run's dev server): at
 * `warn` their info lines, and the Temporal SDK's, are not written; at
 * `info` they are.
 */
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { Connection } from '@temporalio/client';
import { msToTs } from '@temporalio/common/lib/time';
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

/** Runs `script` with `settings` until `ready` says so, stops it, and returns what it wrote. */
async function output(script: string, settings: Record<string, string>, ready: () => Promise<boolean>): Promise<{ stdout: string; stderr: string }> {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'complaints-log-'));
  // The embedded records store in a folder of its own.
  const { DATABASE_URL: _shared, ...env } = process.env;
  const child = spawn(process.execPath, ['--import', 'tsx', script], {
    cwd: ROOT as string,
    env: { ...env, TEMPORAL_ADDRESS: inject('devServerAddress'), DATA_DIR: dataDir, ...settings },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
  child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
  try {
    await eventually(ready, (yes) => yes, 120_000);
    // The ready line is written in the same tick as the process becomes ready; give the pipe a moment.
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

async function apiOutput(level: string) {
  const port = await freePort();
  const answers = () => fetch(`http://127.0.0.1:${port}/healthz`).then((r) => r.status === 200, () => false);
  return output('api/server.ts', { PORT: String(port), LOG_LEVEL: level }, answers);
}

/** The worker in a namespace of its own, so its retention schedule touches nothing else on the dev server. */
async function workerOutput(level: string) {
  const connection = await Connection.connect({ address: inject('devServerAddress') });
  const namespace = `log-level-${level}-${Date.now().toString(36)}`;
  try {
    await connection.workflowService.registerNamespace({ namespace, workflowExecutionRetentionPeriod: msToTs('1 day') });
    const taskQueue = 'log-level';
    const polling = async () => {
      const described = await connection.workflowService.describeTaskQueue({ namespace, taskQueue: { name: taskQueue }, taskQueueType: 1 }).catch(() => undefined);
      return (described?.pollers?.length ?? 0) > 0;
    };
    return await output('worker/main.ts', { TEMPORAL_NAMESPACE: namespace, TEMPORAL_TASK_QUEUE: taskQueue, LOG_LEVEL: level }, polling);
  } finally {
    await connection.close();
  }
}

describe('LOG_LEVEL in the API and worker processes', () => {
  it('at warn, the API\'s info line "API listening" is not written; at info, it is', async () => {
    const warn = await apiOutput('warn');
    expect(warn.stdout).not.toContain('API listening');
    const info = await apiOutput('info');
    expect(info.stdout).toMatch(/^\S+ INFO API listening on http:\/\/127\.0\.0\.1:\d+$/m);
  }, 150_000);

  it("at warn, neither the worker's info line nor the SDK's INFO lines are written; at info, both are", async () => {
    const warn = await workerOutput('warn');
    expect(warn.stdout).not.toContain('worker polling');
    expect(warn.stderr).not.toContain('[INFO]');
    const info = await workerOutput('info');
    expect(info.stdout).toMatch(/^\S+ INFO worker polling task queue "log-level"/m);
    // The SDK's Runtime logger (its bundler, the worker's state changes).
    expect(info.stderr).toContain('[INFO]');
  }, 300_000);
});
