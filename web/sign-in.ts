import type { Request, Response, Router } from 'express';
import { signInBody } from '../api/complainant/routes';
import { normaliseEmail } from '../api/complainant/secrets';
import type { SignInDesk } from '../api/complainant/sign-in';
import { siteOf } from '../api/complainant/site';
import type { FieldError } from './journey';

/** The pages' renderer (web/pages.ts), as the sign-in pages use it. */
export type Render = (req: Request, res: Response, view: string, ctx: Record<string, unknown> & { title: string; errors?: FieldError[] }, status?: number) => void;

const SERVICE = 'Follow your complaint';

/** GOV.UK's words for each field's error. */
const FIELD_ERRORS: Record<string, string> = {
  email: 'Enter an email address in the correct format, like name@example.com',
  reference: 'Enter a reference in the correct format, like CSC-2026-7KQ3MP, or leave it blank',
};

/**
 * The HTML door to signing in (the JSON one is api/complainant/routes.ts,
 * which passes browsers on to here; both use the one `SignInDesk`):
 * - `GET /complaints/sign-in`: the form (email, and the reference if they have several complaints);
 * - `POST /complaints/sign-in`: checked (the form session's CSRF token, then the limits), then
 *   "check your email", the same page whether or not the address is known;
 * - `GET /complaints/sign-in/<token>` for a link expired, replayed or never sent: 410, saying how to get another;
 * - `GET /complaints/signed-out`.
 * A council's under `/councils/<id>/complaints` (api/complainant/site.ts) carry its own name and contact.
 */
export function mountSignIn(router: Router, render: Render, desk: SignInDesk): void {
  const page = (req: Request, res: Response, values: Record<string, unknown>, errors: FieldError[] = []) =>
    render(
      req,
      res,
      'sign-in.njk',
      {
        service: SERVICE,
        title: 'Sign in to follow your complaint',
        values,
        errors,
        errorOf: Object.fromEntries(errors.map((e) => [e.field, { text: e.text }])),
        council: siteOf(req).signIn?.council ?? desk.council,
      },
      errors.length ? 400 : 200,
    );

  router.get('/sign-in', (req, res) => {
    if (req.complainant) return res.redirect(303, `${siteOf(req).root}/status`);
    page(req, res, {});
  });

  router.post(
    '/sign-in',
    desk.perAddress,
    (req, res, next) => {
      const parsed = signInBody.safeParse(req.body ?? {});
      if (!parsed.success) {
        const fields = [...new Set(parsed.error.issues.map((i) => String(i.path[0] ?? 'email')))].filter((f) => f in FIELD_ERRORS);
        const errors = (fields.length ? fields : ['email']).map((f) => ({ field: f, href: `#${f}`, text: FIELD_ERRORS[f]! }));
        return page(req, res, { email: req.body?.email, reference: req.body?.reference }, errors);
      }
      req.body = { ...parsed.data, email: normaliseEmail(parsed.data.email) };
      next();
    },
    desk.perEmail,
    (req, res) => {
      const { email, reference } = req.body as { email: string; reference?: string };
      desk.issueLinkAfter(res, siteOf(req), email, reference);
      res.redirect(303, `${siteOf(req).root}/check-email`);
    },
  );

  router.get('/check-email', (req, res) =>
    render(req, res, 'check-email.njk', { service: SERVICE, title: 'Check your email', council: siteOf(req).signIn?.council ?? desk.council }),
  );

  router.get('/sign-in/:token', (req, res) =>
    render(
      req,
      res,
      'message.njk',
      {
        service: SERVICE,
        title: 'This link has expired',
        heading: 'This link has expired or has already been used',
        body: 'Each link to sign in works once, for 30 minutes. Ask for a new link and we will email it to you.',
        link: { href: `${siteOf(req).root}/sign-in`, text: 'Ask for a new link' },
      },
      410,
    ),
  );

  router.get('/signed-out', (req, res) =>
    render(req, res, 'message.njk', {
      service: SERVICE,
      title: 'You have signed out',
      heading: 'You have signed out',
      body: 'To see your complaint again, ask for a new link to sign in.',
      link: { href: `${siteOf(req).root}/sign-in`, text: 'Sign in again' },
    }),
  );
}
