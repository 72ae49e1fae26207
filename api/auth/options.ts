import path from 'node:path';
import type { Config } from '../../config/config';
import type { AuthOptions } from './authenticate';
import { LOCAL_AUDIENCE, LOCAL_ISSUER, loadOrCreateLocalKeys, localKeysDir } from './local-keys';

/** The council's identity provider when AUTH_JWKS_URL is set; otherwise the embedded local key pair. */
export async function authOptions(config: Config, root: string): Promise<AuthOptions> {
  const rules = { maxTokenHours: config.AUTH_MAX_TOKEN_HOURS, clockToleranceSeconds: config.AUTH_CLOCK_TOLERANCE_SECONDS };
  if (config.AUTH_JWKS_URL) {
    return { keys: { jwksUrl: config.AUTH_JWKS_URL }, issuer: config.AUTH_ISSUER!, audience: config.AUTH_AUDIENCE!, ...rules };
  }
  const dataDir = path.resolve(root, config.DATA_DIR);
  const keys = await loadOrCreateLocalKeys(dataDir);
  return { keys: { localJwks: { keys: [keys.publicJwk] } }, issuer: LOCAL_ISSUER, audience: LOCAL_AUDIENCE, localKeysDir: localKeysDir(dataDir), ...rules };
}
