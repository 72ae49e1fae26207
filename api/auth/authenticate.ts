import type { RequestHandler } from 'express';
import { createLocalJWKSet, createRemoteJWKSet, errors, jwtVerify, type JWTPayload, type JWTVerifyGetKey } from 'jose';
import { TOKEN_DEFAULTS } from '../../config/config';
import { PROBLEM_TYPES, ProblemError } from '../problems';
import { roleRulesFor, type CommandRow } from '../../domain/command-table';
import { ROLES, type Role } from './roles';
import { councilIdProblem, DEFAULT_COUNCIL } from '../../domain/council';

export interface Caller {
  /** The token's subject: recorded as the actor of every step. */
  subject: string;
  roles: Role[];
  /** The teams the caller works for (claim `teams`): which cases a complaints officer or service manager reaches (domain/access.ts). */
  teams: string[];
  /** The councils the caller works for (claim `council`, a council id or a list of them; `default` without it): whose cases they may reach at all. */
  councils: string[];
}

declare module 'express-serve-static-core' {
  interface Request {
    caller?: Caller;
  }
}

export interface AuthOptions {
  /** The identity provider's key set (production), or a local public key (embedded default). */
  keys: { jwksUrl: string } | { localJwks: { keys: object[] } };
  issuer: string;
  audience: string;
  /**
   * The embedded default's key folder (<DATA_DIR>/keys), named in the 401 for
   * a token signed by another key: the usual cause is `npm run token` run with
   * another DATA_DIR. Never set with a JWKS, whose paths are not the caller's business.
   */
  localKeysDir?: string;
  /** Longest lifetime accepted, `exp - iat` (AUTH_MAX_TOKEN_HOURS; default 12). */
  maxTokenHours?: number;
  /** Clock skew allowed on `exp`, `nbf` and `iat` (AUTH_CLOCK_TOLERANCE_SECONDS; default 30). */
  clockToleranceSeconds?: number;
}

/**
 * Verifies `Authorization: Bearer <JWT>` and puts the caller on the request;
 * 401 otherwise. With `optional`, a request with no Authorization header goes
 * on without a caller (the codec endpoint explains itself to such callers).
 */
export function authenticate(options: AuthOptions, { optional = false } = {}): RequestHandler {
  const verify = tokenVerifier(options);
  return async (req, _res, next) => {
    const header = req.get('authorization');
    if (optional && header === undefined) return next();
    const token = header?.match(/^Bearer\s+(\S+)$/i)?.[1];
    if (!token) throw unauthorized('A bearer token is required (Authorization: Bearer <token>).');
    req.caller = await verify(token);
    next();
  };
}

/**
 * The caller a token stands for, under the token rules below: the API's
 * bearer tokens and the staff pages' sign-in (web/staff/sign-in.ts) both
 * read tokens through this, so a person is the same caller on either. A 401
 * ProblemError saying which rule failed otherwise.
 */
export function tokenVerifier(options: AuthOptions): (token: string) => Promise<Caller> {
  const getKey: JWTVerifyGetKey =
    'jwksUrl' in options.keys
      ? createRemoteJWKSet(new URL(options.keys.jwksUrl))
      : createLocalJWKSet(options.keys.localJwks as Parameters<typeof createLocalJWKSet>[0]);
  return async (token) => callerOf(await verifyToken(token, getKey, options));
}

/**
 * The one reading of a verified token's claims: `sub` the subject, `roles`
 * the procedure's roles it names (others ignored), `teams` an array of short
 * strings (anything else in it ignored). 401 without a subject.
 */
export function callerOf(claims: JWTPayload): Caller {
  const roles = Array.isArray(claims.roles) ? claims.roles.filter((r): r is Role => ROLES.includes(r as Role)) : [];
  if (!claims.sub) throw unauthorized('The token has no subject.');
  const teams = Array.isArray(claims.teams) ? claims.teams.filter((t): t is string => typeof t === 'string' && t.length > 0 && t.length <= 100) : [];
  return { subject: claims.sub, roles, teams, councils: councilsOf(claims.council) };
}

/**
 * The `council` claim: one council id or a non-empty list of them. Unlike
 * `roles` and `teams`, nothing in it is ignored: it decides whose records a
 * request may reach, so a claim that is there but not understood refuses
 * the token (401) rather than being read as something else. A token without
 * it is the embedded default's: council `default`.
 */
