import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { Connection } from '@temporalio/client';
import { devServerSearchAttributeFlags } from './connection';

export interface DevServerOptions {
  /** The Temporal CLI binary (scripts/tools.mjs puts it at .tools/bin/temporal). */
  binary: string;
  port: number;
  /** The Web UI's port; omitted for a headless server (tests). */
  uiPort?: number;
  /** A SQLite file that keeps cases across restarts; in memory when omitted. */
  dbFile?: string;
  /** Where the server's own log goes; it is noisy, so never the console. */
  logFile?: string;
  namespace?: string;
  /** How long to wait for the server to answer (2 busy cores can be slow). */
  readyTimeoutMs?: number;
  /** The codec endpoint the Web UI calls to show decoded payloads. */
  uiCodecEndpoint?: string;
  /** Extra `--dynamic-config-value` settings, e.g. for tests. */
  dynamicConfig?: Record<string, string>;
}

export interface DevServer {
  address: string;
  uiUrl?: string;
  process: ChildProcess;
  stop(): Promise<void>;
}

/**
 * Starts `temporal server start-dev` with this project's search attributes
 * and waits until its frontend answers.
 */
export async function startDevServer(options: DevServerOptions): Promise<DevServer> {
  const address = `127.0.0.1:${options.port}`;
  const args = [
    'server', 'start-dev',
    '--ip', '127.0.0.1',
    '--port', String(options.port),
    '--namespace', options.namespace ?? 'default',
    '--log-level', 'warn',
    ...devServerSearchAttributeFlags(),
  ];
  if (options.uiPort) {
    args.push('--ui-port', String(options.uiPort), '--ui-ip', '127.0.0.1');
    // The UI decodes payloads through this endpoint (api/routes/codec.ts); without it, ciphertext.
    if (options.uiCodecEndpoint) args.push('--ui-codec-endpoint', options.uiCodecEndpoint);
  } else {
    args.push('--headless');
  }
  if (options.dbFile) {
    fs.mkdirSync(path.dirname(options.dbFile), { recursive: true });
    args.push('--db-filename', options.dbFile);
  }
  for (const [key, value] of Object.entries(options.dynamicConfig ?? {})) args.push('--dynamic-config-value', `${key}=${value}`);

  const log = options.logFile ? fs.openSync(options.logFile, 'a') : 'ignore';
  const child = spawn(options.binary, args, { stdio: ['ignore', log, log] });
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  let exitCode: number | null | undefined;
  child.once('exit', (code) => {
    exitCode = code;
  });

  const deadline = Date.now() + (options.readyTimeoutMs ?? 60_000);
  for (;;) {
    if (exitCode !== undefined) {
      throw new Error(`the Temporal dev server exited with code ${exitCode} before it was ready${options.logFile ? `; see ${options.logFile}` : ''}`);
    }
    try {
      const connection = await Connection.connect({ address, connectTimeout: 1_000 });
      try {
        await connection.workflowService.describeNamespace({ namespace: options.namespace ?? 'default' });
        break;
      } finally {
        await connection.close();
      }
    } catch (error) {
      if (Date.now() > deadline) {
        child.kill('SIGKILL');
        throw new Error(`the Temporal dev server did not answer on ${address} in time: ${(error as Error).message}`);
      }
      await new Promise((r) => setTimeout(r, 200));
    }
  }

  return {
    address,
    uiUrl: options.uiPort ? `http://127.0.0.1:${options.uiPort}` : undefined,
    process: child,
    async stop() {
      if (child.exitCode === null && child.signalCode === null) {
        child.kill('SIGTERM');
        const timer = setTimeout(() => child.kill('SIGKILL'), 10_000);
        await exited;
        clearTimeout(timer);
      }
      if (typeof log === 'number') fs.closeSync(log);
    },
  };
}
