import { WorkflowNotFoundError, WorkflowUpdateFailedError } from '@temporalio/client';
import { ApplicationFailure } from '@temporalio/common';
import type { ErrorRequestHandler, RequestHandler } from 'express';
import { z } from 'zod';
// Installs the API's wording of validation messages (what was expected, with an example).
import './validation-messages';
import { TRANSITION_REFUSED } from '../workflows/kit/refusal';
import { MAX_JSON_DEPTH } from './json-body';

/**
 * Errors as application/problem+json (RFC 9457). Each `type` is a stable URI
 * reference that dereferences to its explanation (GET /problems/{name}).
 * Routes throw ProblemError; zod errors become 400 listing every field;
 * anything unexpected is a 500 with no detail (and a log line).
 */
export const PROBLEMS = {
  validation: 'The request has invalid fields; `errors` lists each one.',
  'malformed-json': 'The body is not valid JSON.',
  'nesting-too-deep': `The JSON body nests arrays or objects more than ${MAX_JSON_DEPTH} levels deep; no request of this API needs more.`,
  'unsupported-media-type': 'Request bodies must be JSON (Content-Type: application/json).',
  'payload-too-large': 'The body is larger than the API accepts, or an import has more rows than it takes; `detail` names the limit.',
  unauthorized: 'No valid bearer token was given.',
  forbidden: "The caller's roles do not allow this.",
  'not-found': 'There is no such complaint, command or route.',
  'method-not-allowed': 'The route exists but not with this method; `Allow` lists the methods it takes.',
  'transition-refused': "The case's state does not allow this step; `detail` gives the reason.",
  'not-independent':
    'The person named may not take this part: the independence register (BANES 9.3) does not list them for it, or records them as an officer or member of the council (Luton 16.3 for an Independent Person, Rutland 10.1 for a Review Panel). `rule` gives the rule, `detail` the paragraph and how to register them. Nothing was changed.',
  'idempotency-key-reused': 'The Idempotency-Key was already used for a different request.',
  'rate-limited': 'Too many requests; retry after the time in Retry-After.',
  unavailable: 'A service the API depends on is unavailable; retry after the time in Retry-After. Nothing was changed.',
  internal: 'An unexpected error; it has been logged. Nothing the client sent caused it.',
} as const;
export type ProblemName = keyof typeof PROBLEMS;

/** A problem type's explanation, or undefined: a name from a URL is never looked up on Object.prototype. */
export function problemText(name: string): string | undefined {
  return Object.hasOwn(PROBLEMS, name) ? PROBLEMS[name as ProblemName] : undefined;
}

export const PROBLEM_TYPES = Object.fromEntries(Object.keys(PROBLEMS).map((name) => [camel(name), `/problems/${name}`])) as {
  [K in ProblemName as CamelCase<K>]: `/problems/${K}`;
};

type CamelCase<S extends string> = S extends `${infer H}-${infer T}` ? `${H}${Capitalize<CamelCase<T>>}` : S;
function camel(name: string): string {
  return name.replace(/-(\w)/g, (_, c: string) => c.toUpperCase());
}

export class ProblemError extends Error {
  constructor(
    readonly status: number,
    readonly type: string,
    readonly title: string,
    readonly detail?: string,
    readonly extra: Record<string, unknown> = {},
    readonly headers: Record<string, string> = {},
  ) {
    super(detail ?? title);
  }
}

export const notFound: RequestHandler = (req) => {
  throw new ProblemError(404, PROBLEM_TYPES.notFound, 'Not found', `No route for ${req.method} ${req.path}`);
};

/**
 * 405 with `Allow` for a documented path asked with a method it does not
 * take (TRACE, PUT…); paths the OpenAPI document does not list stay 404.
 */
