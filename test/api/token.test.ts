import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LOCAL_AUDIENCE, LOCAL_ISSUER, loadOrCreateLocalKeys } from '../../api/auth/local-keys';
import { authOptions } from '../../api/auth/options';
import { loadConfig } from '../../config/config';
// @ts-expect-error plain JS helper shared with the bootstrap
import { ROOT } from '../../scripts/tools.mjs';
import { startApi, type ApiHarness } from '../helpers/dev-server';

/**
 * `npm run token` signs with the key pair in its DATA_DIR; an API started with
 * another DATA_DIR refuses the token. The mismatch explains itself, on both
 * sides, without ever showing a path when a JWKS is configured.
 */
const tokenDir = fs.mkdtempSync(path.join(os.tmpdir(), 'complaints-token-'));
const serverDir = fs.mkdtempSync(path.join(os.tmpdir(), 'complaints-server-'));
const apis: ApiHarness[] = [];
let jwks: http.Server | undefined;

function npmRunToken(dataDir: string) {
  const env: NodeJS.ProcessEnv = { ...process.env, DATA_DIR: dataDir };
  delete env.AUTH_JWKS_URL;
  const run = spawnSync(path.join(ROOT as string, 'node_modules', '.bin', 'tsx'), ['scripts/token.ts', 'complaints-officer'], { cwd: ROOT as string, env, encoding: 'utf8' });
  expect(run.status, run.stderr).toBe(0);
  return { token: run.stdout.trim(), stderr: run.stderr };
}

async function list(api: ApiHarness, token: string) {
  const res = await fetch(`${api.baseUrl}/v1/complaints?limit=1`, { headers: { authorization: `Bearer ${token}` } });
  return { status: res.status, body: (await res.json()) as { detail?: string } };
}

let signed: { token: string; stderr: string };
beforeAll(() => {
  signed = npmRunToken(tokenDir);
});
afterAll(async () => {
  for (const api of apis) await api.stop();
  await new Promise((resolve) => (jwks ? jwks.close(resolve) : resolve(undefined)));
  fs.rmSync(tokenDir, { recursive: true, force: true });
  fs.rmSync(serverDir, { recursive: true, force: true });
});

describe('npm run token with a DATA_DIR other than the API\'s', () => {
  it('the token script says which key folder it signed with, on stderr (stdout is the token alone)', () => {
    expect(signed.token).toMatch(/^[\w-]+\.[\w-]+\.[\w-]+$/);
    expect(signed.stderr).toContain(`signed with the key in ${path.join(tokenDir, 'keys')}: the API accepts it when it runs with the same DATA_DIR`);
  });

  it('the 401 names the server\'s key folder and the fix; the same DATA_DIR is accepted', async () => {
    const elsewhere = await startApi({ auth: await authOptions(loadConfig({ DATA_DIR: serverDir }), ROOT as string) });
    apis.push(elsewhere);
    const refused = await list(elsewhere, signed.token);
    expect(refused.status).toBe(401);
    expect(refused.body.detail).toBe(
      `The token is not valid: it is signed by a key this server does not know (its keys are in ${path.join(serverDir, 'keys')}; run npm run token with the same DATA_DIR).`,
    );

    const same = await startApi({ auth: await authOptions(loadConfig({ DATA_DIR: tokenDir }), ROOT as string) });
    apis.push(same);
    expect((await list(same, signed.token)).status).toBe(200);
  });

  it('with a JWKS configured, the 401 reveals no path', async () => {
    const keys = await loadOrCreateLocalKeys(serverDir);
    jwks = http.createServer((_req, res) => res.setHeader('content-type', 'application/json').end(JSON.stringify({ keys: [keys.publicJwk] })));
    await new Promise<void>((resolve) => jwks!.listen(0, '127.0.0.1', resolve));
    const api = await startApi({
      auth: { keys: { jwksUrl: `http://127.0.0.1:${(jwks.address() as AddressInfo).port}/jwks.json` }, issuer: LOCAL_ISSUER, audience: LOCAL_AUDIENCE },
    });
    apis.push(api);
    const refused = await list(api, signed.token);
    expect(refused.status).toBe(401);
    expect(refused.body.detail).toBe('The token is not valid.');
  });
});
