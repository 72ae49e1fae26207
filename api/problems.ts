import type { ErrorRequestHandler, RequestHandler } from 'express';
import { z } from 'zod';

/**
 * Errors as application/problem+json (RFC 9457) with stable `type` URIs.
 * Routes throw ProblemError; zod errors become 400 listing every field;
 * anything unexpected is a 500 with no detail (and a log line).
 */
export const PROBLEM_TYPES = {
  validation: 'https://complaints.invalid/problems/validation',
  malformedJson: 'https://complaints.invalid/problems/malformed-json',
  notFound: 'https://complaints.invalid/problems/not-found',
  transitionRefused: 'https://complaints.invalid/problems/transition-refused',
  unavailable: 'https://complaints.invalid/problems/unavailable',
  internal: 'https://complaints.invalid/problems/internal',
} as const;

export class ProblemError extends Error {
  constructor(
    readonly status: number,
    readonly type: string,
    readonly title: string,
    readonly detail?: string,
    readonly extra: Record<string, unknown> = {},
  ) {
    super(detail ?? title);
  }
}

export const notFound: RequestHandler = (req) => {
  throw new ProblemError(404, PROBLEM_TYPES.notFound, 'Not found', `No route for ${req.method} ${req.path}`);
};

export function validationProblem(error: z.ZodError): ProblemError {
  return new ProblemError(400, PROBLEM_TYPES.validation, 'The request is not valid', 'See errors for each invalid field.', {
    errors: error.issues.map((issue) => ({ field: issue.path.join('.') || '(body)', message: issue.message })),
  });
}

export function errorHandler(log: (message: string, error: unknown) => void): ErrorRequestHandler {
  return (error, req, res, _next) => {
    let problem: ProblemError;
    if (error instanceof ProblemError) problem = error;
    else if (error instanceof z.ZodError) problem = validationProblem(error);
    else if (error?.type === 'entity.parse.failed') {
      problem = new ProblemError(400, PROBLEM_TYPES.malformedJson, 'The body is not valid JSON', String(error.message));
    } else {
      log(`unexpected error on ${req.method} ${req.path}`, error);
      problem = new ProblemError(500, PROBLEM_TYPES.internal, 'Internal error');
    }
    res
      .status(problem.status)
      .type('application/problem+json')
      .json({ type: problem.type, title: problem.title, status: problem.status, detail: problem.detail, instance: req.originalUrl, ...problem.extra });
  };
}
