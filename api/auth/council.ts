import type { RequestHandler } from 'express';
import { councilNamespace, DEFAULT_COUNCIL } from '../../domain/council';
import { inCouncil } from '../../records/council';
import { fieldProblem, PROBLEM_TYPES, ProblemError } from '../problems';

/** The header that picks one council for a caller whose token names several. */
export const COUNCIL_HEADER = 'X-Council';

/**
 * Puts the rest of the request in its council's context (records/council.ts),
 * so every query it makes sees that council's rows only: the token's one
 * council, or, for a token naming several, the one the `X-Council` header
 * picks among them. A request with no caller (the codec without a token)
 * stays in the default council's context, which the app sets for all.
 *
 * `served`: the councils whose Temporal namespace this API's client reaches.
 * A request in another council reads its own records, and nothing else:
 * anything but a read is refused (503) until the API routes that council to
 * its own namespace, so no council's work lands in another's namespace.
 */
export function enterCouncil(served: readonly string[]): RequestHandler {
  return (req, _res, next) => {
    const caller = req.caller;
    if (!caller) return next();
    const picked = req.get(COUNCIL_HEADER);
    let council: string;
    if (picked !== undefined) {
      if (!caller.councils.includes(picked)) {
        throw new ProblemError(403, PROBLEM_TYPES.forbidden, 'Not allowed', `Your token does not name the council ${COUNCIL_HEADER} asks for; it names: ${caller.councils.join(', ')}`);
      }
      council = picked;
    } else if (caller.councils.length === 1) {
      council = caller.councils[0]!;
    } else {
      throw fieldProblem(COUNCIL_HEADER, `Your token names several councils (${caller.councils.join(', ')}): say which with the ${COUNCIL_HEADER} header.`);
    }
    if (!served.includes(council) && req.method !== 'GET' && req.method !== 'HEAD') {
      throw new ProblemError(
        503,
        PROBLEM_TYPES.unavailable,
        'Council not served here yet',
        `Council ${council}'s cases run in the Temporal namespace ${councilNamespace(council, 'default')}, which this API does not reach; only reads of its records are answered.`,
        {},
        { 'Retry-After': '3600' },
      );
    }
    req.council = council;
    inCouncil(council, next);
  };
}

/** Every request starts in the default council's context: the embedded default's, and a caller's until their token is read. */
export const defaultCouncil: RequestHandler = (req, _res, next) => {
  req.council = DEFAULT_COUNCIL;
  inCouncil(DEFAULT_COUNCIL, next);
};

declare module 'express-serve-static-core' {
  interface Request {
    /** The council this request acts in. */
    council?: string;
  }
}
