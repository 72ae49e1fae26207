import crypto from 'node:crypto';
import path from 'node:path';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import express, { Router, type ErrorRequestHandler, type Request, type RequestHandler, type Response } from 'express';
import nunjucks from 'nunjucks';
import { londonDateOf } from '../domain/dates';
import { ProblemError, unstorableText } from '../api/problems';
import { perAddressLimit } from '../api/rate-limit';
import { firstUnanswered, happenedOnDate, LANGUAGES, stepsOf, readStep, WHO, type Answers, type FieldError, type Step } from './journey';
import { csrfToken } from '../api/complainant/session';
import { siteOf } from '../api/complainant/site';
import type { SignInDesk } from '../api/complainant/sign-in';
import { ComplaintFormStore } from '../records/complaint-forms';
import { CsrfRefused, formSession, requireCsrf, saveFormSession, type FormSession } from './session';
import { mountSignIn } from './sign-in';
import { submitComplaint, type SubmitDeps } from './submit';

/**
 * The complainant's pages under /complaints: "make a complaint" in the GOV.UK
 * Design System (govuk-frontend's Nunjucks macros), server-rendered, working
 * without JavaScript. The same pages serve each council added at
 * `/councils/<id>/complaints` (web/council-site.ts): every link starts from
 * the request's site (api/complainant/site.ts), and the complaint is made in
 * that council, on its policy.
 */
export interface WebOptions {
  /** The default council's name, in the header and every page title (another council's pages carry its own). */
  councilName?: string;
  /** Complaints one address may submit a minute (429 beyond). */
  submitsPerMinute?: number;
  /** Wall clock: when a complaint is received (tests pin it). */
  now?: () => number;
}

const here = path.dirname(fileURLToPath(import.meta.url));
const govukDist = path.resolve(path.dirname(createRequire(import.meta.url).resolve('govuk-frontend')), '..');
export const ASSETS = '/complaints/assets';

export const env = nunjucks.configure([path.join(here, 'views'), govukDist], { autoescape: true, throwOnUndefined: false });

const TITLES: Record<Step, { standard: string; easy: string }> = {
  who: { standard: 'Who are you?', easy: 'Who are you?' },
  about: { standard: 'Who is the complaint about?', easy: 'Who is it about?' },
  advocate: { standard: 'Would you like an advocate to help you?', easy: 'Would you like someone to help you?' },
  what: { standard: 'What happened, and when?', easy: 'What happened?' },
  outcome: { standard: 'What would put it right?', easy: 'What would make it better?' },
  contact: { standard: 'How can we contact you?', easy: 'How can we get in touch with you?' },
  needs: { standard: 'Do you need anything to help you take part?', easy: 'Do you need help to read or talk to us?' },
};

/** Every page's headers: a CSP of this origin only, with the template's one inline line allowed by its nonce; never cached. */
export const pageHeaders: RequestHandler = (_req, res, next) => {
  res.locals.cspNonce = crypto.randomBytes(16).toString('base64');
  res.setHeader(
    'Content-Security-Policy',
    `default-src 'self'; script-src 'self' 'nonce-${res.locals.cspNonce}'; style-src 'self'; img-src 'self'; font-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'self'; object-src 'none'`,
  );
  res.setHeader('Cache-Control', 'no-store');
  next();
};

