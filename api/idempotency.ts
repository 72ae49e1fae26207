import crypto from 'node:crypto';
import type { Request, Response } from 'express';
import type { Records } from '../records/repository';
import { PROBLEM_TYPES, ProblemError } from './problems';
import type { AccessView } from '../records/types';

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

/**
 * A keyed retry gets the first answer, kept in the records store (which
 * outlives API restarts and continue-as-new); the same key for another
 * request is refused with 409. Returns true when it has answered.
 *
 * `read`: the answer shows personal data (a case view, a person's conduct):
 * a replayed success is a read like any other, on the access log.
 */
export async function replayedAnswer(
  records: Pick<Records, 'recallResponse' | 'recordAccess'>,
  keyHash: string | undefined,
  actor: string,
  request: { method: string; path: string },
  res: Response,
  read?: { reference?: string; view: AccessView },
): Promise<boolean> {
  const stored = await recalledAnswer(records, keyHash, actor, request, read);
  if (!stored) return false;
  res.status(stored.status).type(stored.status < 300 ? 'application/json' : 'application/problem+json').send(JSON.stringify(stored.body));
  return true;
}

/** The first answer to a keyed request, as `replayedAnswer` gives it, for a caller that answers in its own way (a page). */
export async function recalledAnswer(
  records: Pick<Records, 'recallResponse' | 'recordAccess'>,
  keyHash: string | undefined,
  actor: string,
  request: { method: string; path: string },
  read?: { reference?: string; view: AccessView },
): Promise<{ status: number; body: unknown } | undefined> {
  if (!keyHash) return undefined;
  const stored = await records.recallResponse(keyHash, actor);
  if (!stored) return undefined;
  if (stored.method !== request.method || stored.path !== request.path) {
    throw new ProblemError(409, PROBLEM_TYPES.idempotencyKeyReused, 'Idempotency-Key reused', 'This key was already used for a different request.');
  }
  if (read && stored.status < 300) await records.recordAccess({ ...(read.reference ? { reference: read.reference } : {}), actor, action: 'read', view: read.view });
  return { status: stored.status, body: stored.body };
}
