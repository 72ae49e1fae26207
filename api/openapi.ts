import { z } from 'zod';
import { clientBody } from './command-body';
import { COMMAND_TABLE } from '../domain/complaint/table';
import type { CommandRow } from '../domain/command-table';
import { CREATE_ROLES } from './auth/roles';
import { PROBLEMS } from './problems';
import { conductOpenApiPaths } from './routes/conduct';
import { actionPaths } from './routes/actions';
import { auditQuerySchema, caseViewSchema, createComplaintSchema, listComplaintsSchema } from './schemas';
import { importOpenApiPaths } from './imports';
import { calendarOpenApiPaths } from './routes/calendar';
import { policyOpenApiPaths } from './routes/policies';
import { feedbackOpenApiPaths } from './routes/feedback';
import { enquiryOpenApiPaths } from './routes/enquiries';
import { subjectAccessOpenApiPaths } from './routes/subject-access';
import { caseMonitoringOpenApiPaths } from './routes/case-monitoring';
import { registerOpenApiPaths } from './routes/register';
import { communicationNeedsOpenApiPaths } from './routes/communication-needs';

/**
 * The OpenAPI 3.1 document, generated from the same zod schemas the routes
 * parse with: there is no second, hand-written copy to drift.
 */
function schema(s: z.ZodType): Record<string, unknown> {
  const { $schema: _ignored, ...rest } = z.toJSONSchema(s, { io: 'input', unrepresentable: 'any' }) as Record<string, unknown>;
  return rest;
}

/** Query parameters from a zod object schema, each with its own JSON Schema. */
function queryParameters(s: z.ZodObject): Array<Record<string, unknown>> {
  const { properties = {}, required = [] } = schema(s) as { properties?: Record<string, unknown>; required?: string[] };
  return Object.entries(properties).map(([name, property]) => ({ name, in: 'query', required: required.includes(name), schema: property }));
}

function hasRequired(s: z.ZodType): boolean {
  const required = schema(clientBody(s)).required;
  return Array.isArray(required) && required.length > 0;
}

/** A command's body as the API takes it (no `actor`: it comes from the token), keeping the command's description and example. */
function commandBody(s: z.ZodType): Record<string, unknown> {
  return schema(clientBody(s).strict().meta(z.globalRegistry.get(s) ?? {}));
}

/** The first sentence of a command's description: the operation's summary. */
function summaryOf(s: z.ZodType, fallback: string): string {
  const description = z.globalRegistry.get(s)?.description;
  return description ? description.split(/(?<=\.) /)[0]!.replace(/\.$/, '') : fallback;
}

/** Who may send a command, from its row: its roles, and those a field of the body calls for. */
export function rolesText(row: Pick<CommandRow<unknown>, 'roles' | 'rolesWhen'>): string {
  const when = (row.rolesWhen ?? []).map((r) => `; with \`${r.field}\` (${r.what.toLowerCase()}), also one of ${r.roles.join(', ')}`);
  return `Roles: ${row.roles.join(', ')}${when.join('')}`;
}

const problemSchema = {
  type: 'object',
  required: ['type', 'title', 'status'],
  properties: {
    type: { type: 'string', enum: Object.keys(PROBLEMS).map((p) => `/problems/${p}`) },
    title: { type: 'string' },
    status: { type: 'integer' },
    detail: { type: 'string' },
    instance: { type: 'string' },
    errors: { type: 'array', items: { type: 'object', required: ['field', 'message'], properties: { field: { type: 'string' }, message: { type: 'string' } } } },
  },
};

function problems(...statuses: number[]): Record<string, unknown> {
  const text: Record<number, string> = {
    400: 'Invalid request: every invalid field is listed',
    401: 'No valid bearer token',
    403: "The caller's roles do not allow this",
    404: 'No such complaint',
    409: "Refused by the case's state, with the reason",
    413: 'Body too large',
    415: 'Body is not JSON',
    429: 'Too many requests',
    503: 'Temporal or the records store unavailable; retry after Retry-After',
  };
  return Object.fromEntries(
    statuses.map((s) => [String(s), { description: text[s], content: { 'application/problem+json': { schema: { $ref: '#/components/schemas/Problem' } } } }]),
  );
}

