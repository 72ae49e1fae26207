import express from 'express';
import helmet from 'helmet';
import type { Client } from '@temporalio/client';
import type { PayloadCodec } from '@temporalio/common';
import type { Records } from '../records/repository';
import { currentCouncil } from '../records/council';
import { defaultCouncil, enterCouncil } from './auth/council';
import { councilClients } from './council-clients';
import { requireRole } from './auth/authenticate';
import { authenticate, type AuthOptions } from './auth/authenticate';
import { docsPage } from './docs';
import { createMetrics } from './metrics';
import { openApiDocument } from './openapi';
import { errorHandler, methodNotAllowed, notFound, PROBLEM_TYPES, ProblemError, problemText, rejectUnstorableText, requireJson, validationProblem } from './problems';
import { jsonBody } from './json-body';
import { perAddressLimit, perCallerLimit } from './rate-limit';
import { auditQuerySchema } from './schemas';
import { cors } from './cors';
import { codecRoutes } from './routes/codec';
import { complaintRoutes } from './routes/complaints';
import { caseMonitoringRoutes } from './routes/case-monitoring';
import { conductRoutes } from './routes/conduct';
import { reportRoutes } from './routes/reports';
import { actionRoutes } from './routes/actions';
import { importRoutes } from './routes/imports';
import { calendarRoutes } from './routes/calendar';
import { policyRoutes } from './routes/policies';
import { feedbackRoutes } from './routes/feedback';
import { enquiryRoutes } from './routes/enquiries';
import { subjectAccessRoutes } from './routes/subject-access';
import { registerRoutes } from './routes/register';
import { communicationNeedsRoutes } from './routes/communication-needs';
import { complainantRoutes } from './complainant/routes';
import { signInDesk, type ComplainantOptions } from './complainant/sign-in';
import { councilSite } from '../web/council-site';
import { complaintPages, type WebOptions } from '../web/pages';
import { staffPages, type StaffOptions } from '../web/staff/pages';
import { statusPages } from '../web/status';

export interface AppDeps {
  /** The client of the deployment's own namespace, the `default` council's; other councils' clients share its connection (api/council-clients.ts). */
  client: Client;
  /** The records on the database (every council's through its own handle). */
  records: Records;
  taskQueue: string;
  defaultPolicy: string;
  auth: AuthOptions;
  /** Largest JSON body accepted (bytes). */
  bodyLimitBytes?: number;
  /** History events after which a case's workflow continues as new (tests set it low). */
  historyLimit?: number;
  /** Minutes after creation in which past steps may be logged before the case is judged (default 60; tests set 0). */
  graceMinutes?: number;
  /** The window after a clock's instant across which new cases' wakes are spread (ms; none when absent). */
  wakeSpreadMs?: number;
  /** How long one request may wait on Temporal before answering 503 (ms). */
  temporalTimeoutMs?: number;
  /** Requests a minute per signed-in caller (token subject). */
  rateLimitPerMinute?: number;
  /** Requests a minute per client address, signed or not, counted before authentication. */
  rateLimitPerAddressPerMinute?: number;
  /** Express's `trust proxy` (TRUST_PROXY): which proxies' X-Forwarded-For gives the client address; off by default. */
  trustProxy?: boolean | number | string;
  /** Rows one import may have (IMPORT_MAX_ROWS); 413 beyond. */
  importMaxRows?: number;
  /** Origins allowed to call the API from a browser; none by default. */
  corsOrigins?: readonly string[];
  /** The payload codec, served to the Temporal UI at /codec for callers with a codec role. */
  codec?: PayloadCodec;
  /** The Temporal UI's origins, the only ones the codec endpoint answers cross-origin. */
  uiOrigins?: readonly string[];
  log?: (message: string, error?: unknown) => void;
  /** The complainant's sign-in and session under /complaints (api/complainant/); off without it. */
  complainant?: ComplainantOptions;
  /** The complainant's pages under /complaints, and each council's under /councils/<id>/complaints (web/). */
  web?: WebOptions;
  /** The staff pages under /staff (web/staff/): sign-in, caseload, cases. */
  staff?: StaffOptions;
}

/** Requests a minute from one address: several callers' share, as an office behind one address has. */
const DEFAULT_RATE_LIMIT_PER_ADDRESS = 3_000;

