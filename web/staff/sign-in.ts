import * as oidc from 'openid-client';
import type { Caller } from '../../api/auth/authenticate';
import { callerOf } from '../../api/auth/authenticate';
import { sha256 } from '../../api/complainant/secrets';
import type { StaffSessionStore } from '../../records/staff-sessions';

/**
 * Sign-in at the council's identity provider: OpenID Connect, authorization
 * code with PKCE (S256), state and nonce, through openid-client. The provider
 * is the one the API trusts (AUTH_ISSUER); the caller is read from the access
 * token the provider issues for the API (AUTH_AUDIENCE) by the API's own
 * token rules and claims reading (api/auth/authenticate.ts tokenVerifier), so
 * a person is the same caller on the pages as with a bearer token.
 */
export interface OidcSignIn {
  /** The identity provider (its discovery document is at <issuer>/.well-known/openid-configuration). */
  issuer: string;
  clientId: string;
  /** A confidential client's secret (client_secret_post); a public client uses PKCE alone. */
  clientSecret?: string;
  /** Where the provider sends the person back: <public URL>/staff/sign-in/callback, registered with the provider. */
  redirectUri: string;
  /** Extra scopes to ask for beyond `openid` (the provider may need one to add the roles claim). */
  scopes?: readonly string[];
}

/** How long the round trip to the provider may take. */
const ATTEMPT_MS = 10 * 60_000;

export class SignInFailed extends Error {}

export function oidcSignIn(settings: OidcSignIn, store: StaffSessionStore, verify: (token: string) => Promise<Caller>) {
  let discovered: Promise<oidc.Configuration> | undefined;
  const configuration = () => {
    const issuer = new URL(settings.issuer);
    // Plain HTTP only to a provider on this machine (a test's, or a developer's): never across a network.
    const loopback = issuer.protocol === 'http:' && ['127.0.0.1', 'localhost', '[::1]'].includes(issuer.hostname);
    discovered ??= oidc
      .discovery(issuer, settings.clientId, undefined, settings.clientSecret ? oidc.ClientSecretPost(settings.clientSecret) : oidc.None(), loopback ? { execute: [oidc.allowInsecureRequests] } : undefined)
      .catch((error: unknown) => {
        discovered = undefined; // the next sign-in tries again
        throw error;
      });
    return discovered;
  };

  return {
    /** The provider's authorization URL for a new sign-in, filed under its state. */
    async start(at: number): Promise<URL> {
      const config = await configuration();
      const codeVerifier = oidc.randomPKCECodeVerifier();
      const state = oidc.randomState();
      const nonce = oidc.randomNonce();
      await store.recordAttempt({ stateHash: sha256(state), codeVerifier, nonce, at: new Date(at), expiresAt: new Date(at + ATTEMPT_MS) });
      return oidc.buildAuthorizationUrl(config, {
        redirect_uri: settings.redirectUri,
        scope: ['openid', ...(settings.scopes ?? [])].join(' '),
        code_challenge: await oidc.calculatePKCECodeChallenge(codeVerifier),
        code_challenge_method: 'S256',
        state,
        nonce,
      });
    },

    /** The caller the provider's answer stands for; SignInFailed (with why, for the page) otherwise. */
    async finish(callbackUrl: URL, at: number): Promise<Caller> {
      const state = callbackUrl.searchParams.get('state');
      const attempt = state ? await store.takeAttempt(sha256(state), new Date(at)) : undefined;
      if (!attempt) throw new SignInFailed('This sign-in link has expired or was already used.');
      const config = await configuration();
      let tokens: Awaited<ReturnType<typeof oidc.authorizationCodeGrant>>;
      try {
        tokens = await oidc.authorizationCodeGrant(config, callbackUrl, { pkceCodeVerifier: attempt.codeVerifier, expectedState: state!, expectedNonce: attempt.nonce, idTokenExpected: true });
      } catch (error) {
        throw new SignInFailed(`The identity provider did not sign you in (${error instanceof oidc.AuthorizationResponseError ? error.error : 'its answer could not be checked'}).`);
      }
      try {
        return await verify(tokens.access_token);
      } catch {
        // The ID token proved who signed in, but the access token is not one the API accepts (issuer, audience, lifetime).
        const sub = tokens.claims()?.sub;
        throw new SignInFailed(`You signed in${sub ? ` as ${sub}` : ''}, but the identity provider did not issue a token for this service (its audience and roles).`);
      }
    },
  };
}

/** The local sign-in's caller, read by the same rule as a token's claims. */
export function localCaller(subject: string, role: string, teams: readonly string[]): Caller {
  return callerOf({ sub: subject, roles: [role], teams: [...teams] });
}
