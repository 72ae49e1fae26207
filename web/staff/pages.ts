import { DEFAULT_COUNCIL } from '../../domain/council';
import path from 'node:path';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import express, { Router, type ErrorRequestHandler, type NextFunction, type Request, type Response } from 'express';
import nunjucks from 'nunjucks';
import { z } from 'zod';
import type { Client } from '@temporalio/client';
import { ROLES } from '../../domain/roles';
import { londonDateOf } from '../../domain/dates';
import { tokenVerifier, type AuthOptions } from '../../api/auth/authenticate';
import { noSuchComplaint } from '../../api/auth/case-access';
import { ProblemError } from '../../api/problems';
import { referenceSchema } from '../../api/schemas';
import type { Records } from '../../records/repository';
import { StaffSessionStore } from '../../records/staff-sessions';
import { inCouncil } from '../../records/council';
import { longDate, pageHeaders } from '../pages';
import { caseload, SECTIONS, SECTION_TITLES } from './caseload';
import { casePage, letterOf } from './case-page';
import { commandPages, doneBanner } from './command-pages';
import { mayLogComplaints, newCasePages } from './new-case';
import { pageLinks, pagingSchema } from './paging';
import { RecordsInputError } from '../../records/errors';

const PAGING_KEYS = new Set(Object.keys(pagingSchema.shape));
import { awaitingDecision, QUEUE_NAMES, queueCounts, queueOf } from './queues';
import { csrfToken, endSession, openSession, requireStaffCsrf, StaffCsrfRefused, staffSession, workIn, type StaffPrincipal, type StaffSessionTimes } from './session';
import { mayReadReport, staffReportPage } from './report';
import { localCaller, oidcSignIn, SignInFailed, type OidcSignIn } from './sign-in';

/**
 * The pages complaints staff work from, under /staff: sign-in, their
 * caseload, and each case. GOV.UK Design System (govuk-frontend's Nunjucks
 * macros) with the Ministry of Justice's case-work styles, server-rendered,
 * working without JavaScript, a strict CSP and a CSRF token on every form.
 * Every rule is the API's: the same access rule, listing, case view,
 * chronology and access log.
 */
export interface StaffOptions {
  /** The council's name, in the header and every page title. */
  councilName?: string;
  /** Sign-in at the council's identity provider. Without it, the local sign-in (embedded default only). */
  oidc?: OidcSignIn;
  session?: StaffSessionTimes;
  /** NODE_ENV is production: the local sign-in is refused whatever else is set. */
  production?: boolean;
  /** Wall clock (tests pin it). */
  now?: () => number;
  /** Rows on one page of the caseload and of each queue (default 200). */
  pageSize?: number;
}

export interface StaffDeps extends StaffOptions {
  client: Client;
  records: Records;
  /** Where a logged complaint's workflow runs, and the policy it follows unless the form names one (as the API's). */
  taskQueue: string;
  defaultPolicy: string;
  historyLimit?: number;
  /** The window across which a logged case's clock wakes are spread (ms), as the API's. */
  wakeSpreadMs?: number;
  /** The API's token rules: the access token from the identity provider is read by them. */
  auth: AuthOptions;
  /** Whether the deployment serves a council (api/council-clients.ts); without it, `default` only. */
  serves?: (council: string) => Promise<boolean>;
  log: (message: string, error?: unknown) => void;
}

const here = path.dirname(fileURLToPath(import.meta.url));
const require_ = createRequire(import.meta.url);
const govukDist = path.resolve(path.dirname(require_.resolve('govuk-frontend')), '..');
const mojDir = path.dirname(require_.resolve('@ministryofjustice/frontend/package.json'));
const ASSETS = '/staff/assets';
const env = nunjucks.configure([path.join(here, 'views'), govukDist, mojDir], { autoescape: true, throwOnUndefined: false });

const DEFAULT_SESSION: StaffSessionTimes = { idleMs: 30 * 60_000, absoluteMs: 10 * 3_600_000 };

const filtersSchema = z
  .object({
    stage: z.enum(['stage1', 'stage2', 'stage3', 'closed'], { error: 'Select a stage from the list' }).optional(),
    team: z.string().trim().max(100, { error: 'Team must be 100 characters or fewer' }).optional(),
    officer: z.string().trim().max(200, { error: 'Officer must be 200 characters or fewer' }).optional(),
  })
  .strip();

const localSignInSchema = z.object({
  role: z.enum(ROLES, { error: 'Select a role' }),
  subject: z.string().trim().min(1, { error: 'Enter a staff id' }).max(200, { error: 'Staff id must be 200 characters or fewer' }).regex(/^[^\s]+$/, { error: 'Staff id must have no spaces' }),
  teams: z.string().max(1000, { error: 'Teams must be 1000 characters or fewer' }).optional(),
});