export function councilsOf(claim: unknown): string[] {
  if (claim === undefined) return [DEFAULT_COUNCIL];
  const ids = typeof claim === 'string' ? [claim] : Array.isArray(claim) ? claim : undefined;
  if (!ids || ids.length === 0 || ids.length > 100) throw unauthorized('The token\'s council claim must be a council id or a list of 1 to 100 of them.');
  for (const id of ids) {
    const problem = typeof id === 'string' ? councilIdProblem(id) : 'a council id is a string';
    if (problem) throw unauthorized(`The token's council claim is not valid: ${problem.slice(0, 300)}.`);
  }
  return [...new Set(ids as string[])];
}

/**
 * The token rules (README, "Tokens"): a signature by the configured keys with
 * an asymmetric algorithm only (so neither `alg: none` nor an HMAC keyed with
 * the public key passes), the issuer and audience, an expiry within the
 * maximum lifetime, and `nbf` and `iat` not in the future, each within the
 * clock tolerance. Every refusal is a 401 saying which rule failed.
 */
async function verifyToken(token: string, getKey: JWTVerifyGetKey, options: AuthOptions): Promise<JWTPayload> {
  const maxHours = options.maxTokenHours ?? TOKEN_DEFAULTS.maxTokenHours;
  const tolerance = options.clockToleranceSeconds ?? TOKEN_DEFAULTS.clockToleranceSeconds;
  let payload: JWTPayload;
  try {
    ({ payload } = await jwtVerify(token, getKey, {
      issuer: options.issuer,
      audience: options.audience,
      algorithms: ['ES256', 'RS256', 'PS256', 'EdDSA'],
      requiredClaims: ['exp'],
      clockTolerance: tolerance,
    }));
  } catch (error) {
    throw refusal(error, options);
  }
  // jose checks iat in the future only with maxTokenAge, which bounds the token's age, not its lifetime.
  const now = Math.floor(Date.now() / 1000);
  if (payload.iat !== undefined && payload.iat > now + tolerance) {
    throw unauthorized('The token was issued in the future (iat): the clocks of the identity provider and this server disagree.');
  }
  if (payload.exp! - (payload.iat ?? now) > maxHours * 3600) {
    throw unauthorized(`The token is valid for longer than this server allows: at most ${maxHours} hour${maxHours === 1 ? '' : 's'} from its issue (exp - iat).`);
  }
  return payload;
}

/** The 401 for a token jose refused, naming the rule it broke. */
function refusal(error: unknown, options: AuthOptions): unknown {
  if (error instanceof errors.JWTExpired) return unauthorized('The token has expired.');
  if (error instanceof errors.JWTClaimValidationFailed) {
    if (error.claim === 'exp' && error.reason === 'missing') return unauthorized('The token has no expiry (exp).');
    if (error.claim === 'nbf') return unauthorized('The token is not valid yet (nbf).');
    if (error.claim === 'iss') return unauthorized('The token is from another issuer (iss).');
    if (error.claim === 'aud') return unauthorized('The token is for another audience (aud).');
  }
  if (options.localKeysDir && (error instanceof errors.JWSSignatureVerificationFailed || error instanceof errors.JWKSNoMatchingKey)) {
    return unauthorized(
      `The token is not valid: it is signed by a key this server does not know (its keys are in ${options.localKeysDir}; ` +
        'run npm run token with the same DATA_DIR).',
    );
  }
  if (error instanceof errors.JOSEError) return unauthorized('The token is not valid.');
  return error;
}

function unauthorized(detail: string): ProblemError {
  return new ProblemError(401, PROBLEM_TYPES.unauthorized, 'Not signed in', detail);
}

/** 403 unless the caller holds one of `roles`. */
export function requireRole(roles: readonly Role[], what: string, caller: Caller | undefined): Caller {
  if (!caller) throw unauthorized('A bearer token is required.');
  if (!caller.roles.some((r) => roles.includes(r))) {
    throw new ProblemError(403, PROBLEM_TYPES.forbidden, 'Not allowed', `${what} needs one of the roles: ${roles.join(', ')}`);
  }
  return caller;
}

/**
 * The one role check of a command, from its row in the command table: the
 * row's roles, and, once the body is parsed (`input`), the roles its fields
 * call for (`rolesWhen`), such as a manager to accept a late request.
 */
export function requireCommandRole(row: Pick<CommandRow<unknown>, 'roles' | 'rolesWhen'>, what: string, caller: Caller | undefined, input?: object): Caller {
  const checked = requireRole(row.roles, what, caller);
  for (const rule of input ? roleRulesFor(row, input) : []) requireRole(rule.roles, rule.what, checked);
  return checked;
}
