import { createHash, createHmac, randomBytes, timingSafeEqual } from 'node:crypto';

/** A new secret: 32 random bytes, base64url (43 characters). A link's token, a session's cookie value. */
export function newSecret(): string {
  return randomBytes(32).toString('base64url');
}

/** What the records store keeps of a secret: its SHA-256, hex. */
export function sha256(text: string): string {
  return createHash('sha256').update(text, 'utf8').digest('hex');
}

/** An email as compared: trimmed and lower-cased (the records store finds people by `lower(email)`). */
export function normaliseEmail(email: string): string {
  return email.trim().toLowerCase();
}

/** The SHA-256 of the normalised email: the same as records/complainant-sign-in.ts computes in SQL. */
export function emailHash(email: string): string {
  return sha256(normaliseEmail(email));
}

/** Whether `text` has the form of a secret made by `newSecret`: anything else is refused without a look-up. */
export function isSecret(text: string): boolean {
  return /^[A-Za-z0-9_-]{43}$/.test(text);
}

/** An HMAC-SHA256 of `purpose` keyed by `secret`, base64url: a value only the holder of the secret can make. */
export function derive(secret: string, purpose: string): string {
  return createHmac('sha256', secret).update(purpose).digest('base64url');
}

/** Constant-time equality of two strings. */
export function same(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}
