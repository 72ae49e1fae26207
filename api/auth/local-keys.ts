import fs from 'node:fs';
import path from 'node:path';
import { exportJWK, generateKeyPair, importJWK, SignJWT, type JWK } from 'jose';
import type { Config } from '../../config/config';
import { secureKeyFolder } from '../../config/key-folder';
import type { Role } from './roles';

/**
 * The embedded default's signing keys: an ES256 pair made on first use in
 * <DATA_DIR>/keys (git-ignored; the folder 0700, its files 0600), used
 * only where AUTH_JWKS_URL is unset and never in production (loadApiConfig).
 * Councils use their identity provider's JWKS instead (AUTH_JWKS_URL).
 */
export const LOCAL_ISSUER = 'urn:children-complaints:local';
export const LOCAL_AUDIENCE = 'urn:children-complaints:api';

export interface LocalKeys {
  publicJwk: JWK;
  privateJwk: JWK;
}

/** Where the embedded default keeps its keys: <DATA_DIR>/keys. */
export function localKeysDir(dataDir: string): string {
  return path.join(dataDir, 'keys');
}

export async function loadOrCreateLocalKeys(dataDir: string): Promise<LocalKeys> {
  const file = path.join(localKeysDir(dataDir), 'local-signing-key.json');
  secureKeyFolder(path.dirname(file));
  if (fs.existsSync(file)) return JSON.parse(fs.readFileSync(file, 'utf8')) as LocalKeys;
  const { publicKey, privateKey } = await generateKeyPair('ES256', { extractable: true });
  const keys: LocalKeys = {
    publicJwk: { ...(await exportJWK(publicKey)), kid: 'local-1', alg: 'ES256', use: 'sig' },
    privateJwk: { ...(await exportJWK(privateKey)), kid: 'local-1', alg: 'ES256' },
  };
  // Exclusive create: two processes starting at once keep one key.
  try {
    fs.writeFileSync(file, JSON.stringify(keys), { mode: 0o600, flag: 'wx' });
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    return JSON.parse(fs.readFileSync(file, 'utf8')) as LocalKeys;
  }
  return keys;
}

/** How long the local scripts' tokens last: a working day, or less if the API allows less (AUTH_MAX_TOKEN_HOURS). */
export function localTokenHours(config: Pick<Config, 'AUTH_MAX_TOKEN_HOURS'>): number {
  return Math.min(8, config.AUTH_MAX_TOKEN_HOURS);
}

/**
 * A token for `subject` with `roles` (and the `teams` it works for), valid
 * for `hours` (default 8: a working day) from its `iat`, so within the API's
 * maximum lifetime (AUTH_MAX_TOKEN_HOURS).
 */
export async function signLocalToken(
  keys: LocalKeys,
  subject: string,
  roles: Role[],
  hours = 8,
  teams: readonly string[] = [],
  councils: readonly string[] = [],
): Promise<string> {
  const key = await importJWK(keys.privateJwk, 'ES256');
  return new SignJWT({ roles, ...(teams.length > 0 ? { teams } : {}), ...(councils.length > 0 ? { council: councils.length === 1 ? councils[0] : councils } : {}) })
    .setProtectedHeader({ alg: 'ES256', kid: keys.privateJwk.kid })
    .setSubject(subject)
    .setIssuer(LOCAL_ISSUER)
    .setAudience(LOCAL_AUDIENCE)
    .setIssuedAt()
    .setExpirationTime(`${hours}h`)
    .sign(key);
}