export function methodNotAllowed(openApi: { paths?: Record<string, Record<string, unknown>> }): RequestHandler {
  const routes = Object.entries(openApi.paths ?? {}).map(([template, operations]) => {
    const pattern = template.replace(/[.*+?^$()|[\]\\]/g, '\\$&').replace(/\{[^}]+\}/g, '[^/]+');
    const methods = Object.keys(operations).map((m) => m.toUpperCase());
    if (methods.includes('GET')) methods.push('HEAD');
    return { regex: new RegExp(`^${pattern}$`), allow: [...methods, 'OPTIONS'] };
  });
  return (req, _res, next) => {
    const route = routes.find((r) => r.regex.test(req.path));
    if (!route || route.allow.includes(req.method)) return next();
    throw new ProblemError(405, PROBLEM_TYPES.methodNotAllowed, 'Method not allowed', `${req.path} takes ${route.allow.join(', ')}`, {}, { Allow: route.allow.join(', ') });
  };
}

export function validationProblem(error: z.ZodError): ProblemError {
  return new ProblemError(400, PROBLEM_TYPES.validation, 'The request is not valid', 'See errors for each invalid field.', {
    errors: error.issues.map((issue) => ({ field: issue.path.join('.') || '(body)', message: issue.message })),
  });
}

export function fieldProblem(field: string, message: string): ProblemError {
  return new ProblemError(400, PROBLEM_TYPES.validation, 'The request is not valid', 'See errors for each invalid field.', {
    errors: [{ field, message }],
  });
}

/** gRPC codes that mean Temporal could not be reached or is overloaded. */
const UNAVAILABLE_GRPC = new Set([4 /* DEADLINE_EXCEEDED */, 8 /* RESOURCE_EXHAUSTED */, 14 /* UNAVAILABLE */]);

function isUnavailable(error: unknown): boolean {
  for (let e = error as { code?: unknown; cause?: unknown; name?: string } | undefined; e; e = e.cause as typeof e) {
    if (typeof e.code === 'number' && UNAVAILABLE_GRPC.has(e.code)) return true;
    if (e.name === 'ServiceError' && /UNAVAILABLE|DEADLINE_EXCEEDED|ECONNREFUSED/.test(String((e as Error).message))) return true;
    if (typeof e.code === 'string' && ['ECONNREFUSED', '57P01', '57P03', 'ETIMEDOUT'].includes(e.code)) return true;
  }
  return false;
}

/** The `ApplicationFailure` type every workflow kind refuses a step with, declared once in the kit. */
const REFUSED = TRANSITION_REFUSED;

/**
 * Temporal's answers in the API's words, per resource: an Update its workflow
 * refused is a 409 with the reason; a workflow that is not there is a 404 for
 * a complaint (its reference is the workflow id) and a 409 for an action (its
 * workflow ends when the action is done). Elsewhere a missing workflow is a bug.
 */
const TEMPORAL_RESOURCES: Array<{ path: string; refused: string; missing?: (workflowId: string) => ProblemError }> = [
  {
    path: '/v1/complaints',
    refused: 'The case does not allow this step',
    missing: (reference) => new ProblemError(404, PROBLEM_TYPES.notFound, 'No such complaint', `No complaint has reference ${reference}`),
  },
  {
    path: '/v1/actions',
    refused: 'The action does not allow this step',
    missing: () => new ProblemError(409, PROBLEM_TYPES.transitionRefused, 'The action does not allow this step', 'the action is no longer open'),
  },
  { path: '/v1/conduct', refused: 'The protocol does not allow this decision' },
];

function temporalProblem(error: unknown, url: string): ProblemError | undefined {
  const path = url.split('?')[0]!;
  const resource = TEMPORAL_RESOURCES.find((r) => path === r.path || path.startsWith(`${r.path}/`));
  if (!resource) return undefined;
  if (error instanceof WorkflowUpdateFailedError && error.cause instanceof ApplicationFailure && error.cause.type === REFUSED) {
    return new ProblemError(409, PROBLEM_TYPES.transitionRefused, resource.refused, error.cause.message);
  }
  if (error instanceof WorkflowNotFoundError) return resource.missing?.(error.workflowId);
  return undefined;
}

