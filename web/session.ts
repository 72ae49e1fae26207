import crypto from 'node:crypto';
import type { Request, RequestHandler, Response } from 'express';
import type { Answers } from './journey';

/**
 * The anonymous form session of someone making a complaint: their answers so
 * far and the CSRF token every form carries. It lives in this process's
 * memory, behind the `complaint_form` cookie (HttpOnly, SameSite=Lax, Secure
 * over TLS), for an hour after its last use. It is not the signed-in session
 * of someone following their case (that one has its own cookie and records).
 */
export const FORM_COOKIE = 'complaint_form';
const IDLE_MS = 60 * 60_000;
/** A bound on memory: past it, the sessions idle longest are dropped first. */
const MAX_SESSIONS = 10_000;

export interface FormSession {
  id: string;
  csrf: string;
  answers: Answers;
  /** The reference once the complaint is made (the confirmation page reads it). */
  reference?: string;
  dates?: import("./submit").PromisedDates;
  /** The child asked for an advocate (s.26A): the confirmation says who will arrange one. */
  advocate?: boolean;
  /** Complaints made from this session: each one's idempotency key is the session's id and this count. */
  made: number;
  touched: number;
}

declare module 'express-serve-static-core' {
  interface Request {
    formSession?: FormSession;
  }
}

const sessions = new Map<string, FormSession>();

function readCookie(req: Request, name: string): string | undefined {
  for (const part of (req.headers.cookie ?? '').split(';')) {
    const [k, ...v] = part.trim().split('=');
    if (k === name) return v.join('=');
  }
  return undefined;
}

function sweep(now: number): void {
  for (const [id, s] of sessions) if (now - s.touched > IDLE_MS) sessions.delete(id);
  while (sessions.size >= MAX_SESSIONS) sessions.delete(sessions.keys().next().value as string);
}

/** Finds the form session (a GET makes one when there is none); a POST without one is left without, and fails its CSRF check. */
export function formSession(now: () => number): RequestHandler {
  return (req, res, next) => {
    const id = readCookie(req, FORM_COOKIE);
    let s = id ? sessions.get(id) : undefined;
    if (s && now() - s.touched > IDLE_MS) {
      sessions.delete(s.id);
      s = undefined;
    }
    if (!s && (req.method === 'GET' || req.method === 'HEAD')) {
      sweep(now());
      s = { id: crypto.randomBytes(32).toString('base64url'), csrf: crypto.randomBytes(32).toString('base64url'), answers: {}, made: 0, touched: now() };
      sessions.set(s.id, s);
      setCookie(req, res, s.id);
    }
    if (s) {
      s.touched = now();
      // Most recently used last, so the sweep drops the idlest first.
      sessions.delete(s.id);
      sessions.set(s.id, s);
    }
    req.formSession = s;
    next();
  };
}

function setCookie(req: Request, res: Response, id: string): void {
  const secure = req.secure ? '; Secure' : '';
  res.append('Set-Cookie', `${FORM_COOKIE}=${id}; Path=/complaints; Max-Age=${IDLE_MS / 1000}; HttpOnly; SameSite=Lax${secure}`);
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
