import type { RequestHandler } from 'express';
import { DEFAULT_COUNCIL } from '../../domain/council';
import { notServedProblem } from '../council-clients';
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
 * `serves`: whether the deployment serves a council (api/council-clients.ts),
 * its requests then going to its own Temporal namespace. A request in a
 * council not added here reads its own records, and nothing else: anything
 * but a read is refused (503), so no council's work lands in another's
 * namespace.
 */
export function enterCouncil(serves: (council: string) => boolean | Promise<boolean>): RequestHandler {
  return async (req, _res, next) => {
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
    // Asked for every request, reads too: a served council's client is made ready here for the routes.
    const served = await serves(council);
    if (!served && req.method !== 'GET' && req.method !== 'HEAD') throw notServedProblem(council);
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
