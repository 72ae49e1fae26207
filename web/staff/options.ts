import type { Config } from '../../config/config';
import type { StaffOptions } from './pages';

/**
 * The staff pages from configuration: sign-in at the identity provider the
 * API trusts (AUTH_ISSUER) when STAFF_OIDC_CLIENT_ID is set, redirected back
 * to PUBLIC_URL/staff/sign-in/callback; the session lengths.
 */
export function staffOptions(config: Config): StaffOptions {
  const publicUrl = config.PUBLIC_URL ?? `http://${config.HOST}:${config.PORT}`;
  return {
    councilName: config.COUNCIL_NAME,
    production: config.NODE_ENV === 'production',
    session: { idleMs: config.STAFF_SESSION_IDLE_MINUTES * 60_000, absoluteMs: config.STAFF_SESSION_MAX_HOURS * 3_600_000 },
    ...(config.STAFF_OIDC_CLIENT_ID
      ? {
          oidc: {
            issuer: config.AUTH_ISSUER!,
            clientId: config.STAFF_OIDC_CLIENT_ID,
            ...(config.STAFF_OIDC_CLIENT_SECRET ? { clientSecret: config.STAFF_OIDC_CLIENT_SECRET } : {}),
            redirectUri: new URL('/staff/sign-in/callback', publicUrl).href,
          },
        }
      : {}),
  };
}
