import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { defaultPayloadConverter } from '@temporalio/common';
import { describe, expect, it } from 'vitest';
import { EncryptionCodec, loadPayloadKeys, parsePayloadKeys, PayloadKeyError } from '../../temporal/codec';

const k1 = crypto.randomBytes(32);
const k2 = crypto.randomBytes(32);
const payload = defaultPayloadConverter.toPayload({ name: 'A Child', note: 'private' });

describe('the AES-256-GCM payload codec', () => {
  it('round-trips a payload and leaves no plaintext in the sealed bytes', async () => {
    const codec = new EncryptionCodec({ current: 'k1', keys: new Map([['k1', k1]]) });
    const [sealed] = await codec.encode([payload]);
    expect(Buffer.from(sealed!.data!).includes(Buffer.from('A Child'))).toBe(false);
    expect(Buffer.from(sealed!.metadata!['encryption-key-id']!).toString()).toBe('k1');
    const [opened] = await codec.decode([sealed!]);
    expect(defaultPayloadConverter.fromPayload(opened!)).toEqual({ name: 'A Child', note: 'private' });
  });

  it('rotates keys without breaking old payloads: new ones use the current key, old ones open with theirs', async () => {
    const old = new EncryptionCodec({ current: 'k1', keys: new Map([['k1', k1]]) });
    const [sealedOld] = await old.encode([payload]);
    const rotated = new EncryptionCodec({ current: 'k2', keys: new Map([['k1', k1], ['k2', k2]]) });
    const [sealedNew] = await rotated.encode([payload]);
    expect(Buffer.from(sealedNew!.metadata!['encryption-key-id']!).toString()).toBe('k2');
    const opened = await rotated.decode([sealedOld!, sealedNew!]);
    expect(opened.map((p) => defaultPayloadConverter.fromPayload(p))).toEqual([
      { name: 'A Child', note: 'private' },
      { name: 'A Child', note: 'private' },
    ]);
    await expect(new EncryptionCodec({ current: 'k2', keys: new Map([['k2', k2]]) }).decode([sealedOld!])).rejects.toThrow(
      'payload sealed with key "k1", which is not configured',
    );
  });

  it('refuses a tampered payload, and passes plain payloads through', async () => {
    const codec = new EncryptionCodec({ current: 'k1', keys: new Map([['k1', k1]]) });
    const [sealed] = await codec.encode([payload]);
    const data = Buffer.from(sealed!.data!);
    data[20] = data[20]! ^ 1;
    await expect(codec.decode([{ ...sealed!, data }])).rejects.toThrow();
    expect(await codec.decode([payload])).toEqual([payload]);
  });

  it('reads keys from configuration, refuses bad ones by name, and makes a 0600 key file by default', () => {
    expect(() => parsePayloadKeys({ current: 'x', keys: { y: k1.toString('base64') } }, 'PAYLOAD_KEYS')).toThrow(
      'PAYLOAD_KEYS: the current key "x" is not among the keys',
    );
    expect(() => parsePayloadKeys({ current: 'k', keys: { k: 'c2hvcnQ=' } }, 'PAYLOAD_KEYS')).toThrow(PayloadKeyError);
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'keys-'));
    const keys = loadPayloadKeys({ dataDir: dir });
    expect(keys.keys.get(keys.current)).toHaveLength(32);
    expect(fs.statSync(path.join(dir, 'keys', 'payload-keys.json')).mode & 0o777).toBe(0o600);
    expect(loadPayloadKeys({ dataDir: dir }).keys.get(keys.current)).toEqual(keys.keys.get(keys.current));
    fs.rmSync(dir, { recursive: true });
  });
});
