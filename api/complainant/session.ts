import type { Request, RequestHandler, Response } from 'express';
import type { ComplainantSignInStore } from '../../records/complainant-sign-in';
import { PROBLEM_TYPES, ProblemError } from '../problems';
import { derive, isSecret, same, sha256 } from './secrets';
import { siteOf } from './site';

/** The session cookie's name. */
export const SESSION_COOKIE = 'complainant_session';

/**
 * A signed-in complainant: not staff, no roles. `id` is the session's public
 * name (the access log's actor is `actorOf`); `references` the cases whose
 * complainant has the email the link was sent to, checked again at each request.
 */
export interface ComplainantPrincipal {
  kind: 'complainant';
  id: string;
  references: readonly string[];
}

declare module 'express-serve-static-core' {
  interface Request {
    /** Set by `complainantSession` when the request carries a live session. */
    complainant?: ComplainantPrincipal;
  }
}

/** The actor a complainant's reads are logged under: the session's id, no personal data. */
export function actorOf(principal: ComplainantPrincipal): string {
  return `complainant:${principal.id}`;
}

/** The session lengths (COMPLAINANT_SESSION_IDLE_MINUTES, COMPLAINANT_SESSION_MAX_HOURS). */
export interface SessionTimes {
  idleMs: number;
  absoluteMs: number;
}

// The cookie's secret per request, for the CSRF token: never on the principal, which routes pass around.
const secrets = new WeakMap<Request, string>();

/** The value of cookie `name` in the request, if any (Express 5 parses no cookies itself). */
export function cookieOf(req: Request, name: string): string | undefined {
  for (const part of (req.get('cookie') ?? '').split(';')) {
    const at = part.indexOf('=');
    if (at > 0 && part.slice(0, at).trim() === name) return part.slice(at + 1).trim();
  }
  return undefined;
}

/**
 * Sets the session cookie: HttpOnly, SameSite=Lax, and Secure when the request came over TLS (`req.secure` heeds TRUST_PROXY).
 * Its path is the council's pages (api/complainant/site.ts): it is sent there only, never to another council's.
 */
export function setSessionCookie(req: Request, res: Response, secret: string): void {
  res.cookie(SESSION_COOKIE, secret, { httpOnly: true, sameSite: 'lax', secure: req.secure, path: siteOf(req).root });
}

export function clearSessionCookie(req: Request, res: Response): void {
  res.clearCookie(SESSION_COOKIE, { httpOnly: true, sameSite: 'lax', secure: req.secure, path: siteOf(req).root });
}

/**
 * Loads the principal of a live session into `req.complainant` (and restarts
 * its idle clock); without one the request goes on unsigned. Routes that need
 * it use `requireComplainant`.
 */
export function complainantSession(store: ComplainantSignInStore, times: SessionTimes, now: () => Date): RequestHandler {
  return async (req, _res, next) => {
    const secret = cookieOf(req, SESSION_COOKIE);
    if (secret && isSecret(secret)) {
      const live = await store.touchSession({ secretHash: sha256(secret), at: now(), ...times });
      if (live) {
        req.complainant = { kind: 'complainant', id: live.id, references: live.references };
        secrets.set(req, secret);
      }
    }
    next();
  };
}

/** The signed-in complainant, or 401. */
export function requireComplainant(req: Request): ComplainantPrincipal {
  if (!req.complainant) {
    throw new ProblemError(401, PROBLEM_TYPES.unauthorized, 'Not signed in', 'Sign in with a link sent to your email address: POST /complaints/sign-in.');
  }
  return req.complainant;
}

/**
 * The CSRF token for forms of the signed-in pages: an HMAC of the session's
 * secret, so it is bound to the session and needs no storage; a page on
 * another site can neither read the cookie nor make the token.
 */
export function csrfToken(req: Request): string {
  const secret = secrets.get(req);
  if (!secret) throw new Error('csrfToken needs complainantSession and a signed-in complainant');
  return derive(secret, 'csrf');
}

/** The form field (or header, `X-CSRF-Token`) that carries the token. */
export const CSRF_FIELD = '_csrf';

/** Refuses (403) a request whose form field `_csrf` or header `X-CSRF-Token` is not this session's token. */
export const requireCsrf: RequestHandler = (req, _res, next) => {
  requireComplainant(req);
  const body = req.body as Record<string, unknown> | undefined;
  const given = typeof body?.[CSRF_FIELD] === 'string' ? (body[CSRF_FIELD] as string) : req.get('x-csrf-token');
  if (!given || !same(given, csrfToken(req))) {
    throw new ProblemError(403, PROBLEM_TYPES.forbidden, 'Form expired', 'The form was not sent from this service, or your session has changed: go back, reload the page and try again.');
  }
  next();
};
