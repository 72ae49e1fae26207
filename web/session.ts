import crypto from 'node:crypto';
import type { Request, RequestHandler, Response } from 'express';
import { derive, isSecret, newSecret, sha256 } from '../api/complainant/secrets';
import type { ComplaintFormStore } from '../records/complaint-forms';
import { siteOf } from '../api/complainant/site';
import type { Answers } from './journey';

/**
 * The anonymous form session of someone making a complaint: their answers so
 * far, behind the `complaint_form` cookie (HttpOnly, SameSite=Lax, Secure
 * over TLS), kept in the records store (migration 022) so that any API
 * instance serves the next page and a restart loses nothing. An hour after
 * its last use it is gone. It is not the signed-in session of someone
 * following their case (that one has its own cookie and records).
 *
 * The CSRF token every form carries is an HMAC of the cookie's secret value:
 * a page on another site can neither read the cookie nor make the token, and
 * a visitor who only reads pages leaves no row behind.
 */
export const FORM_COOKIE = 'complaint_form';
export const FORM_IDLE_MS = 60 * 60_000;

/** What is kept between pages. */
export interface FormState {
  answers: Answers;
  /** The reference once the complaint is made (the confirmation page reads it). */
  reference?: string;
  dates?: import('./submit').PromisedDates;
  /** The child asked for an advocate (s.26A): the confirmation says who will arrange one. */
  advocate?: boolean;
  /** Complaints made from this session: each one's idempotency key is the session's id and this count. */
  made: number;
}

export interface FormSession extends FormState {
  /** The cookie's secret value: the base of the CSRF token and of each complaint's idempotency key. */
  id: string;
  csrf: string;
}

declare module 'express-serve-static-core' {
  interface Request {
    formSession?: FormSession;
  }
}

function readCookie(req: Request, name: string): string | undefined {
  for (const part of (req.headers.cookie ?? '').split(';')) {
    const [k, ...v] = part.trim().split('=');
    if (k === name) return v.join('=');
  }
  return undefined;
}

const csrfOf = (id: string) => derive(id, 'complaint-form-csrf');

/**
 * Finds the form session: a GET without one gets a new cookie (and no row
 * until something is saved); a POST without one is left without, and fails
 * its CSRF check. An idle session's answers are gone, the cookie kept.
 */
export function formSession(store: ComplaintFormStore, now: () => number): RequestHandler {
  const lastPurge = new Map<string, number>();
  return async (req, res, next) => {
    const at = now();
    // At most once a minute per process and council, its drafts idle an hour are deleted.
    const council = siteOf(req).council;
    if (Math.abs(at - (lastPurge.get(council) ?? 0)) > 60_000) {
      lastPurge.set(council, at);
      await store.purge(new Date(at - FORM_IDLE_MS));
    }
    let id = readCookie(req, FORM_COOKIE);
    if (id !== undefined && !isSecret(id)) id = undefined;
    if (id === undefined) {
      if (req.method !== 'GET' && req.method !== 'HEAD') return next();
      id = newSecret();
    }
    const stored = (await store.load(sha256(id), new Date(at - FORM_IDLE_MS))) as FormState | undefined;
    req.formSession = { answers: {}, made: 0, ...stored, id, csrf: csrfOf(id) };
    if (stored) await store.touch(sha256(id), new Date(at));
    // The cookie's life restarts with each page, as the row's does.
    setCookie(req, res, id);
    next();
  };
}

/** Keeps the session's answers as they now are: called before answering any request that changed them. */
export async function saveFormSession(store: ComplaintFormStore, req: Request, at: number): Promise<void> {
  const s = req.formSession;
  if (!s) return;
  const { id, csrf: _csrf, ...state } = s;
  await store.save(sha256(id), state satisfies FormState, new Date(at));
}

function setCookie(req: Request, res: Response, id: string): void {
  const secure = req.secure ? '; Secure' : '';
  // Sent to the council's own pages only (api/complainant/site.ts).
  res.append('Set-Cookie', `${FORM_COOKIE}=${id}; Path=${siteOf(req).root}; Max-Age=${FORM_IDLE_MS / 1000}; HttpOnly; SameSite=Lax${secure}`);
}

/** Every POST carries the session's token in `_csrf`: anything else is a 403 and changes nothing. */
export const requireCsrf: RequestHandler = (req, _res, next) => {
  if (req.method !== 'POST') return next();
  const sent = typeof req.body?._csrf === 'string' ? Buffer.from(req.body._csrf) : Buffer.alloc(0);
  const expected = req.formSession ? Buffer.from(req.formSession.csrf) : undefined;
  if (!expected || sent.length !== expected.length || !crypto.timingSafeEqual(sent, expected)) {
    next(new CsrfRefused());
    return;
  }
  next();
};

export class CsrfRefused extends Error {
  readonly status = 403;
  constructor() {
    super('The form had no valid security token');
  }
}
