import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { TestProject } from 'vitest/node';
import { freePort } from '../helpers/ports';
import { FAILURE_CONVERTER_PATH } from '../../temporal/data-converter';
import { startDevServer, type DevServer } from '../../temporal/dev-server';
import { bundleWorkflows } from '../../worker/worker';
// @ts-expect-error plain JS helper shared with the bootstrap
import { TEMPORAL_CLI } from '../../scripts/tools.mjs';

declare module 'vitest' {
  export interface ProvidedContext {
    /** The workflow bundle, built once per run. */
    workflowBundlePath: string;
    /** The Temporal dev server for API and visibility tests. */
    devServerAddress: string;
  }
}


let devServer: DevServer | undefined;
let tmp: string | undefined;

/** Once per `npm test`: bundle the workflow code and start one dev server (or use TEMPORAL_ADDRESS). */
export async function setup(project: TestProject): Promise<void> {
  tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'complaints-test-'));
  const [{ code }, address] = await Promise.all([
    bundleWorkflows({ failureConverterPath: FAILURE_CONVERTER_PATH, logger: quietLogger }),
    process.env.TEMPORAL_ADDRESS
      ? Promise.resolve(process.env.TEMPORAL_ADDRESS)
      : freePort().then(async (port) => {
          devServer = await startDevServer({
            binary: TEMPORAL_CLI as string,
            port,
            logFile: path.join(tmp!, 'temporal.log'),
            readyTimeoutMs: 90_000,
          });
          return devServer.address;
        }),
  ]);
  const bundlePath = path.join(tmp, 'workflow-bundle.js');
  fs.writeFileSync(bundlePath, code);
  project.provide('workflowBundlePath', bundlePath);
  project.provide('devServerAddress', address);
}

export async function teardown(): Promise<void> {
  await devServer?.stop();
  if (tmp) fs.rmSync(tmp, { recursive: true, force: true });
}

const quietLogger = {
  log() {},
  trace() {},
  debug() {},
  info() {},
  warn(message: string) {
    console.warn(message);
  },
  error(message: string) {
    console.error(message);
  },
};
