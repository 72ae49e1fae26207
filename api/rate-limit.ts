import type { RequestHandler } from 'express';
import { rateLimit, type Options } from 'express-rate-limit';
import { PROBLEM_TYPES, ProblemError, PROBLEMS } from './problems';

/**
 * Per client address, before authentication, so an unsigned flood is limited
 * too. The address is the socket's, or with `trust proxy` set (TRUST_PROXY)
 * the one the trusted proxies forwarded; IPv6 addresses count per /56, as
 * one household or office has them (the library's default key).
 */
export function perAddressLimit(perMinute: number): RequestHandler {
  return limiter(perMinute, 'per-address');
}

/** Per token subject, after authentication: one caller cannot take the share of everyone behind the same address. */
export function perCallerLimit(perMinute: number): RequestHandler {
  return limiter(perMinute, 'per-caller', (req) => req.caller?.subject ?? 'anonymous');
}

/** A fair share of requests a minute; beyond it 429 `/problems/rate-limited` with Retry-After. */
function limiter(perMinute: number, identifier: string, keyGenerator?: Options['keyGenerator']): RequestHandler {
  return windowLimit(perMinute, 60_000, identifier, keyGenerator);
}

/** `limit` requests per `windowMs`, per client address or per `keyGenerator`'s key (the complainant's sign-in: per email's hash). */
export function windowLimit(limit: number, windowMs: number, identifier: string, keyGenerator?: Options['keyGenerator']): RequestHandler {
  return rateLimit({
    windowMs,
    limit,
    identifier,
    standardHeaders: 'draft-8',
    legacyHeaders: false,
    ...(keyGenerator ? { keyGenerator } : {}),
    // With TRUST_PROXY off X-Forwarded-For is ignored by design: no warning when a client sends one.
    validate: { xForwardedForHeader: false },
    handler: (_req, res) => {
      // The library has set Retry-After to the seconds left in the window.
      const retryAfter = String(res.getHeader('Retry-After') ?? 60);
      throw new ProblemError(429, PROBLEM_TYPES.rateLimited, 'Too many requests', PROBLEMS['rate-limited'], {}, { 'Retry-After': retryAfter });
    },
  });
}
