import type { Request, RequestHandler, Response } from 'express';
import { callerOf, type Caller } from '../../api/auth/authenticate';
import { derive, isSecret, newSecret, same, sha256 } from '../../api/complainant/secrets';
import type { StaffSessionStore } from '../../records/staff-sessions';

/**
 * The signed-in member of staff on the staff pages: a server-side session
 * (records, migration 017) behind the `staff_session` cookie (HttpOnly,
 * SameSite=Lax, Secure over TLS, sent to /staff only). It holds the caller
 * their token stood for at sign-in, read by the API's one rule (callerOf),
 * and ends after its idle time, its longest life, or at sign-out.
 */
export const SESSION_COOKIE = 'staff_session';
/** Before sign-in: the secret the sign-in form's CSRF token is made from. */
const PRE_COOKIE = 'staff_pre';
const COOKIE_PATH = '/staff';
export const CSRF_FIELD = '_csrf';

export interface StaffSessionTimes {
  idleMs: number;
  absoluteMs: number;
}

export interface StaffPrincipal {
  /** The session's public name. */
  id: string;
  caller: Caller;
  via: 'oidc' | 'local';
  /** The councils the session may work in: those its sign-in named that the deployment serves. */
  councils: string[];
  /** The council its pages serve now (their reads and commands run in it); null until a member of several chooses. */
  worksIn: string | null;
}

declare module 'express-serve-static-core' {
  interface Request {
    staff?: StaffPrincipal;
  }
}

// The cookie's secret per request, for the CSRF token: never on the principal.
const secrets = new WeakMap<Request, string>();

function cookieOf(req: Request, name: string): string | undefined {
  for (const part of (req.get('cookie') ?? '').split(';')) {
    const at = part.indexOf('=');
    if (at > 0 && part.slice(0, at).trim() === name) return part.slice(at + 1).trim();
  }
  return undefined;
}

function setCookie(req: Request, res: Response, name: string, value: string): void {
  res.cookie(name, value, { httpOnly: true, sameSite: 'lax', secure: req.secure, path: COOKIE_PATH });
}

/** Loads the live session, if any, into `req.staff` (restarting its idle clock); before sign-in, makes sure the CSRF secret cookie is there. */
export function staffSession(store: StaffSessionStore, times: StaffSessionTimes, now: () => number): RequestHandler {
  return async (req, res, next) => {
    const secret = cookieOf(req, SESSION_COOKIE);
    if (secret && isSecret(secret)) {
      const live = await store.touchSession({ secretHash: sha256(secret), at: new Date(now()), ...times });
      if (live) {
        // Read again through the one rule: a role no longer known is dropped, as the API drops it.
        // The caller acts for the council the session works in, as a token naming that one council would.
        const caller = callerOf({ sub: live.subject, roles: live.roles, teams: live.teams, council: live.worksIn ?? live.councils });
        req.staff = { id: live.id, caller, via: live.via, councils: live.councils, worksIn: live.worksIn };
        secrets.set(req, secret);
      } else {
        // Timed out is ended for good: its row is closed, so no later request (or clock) brings it back.
        await store.endSession(sha256(secret), new Date(now()));
        res.clearCookie(SESSION_COOKIE, { httpOnly: true, sameSite: 'lax', secure: req.secure, path: COOKIE_PATH });
      }
    }
    if (!req.staff) {
      let pre = cookieOf(req, PRE_COOKIE);
      if (!pre || !isSecret(pre)) {
        pre = newSecret();
        // Only a page may start it (a POST without it fails its CSRF check below).
        if (req.method === 'GET' || req.method === 'HEAD') setCookie(req, res, PRE_COOKIE, pre);
        else pre = undefined;
      }
      if (pre) secrets.set(req, pre);
    }
    next();
  };
}

/**
 * Opens a session for `caller` and sets its cookie. `councils`: those of the
 * caller's that the deployment serves (at least one); with one, the session
 * works in it from the start, with several, once its member chooses.
 */
export async function openSession(
  store: StaffSessionStore, req: Request, res: Response, caller: Caller, councils: readonly string[], via: 'oidc' | 'local', at: number, times: StaffSessionTimes,
): Promise<void> {
  // Sessions past their longest life are deleted as new ones open, so the table stays small.
  await store.purgeSessions(new Date(at), times.absoluteMs);
  const secret = newSecret();
  await store.openSession({ id: newSecret().slice(0, 16), secretHash: sha256(secret), subject: caller.subject, roles: caller.roles, teams: caller.teams, via, at: new Date(at),
    councils, worksIn: councils.length === 1 ? councils[0]! : null });
  setCookie(req, res, SESSION_COOKIE, secret);
  res.clearCookie(PRE_COOKIE, { httpOnly: true, sameSite: 'lax', secure: req.secure, path: COOKIE_PATH });
}

/** Ends the session of this request (sign-out) and clears its cookie. */
export async function endSession(store: StaffSessionStore, req: Request, res: Response, at: number): Promise<void> {
  const secret = cookieOf(req, SESSION_COOKIE);
  if (secret && isSecret(secret)) await store.endSession(sha256(secret), new Date(at));
  res.clearCookie(SESSION_COOKIE, { httpOnly: true, sameSite: 'lax', secure: req.secure, path: COOKIE_PATH });
}

/** Points this request's session at `council`, one of its own; false (nothing changed) otherwise. */
export async function workIn(store: StaffSessionStore, req: Request, council: string): Promise<boolean> {
  const secret = cookieOf(req, SESSION_COOKIE);
  return Boolean(secret && isSecret(secret) && req.staff?.councils.includes(council) && (await store.workIn(sha256(secret), council)));
}

/** The CSRF token for this request's forms: an HMAC of the session's (or the pre-sign-in) secret, bound to it and stored nowhere. */
export function csrfToken(req: Request): string | undefined {
  const secret = secrets.get(req);
  return secret ? derive(secret, 'staff-csrf') : undefined;
}

export class StaffCsrfRefused extends Error {
  constructor() {
    super('The form had no valid security token');
  }
}

/** Every POST carries this session's token in `_csrf`: anything else is refused (403) and changes nothing. */
export const requireStaffCsrf: RequestHandler = (req, _res, next) => {
  if (req.method !== 'POST') return next();
  const given = typeof req.body?.[CSRF_FIELD] === 'string' ? (req.body[CSRF_FIELD] as string) : undefined;
  const expected = csrfToken(req);
  if (!given || !expected || !same(given, expected)) return next(new StaffCsrfRefused());
  next();
};
