import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
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
      TEMPORAL_CERTS_DIR: '/srv/temporal-certs',
    });
    expect(result.stderr).not.toMatch(/ERROR|invalid/i);
    expect(result.status).toBe(0);
    const services = result.stdout;
    for (const service of ['postgresql', 'temporal-schema', 'temporal', 'temporal-namespace', 'temporal-ui', 'app']) {
      expect(services).toMatch(new RegExp(`\\n  ${service}:\\n`));
    }
    expect(result.stdout.match(/healthcheck:/g)?.length).toBe(4);
  });

  it("runs Temporal on the same configuration files as `npm run cluster`, with mutual TLS from TEMPORAL_CERTS_DIR", () => {
    const result = compose(['config'], {
      POSTGRES_PASSWORD: 'from-the-environment',
      PAYLOAD_KEYS: '{"current":"k1","keys":{}}',
      AUTH_JWKS_URL: 'https://idp.example/jwks',
      AUTH_ISSUER: 'https://idp.example',
      AUTH_AUDIENCE: 'complaints',
      TEMPORAL_CERTS_DIR: '/srv/temporal-certs',
    });
    expect(result.status).toBe(0);
    const config = result.stdout;
    // The server's and the UI's configuration folders are the repository's own, mounted read-only.
    expect(config).toContain(`${path.join(ROOT as string, 'deploy', 'temporal', 'server')}:/etc/temporal/deploy:ro`);
    expect(config).toContain(`${path.join(ROOT as string, 'deploy', 'temporal', 'ui')}:/etc/temporal-ui:ro`);
    expect(config).toContain(`${path.join(ROOT as string, 'deploy', 'temporal')}:/etc/temporal/deploy:ro`);
    expect(config).toMatch(/- --env\n\s+- cluster\n/);
    expect(config).toContain('/srv/temporal-certs:/etc/temporal/certs:ro');
    expect(config).toContain('TEMPORAL_TLS_DIR: /etc/temporal/certs');
    // The same names `npm run cluster` starts them with (scripts/cluster/temporal.ts).
    const cluster = fs.readFileSync(path.join(ROOT as string, 'scripts', 'cluster', 'temporal.ts'), 'utf8');
    expect(cluster).toContain("'--config', 'deploy/temporal/server', '--env', 'cluster'");
    // And that file says PostgreSQL with SQL visibility, 4 shards, and a frontend that requires client certificates.
    const server = fs.readFileSync(path.join(ROOT as string, 'deploy', 'temporal', 'server', 'cluster.yaml'), 'utf8');
    expect(server.match(/pluginName: postgres12/g)).toHaveLength(2);
    expect(server).toContain('numHistoryShards: 4');
    expect(server).toMatch(/frontend:\n\s+server:\n(\s+.*\n)*?\s+requireClientAuth: true/);
  });

  it('holds no secret: without the password, payload keys or identity provider in the environment it refuses to start', () => {
    const result = compose(['config'], {});
    expect(result.status).not.toBe(0);
    expect(result.stderr).toMatch(/POSTGRES_PASSWORD|PAYLOAD_KEYS|AUTH_|TEMPORAL_CERTS_DIR/);
    const withoutKeys = compose(['config'], { POSTGRES_PASSWORD: 'x', AUTH_JWKS_URL: 'https://idp.example/jwks', AUTH_ISSUER: 'i', AUTH_AUDIENCE: 'a', TEMPORAL_CERTS_DIR: '/srv/c' });
    expect(withoutKeys.status).not.toBe(0);
    expect(withoutKeys.stderr).toContain('PAYLOAD_KEYS');
  });
});
