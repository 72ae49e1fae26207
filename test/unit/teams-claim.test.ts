import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import express from 'express';
import { importJWK, SignJWT } from 'jose';
import { afterAll, describe, expect, it } from 'vitest';
import { authenticate } from '../../api/auth/authenticate';
import { LOCAL_AUDIENCE, LOCAL_ISSUER, loadOrCreateLocalKeys } from '../../api/auth/local-keys';
import { errorHandler } from '../../api/problems';
// @ts-expect-error plain JS helper shared with the bootstrap
import { ROOT } from '../../scripts/tools.mjs';

/** The `teams` claim: which teams' cases a complaints officer or service manager reaches (domain/access.ts). */
const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'complaints-teams-'));
afterAll(() => fs.rmSync(dataDir, { recursive: true, force: true }));

function claims(token: string): Record<string, unknown> {
  return JSON.parse(Buffer.from(token.split('.')[1]!, 'base64url').toString('utf8')) as Record<string, unknown>;
}

describe('the teams claim', () => {
  it('npm run token -- <role> [subject] --teams a,b signs it', () => {
    const env: NodeJS.ProcessEnv = { ...process.env, DATA_DIR: dataDir };
    delete env.AUTH_JWKS_URL;
    const run = spawnSync(path.join(ROOT as string, 'node_modules', '.bin', 'tsx'), ['scripts/token.ts', 'complaints-officer', 'jo', '--teams', 'fostering,placements'], {
      cwd: ROOT as string,
      env,
      encoding: 'utf8',
    });
    expect(run.status, run.stderr).toBe(0);
    expect(claims(run.stdout.trim())).toMatchObject({ sub: 'jo', roles: ['complaints-officer'], teams: ['fostering', 'placements'] });
  });

  it('the caller gets the short strings of the claim; anything else in it is ignored', async () => {
    const keys = await loadOrCreateLocalKeys(dataDir);
    const app = express();
    app.get('/me', authenticate({ keys: { localJwks: { keys: [keys.publicJwk] } }, issuer: LOCAL_ISSUER, audience: LOCAL_AUDIENCE }), (req, res) => {
      res.json(req.caller);
    });
    app.use(errorHandler(() => undefined));
    const server = app.listen(0, '127.0.0.1');
    await new Promise((resolve) => server.once('listening', resolve));
    const sign = async (teams: unknown) =>
      new SignJWT({ roles: ['service-manager'], ...(teams === undefined ? {} : { teams }) })
        .setProtectedHeader({ alg: 'ES256', kid: keys.privateJwk.kid })
        .setSubject('sam')
        .setIssuer(LOCAL_ISSUER)
        .setAudience(LOCAL_AUDIENCE)
        .setIssuedAt()
        .setExpirationTime('1h')
        .sign(await importJWK(keys.privateJwk, 'ES256'));
    const me = async (teams: unknown) => {
      const res = await fetch(`http://127.0.0.1:${(server.address() as AddressInfo).port}/me`, { headers: { authorization: `Bearer ${await sign(teams)}` } });
      return ((await res.json()) as { teams: string[] }).teams;
    };
    try {
      expect(await me(['fostering', 7, '', 'x'.repeat(101), { team: 'a' }, 'placements'])).toEqual(['fostering', 'placements']);
      expect(await me('fostering')).toEqual([]);
      expect(await me(undefined)).toEqual([]);
    } finally {
      await new Promise((resolve) => server.close(resolve));
    }
  });
});
