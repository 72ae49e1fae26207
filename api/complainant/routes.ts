import { randomUUID } from 'node:crypto';
import express, { type Router } from 'express';
import { z } from 'zod';
import type { Channel } from '../../activities/delivery/channels';
import { ComplainantSignInStore } from '../../records/complainant-sign-in';
import { complainantStatus } from '../../records/complainant-status';
import type { Records } from '../../records/repository';
import { jsonBody } from '../json-body';
import { rejectUnstorableText, validationProblem } from '../problems';
import { windowLimit } from '../rate-limit';
import { emailHash, isSecret, newSecret, normaliseEmail, sha256 } from './secrets';
import { actorOf, clearSessionCookie, complainantSession, cookieOf, SESSION_COOKIE, requireComplainant, requireCsrf, setSessionCookie, type SessionTimes } from './session';
import { SignInMailer, type SignInCouncil } from './sign-in-mail';

/** The complainant's side of the app (createApp's `complainant`). */
export interface ComplainantOptions {
  /** Where the service is reached from outside (`PUBLIC_URL`): the links in emails. Never taken from a request's Host header, which a sender chooses. */
  publicUrl: string;
  /** The letter channels (activities/delivery/channels.ts): the link goes by those that email. */
  channels: readonly Channel[];
  council: SignInCouncil;
  /** Idle and absolute session lengths; default 30 minutes and 12 hours. */
  session?: Partial<SessionTimes>;
  /** Sign-in requests per window, per email address and per client address; default 5 and 30 in 15 minutes. */
  signInLimit?: { perEmail?: number; perAddress?: number; windowMs?: number };
  /** The clock (tests move it). */
  now?: () => Date;
}

/** A link lasts 30 minutes (issue 17: single-use, 30 minutes, stored as a hash). */
export const LINK_LIFETIME_MS = 30 * 60_000;

/** The one answer to a sign-in request, known address or not: nothing tells them apart. */
export const SIGN_IN_ANSWER = {
  status: 'sent-if-known',
  message:
    'If this email address is one we have for a complaint, we have sent it a link to sign in. The link works once, for 30 minutes. ' +
    'If nothing arrives, check the address, or contact the complaints team.',
} as const;

/** The answer to a link replayed, expired or never sent: the same words, with no hint which. */
export const LINK_EXPIRED_TEXT =
  'This sign-in link has expired or has already been used. Links work once, for 30 minutes. ' +
  'To get a new one, go to /complaints/sign-in and enter your email address again.';

const signInBody = z.object({
  email: z.string().trim().max(254).pipe(z.email()),
  reference: z
    .string()
    .trim()
    .regex(/^[A-Z]{2,5}-\d{4}-[0-9A-Z]{4,12}$/, 'must be a complaint reference such as CSC-2026-7KQ3MP')
    .optional()
    .or(z.literal('').transform(() => undefined)),
});

const statusQuery = z.object({ reference: z.string().max(40).optional() });

/**
 * `POST /complaints/sign-in` (form or JSON: `email`, optionally `reference`):
 * 202, the same whether or not the address is known; the link is looked up
 * and sent after the answer, so its timing tells nothing either.
 * `GET /complaints/sign-in/<token>`: consumes the link, sets the session
 * cookie and redirects to `/complaints/status`; else 410 with `LINK_EXPIRED_TEXT`.
 * `POST /complaints/sign-out` (CSRF token): ends the session.
 * `GET /complaints/status.json`: the signed-in complainant's cases.
 */
export function complainantRoutes(deps: { records: Records; log: (message: string, error?: unknown) => void }, options: ComplainantOptions): Router {
  const store = new ComplainantSignInStore(deps.records.db);
  const mailer = new SignInMailer(options.channels, options.council);
  const now = options.now ?? (() => new Date());
  const times: SessionTimes = { idleMs: options.session?.idleMs ?? 30 * 60_000, absoluteMs: options.session?.absoluteMs ?? 12 * 3_600_000 };
  const limits = { perEmail: 5, perAddress: 30, windowMs: 15 * 60_000, ...options.signInLimit };
  const router = express.Router();
  const forms = express.urlencoded({ extended: false, limit: '10kb' });

  const issueLink = async (email: string, reference: string | undefined): Promise<void> => {
    const cases = await store.casesOf(email, reference);
    const first = cases[0];
    if (!first) return;
    const token = newSecret();
    const at = now();
    const expiresAt = new Date(at.getTime() + LINK_LIFETIME_MS);
    const link = new URL(`/complaints/sign-in/${token}`, options.publicUrl).toString();
    const tokenHash = sha256(token);
    // Filed before it is sent, so the link works as soon as it arrives.
    await store.recordLink({ tokenHash, emailHash: emailHash(email), references: cases.map((c) => c.reference), at, expiresAt });
    const sentVia = await mailer.send({ reference: first.reference, to: { name: first.name, email: first.email }, link, at, expiresAt }, deps.log);
    await store.markSent(tokenHash, sentVia);
    await store.purgeSessions(at, times.absoluteMs);
  };

  router.post(
    '/sign-in',
    windowLimit(limits.perAddress, limits.windowMs, 'sign-in-per-address'),
    forms,
    jsonBody('10kb'),
    rejectUnstorableText,
    (req, _res, next) => {
      const parsed = signInBody.safeParse(req.body ?? {});
      if (!parsed.success) throw validationProblem(parsed.error);
      req.body = { ...parsed.data, email: normaliseEmail(parsed.data.email) };
      next();
    },
    // Keyed by the address's hash: the limiter's memory holds no email.
    windowLimit(limits.perEmail, limits.windowMs, 'sign-in-per-email', (req) => emailHash((req.body as { email: string }).email)),
    (req, res) => {
      const { email, reference } = req.body as { email: string; reference?: string };
      // Looked up once the answer has gone (not merely queued), so no work for a known address delays it.
      res.on('finish', () => {
        issueLink(email, reference).catch((error: unknown) => deps.log('sign-in link not issued', error));
      });
      res.status(202).json(SIGN_IN_ANSWER);
    },
  );

  router.get('/sign-in/:token', async (req, res) => {
    res.set('Cache-Control', 'no-store');
    const token = req.params.token;
    const secret = newSecret();
    const session = isSecret(token) ? await store.consumeLink({ tokenHash: sha256(token), at: now(), session: { id: randomUUID(), secretHash: sha256(secret) } }) : undefined;
    if (!session) {
      res.status(410).type('text/plain').send(LINK_EXPIRED_TEXT);
      return;
    }
    setSessionCookie(req, res, secret);
    res.redirect(303, '/complaints/status');
  });

  router.use(complainantSession(store, times, now));

  router.post('/sign-out', forms, jsonBody('10kb'), requireCsrf, async (req, res) => {
    await store.endSession(sha256(cookieOf(req, SESSION_COOKIE)!), now());
    clearSessionCookie(req, res);
    res.redirect(303, '/complaints/sign-in');
  });

  router.get('/status.json', async (req, res) => {
    res.set('Cache-Control', 'no-store');
    const principal = requireComplainant(req);
    const parsed = statusQuery.safeParse(req.query);
    if (!parsed.success) throw validationProblem(parsed.error);
    // A reference not theirs is simply absent: a guess learns nothing, not even that it exists.
    const references = parsed.data.reference ? principal.references.filter((r) => r === parsed.data.reference) : principal.references;
    const cases = await complainantStatus(deps.records.db, references);
    for (const c of cases) await deps.records.recordAccess({ reference: c.reference, actor: actorOf(principal), action: 'read', view: 'complainant-status' });
    res.json({ cases });
  });

  return router;
}
