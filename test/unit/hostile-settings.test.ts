import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '../../config/config';

function refusal(env: NodeJS.ProcessEnv): string {
  try {
    loadConfig(env);
  } catch (error) {
    expect(error).toBeInstanceOf(ConfigError);
    return (error as Error).message;
  }
  throw new Error('the settings were accepted');
}

describe('TRUST_PROXY, the per-address rate limit and IMPORT_MAX_ROWS', () => {
  it('default to off, 3,000 a minute and 5,000 rows', () => {
    expect(loadConfig({})).toMatchObject({ TRUST_PROXY: false, RATE_LIMIT_PER_ADDRESS_PER_MINUTE: 3_000, IMPORT_MAX_ROWS: 5_000 });
    expect(loadConfig({ TRUST_PROXY: '' }).TRUST_PROXY).toBe(false);
    expect(loadConfig({ TRUST_PROXY: 'false' }).TRUST_PROXY).toBe(false);
  });

  it("TRUST_PROXY takes what Express's trust proxy takes: a hop count, names, addresses and subnets", () => {
    expect(loadConfig({ TRUST_PROXY: '1' }).TRUST_PROXY).toBe(1);
    expect(loadConfig({ TRUST_PROXY: '2' }).TRUST_PROXY).toBe(2);
    for (const list of ['loopback', 'loopback, uniquelocal', '10.0.0.0/8, 192.168.1.1', '172.16.0.0/255.240.0.0', 'fe80::/10,::1', 'linklocal']) {
      expect(loadConfig({ TRUST_PROXY: list }).TRUST_PROXY).toBe(list);
    }
  });

  it('refuses true (any client could name its own address) and anything Express would not take, by name', () => {
    expect(refusal({ TRUST_PROXY: 'true' })).toBe(
      'Invalid configuration:\n  TRUST_PROXY: true would trust any client to name its own address: give the number of proxies in front of the API, or their addresses',
    );
    expect(refusal({ TRUST_PROXY: 'loopback, proxy.example, 10.0.0.0/33' })).toBe(
      'Invalid configuration:\n  TRUST_PROXY: not a hop count, loopback, linklocal, uniquelocal, address or subnet: proxy.example, 10.0.0.0/33',
    );
    expect(refusal({ IMPORT_MAX_ROWS: '0' })).toMatch(/^Invalid configuration:\n {2}IMPORT_MAX_ROWS: /);
    expect(refusal({ RATE_LIMIT_PER_ADDRESS_PER_MINUTE: 'many' })).toMatch(/^Invalid configuration:\n {2}RATE_LIMIT_PER_ADDRESS_PER_MINUTE: /);
  });
});