export function staffPages(deps: StaffDeps): Router {
  const router = Router();
  const now = deps.now ?? Date.now;
  const councilName = deps.councilName ?? 'The Council';
  // Sessions are the deployment's sign-ins, kept in the default council's rows (027), whichever council a page then works in.
  const store = new StaffSessionStore(deps.records.forCouncil(DEFAULT_COUNCIL).db);
  const serves = deps.serves ?? (async (council: string) => council === DEFAULT_COUNCIL);
  const nameOf = (council: string) => deps.records.councils.name(council, councilName);
  const times = deps.session ?? DEFAULT_SESSION;
  const verify = tokenVerifier(deps.auth);
  const oidc = deps.oidc ? oidcSignIn(deps.oidc, store, verify) : undefined;
  // The local sign-in exists exactly where the API accepts the local key pair's tokens: no identity provider, not production.
  const localAllowed = !deps.oidc && 'localJwks' in deps.auth.keys && !deps.production;

  router.get('/assets/govuk-frontend.min.css', (_req, res) => res.sendFile(path.join(govukDist, 'govuk/govuk-frontend.min.css')));
  router.get('/assets/moj-frontend.min.css', (_req, res) => res.sendFile(path.join(mojDir, 'moj/moj-frontend.min.css')));
  router.get('/assets/govuk-frontend.min.js', (_req, res) => res.type('text/javascript').sendFile(path.join(govukDist, 'govuk/govuk-frontend.min.js')));
  router.get('/assets/staff.css', (_req, res) => res.sendFile(path.join(here, 'assets/staff.css')));
  router.get('/assets/init.mjs', (_req, res) => res.type('text/javascript').sendFile(path.join(here, 'assets/init.mjs')));
  router.use('/assets/images', express.static(path.join(govukDist, 'govuk/assets/images'), { fallthrough: false }));

  router.use(pageHeaders);
  // A command's form has a field per part of its body (a date is four): its own, larger limit, read before the general one.
  router.use('/cases/:reference/commands/:command', express.urlencoded({ extended: false, limit: '100kb', parameterLimit: 1000 }));
  // A new complaint's form: its text runs to 20,000 characters, its people to some fifty fields.
  router.use('/cases/new', express.urlencoded({ extended: false, limit: '100kb', parameterLimit: 200 }));
  router.use(express.urlencoded({ extended: false, limit: '20kb', parameterLimit: 20 }));
  router.use(staffSession(store, times, now));
  router.use(requireStaffCsrf);

  const render = (req: Request, res: Response, view: string, ctx: Record<string, unknown> & { title: string }, status = 200) => {
    const errors = (ctx.errors as Array<{ text: string }> | undefined) ?? [];
    res.status(status).type('html').send(
      env.render(view, {
        ...ctx,
        pageTitle: `${errors.length ? 'Error: ' : ''}${ctx.title} – Complaints casework – ${res.locals.councilName ?? councilName}`,
        councilName: res.locals.councilName ?? councilName,
        assetPath: ASSETS,
        cspNonce: res.locals.cspNonce,
        csrf: csrfToken(req),
        staff: req.staff ? { subject: req.staff.caller.subject, roles: req.staff.caller.roles, local: req.staff.via === 'local', navigation: navigationOf(req.staff, view) } : undefined,
        errors,
      }),
    );
  };
  const message = (req: Request, res: Response, status: number, heading: string, body: string) => render(req, res, 'message.njk', { title: heading, heading, body }, status);

  // Sign-in
  router.get('/sign-in', (req, res) => {
    if (req.staff) return res.redirect(303, '/staff');
    render(req, res, 'sign-in.njk', { title: 'Sign in', oidc: Boolean(oidc), local: localAllowed, ended: req.query.ended === '1', roles: ROLES, values: {} });
  });
  router.get('/sign-in/start', async (_req, res) => {
    if (!oidc) return res.redirect(303, '/staff/sign-in');
    res.redirect(303, (await oidc.start(now())).href);
  });
  router.get('/sign-in/callback', async (req, res) => {
    if (!oidc) return res.redirect(303, '/staff/sign-in');
    const caller = await oidc.finish(new URL(deps.oidc!.redirectUri + (req.originalUrl.includes('?') ? req.originalUrl.slice(req.originalUrl.indexOf('?')) : '')), now());
    // A session works in the councils of its sign-in that this deployment serves: with none, there is nothing to show.
    const councils: string[] = [];
    for (const council of caller.councils) if (await serves(council)) councils.push(council);
    if (councils.length === 0) {
      return message(req, res, 403, 'Not a council these pages serve', `These pages serve the councils added to this deployment; your sign-in names: ${caller.councils.join(', ')}.`);
    }
    await openSession(store, req, res, caller, councils, 'oidc', now(), times);
    res.redirect(303, '/staff');
  });
  router.post('/sign-in/local', async (req, res) => {
    if (!localAllowed) return message(req, res, 403, 'Local sign-in is not available', 'This service signs staff in through the council’s identity provider. The local sign-in is for a developer’s own machine only.');
    const parsed = localSignInSchema.safeParse(req.body ?? {});
    if (!parsed.success) {
      const errors = parsed.error.issues.map((i) => ({ text: i.message, href: `#${String(i.path[0])}` }));
      return render(req, res, 'sign-in.njk', { title: 'Sign in', local: true, roles: ROLES, values: req.body ?? {}, errors, errorOf: Object.fromEntries(errors.map((e) => [e.href.slice(1), { text: e.text }])) }, 400);
    }
    const teams = (parsed.data.teams ?? '').split(',').map((t) => t.trim()).filter(Boolean);
    // The local sign-in is the embedded default's: its one council.
    await openSession(store, req, res, localCaller(parsed.data.subject, parsed.data.role, teams), [DEFAULT_COUNCIL], 'local', now(), times);
    res.redirect(303, '/staff');
  });
  router.post('/sign-out', async (req, res) => {
    await endSession(store, req, res, now());
    res.redirect(303, '/staff/signed-out');
  });
  router.get('/signed-out', (req, res) => message(req, res, 200, 'You have signed out', 'Close the browser if you are on a shared computer.'));

  // Everything else needs a live session: a session that ended says so at sign-in.
  router.use((req: Request, res: Response, next: NextFunction) => {
    if (req.staff) return next();
    const hadSession = (req.get('cookie') ?? '').includes('staff_session=');
    res.redirect(303, `/staff/sign-in${hadSession ? '?ended=1' : ''}`);
  });

  // The chooser: a member of several councils picks the one to work in, and comes back here to switch.
  const chooser = async (req: Request, res: Response, errors: Array<{ text: string; href: string }> = []) => {
    const staff = req.staff!;
    if (staff.worksIn) res.locals.councilName = await nameOf(staff.worksIn);
    const councils = await Promise.all(staff.councils.map(async (id) => ({ value: id, text: await nameOf(id), checked: id === staff.worksIn })));
    render(req, res, 'council.njk', { title: 'Which council are you working for?', councils, errors, errorOf: errors.length ? { council: { text: errors[0]!.text } } : undefined }, errors.length ? 400 : 200);
  };
  router.get('/council', (req, res) => chooser(req, res));
  router.post('/council', async (req, res) => {
    const council = typeof req.body?.council === 'string' ? (req.body.council as string) : '';
    if (!(await workIn(store, req, council))) return chooser(req, res, [{ text: 'Select the council you are working for', href: `#council` }]);
    res.redirect(303, '/staff');
  });

  // Every other page works in the session's council: its reads, commands and access log are that council's only.
  router.use(async (req: Request, res: Response, next: NextFunction) => {
    const council = req.staff!.worksIn;
    if (!council) return res.redirect(303, '/staff/council');
    res.locals.councilName = await nameOf(council);
    inCouncil(council, next);
  });

  router.get(['/', '/cases'], async (req, res) => {
    const caller = req.staff!.caller;
    const parsed = filtersSchema.extend(pagingSchema.shape).safeParse(blankless(req.query));
    const refused = (issues: Array<{ path: PropertyKey[]; message: string }>) => {
      // A page link's cursor has no field: its error links to the page itself.
      const errors = issues.map((i) => ({ text: i.message, href: PAGING_KEYS.has(String(i.path[0])) ? '#main-content' : `#${String(i.path[0])}` }));
      return render(req, res, 'caseload.njk', { title: 'Caseload', filters: req.query, errors, errorOf: Object.fromEntries(errors.map((e) => [e.href.slice(1), { text: e.text }])), sections: [] }, 400);
    };
    if (!parsed.success) return refused(parsed.error.issues);
    const { cursor, back, ...filters } = parsed.data;
    const today = londonDateOf(now());
    let load: Awaited<ReturnType<typeof caseload>>;
    try {
      load = await caseload(deps.records, caller, filters, today, await awaitingDecision(deps.records.db, caller, today), { ...(cursor ? { cursor } : {}), limit: deps.pageSize ?? 200 });
    } catch (error) {
      if (error instanceof RecordsInputError) return refused([{ path: ['cursor'], message: 'That page link is damaged: start again from the first page' }]);
      throw error;
    }
    render(req, res, 'caseload.njk', {
      title: 'Caseload',
      filters,
      today: load.today,
      todayText: longDate(load.today),
      pages: pageLinks('/staff', filters, { ...(cursor ? { cursor } : {}), ...(back ? { back } : {}) }, load.nextCursor),
      sections: SECTIONS.map((id) => ({ id, title: SECTION_TITLES[id], rows: load.sections[id] })),
      queues: await queueCounts(deps.records.db, caller, today),
      mayLog: mayLogComplaints(caller),
    });
  });

  newCasePages(router, { ...deps, now, render, forbidden: (req, res) => message(req, res, 403, 'You cannot log complaints', 'Logging a complaint is for the complaints team: complaints officers and managers.') });

  const caseRef = (raw: string) => {
    const parsed = referenceSchema.safeParse(raw);
    if (!parsed.success) throw noSuchComplaint(raw);
    return parsed.data;
  };
  for (const [route, view] of [['/cases/:reference', 'case.njk'], ['/cases/:reference/print', 'print.njk']] as const) {
    router.get(route, async (req, res) => {
      const page = await casePage(deps, req.staff!.caller, caseRef(req.params.reference));
      render(req, res, view, { title: `${view === 'print.njk' ? 'Printable summary of complaint' : 'Complaint'} ${page.reference}`, page, printView: view === 'print.njk', done: view === 'case.njk' ? doneBanner(req.query) : undefined });
    });
  }
  router.get('/cases/:reference/letters/:id', async (req, res) => {
    const reference = caseRef(req.params.reference);
    const id = Number(req.params.id);
    const { letter } = await letterOf(deps, req.staff!.caller, reference, Number.isSafeInteger(id) ? id : -1);
    if (!letter) return notFound(req, res);
    render(req, res, 'letter.njk', { title: `${letter.subject ?? letter.template} – ${reference}`, reference, letter });
  });

  router.get('/queues/:name', async (req, res) => {
    const name = QUEUE_NAMES.find((n) => n === req.params.name);
    if (!name) return notFound(req, res);
    const paging = pagingSchema.safeParse(blankless(req.query));
    const damaged = () => message(req, res, 400, 'That page link is damaged', 'Go back to the caseload and open the queue again.');
    if (!paging.success) return damaged();
    let queue: Awaited<ReturnType<typeof queueOf>>;
    try {
      queue = await queueOf(deps.records.db, req.staff!.caller, name, londonDateOf(now()), deps.pageSize ?? 200, paging.data.cursor);
    } catch (error) {
      if (error instanceof RecordsInputError) return damaged();
      throw error;
    }
    render(req, res, 'queue.njk', { title: queue.title, queue, backHref: '/staff', pages: pageLinks(`/staff/queues/${name}`, {}, paging.data, queue.nextCursor) });
  });

  staffReportPage(router, { records: deps.records, now, message });

  commandPages(router, { client: deps.client, records: deps.records, now, render, caseRef, notFound: (req, res) => notFound(req, res) });

  const notFound = (req: Request, res: Response) => message(req, res, 404, 'Page not found', 'If you typed the web address, check it is correct. A case you may not see is not found either.');
  router.use(notFound);
  const onError: ErrorRequestHandler = (error, req, res, _next) => {
    if (error instanceof StaffCsrfRefused) return message(req, res, 403, 'Your form could not be sent', 'The page was open too long, or came from somewhere else. Nothing was changed: go back, reload the page and try again.');
    if (error instanceof SignInFailed) return render(req, res, 'message.njk', { title: 'You are not signed in', heading: 'You are not signed in', body: error.message, signInAgain: true }, 401);
    if (error instanceof ProblemError && error.status === 404) return notFound(req, res);
    if (error instanceof ProblemError && error.status === 403) return message(req, res, 403, 'You cannot do this on this case', error.detail ?? error.title);
    deps.log('staff page failed', error);
    message(req, res, 500, 'Sorry, there is a problem with the service', 'Try again later.');
  };
  router.use(onError);
  return router;
}

/** The service navigation: the caseload, the annual report for those who may read it, and the chooser for a member of several councils. */
function navigationOf(staff: StaffPrincipal, view: string): Array<{ href: string; text: string; active: boolean }> {
  return [
    { href: '/staff', text: 'Caseload', active: view === 'caseload.njk' },
    ...(staff.worksIn && mayReadReport(staff.caller.roles) ? [{ href: '/staff/reports/annual', text: 'Annual report', active: false }] : []),
    ...(staff.councils.length > 1 ? [{ href: '/staff/council', text: 'Switch council', active: view === 'council.njk' }] : []),
  ];
}

/** A GET form sends every field, empty ones too: an empty filter is no filter. */
function blankless(query: Request['query']): Record<string, unknown> {
  return Object.fromEntries(Object.entries(query).filter(([, v]) => v !== ''));
}
