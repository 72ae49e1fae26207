import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { base64url, decodeJwt, exportSPKI, importJWK, SignJWT, type JWTPayload } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LOCAL_AUDIENCE, LOCAL_ISSUER, loadOrCreateLocalKeys, type LocalKeys } from '../../api/auth/local-keys';
import { authOptions } from '../../api/auth/options';
import { ConfigError, loadConfig } from '../../config/config';
// @ts-expect-error plain JS helper shared with the bootstrap
import { ROOT } from '../../scripts/tools.mjs';
import { startApi, type ApiHarness } from '../helpers/dev-server';

/**
 * Every token the API must refuse, sent over HTTP to the real app (its
 * sign-in built from the configuration, as `npm start` builds it) against the
 * run's dev server: each is a 401 problem saying which rule it broke.
 */
const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'complaints-attacks-'));
const apis: ApiHarness[] = [];
let keys: LocalKeys;
let local: ApiHarness;
let jwks: http.Server | undefined;

const now = () => Math.floor(Date.now() / 1000);
const HOUR = 3600;

/** The claims of a good token, which each attack then spoils. */
function claims(overrides: JWTPayload = {}, issuer = LOCAL_ISSUER, audience = LOCAL_AUDIENCE): JWTPayload {
  return { sub: 'officer-1', roles: ['complaints-officer'], iss: issuer, aud: audience, iat: now(), exp: now() + HOUR, ...overrides };
}

/** Signed with the server's own private key (ES256), so only the claims are at fault. */
async function signed(payload: JWTPayload): Promise<string> {
  return new SignJWT(payload).setProtectedHeader({ alg: 'ES256', kid: keys.privateJwk.kid }).sign(await importJWK(keys.privateJwk, 'ES256'));
}

function without(payload: JWTPayload, claim: string): JWTPayload {
  const { [claim]: _dropped, ...rest } = payload;
  return rest;
}

async function list(api: ApiHarness, token: string) {
  const res = await fetch(`${api.baseUrl}/v1/complaints?limit=1`, { headers: { authorization: `Bearer ${token}` } });
  return { status: res.status, contentType: res.headers.get('content-type'), body: (await res.json()) as Record<string, unknown> };
}

async function expectRefused(api: ApiHarness, token: string, detail: string): Promise<void> {
  const res = await list(api, token);
  expect(res.status).toBe(401);
  expect(res.contentType).toMatch(/^application\/problem\+json/);
  expect(res.body).toMatchObject({ type: expect.stringMatching(/\/problems\/unauthorized$/), title: 'Not signed in', status: 401, detail });
}

async function expectAccepted(api: ApiHarness, token: string): Promise<void> {
  const res = await list(api, token);
  expect(res.status, JSON.stringify(res.body)).toBe(200);
}

beforeAll(async () => {
  keys = await loadOrCreateLocalKeys(dataDir);
  local = await startApi({ auth: await authOptions(loadConfig({ DATA_DIR: dataDir }), ROOT as string) });
  apis.push(local);
});
afterAll(async () => {
  for (const api of apis) await api.stop();
  await new Promise((resolve) => (jwks ? jwks.close(resolve) : resolve(undefined)));
  fs.rmSync(dataDir, { recursive: true, force: true });
});

describe('forged tokens', () => {
  it('alg none (no signature) is refused', async () => {
    const header = base64url.encode(JSON.stringify({ alg: 'none', typ: 'JWT' }));
    const body = base64url.encode(JSON.stringify(claims()));
    await expectRefused(local, `${header}.${body}.`, 'The token is not valid.');
  });

  it('HS256 keyed with the public key (key confusion) is refused, whichever encoding of the key', async () => {
    const pem = await exportSPKI((await importJWK(keys.publicJwk, 'ES256', { extractable: true })) as Parameters<typeof exportSPKI>[0]);
    for (const secret of [pem, JSON.stringify(keys.publicJwk)]) {
      const token = await new SignJWT(claims()).setProtectedHeader({ alg: 'HS256', kid: keys.publicJwk.kid }).sign(new TextEncoder().encode(secret));
      await expectRefused(local, token, 'The token is not valid.');
    }
  });
});

