import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { loadOrCreateLocalKeys } from '../../api/auth/local-keys';
import { loadPayloadKeys } from '../../temporal/codec';

/** The keys folder (<DATA_DIR>/keys) and its files are readable by their owner alone. */
const dirs: string[] = [];
function dataDir(): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'complaints-key-folder-'));
  dirs.push(dir);
  return dir;
}
afterEach(() => {
  for (const dir of dirs.splice(0)) fs.rmSync(dir, { recursive: true, force: true });
});

const mode = (file: string) => fs.statSync(file).mode & 0o777;

describe('the keys folder', () => {
  it('is made 0700 with its files 0600 (the signing key and the payload keys)', async () => {
    const data = dataDir();
    await loadOrCreateLocalKeys(data);
    loadPayloadKeys({ dataDir: data });
    expect(mode(path.join(data, 'keys'))).toBe(0o700);
    expect(mode(path.join(data, 'keys', 'local-signing-key.json'))).toBe(0o600);
    expect(mode(path.join(data, 'keys', 'payload-keys.json'))).toBe(0o600);
  });

  it('already there with looser modes is fixed, keeping the keys it holds', async () => {
    const data = dataDir();
    const first = await loadOrCreateLocalKeys(data);
    const payload = loadPayloadKeys({ dataDir: data });
    const keys = path.join(data, 'keys');
    fs.chmodSync(keys, 0o755);
    fs.chmodSync(path.join(keys, 'local-signing-key.json'), 0o644);
    fs.chmodSync(path.join(keys, 'payload-keys.json'), 0o666);

    expect(await loadOrCreateLocalKeys(data)).toEqual(first);
    expect(mode(keys)).toBe(0o700);
    expect(mode(path.join(keys, 'local-signing-key.json'))).toBe(0o600);
    expect(mode(path.join(keys, 'payload-keys.json'))).toBe(0o600);

    // The payload keys alone (an API with AUTH_JWKS_URL never loads the signing key) fix it too.
    fs.chmodSync(keys, 0o777);
    fs.chmodSync(path.join(keys, 'payload-keys.json'), 0o644);
    expect(loadPayloadKeys({ dataDir: data })).toEqual(payload);
    expect(mode(keys)).toBe(0o700);
    expect(mode(path.join(keys, 'payload-keys.json'))).toBe(0o600);
  });
});
