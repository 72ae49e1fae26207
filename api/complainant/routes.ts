import express, { type Request, type Router } from 'express';
import { z } from 'zod';
import { complainantStatus } from '../../records/complainant-status';
import type { Records } from '../../records/repository';
import { jsonBody } from '../json-body';
import { rejectUnstorableText, validationProblem } from '../problems';
import { normaliseEmail, sha256 } from './secrets';
import { actorOf, clearSessionCookie, complainantSession, cookieOf, SESSION_COOKIE, requireComplainant, requireCsrf, setSessionCookie } from './session';
import type { SignInDesk } from './sign-in';
import { siteOf } from './site';

export { LINK_LIFETIME_MS, type ComplainantOptions } from './sign-in';

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

const statusQuery = z.object({ reference: z.string().max(40).optional() });

/** The sign-in request's fields, for the JSON route and the HTML form alike. */
export const signInBody = z.object({
  email: z.string().trim().max(254).pipe(z.email()),
  reference: z
    .string()
    .trim()
    .toUpperCase()
    .regex(/^[A-Z]{2,5}-\d{4}-[0-9A-Z]{4,12}$/, 'must be a complaint reference such as CSC-2026-7KQ3MP')
    .optional()
    .or(z.literal('').transform(() => undefined)),
});

/** A browser, which asked for a page: its requests go on to the HTML pages (web/sign-in.ts). */
const wantsPage = (req: Request) => req.accepts(['application/json', 'text/html']) === 'text/html';

/**
 * `POST /complaints/sign-in` (form or JSON: `email`, optionally `reference`):
 * 202, the same whether or not the address is known; the link is looked up
 * and sent after the answer, so its timing tells nothing either. A browser's
 * form post goes on to the HTML page instead, which checks its CSRF token.
 * `GET /complaints/sign-in/<token>`: consumes the link, sets the session
 * cookie and redirects to `/complaints/status`; else 410 with
 * `LINK_EXPIRED_TEXT` (a browser gets the same words as a page).
 * `POST /complaints/sign-out` (CSRF token): ends the session.
 * `GET /complaints/status.json`: the signed-in complainant's cases.
 * Under `/councils/<id>/complaints` the same, for that council's cases
 * (api/complainant/site.ts), its links and redirects staying there.
 */
export function complainantRoutes(deps: { records: Records; log: (message: string, error?: unknown) => void }, desk: SignInDesk): Router {
  const { store, times, now } = desk;
  const router = express.Router();
  const forms = express.urlencoded({ extended: false, limit: '10kb' });

  router.post(
    '/sign-in',
    (req, _res, next) => next(wantsPage(req) ? 'route' : undefined),
    desk.perAddress,
    forms,
    jsonBody('10kb'),
    rejectUnstorableText,
    (req, _res, next) => {
      const parsed = signInBody.safeParse(req.body ?? {});
      if (!parsed.success) throw validationProblem(parsed.error);
      req.body = { ...parsed.data, email: normaliseEmail(parsed.data.email) };
      next();
    },
    desk.perEmail,
    (req, res) => {
      const { email, reference } = req.body as { email: string; reference?: string };
      desk.issueLinkAfter(res, siteOf(req), email, reference);
      res.status(202).json(SIGN_IN_ANSWER);
    },
  );

  router.get('/sign-in/:token', async (req, res, next) => {
    res.set('Cache-Control', 'no-store');
    const secret = await desk.consumeLink(req.params.token);
    if (!secret) {
      if (wantsPage(req)) return next();
      // Naming the sign-in page of the council the link was for.
      res.status(410).type('text/plain').send(LINK_EXPIRED_TEXT.replace('/complaints/sign-in', `${siteOf(req).root}/sign-in`));
      return;
    }
    setSessionCookie(req, res, secret);
    res.redirect(303, `${siteOf(req).root}/status`);
  });

  router.use(complainantSession(store, times, now));

  router.post('/sign-out', forms, jsonBody('10kb'), requireCsrf, async (req, res) => {
    await store.endSession(sha256(cookieOf(req, SESSION_COOKIE)!), now());
    clearSessionCookie(req, res);
    res.redirect(303, `${siteOf(req).root}/signed-out`);
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
