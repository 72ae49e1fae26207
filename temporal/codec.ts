import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import type { Payload, PayloadCodec } from '@temporalio/common';
import proto from '@temporalio/proto';
import { z } from 'zod';
import { secureKeyFolder } from '../config/key-folder';

/**
 * AES-256-GCM payload encryption: names and free text in workflow inputs,
 * Updates, results, activity payloads and failure messages are ciphertext on
 * the Temporal server. Each payload names the key that sealed it, so keys
 * rotate without breaking old histories: new payloads use the current key,
 * old ones open with theirs. Workflow ids and search attributes are never
 * payloads, so never encrypted: they hold no personal data.
 */
// A CommonJS module: its namespace comes through the default export under Node's ESM loader.
const { temporal } = proto;

export const ENCODING = 'binary/encrypted';
const CIPHER = 'AES-256-GCM';
const IV_BYTES = 12;
const TAG_BYTES = 16;

export interface PayloadKeys {
  /** The key id new payloads are sealed with. */
  current: string;
  keys: ReadonlyMap<string, Buffer>;
}

export class EncryptionCodec implements PayloadCodec {
  constructor(private readonly keys: PayloadKeys) {
    if (!keys.keys.has(keys.current)) throw new Error(`the current payload key "${keys.current}" is not among the keys`);
  }

  async encode(payloads: Payload[]): Promise<Payload[]> {
    const key = this.keys.keys.get(this.keys.current)!;
    return payloads.map((payload) => {
      const iv = crypto.randomBytes(IV_BYTES);
      const cipher = crypto.createCipheriv('aes-256-gcm', key, iv);
      const plain = temporal.api.common.v1.Payload.encode(payload).finish();
      const sealed = Buffer.concat([iv, cipher.update(plain), cipher.final(), cipher.getAuthTag()]);
      return {
        metadata: {
          encoding: Buffer.from(ENCODING),
          'encryption-cipher': Buffer.from(CIPHER),
          'encryption-key-id': Buffer.from(this.keys.current),
        },
        data: sealed,
      };
    });
  }

  async decode(payloads: Payload[]): Promise<Payload[]> {
    return payloads.map((payload) => {
      if (Buffer.from(payload.metadata?.encoding ?? []).toString() !== ENCODING) return payload;
      const keyId = Buffer.from(payload.metadata?.['encryption-key-id'] ?? []).toString();
      const key = this.keys.keys.get(keyId);
      if (!key) throw new Error(`payload sealed with key "${keyId}", which is not configured`);
      const data = Buffer.from(payload.data ?? []);
      const decipher = crypto.createDecipheriv('aes-256-gcm', key, data.subarray(0, IV_BYTES));
      decipher.setAuthTag(data.subarray(data.length - TAG_BYTES));
      const plain = Buffer.concat([decipher.update(data.subarray(IV_BYTES, data.length - TAG_BYTES)), decipher.final()]);
      return temporal.api.common.v1.Payload.decode(plain);
    });
  }
}

const keyFileSchema = z.object({
  current: z.string().regex(/^[A-Za-z0-9._-]{1,64}$/),
  keys: z.record(
    z.string().regex(/^[A-Za-z0-9._-]{1,64}$/),
    z.string().refine((k) => Buffer.from(k, 'base64').length === 32, 'must be 32 bytes, base64-encoded'),
  ),
});

export class PayloadKeyError extends Error {}

export function parsePayloadKeys(json: unknown, source: string): PayloadKeys {
  const parsed = keyFileSchema.safeParse(json);
  if (!parsed.success) {
    throw new PayloadKeyError(`${source}: ${parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')}`);
  }
  const keys = new Map(Object.entries(parsed.data.keys).map(([id, k]) => [id, Buffer.from(k, 'base64')]));
  if (!keys.has(parsed.data.current)) throw new PayloadKeyError(`${source}: the current key "${parsed.data.current}" is not among the keys`);
  return { current: parsed.data.current, keys };
}

/**
 * The payload keys from configuration: PAYLOAD_KEYS (the JSON itself) or
 * PAYLOAD_KEYS_FILE (a path). With neither, the embedded default makes a key
 * file under the data folder on first start (mode 0600, git-ignored).
 */
export function loadPayloadKeys(options: { json?: string; file?: string; dataDir: string }): PayloadKeys {
  if (options.json) return parsePayloadKeys(JSON.parse(options.json), 'PAYLOAD_KEYS');
  const file = options.file ?? path.join(options.dataDir, 'keys', 'payload-keys.json');
  // The default folder is the local keys' own (0700, files 0600); a PAYLOAD_KEYS_FILE elsewhere is the operator's.
  if (!options.file) secureKeyFolder(path.dirname(file));
  if (!options.file && !fs.existsSync(file)) {
    const id = `k${new Date().toISOString().slice(0, 10).replace(/-/g, '')}`;
    try {
      fs.writeFileSync(file, JSON.stringify({ current: id, keys: { [id]: crypto.randomBytes(32).toString('base64') } }), { mode: 0o600, flag: 'wx' });
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    }
  }
  return parsePayloadKeys(JSON.parse(fs.readFileSync(file, 'utf8')), file);
}
