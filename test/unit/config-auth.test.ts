import { describe, expect, it } from 'vitest';
import { ConfigError, loadApiConfig, loadConfig } from '../../config/config';

const IDP = { AUTH_ISSUER: 'https://login.council.example', AUTH_AUDIENCE: 'complaints' };
const COUNCIL = {
  COUNCIL_NAME: 'Rutland County Council',
  COUNCIL_COMPLAINTS_PHONE: '01572 722577',
  COUNCIL_COMPLAINTS_EMAIL: 'letusknow@rutland.example',
  COUNCIL_COMPLAINTS_ADDRESS: 'Catmose, Catmos Street, Oakham, LE15 6HP',
};

function refusal(load: () => unknown): string {
  try {
    load();
  } catch (error) {
    expect(error).toBeInstanceOf(ConfigError);
    return (error as Error).message;
  }
  throw new Error('the settings were accepted');
}

describe('AUTH_JWKS_URL', () => {
  it('is https:, or plain http: on loopback only', () => {
    for (const url of [
      'https://login.council.example/.well-known/jwks.json',
      'http://127.0.0.1:8080/jwks.json',
      'http://127.8.9.10/jwks',
      'http://localhost:3001/jwks',
      'http://[::1]:3001/jwks',
    ]) {
      expect(loadConfig({ AUTH_JWKS_URL: url, ...IDP }).AUTH_JWKS_URL).toBe(url);
    }
    for (const url of ['http://example.org/jwks', 'http://128.0.0.1/jwks', 'http://localhost.example.org/jwks', 'http://10.0.0.5/jwks', 'ftp://127.0.0.1/jwks']) {
      expect(refusal(() => loadConfig({ AUTH_JWKS_URL: url, ...IDP }))).toBe(
        'Invalid configuration:\n  AUTH_JWKS_URL: must be an https: URL, such as https://login.council.example/.well-known/jwks.json (http: only on loopback: 127.0.0.0/8, ::1, localhost)',
      );
    }
  });
});

describe('the token rules\' settings', () => {
  it('default to a 12-hour maximum lifetime and a 30-second clock tolerance', () => {
    expect(loadConfig({})).toMatchObject({ AUTH_MAX_TOKEN_HOURS: 12, AUTH_CLOCK_TOLERANCE_SECONDS: 30 });
    expect(loadConfig({ AUTH_MAX_TOKEN_HOURS: '1', AUTH_CLOCK_TOLERANCE_SECONDS: '0' })).toMatchObject({ AUTH_MAX_TOKEN_HOURS: 1, AUTH_CLOCK_TOLERANCE_SECONDS: 0 });
  });

  it('refuse a nonsense value by name', () => {
    expect(refusal(() => loadConfig({ AUTH_MAX_TOKEN_HOURS: '0' }))).toContain('AUTH_MAX_TOKEN_HOURS');
    expect(refusal(() => loadConfig({ AUTH_MAX_TOKEN_HOURS: 'a day' }))).toContain('AUTH_MAX_TOKEN_HOURS');
    expect(refusal(() => loadConfig({ AUTH_CLOCK_TOLERANCE_SECONDS: '-1' }))).toContain('AUTH_CLOCK_TOLERANCE_SECONDS');
    expect(refusal(() => loadConfig({ AUTH_CLOCK_TOLERANCE_SECONDS: '3600' }))).toContain('AUTH_CLOCK_TOLERANCE_SECONDS');
  });
});

describe('the API in production', () => {
  it('needs the council\'s identity provider: the local keys are for the embedded default only', () => {
    expect(refusal(() => loadApiConfig({ NODE_ENV: 'production', ...COUNCIL }))).toBe(
      "Invalid configuration:\n  AUTH_JWKS_URL: required, as NODE_ENV is production: the API accepts only tokens from the council's identity provider " +
        '(set AUTH_JWKS_URL, AUTH_ISSUER and AUTH_AUDIENCE); the local keys in DATA_DIR/keys are for the embedded default only',
    );
    expect(loadApiConfig({ NODE_ENV: 'production', ...COUNCIL, AUTH_JWKS_URL: 'https://login.council.example/jwks', ...IDP }).AUTH_JWKS_URL).toBeDefined();
    // The embedded default, and a worker (plain loadConfig), need none.
    expect(loadApiConfig({}).AUTH_JWKS_URL).toBeUndefined();
    expect(loadConfig({ NODE_ENV: 'production', ...COUNCIL }).AUTH_JWKS_URL).toBeUndefined();
  });
});