describe('the claims of a correctly signed token', () => {
  it('a good token passes (the baseline every attack spoils)', async () => {
    await expectAccepted(local, await signed(claims()));
  });

  it('expired is refused; expired within the clock tolerance (30 s) passes', async () => {
    await expectRefused(local, await signed(claims({ iat: now() - 2 * HOUR, exp: now() - 60 })), 'The token has expired.');
    await expectAccepted(local, await signed(claims({ iat: now() - HOUR, exp: now() - 10 })));
  });

  it('not yet valid (nbf in the future) is refused; within the tolerance passes', async () => {
    await expectRefused(local, await signed(claims({ nbf: now() + 120 })), 'The token is not valid yet (nbf).');
    await expectAccepted(local, await signed(claims({ nbf: now() + 10 })));
  });

  it('issued in the future (iat) is refused; within the tolerance passes', async () => {
    await expectRefused(
      local,
      await signed(claims({ iat: now() + 120 })),
      'The token was issued in the future (iat): the clocks of the identity provider and this server disagree.',
    );
    await expectAccepted(local, await signed(claims({ iat: now() + 10 })));
  });

  it('another issuer or another audience is refused', async () => {
    await expectRefused(local, await signed(claims({}, 'https://evil.example')), 'The token is from another issuer (iss).');
    await expectRefused(local, await signed(claims({}, LOCAL_ISSUER, 'urn:another-api')), 'The token is for another audience (aud).');
    await expectRefused(local, await signed(without(claims(), 'iss')), 'The token is from another issuer (iss).');
  });

  it('no exp is refused', async () => {
    await expectRefused(local, await signed(without(claims(), 'exp')), 'The token has no expiry (exp).');
  });

  it('a lifetime over the maximum (12 hours) is refused, naming it; exactly 12 hours passes', async () => {
    const limit = 'The token is valid for longer than this server allows: at most 12 hours from its issue (exp - iat).';
    const iat = now();
    await expectRefused(local, await signed(claims({ iat, exp: iat + 12 * HOUR + 60 })), limit);
    await expectAccepted(local, await signed(claims({ iat, exp: iat + 12 * HOUR })));
    // Without iat, the lifetime left is what counts.
    await expectRefused(local, await signed(without(claims({ exp: now() + 13 * HOUR }), 'iat')), limit);
    await expectAccepted(local, await signed(without(claims({ exp: now() + 11 * HOUR }), 'iat')));
  });

  it('no sub is refused', async () => {
    await expectRefused(local, await signed(without(claims(), 'sub')), 'The token has no subject.');
  });

  it('AUTH_MAX_TOKEN_HOURS sets the maximum', async () => {
    const strict = await startApi({ auth: await authOptions(loadConfig({ DATA_DIR: dataDir, AUTH_MAX_TOKEN_HOURS: '1' }), ROOT as string) });
    apis.push(strict);
    await expectRefused(
      strict,
      await signed(claims({ exp: now() + 2 * HOUR })),
      'The token is valid for longer than this server allows: at most 1 hour from its issue (exp - iat).',
    );
    await expectAccepted(strict, await signed(claims({ exp: now() + HOUR })));
  });
});

describe('npm run token', () => {
  it('signs tokens the rules accept: with iat, for 8 hours, or AUTH_MAX_TOKEN_HOURS if less', async () => {
    for (const [max, hours] of [[undefined, 8], ['2', 2]] as const) {
      const env: NodeJS.ProcessEnv = { ...process.env, DATA_DIR: dataDir, AUTH_MAX_TOKEN_HOURS: max };
      delete env.AUTH_JWKS_URL;
      const run = spawnSync(path.join(ROOT as string, 'node_modules', '.bin', 'tsx'), ['scripts/token.ts', 'complaints-officer'], { cwd: ROOT as string, env, encoding: 'utf8' });
      expect(run.status, run.stderr).toBe(0);
      const token = run.stdout.trim();
      const { iat, exp } = decodeJwt(token);
      expect(Math.abs(iat! - now())).toBeLessThan(60);
      expect(exp! - iat!).toBe(hours * HOUR);
      await expectAccepted(local, token);
    }
  });
});

describe('an identity provider\'s JWKS', () => {
  it('over plain http on loopback is allowed, with the same rules', async () => {
    jwks = http.createServer((_req, res) => res.setHeader('content-type', 'application/json').end(JSON.stringify({ keys: [keys.publicJwk] })));
    await new Promise<void>((resolve) => jwks!.listen(0, '127.0.0.1', resolve));
    const issuer = 'https://login.council.example';
    const config = loadConfig({
      AUTH_JWKS_URL: `http://127.0.0.1:${(jwks.address() as AddressInfo).port}/jwks.json`,
      AUTH_ISSUER: issuer,
      AUTH_AUDIENCE: 'complaints',
    });
    const api = await startApi({ auth: await authOptions(config, ROOT as string) });
    apis.push(api);
    await expectAccepted(api, await signed(claims({}, issuer, 'complaints')));
    await expectRefused(api, await signed(without(claims({}, issuer, 'complaints'), 'exp')), 'The token has no expiry (exp).');
    const header = base64url.encode(JSON.stringify({ alg: 'none' }));
    await expectRefused(api, `${header}.${base64url.encode(JSON.stringify(claims({}, issuer, 'complaints')))}.`, 'The token is not valid.');
  });

  it('over plain http elsewhere is refused by the configuration, before anything starts', () => {
    expect(() => loadConfig({ AUTH_JWKS_URL: 'http://example.org/jwks', AUTH_ISSUER: 'i', AUTH_AUDIENCE: 'a' })).toThrow(ConfigError);
    expect(() => loadConfig({ AUTH_JWKS_URL: 'http://example.org/jwks', AUTH_ISSUER: 'i', AUTH_AUDIENCE: 'a' })).toThrow(
      'AUTH_JWKS_URL: must be an https: URL, such as https://login.council.example/.well-known/jwks.json (http: only on loopback: 127.0.0.0/8, ::1, localhost)',
    );
  });
});
