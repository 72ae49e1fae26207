import { spawnSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
// @ts-expect-error plain JS helper shared with the bootstrap
import { composeCommand, ROOT } from '../../scripts/tools.mjs';

function compose(args: string[], env: NodeJS.ProcessEnv) {
  const command = composeCommand() as string[] | undefined;
  if (!command) throw new Error('no Compose on this machine: npm test installs docker-compose; see README');
  const [bin, ...pre] = command as [string, ...string[]];
  return spawnSync(bin, [...pre, ...args], { cwd: ROOT as string, env: { PATH: process.env.PATH, ...env }, encoding: 'utf8' });
}

describe('docker-compose.yml', () => {
  it('is accepted by Compose, with PostgreSQL, Temporal on it, the UI and the app, each health-checked', () => {
    const result = compose(['config'], {
      POSTGRES_PASSWORD: 'from-the-environment',
      PAYLOAD_KEYS: '{"current":"k1","keys":{}}',
      AUTH_JWKS_URL: 'https://idp.example/jwks',
      AUTH_ISSUER: 'https://idp.example',
      AUTH_AUDIENCE: 'complaints',
    });
    expect(result.stderr).not.toMatch(/ERROR|invalid/i);
    expect(result.status).toBe(0);
    const services = result.stdout;
    for (const service of ['postgresql', 'temporal', 'temporal-ui', 'app']) expect(services).toMatch(new RegExp(`\\n  ${service}:\\n`));
    expect(result.stdout.match(/healthcheck:/g)?.length).toBe(4);
    expect(result.stdout).toContain('DB: postgres12');
  });

  it('holds no secret: without the password, payload keys or identity provider in the environment it refuses to start', () => {
    const result = compose(['config'], {});
    expect(result.status).not.toBe(0);
    expect(result.stderr).toMatch(/POSTGRES_PASSWORD|PAYLOAD_KEYS|AUTH_/);
    const withoutKeys = compose(['config'], { POSTGRES_PASSWORD: 'x', AUTH_JWKS_URL: 'https://idp.example/jwks', AUTH_ISSUER: 'i', AUTH_AUDIENCE: 'a' });
    expect(withoutKeys.status).not.toBe(0);
    expect(withoutKeys.stderr).toContain('PAYLOAD_KEYS');
  });
});
