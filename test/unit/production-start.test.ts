import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
// @ts-expect-error plain JS helper shared with the bootstrap
import { ROOT } from '../../scripts/tools.mjs';

/**
 * The real entry points, run as the image runs them (NODE_ENV=production)
 * with everything set but AUTH_JWKS_URL: they stop at once, before making a
 * key, a file or a connection (the Temporal and database addresses given are
 * closed ports, and the data folder stays empty).
 */
const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'complaints-production-'));
afterAll(() => fs.rmSync(dataDir, { recursive: true, force: true }));

const MESSAGE =
  "AUTH_JWKS_URL: required, as NODE_ENV is production: the API accepts only tokens from the council's identity provider " +
  '(set AUTH_JWKS_URL, AUTH_ISSUER and AUTH_AUDIENCE); the local keys in DATA_DIR/keys are for the embedded default only';

function run(entry: string) {
  return spawnSync(path.join(ROOT as string, 'node_modules', '.bin', 'tsx'), [entry], {
    cwd: ROOT as string,
    encoding: 'utf8',
    timeout: 60_000,
    env: {
      PATH: process.env.PATH,
      HOME: process.env.HOME,
      NODE_ENV: 'production',
      DATA_DIR: dataDir,
      TEMPORAL_ADDRESS: '127.0.0.1:1',
      DATABASE_URL: 'postgres://complaints@127.0.0.1:1/complaints',
      COUNCIL_NAME: 'Rutland County Council',
      COUNCIL_COMPLAINTS_PHONE: '01572 722577',
      COUNCIL_COMPLAINTS_EMAIL: 'letusknow@rutland.example',
      COUNCIL_COMPLAINTS_ADDRESS: 'Catmose, Catmos Street, Oakham, LE15 6HP',
    },
  });
}

describe('the API in production without AUTH_JWKS_URL', () => {
  for (const entry of ['scripts/start.ts', 'api/server.ts']) {
    it(`${entry} refuses to start, saying why, before touching anything`, () => {
      const result = run(entry);
      expect(result.status, result.stderr).toBe(1);
      expect(result.stderr).toContain(`Invalid configuration:\n  ${MESSAGE}`);
      expect(result.stdout).toBe('');
      expect(fs.readdirSync(dataDir)).toEqual([]);
    });
  }
});