const reference = { name: 'reference', in: 'path', required: true, schema: { type: 'string', pattern: '^CSC-\\d{4}-[0-9A-HJKMNP-TV-Z]{6}$' }, example: 'CSC-2026-7KQ3MP' };
const idempotencyKey = {
  name: 'Idempotency-Key',
  in: 'header',
  required: false,
  schema: { type: 'string', minLength: 1, maxLength: 200, pattern: '^[\\x21-\\x7e]+$' },
  description: 'A retry with the same key returns the first answer and applies nothing twice.',
};
const caseView = { description: 'The case view', content: { 'application/json': { schema: { $ref: '#/components/schemas/CaseView' } } } };

/**
 * Every JSON request body shows an example (the one its schema's
 * `.meta({ examples })` gives, or, for a choice of bodies, the first choice's),
 * which /docs prints and test/api/docs.test.ts posts to the API.
 */
function withExamples(paths: Record<string, Record<string, unknown>>) {
  for (const operations of Object.values(paths)) {
    for (const operation of Object.values(operations) as Array<{ requestBody?: { content: Record<string, { schema?: JsonSchema; example?: unknown }> } }>) {
      const media = operation.requestBody?.content['application/json'];
      if (!media || media.example !== undefined) continue;
      const example = [media.schema, ...(media.schema?.oneOf ?? [])].find((s) => s?.examples?.length)?.examples?.[0];
      if (example !== undefined) media.example = example;
    }
  }
  return paths;
}
type JsonSchema = { examples?: unknown[]; oneOf?: JsonSchema[] };

