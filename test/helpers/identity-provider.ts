import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { exportJWK, generateKeyPair } from 'jose';
// @ts-expect-error -- oidc-provider ships JavaScript without type declarations
import Provider from 'oidc-provider';
import type { Role } from '../../domain/roles';

/**
 * A real OpenID Provider (panva's oidc-provider, the certified
 * implementation) on a free local port, as a council's identity provider
 * would be: authorization code with PKCE, ID tokens, and access tokens for
 * the API as JWTs (resource indicators) carrying the `roles` and `teams`
 * claims. Its own development login form signs in any account named in
 * `accounts` (any password).
 */
export interface IdentityProvider {
  issuer: string;
  jwksUrl: string;
  stop(): Promise<void>;
}

export interface Account {
  roles: Role[];
  teams?: string[];
  /** The `council` claim; none by default (the default council's). */
  councils?: string[];
}

export async function startIdentityProvider(input: { audience: string; clientId: string; redirectUri: string; accounts: Record<string, Account> }): Promise<IdentityProvider> {
  const server = http.createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const issuer = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const { privateKey } = await generateKeyPair('ES256', { extractable: true });
  const signing = { ...(await exportJWK(privateKey)), kid: 'idp-1', alg: 'ES256', use: 'sig' };
  type Ctx = { oidc: { client: { clientId: string }; session: { accountId: string; grantIdFor(id: string): string | undefined }; result?: { consent?: { grantId?: string } }; provider: { Grant: GrantClass } } };
  type GrantClass = { new (input: { clientId: string; accountId: string }): Grant; find(id: string): Promise<Grant> };
  type Grant = { addOIDCScope(s: string): void; addResourceScope(r: string, s: string): void; save(): Promise<string> };
  const provider = new Provider(issuer, {
    clients: [{ client_id: input.clientId, token_endpoint_auth_method: 'none', redirect_uris: [input.redirectUri], id_token_signed_response_alg: 'ES256', grant_types: ['authorization_code'], response_types: ['code'] }],
    jwks: { keys: [signing] },
    async findAccount(_ctx: unknown, id: string) {
      return Object.hasOwn(input.accounts, id) ? { accountId: id, claims: async () => ({ sub: id }) } : undefined;
    },
    features: {
      devInteractions: { enabled: true },
      resourceIndicators: {
        enabled: true,
        defaultResource: () => input.audience,
        useGrantedResource: () => true,
        getResourceServerInfo: () => ({ scope: 'casework', audience: input.audience, accessTokenFormat: 'jwt', accessTokenTTL: 3600, jwt: { sign: { alg: 'ES256' } } }),
      },
    },
    // The roles and teams claims the API reads (api/auth/authenticate.ts callerOf), on the access token.
    async extraTokenClaims(_ctx: unknown, token: { accountId: string }) {
      const account = input.accounts[token.accountId];
      return account ? { roles: account.roles, teams: account.teams ?? [], ...(account.councils ? { council: account.councils } : {}) } : undefined;
    },
    // The council's staff consent once, by employment: no consent page.
    async loadExistingGrant(ctx: Ctx) {
      const id = ctx.oidc.result?.consent?.grantId ?? ctx.oidc.session.grantIdFor(ctx.oidc.client.clientId);
      if (id) return ctx.oidc.provider.Grant.find(id);
      const grant = new ctx.oidc.provider.Grant({ clientId: ctx.oidc.client.clientId, accountId: ctx.oidc.session.accountId });
      grant.addOIDCScope('openid');
      grant.addResourceScope(input.audience, 'casework');
      await grant.save();
      return grant;
    },
  });
  server.on('request', provider.callback());
  return {
    issuer,
    jwksUrl: `${issuer}/jwks`,
    stop: () => new Promise((resolve) => server.close(() => resolve())),
  };
}
