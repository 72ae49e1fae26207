/**
 * The production shape read as files (Docker has no daemon here; the Compose
 * CLI's own check is docker-compose.test.ts): the records in PostgreSQL on a
 * named volume, no literal secret in the compose file or the image, and the
 * image's Node the LTS line package.json admits.
 */
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';

const ROOT = path.resolve(import.meta.dirname, '../..');
const read = (file: string) => fs.readFileSync(path.join(ROOT, file), 'utf8');

interface Service {
  image?: string;
  build?: string | { args?: unknown };
  environment?: Record<string, string | number>;
  volumes?: string[];
  env_file?: unknown;
  depends_on?: Record<string, unknown>;
}
const compose = parse(read('docker-compose.yml')) as { services: Record<string, Service>; volumes?: Record<string, unknown> };

/** Compose's interpolation, as it would be with nothing set: a default stands, a required variable stays its name. */
function interpolated(value: string): string {
  return value.replace(/\$\{(\w+)(?::?([-?])([^}]*))?\}/g, (_, name: string, kind?: string, word?: string) => (kind === '-' ? (word ?? '') : `<${name}>`));
}

/** Settings that hold a secret: each must be a reference Compose refuses to run without. */
const SECRET_NAME = /PASSWORD|PWD|SECRET|PRIVATE|API_KEY|_KEYS?$|TOKEN$/;
const REQUIRED_REFERENCE = /^\$\{\w+:\?[^}]*\}$/;

describe('docker-compose.yml', () => {
  it('keeps the records in PostgreSQL, on a named volume', () => {
    expect(Object.keys(compose.volumes ?? {})).toEqual(['postgresql-data']);
    const postgresql = compose.services.postgresql!;
    expect(postgresql.image).toMatch(/^postgres:\d+/);
    expect(postgresql.volumes).toEqual(['postgresql-data:/var/lib/postgresql/data']);
    const app = compose.services.app!;
    // The app's own database on that server, with no password in the URL.
    expect(interpolated(String(app.environment?.DATABASE_URL))).toBe('postgresql://complaints@postgresql:5432/complaints');
    expect(postgresql.environment?.POSTGRES_DB).toBe('complaints');
    expect(Object.keys(app.depends_on ?? {})).toContain('postgresql');
    // No service keeps state but PostgreSQL's volume: the others mount only configuration and certificates, read only.
    for (const [name, service] of Object.entries(compose.services)) {
      if (name === 'postgresql') continue;
      for (const volume of service.volumes ?? []) expect(String(volume), name).toMatch(/^(\.\/deploy\/temporal[\w/]*|\$\{TEMPORAL_CERTS_DIR:\?[^}]+\}):\/etc\/[\w/-]+:ro$/);
    }
  });

  it('holds no literal secret: every password, key and secret is a required ${VAR:?…} reference', () => {
    const secrets = Object.entries(compose.services).flatMap(([name, service]) =>
      Object.entries(service.environment ?? {})
        .filter(([key]) => SECRET_NAME.test(key))
        .map(([key, value]) => ({ at: `${name}.${key}`, value: String(value) })),
    );
    expect(secrets.map((s) => s.at)).toEqual(
      expect.arrayContaining(['postgresql.POSTGRES_PASSWORD', 'temporal.TEMPORAL_DB_PASSWORD', 'temporal-schema.TEMPORAL_DB_PASSWORD', 'app.PGPASSWORD', 'app.PAYLOAD_KEYS']),
    );
    for (const { at, value } of secrets) {
      // A switch is not a secret (TEMPORAL_CODEC_PASS_ACCESS_TOKEN: "true").
      if (value === 'true' || value === 'false') continue;
      expect(value, at).toMatch(REQUIRED_REFERENCE);
    }
    for (const [name, service] of Object.entries(compose.services)) {
      expect(service.env_file, name).toBeUndefined();
      expect(typeof service.build === 'object' ? service.build.args : undefined, name).toBeUndefined();
    }
  });
});

describe('the Dockerfile', () => {
  const dockerfile = read('Dockerfile');

  it('runs on Node 24 LTS, slim bookworm, a Node package.json admits (as it does this machine\'s)', () => {
    expect(dockerfile.match(/^FROM .*$/gm)).toEqual(['FROM node:24-bookworm-slim']);
    const engines = (JSON.parse(read('package.json')) as { engines: { node: string } }).engines.node;
    expect(engines).toBe('^20.19.0 || ^22.12.0 || >=24.0.0');
    const [major = 0, minor = 0] = process.versions.node.split('.').map(Number);
    expect(major > 20 || (major === 20 && minor >= 19)).toBe(true);
  });

  it('bakes in no secret: no ARG or ENV that names one; the context is .dockerignore\'s (docker-context.test.ts)', () => {
    const settings = [...dockerfile.matchAll(/^(?:ARG|ENV)\s+(.+)$/gm)].flatMap((m) => m[1]!.split(/\s+/).map((s) => s.split('=')[0]!));
    expect(settings.filter((name) => SECRET_NAME.test(name) || /^AUTH_|^DATABASE_URL$/.test(name))).toEqual([]);
    expect(dockerfile).toContain('COPY . .');
  });
});