export function openApiDocument(): Record<string, unknown> {
  const commandPaths = Object.fromEntries(
    Object.entries(COMMAND_TABLE).map(([name, { schema: s, ...row }]) => [
      `/v1/complaints/{reference}/commands/${name}`,
      {
        post: {
          operationId: `command_${name.replace(/-/g, '_')}`,
          summary: summaryOf(s, `The ${name} command`),
          description: `${z.globalRegistry.get(s)?.description ?? ''} ${rolesText(row)}. The roles count only in a case the caller reaches, in its part there (the README's access table): 404 for any other case, as for one that does not exist. \`at\` defaults to now; never in the future, never before the step it follows.`.trim(),
          tags: ['commands'],
          parameters: [reference, idempotencyKey],
          // A body is required exactly when the command has a required field (an absent body is `{}`).
          requestBody: { required: hasRequired(s), content: { 'application/json': { schema: commandBody(s) } } },
          responses: { '200': caseView, ...problems(400, 401, 403, 404, 409, 413, 415, 429, 503) },
        },
      },
    ]),
  );
  return {
    openapi: '3.1.0',
    info: {
      title: "Children's complaints engine API",
      version: '1',
      description:
        'Staff API for the statutory children\'s social care complaints procedure (Children Act 1989). Every request needs a bearer token; errors are application/problem+json (RFC 9457).',
    },
    servers: [{ url: '/' }],
    security: [{ bearer: [] }],
    paths: withExamples({
      '/v1/complaints': {
        get: {
          operationId: 'listComplaints',
          summary: 'Cases from the system of record, newest first, with filters and cursor pages (no personal data)',
          description: "Every role: only the cases the caller reaches (every case; its teams' cases, from the token's `teams`; the cases it has a part in, by its subject).",
          tags: ['complaints'],
          parameters: queryParameters(listComplaintsSchema),
          responses: { '200': { description: 'a page of cases, and nextCursor when there are more' }, ...problems(400, 401, 403, 429, 503) },
        },
        post: {
          operationId: 'createComplaint',
          summary: 'Log a complaint and start its procedure',
          description: `Roles: ${CREATE_ROLES.join(', ')}.`,
          tags: ['complaints'],
          parameters: [idempotencyKey],
          requestBody: { required: true, content: { 'application/json': { schema: schema(createComplaintSchema) } } },
          responses: {
            '201': { ...caseView, headers: { Location: { schema: { type: 'string' } } } },
            ...problems(400, 401, 403, 409, 413, 415, 429, 503),
          },
        },
      },
      '/v1/complaints/{reference}': {
        get: {
          operationId: 'getComplaint',
          summary: 'The case view: stage, status, deadlines with their explanations, events',
          description:
            'Every role, on a case it reaches (404 otherwise, as for one that does not exist): the `case` view with the people and the complaint\'s text (logged), or for the auditor the `summary`: dates, states, deadlines and counts, no names or free text.',
          tags: ['complaints'],
          parameters: [reference],
          responses: { '200': caseView, ...problems(401, 403, 404, 429, 503) },
        },
      },
      '/v1/complaints/{reference}/correspondence': {
        get: { operationId: 'getCorrespondence', summary: 'Every letter and alert of the case, as sent', description: 'The roles that read the `correspondence` view of this case (the README\'s access table); logged.', tags: ['complaints'], parameters: [reference], responses: { '200': { description: 'the correspondence' }, ...problems(401, 403, 404, 429, 503) } },
      },
      '/v1/complaints/{reference}/chronology': {
        get: { operationId: 'getChronology', summary: 'Every event and letter in order (JSON, or HTML for Accept: text/html)', description: 'The roles that read the `chronology` view of this case (the README\'s access table); logged as an export.', tags: ['complaints'], parameters: [reference], responses: { '200': { description: 'the chronology' }, ...problems(401, 403, 404, 429, 503) } },
      },
      '/v1/reports/annual': {
        get: {
          operationId: 'annualReport',
          summary: 'The statutory annual report for a period (JSON, CSV or a printable HTML page)',
          description: 'Roles: complaints-manager, director, auditor. Dates are London dates, both ends included.',
          tags: ['reports'],
          parameters: [
            { name: 'from', in: 'query', required: true, schema: { type: 'string', format: 'date' } },
            { name: 'to', in: 'query', required: true, schema: { type: 'string', format: 'date' } },
            { name: 'format', in: 'query', required: false, schema: { type: 'string', enum: ['json', 'csv', 'html'] } },
          ],
          responses: { '200': { description: 'the report', content: { 'application/json': {}, 'text/csv': {}, 'text/html': {} } }, ...problems(400, 401, 403, 429, 503) },
        },
      },
      '/v1/reports/stage2-timings': {
        get: {
          operationId: 'stage2Timings',
          summary: 'Stage 2 dates per case as CSV: request, acknowledgement, appointments, statement agreed, reports, adjudication, response',
          description: 'Role: complaints-manager. Cases whose Stage 2 was open on a day of the period; dates only, no names. Each case exported is logged in the access log (export, view `stage2-timings`).',
          tags: ['reports'],
          parameters: [
            { name: 'from', in: 'query', required: true, schema: { type: 'string', format: 'date' } },
            { name: 'to', in: 'query', required: true, schema: { type: 'string', format: 'date' } },
          ],
          responses: { '200': { description: 'one row per case', content: { 'text/csv': {} } }, ...problems(400, 401, 403, 429, 503) },
        },
      },
      ...subjectAccessOpenApiPaths(schema, problems),
      ...caseMonitoringOpenApiPaths(schema, problems),
      '/v1/audit/access': {
        get: { operationId: 'auditAccess', summary: 'Every read and export of personal data (auditor, complaints manager)', tags: ['audit'], parameters: queryParameters(auditQuerySchema), responses: { '200': { description: 'the access log' }, ...problems(400, 401, 403, 429, 503) } },
      },
      ...commandPaths,
      ...conductOpenApiPaths(),
      ...actionPaths(),
      ...importOpenApiPaths(),
      ...calendarOpenApiPaths(schema, problems, idempotencyKey),
      ...policyOpenApiPaths(problems),
      ...registerOpenApiPaths(schema, problems),
      ...communicationNeedsOpenApiPaths(schema, problems, reference),
      ...feedbackOpenApiPaths(schema, problems, idempotencyKey),
      ...enquiryOpenApiPaths(schema, problems, idempotencyKey),
      '/healthz': { get: { operationId: 'health', summary: 'Liveness', security: [], responses: { '200': { description: 'alive' } } } },
      '/readyz': {
        get: { operationId: 'ready', summary: 'Readiness: Temporal answers', security: [], responses: { '200': { description: 'ready' }, ...problems(503) } },
      },
      '/metrics': { get: { operationId: 'metrics', summary: 'Prometheus metrics', security: [], responses: { '200': { description: 'metrics', content: { 'text/plain': {} } } } } },
    }),
    components: {
      securitySchemes: { bearer: { type: 'http', scheme: 'bearer', bearerFormat: 'JWT' } },
      schemas: { Problem: problemSchema, CaseView: schema(caseViewSchema) },
    },
  };
}