/** The staff API, built apart from `listen` so tests drive it in-process. */
export function createApp(given: AppDeps): express.Express {
  // Every store and Temporal call the routes reach is the council of the request in hand's (api/auth/council.ts), never a fixed one.
  const clients = councilClients(given.client, given.records);
  const deps: AppDeps = { ...given, client: clients.routed, records: given.records.forCouncil(currentCouncil) };
  const served = clients.serves;
  const log = deps.log ?? ((message, error) => console.error(message, error));
  const app = express();
  const metrics = createMetrics();
  const openApi = openApiDocument();
  app.disable('x-powered-by');
  app.set('trust proxy', deps.trustProxy ?? false);
  app.use(helmet({ contentSecurityPolicy: { directives: { defaultSrc: ["'self'"], styleSrc: ["'self'", "'unsafe-inline'"] } } }));
  app.use(metrics.middleware);
  app.use(defaultCouncil);
  // CORS closed by default; opened only to the origins configured.
  app.use(cors({ origins: deps.corsOrigins ?? [], headers: 'Authorization, Content-Type, Idempotency-Key, X-Council', methods: 'GET, POST' }));
  // Every request counts against its address before any route or token is looked at (its 429 with the headers above).
  app.use(perAddressLimit(deps.rateLimitPerAddressPerMinute ?? DEFAULT_RATE_LIMIT_PER_ADDRESS));
  // The complainant's sign-in and session, then their pages (HTML with their own CSP, CSRF and error pages), before
  // the API's JSON-only rules: the pages' router answers every other /complaints path, its own 404 too.
  const signIn = deps.complainant ? signInDesk({ records: deps.records, log }, deps.complainant) : undefined;
  const complainantSide = express.Router();
  if (signIn) complainantSide.use(complainantRoutes({ records: deps.records, log }, signIn));
  // The signed-in complainant's own pages: the session the routes above loaded is on the request.
  if (signIn) complainantSide.use(statusPages({ client: deps.client, records: deps.records, council: signIn.council, log }));
  complainantSide.use(complaintPages({ ...deps, ...deps.web, signIn, log }));
  // The default council's at /complaints; every other council's, the same pages in its own context, at /councils/<id>/complaints.
  app.use('/complaints', complainantSide);
  app.use('/councils/:council/complaints', councilSite({ serves: served, records: given.records, ...(deps.complainant ? { complainant: deps.complainant } : {}), ...(deps.web?.councilName ? { councilName: deps.web.councilName } : {}) }), complainantSide);
  app.use('/staff', staffPages({ ...deps, ...deps.staff, serves: clients.serves, log }));
  app.use(methodNotAllowed(openApi));

  // Open endpoints: probes, metrics, documentation.
  app.get('/healthz', (_req, res) => {
    res.json({ status: 'ok' });
  });
  app.get('/readyz', async (_req, res) => {
    const [temporal, database] = await Promise.allSettled([
      deps.client.connection.withDeadline(Date.now() + 3_000, () => deps.client.connection.workflowService.getSystemInfo({})),
      deps.records.ping(),
    ]);
    if (temporal.status === 'rejected' || database.status === 'rejected') {
      const down = [temporal.status === 'rejected' ? 'Temporal' : '', database.status === 'rejected' ? 'the records database' : ''].filter(Boolean);
      throw new ProblemError(503, PROBLEM_TYPES.unavailable, 'Not ready', `${down.join(' and ')} not reachable`, {}, { 'Retry-After': '5' });
    }
    res.json({ status: 'ready', temporal: 'ok', database: 'ok' });
  });
  app.get('/metrics', async (_req, res) => {
    res.type(metrics.registry.contentType).send(await metrics.registry.metrics());
  });
  app.get('/openapi.json', (_req, res) => {
    res.json(openApi);
  });
  app.get('/docs', (_req, res) => {
    res.type('html').send(docsPage(openApi));
  });
  app.get('/problems/:name', (req, res) => {
    const text = problemText(req.params.name);
    if (!text) throw new ProblemError(404, PROBLEM_TYPES.notFound, 'Not found', `No problem type ${req.params.name}`);
    res.type('text/plain').send(text);
  });

  if (deps.codec) {
    const uiCors = cors({ origins: deps.uiOrigins ?? [], headers: 'Authorization, Content-Type, X-Namespace', methods: 'POST', credentials: true });
    // The Temporal UI calls without a token unless it has an auth provider: such calls get an explanation, never plain data.
    app.use('/codec', uiCors, authenticate(deps.auth, { optional: true }), enterCouncil(served), jsonBody('8mb'), codecRoutes(deps.codec, deps.records, () => clients.namespaceOf(currentCouncil())));
  }

  // Everything under /v1 needs a token, JSON bodies within the limit, and a fair share of requests.
  const v1 = express.Router();
  v1.use(authenticate(deps.auth));
  v1.use(enterCouncil(served));
  v1.use(perCallerLimit(deps.rateLimitPerMinute ?? 600));
  // Imports take text/csv as well as JSON, and larger bodies: mounted before the JSON-only parsers.
  v1.use('/imports', importRoutes(deps));
  v1.use(requireJson);
  // Every Temporal call a request makes shares one deadline: a Temporal that
  // does not answer gives a prompt 503 with Retry-After, not a hung request.
  v1.use((_req, _res, next) => {
    void deps.client.connection.withDeadline(Date.now() + (deps.temporalTimeoutMs ?? 10_000), async () => next());
  });
  v1.use(jsonBody(deps.bodyLimitBytes ?? 100_000));
  v1.use(rejectUnstorableText);
  v1.use('/complaints', complaintRoutes({ ...deps, onCommand: metrics.onCommand }));
  v1.use('/complaints', caseMonitoringRoutes(deps));
  v1.use('/complaints', communicationNeedsRoutes(deps));
  v1.use('/register', registerRoutes(deps));
  v1.use('/reports', reportRoutes({ records: deps.records, councilName: deps.web?.councilName ?? deps.staff?.councilName }));
  v1.use('/conduct', conductRoutes(deps));
  v1.use('/actions', actionRoutes(deps));
  v1.use('/calendar', calendarRoutes(deps));
  v1.use('/policies', policyRoutes());
  v1.use(feedbackRoutes({ records: deps.records }));
  v1.use(enquiryRoutes({ records: deps.records }));
  // A subject access request: POST, the person in the body (api/routes/subject-access.ts).
  v1.use(subjectAccessRoutes(deps));
  /** The audit log: every read and export of a case's personal data (changes are the events of each case). */
  v1.get('/audit/access', async (req, res) => {
    requireRole(['auditor', 'complaints-manager'], 'Reading the audit log', req.caller);
    const parsed = auditQuerySchema.safeParse(req.query);
    if (!parsed.success) throw validationProblem(parsed.error);
    res.json({ access: await deps.records.listAccess(parsed.data) });
  });
  app.use('/v1', v1);

  app.use(notFound);
  app.use(errorHandler(log));
  return app;
}
