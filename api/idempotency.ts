import crypto from 'node:crypto';
import type { Request } from 'express';
import { PROBLEM_TYPES, ProblemError } from './problems';

/**
 * Idempotency without a second store: a retried request maps to the same
 * Temporal ids, and Temporal refuses to do it twice. A create's key picks the
 * case reference (the workflow id); a command's key is its Update id.
 */
const KEY_PATTERN = /^[\x21-\x7e]{1,200}$/;

export function idempotencyKey(req: Request): string | undefined {
  const key = req.get('idempotency-key');
  if (key === undefined) return undefined;
  if (!KEY_PATTERN.test(key)) {
    throw new ProblemError(400, PROBLEM_TYPES.validation, 'The request is not valid', 'See errors for each invalid field.', {
      errors: [{ field: 'Idempotency-Key', message: 'must be 1 to 200 visible ASCII characters' }],
    });
  }
  return key;
}

/** Scoped to the caller: two staff members' keys never collide. */
export function scopedKeyHash(subject: string, key: string): string {
  return crypto.createHash('sha256').update(`${subject}\u0000${key}`).digest('base64url').slice(0, 32);
}

export function bodyHash(body: unknown): string {
  return crypto.createHash('sha256').update(JSON.stringify(body ?? null)).digest('base64url').slice(0, 32);
}

// Crockford base32 without I, L, O, U: readable on the phone.
const ALPHABET = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';

/** The reference for attempt `n` of a keyed create: the same every time for the same key. */
export function referenceFor(year: number, keyHash: string | undefined, attempt: number): string {
  const bytes = keyHash
    ? crypto.createHash('sha256').update(`${keyHash}:${attempt}`).digest()
    : crypto.randomBytes(6);
  const suffix = Array.from({ length: 6 }, (_, i) => ALPHABET[bytes[i]! % 32]).join('');
  return `CSC-${year}-${suffix}`;
}