export function complaintPages(deps: SubmitDeps & WebOptions & { signIn?: SignInDesk; log: (message: string, error?: unknown) => void }): Router {
  const router = Router();
  const now = deps.now ?? Date.now;

  // govuk-frontend's built CSS and JS and its images, and our own start-up script. Its fonts are not served:
  // GDS Transport is for GOV.UK only, so a council's pages fall back to Arial as the font stack says.
  router.get(`/assets/govuk-frontend.min.css`, (_req, res) => res.sendFile(path.join(govukDist, 'govuk/govuk-frontend.min.css')));
  router.get(`/assets/govuk-frontend.min.js`, (_req, res) => res.type('text/javascript').sendFile(path.join(govukDist, 'govuk/govuk-frontend.min.js')));
  router.get(`/assets/init.mjs`, (_req, res) => res.type('text/javascript').sendFile(path.join(here, 'assets/init.mjs')));
  router.use('/assets/images', express.static(path.join(govukDist, 'govuk/assets/images'), { fallthrough: false }));

  router.use(pageHeaders);
  router.use(express.urlencoded({ extended: false, limit: '100kb', parameterLimit: 50 }));
  const forms = new ComplaintFormStore(deps.records.db);
  const save = (req: Request) => saveFormSession(forms, req, now());
  router.use(formSession(forms, now));
  router.use(requireCsrf);

  const render = (req: Request, res: Response, view: string, ctx: Record<string, unknown> & { title: string; service?: string; errors?: FieldError[] }, status = 200) => {
    const errors = ctx.errors ?? [];
    const service = ctx.service ?? 'Make a complaint';
    const site = siteOf(req);
    const councilName = site.name ?? deps.councilName ?? 'The Council';
    res.status(status).type('html').send(
      env.render(view, {
        ...ctx,
        // GOV.UK page titles: "Question – Service – Organisation", with "Error: " first when the page has errors.
        pageTitle: `${errors.length ? 'Error: ' : ''}${ctx.title} – ${service} – ${councilName}`,
        councilName,
        service,
        followHref: deps.signIn ? `${site.root}${req.complainant ? '/status' : '/sign-in'}` : undefined,
        root: site.root,
        // A signed-in complainant's header carries "Sign out", a form with their session's own CSRF token.
        signOutCsrf: req.complainant ? csrfToken(req) : undefined,
        assetPath: ASSETS,
        cspNonce: res.locals.cspNonce,
        csrf: req.formSession?.csrf,
        errors,
        errorOf: Object.fromEntries(errors.map((e) => [e.field, { text: e.text }])),
      }),
    );
  };

  if (deps.signIn) mountSignIn(router, render, deps.signIn);

  for (const flow of ['standard', 'easy-read'] as const) {
    const base = flow === 'easy-read' ? '/easy-read' : '';
    const easy = flow === 'easy-read';
    const url = (req: Request, p: string) => `${siteOf(req).root}${base}${p}`;
    const session = (req: Request) => req.formSession as FormSession;
    // Easy read is the child's own path: the complainant is the child.
    const answers = (req: Request): Answers => {
      const a = session(req).answers;
      if (easy) a.who = 'child';
      return a;
    };
    const common = (req: Request) => ({ easy, base: url(req, ''), WHO, LANGUAGES });

    router.get(base || '/', (req, res) => {
      render(req, res, 'start.njk', { ...common(req), title: easy ? 'Tell us you are not happy' : 'Make a complaint about children’s social care', startHref: url(req, `/${stepsOf(flow, answers(req))[0]}`) });
    });

    const stepPage = (req: Request, res: Response, step: Step, values: Answers, errors: FieldError[] = []) => {
      const steps = stepsOf(flow, answers(req));
      const i = steps.indexOf(step);
      render(
        req,
        res,
        `${step}.njk`,
        {
          ...common(req),
          title: TITLES[step][easy ? 'easy' : 'standard'],
          values,
          errors,
          change: req.query.change === '1' || req.body?.change === '1',
          backHref: url(req, i > 0 ? `/${steps[i - 1]}` : ''),
        },
        errors.length ? 400 : 200,
      );
    };

    router.get(`${base}/check`, (req, res) => {
      const a = answers(req);
      const missing = firstUnanswered(flow, a);
      if (missing) return res.redirect(303, url(req, `/${missing}`));
      const happened = happenedOnDate(a.happenedOn);
      const today = londonDateOf(now());
      // Explained, never refused: triage decides whether there is good reason (Luton 5.4, Rutland 8.1, RRC guidance FAQ).
      const overYear = happened !== undefined && happened < `${Number(today.slice(0, 4)) - 1}${today.slice(4)}`;
      render(req, res, 'check.njk', { ...common(req), title: easy ? 'Check what you told us' : 'Check your answers before sending your complaint', a, steps: stepsOf(flow, a), backHref: url(req, `/${stepsOf(flow, a).at(-1)}`), happened: happened ? longDate(happened).replace(/^\w+ /, '') : undefined, overYear });
    });
    router.post(`${base}/check`, perAddressLimit(deps.submitsPerMinute ?? 10), async (req, res) => {
      const s = session(req);
      const a = answers(req);
      const missing = firstUnanswered(flow, a);
      // A second press after the complaint was made (its answers cleared) shows what the first made.
      if (missing) return res.redirect(303, url(req, s.reference && !a.summary ? '/confirmation' : `/${missing}`));
      // In the site's council (its namespace and records through the request's context), on its policy (api/council-policy.ts).
      const made = await submitComplaint(deps, a, `${s.id}:${s.made}`, now());
      // The next complaint from this session starts afresh, under a key of its own.
      Object.assign(s, { reference: made.reference, dates: made.dates, advocate: a.advocate === 'yes', made: s.made + 1, answers: {} });
      await save(req);
      res.redirect(303, url(req, '/confirmation'));
    });
    router.get(`${base}/confirmation`, (req, res) => {
      const s = session(req);
      if (!s.reference || !s.dates) return res.redirect(303, url(req, ''));
      render(req, res, 'confirmation.njk', {
        ...common(req),
        title: easy ? 'We have got your complaint' : 'Complaint sent',
        reference: s.reference,
        acknowledgeBy: longDate(s.dates.acknowledge),
        respondBy: longDate(s.dates.respond),
        respondDays: s.dates.respondDays,
        acknowledgeDays: s.dates.acknowledgeDays,
        receivedOn: longDate(s.dates.receivedOn),
        countedFromLater: s.dates.sentOn !== undefined && s.dates.sentOn !== s.dates.receivedOn,
        advocate: s.advocate,
      });
    });

    router.get(`${base}/:step`, (req, res, next) => {
      const step = req.params.step as Step;
      if (!stepsOf(flow, answers(req)).includes(step)) return next();
      stepPage(req, res, step, answers(req));
    });
    router.post(`${base}/:step`, async (req, res, next) => {
      const step = req.params.step as Step;
      const a = answers(req);
      if (!stepsOf(flow, a).includes(step)) return next();
      // Text the records store cannot keep (a NUL) is the sender's error on that field, never a 500.
      const unstorable = unstorableText(req.body ?? {});
      if (unstorable) {
        const field = unstorable.split('-')[0]!;
        return stepPage(req, res, step, a, [{ field, href: `#${unstorable}`, text: 'Remove the character that cannot be stored from your answer' }]);
      }
      const read = readStep(step, req.body ?? {}, a, londonDateOf(now()), easy);
      if (read.errors.length) return stepPage(req, res, step, { ...a, ...read.answers }, read.errors);
      Object.assign(a, read.answers);
      await save(req);
      // A changed answer goes back to "check your answers", by way of any page it newly calls for.
      const steps = stepsOf(flow, a);
      const next_ = req.body?.change === '1' ? firstUnanswered(flow, a) : steps[steps.indexOf(step) + 1];
      res.redirect(303, url(req, next_ ? `/${next_}${req.body?.change === '1' ? '?change=1' : ''}` : '/check'));
    });
  }

  router.use((req, res) => render(req, res, 'message.njk', { title: 'Page not found', heading: 'Page not found', body: 'If you typed the web address, check it is correct.' }, 404));
  const onError: ErrorRequestHandler = (error, req, res, _next) => {
    if (error instanceof CsrfRefused) {
      return render(req, res, 'message.njk', { title: 'Your form could not be sent', heading: 'Your form could not be sent', body: 'The page was open too long, or came from somewhere else. Nothing was sent.', restart: true }, 403);
    }
    if (error instanceof ProblemError && error.status === 429) {
      for (const [k, v] of Object.entries(error.headers ?? {})) res.setHeader(k, v);
      if (req.path === '/sign-in') {
        return render(req, res, 'message.njk', { service: 'Follow your complaint', title: 'Too many requests to sign in', heading: 'Too many requests to sign in', body: 'Wait 15 minutes, then ask for a new link. The last link we sent still works for 30 minutes.' }, 429);
      }
      return render(req, res, 'message.njk', { title: 'Too many complaints sent', heading: 'Too many complaints have been sent from your connection', body: 'Wait a minute, then try again.' }, 429);
    }
    deps.log('complaint page failed', error);
    render(req, res, 'message.njk', { title: 'Sorry, there is a problem with the service', heading: 'Sorry, there is a problem with the service', body: 'Try again later.' }, 500);
  };
  router.use(onError);
  return router;
}

const DAYS = ['Sunday', 'Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday'];
const MONTHS = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December'];

/** GOV.UK's date style, whatever the machine's locale data: "Wednesday 25 November 2026". */
export function longDate(iso: string): string {
  const d = new Date(`${iso}T12:00:00Z`);
  return `${DAYS[d.getUTCDay()]} ${d.getUTCDate()} ${MONTHS[d.getUTCMonth()]} ${d.getUTCFullYear()}`;
}
