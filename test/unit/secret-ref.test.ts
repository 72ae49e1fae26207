import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { readSecretRef, secretRefProblem } from '../../config/secret-ref';
import { councilIdProblem, councilNamespace } from '../../domain/council';

describe('a council\'s secrets are references, never values', () => {
  it('takes env:NAME and file:/path, and refuses anything else, a key above all', () => {
    expect(secretRefProblem('env:LUTON_NOTIFY_API_KEY')).toBeUndefined();
    expect(secretRefProblem('file:/run/secrets/luton-notify')).toBeUndefined();
    for (const given of ['luton-7f3a9c2e-0b1d-4e5f-8a6b-1234567890ab', 'env:lower', 'env:', 'file:relative/path', 'ENV:LUTON']) {
      expect(secretRefProblem(given), given).toMatch(/^give where the secret is, never the secret itself/);
    }
  });

  it('reads the secret it points at, and names the reference, never a value, when it cannot', () => {
    expect(readSecretRef('env:TEST_SECRET', { TEST_SECRET: 'the-key' })).toBe('the-key');
    expect(() => readSecretRef('env:TEST_SECRET', {})).toThrow('env:TEST_SECRET is not set');
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'secret-ref-'));
    try {
      fs.writeFileSync(path.join(dir, 'key'), 'from-a-file\n');
      expect(readSecretRef(`file:${path.join(dir, 'key')}`)).toBe('from-a-file');
      fs.writeFileSync(path.join(dir, 'empty'), '\n');
      expect(() => readSecretRef(`file:${path.join(dir, 'empty')}`)).toThrow(`file:${path.join(dir, 'empty')} is empty`);
      expect(() => readSecretRef(`file:${path.join(dir, 'missing')}`)).toThrow(`file:${path.join(dir, 'missing')} cannot be read: ENOENT`);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
    expect(() => readSecretRef('sk-live-123456')).toThrow(/^sk-l…: give where the secret is/);
  });
});

describe('council ids', () => {
  it('are lowercase letters, digits and single inner hyphens, starting with a letter, at most 40 characters', () => {
    for (const id of ['luton', 'north-somerset', 'bath-and-ne-somerset', 'a1', 'x'.repeat(40)]) expect(councilIdProblem(id), id).toBeUndefined();
    for (const id of ['', 'Luton', '1luton', '-luton', 'luton-', 'north--somerset', 'north_somerset', "luton'", 'x'.repeat(41)]) {
      expect(councilIdProblem(id), id).toBeDefined();
    }
  });

  it('name their namespace complaints-<id>; the default council keeps the deployment\'s', () => {
    expect(councilNamespace('luton', 'default')).toBe('complaints-luton');
    expect(councilNamespace('default', 'my-namespace')).toBe('my-namespace');
  });
});