export function errorHandler(log: (message: string, error: unknown) => void): ErrorRequestHandler {
  return (error, req, res, _next) => {
    let problem: ProblemError;
    const temporal = temporalProblem(error, req.originalUrl);
    if (error instanceof ProblemError) problem = error;
    else if (temporal) problem = temporal;
    else if (error instanceof z.ZodError) problem = validationProblem(error);
    else if (error?.type === 'entity.parse.failed') {
      problem = new ProblemError(400, PROBLEM_TYPES.malformedJson, 'The body is not valid JSON', String(error.message));
    } else if (error?.type === 'entity.too.deep') {
      problem = new ProblemError(400, PROBLEM_TYPES.nestingTooDeep, 'The body is nested too deeply', String(error.message));
    } else if (error?.type === 'entity.too.large') {
      problem = new ProblemError(413, PROBLEM_TYPES.payloadTooLarge, 'The body is too large', `The limit is ${error.limit} bytes.`);
    } else if (error?.type === 'encoding.unsupported' || error?.type === 'charset.unsupported') {
      problem = new ProblemError(415, PROBLEM_TYPES.unsupportedMediaType, 'Unsupported body encoding', String(error.message));
    } else if (isUnavailable(error)) {
      problem = new ProblemError(503, PROBLEM_TYPES.unavailable, 'Service unavailable', 'Temporal or the records store is not reachable.', {}, { 'Retry-After': '5' });
    } else {
      log(`unexpected error on ${req.method} ${req.path}`, error);
      problem = new ProblemError(500, PROBLEM_TYPES.internal, 'Internal error');
    }
    for (const [name, value] of Object.entries(problem.headers)) res.setHeader(name, value);
    res
      .status(problem.status)
      .type('application/problem+json')
      .json({ type: problem.type, title: problem.title, status: problem.status, detail: problem.detail, instance: req.originalUrl, ...problem.extra });
  };
}

/** 415 for a POST whose body is not JSON (an empty body is fine). */
export const requireJson: RequestHandler = (req, _res, next) => {
  const hasBody = Number(req.get('content-length') ?? 0) > 0 || req.get('transfer-encoding') !== undefined;
  if ((req.method === 'POST' || req.method === 'PUT' || req.method === 'PATCH') && hasBody && !req.is('application/json') && !req.is('application/*+json')) {
    throw new ProblemError(415, PROBLEM_TYPES.unsupportedMediaType, 'Unsupported media type', PROBLEMS['unsupported-media-type']);
  }
  next();
};

/**
 * The path of the first string in a parsed JSON body that PostgreSQL cannot
 * store (a NUL character, or an unpaired surrogate from a \uD800-style
 * escape), or undefined. Checked once for every body, so no field anywhere
 * can turn client input into a database error.
 */
export function unstorableText(value: unknown, path: string[] = []): string | undefined {
  if (typeof value === 'string') {
    return value.includes('\u0000') || !value.isWellFormed() ? path.join('.') || '(body)' : undefined;
  }
  if (Array.isArray(value)) {
    for (const [i, item] of value.entries()) {
      const found = unstorableText(item, [...path, String(i)]);
      if (found !== undefined) return found;
    }
  } else if (value && typeof value === 'object') {
    for (const [key, item] of Object.entries(value)) {
      const found = unstorableText(key, [...path, key]) ?? unstorableText(item, [...path, key]);
      if (found !== undefined) return found;
    }
  }
  return undefined;
}

export const rejectUnstorableText: RequestHandler = (req, _res, next) => {
  const field = unstorableText(req.body) ?? unstorableText(req.query);
  if (field !== undefined) throw fieldProblem(field, 'contains a character that cannot be stored (NUL or an unpaired surrogate)');
  next();
};
