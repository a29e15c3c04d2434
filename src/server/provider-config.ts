/**
 * oidc-provider configured the way PayNet's OFP behaves:
 *
 * - clients: clients.ts; client assertions: assertion-policy.ts;
 * - grants: client_credentials (scope accounts), authorization_code with PAR, signed request
 *   objects and PKCE S256 all required, refresh tokens that are not rotated;
 * - Rich Authorization Requests of PayNet's consent type: the interaction step (interactions.ts)
 *   approves, creates the consent and returns the details enriched with consent_id, status and the
 *   consented accounts, as PayNet's token response does;
 * - misbehaviour: the conformance suite's client-test modules (misbehave.ts), switchable at run
 *   time (refresh-token rotation here, the rest in the provider's middleware).
 */
import { randomBytes, type KeyObject } from 'node:crypto';
import { errors, type Configuration, type KoaContextWithOIDC } from 'oidc-provider';
import type { JWK } from 'jose';
import { assertionPolicy } from './assertion-policy.js';
import { clientMetadata, type ClientRegistration } from './clients.js';
import type { SandboxConfig } from './config.js';
import { type ConsentStore } from './consents.js';
import { TEST_USER } from './fixtures.js';
import { effectOf } from './misbehave-modules.js';
import type { MisbehaviourState, SandboxRecord } from './misbehave.js';
import { memoryAdapter, type MemoryStore } from './store.js';
import { normalizeDn, peerCertificate, presentedCertificate } from './tls.js';
import { CONSENT_TYPE } from '../shared/request-object.js';

/** The resource server's identifier: the audience of its access tokens. */
export const RESOURCE_INDICATOR = 'urn:ofm-postman:resource-server';

export interface ProviderInputs extends ClientRegistration {
  readonly platformKey: { readonly jwk: JWK; readonly key: KeyObject };
  readonly store: MemoryStore;
  readonly consents: ConsentStore;
  /** The conformance-suite module the sandbox plays (misbehave.ts); happy-path by default. */
  readonly misbehaviour: MisbehaviourState;
  /** What clients presented and were issued, for tests. */
  readonly record: SandboxRecord;
}

/** Validates a consent request of PayNet's type; server-assigned members may not be requested. */
function validateConsentDetail(_ctx: unknown, detail: Record<string, unknown>): void {
  const consent = detail['consent'] as Record<string, unknown> | undefined;
  if (typeof consent !== 'object' || consent === null)
    throw new errors.InvalidAuthorizationDetails('consent object is required');
  for (const field of [
    'dc_id',
    'dp_id',
    'consent_type',
    'consent_purpose',
    'expiration_datetime',
  ]) {
    if (typeof consent[field] !== 'string' || consent[field] === '')
      throw new errors.InvalidAuthorizationDetails(`consent.${field} is required`);
  }
  if (!Array.isArray(consent['permissions']) || consent['permissions'].length === 0) {
    throw new errors.InvalidAuthorizationDetails('consent.permissions is required');
  }
  if ('consent_id' in consent || 'status' in consent || 'accounts' in detail) {
    throw new errors.InvalidAuthorizationDetails(
      'consent_id, status and accounts are assigned by the server',
    );
  }
}

/** Introspection and revocation policy: a client may see and revoke only its own tokens. */
async function ownTokensOnly(
  _ctx: unknown,
  client: { clientId: string },
  token: { clientId?: string },
): Promise<boolean> {
  return token.clientId === client.clientId;
}

/** The fixed test user, as oidc-provider's `findAccount` finds it. */
const findAccount: Configuration['findAccount'] = async (_ctx, sub) => {
  if (sub !== TEST_USER.accountId) return undefined;
  return {
    accountId: sub,
    async claims() {
      return {
        sub,
        name: TEST_USER.name,
        email: TEST_USER.email,
        email_verified: true,
        id_type: 'mykad',
        hashed_id_number: 'b1f4a8d3c2e5f6a7b8c9d0e1f2a3b4c5d6e7f8a9b0c1d2e3f4a5b6c7d8e9f0a1',
      };
    },
  };
};

/** RFC 8705: tls_client_auth by subject DN and certificate-bound tokens, from the TLS socket. */
const MTLS_FEATURE = {
  enabled: true,
  certificateBoundAccessTokens: true,
  tlsClientAuth: true,
  // Synchronous by contract: oidc-provider does not await these.
  getCertificate: (ctx: KoaContextWithOIDC) =>
    ctx.socket ? presentedCertificate(ctx.socket) : undefined,
  certificateAuthorized: (ctx: KoaContextWithOIDC) =>
    (ctx.socket as unknown as { authorized?: boolean }).authorized === true,
  certificateSubjectMatches: (ctx: KoaContextWithOIDC, property: string, expected: string) => {
    const cert = peerCertificate(ctx.socket);
    if (cert === undefined || property !== 'tls_client_auth_subject_dn') return false;
    return normalizeDn(cert.subject, 'node') === normalizeDn(expected, 'rfc4514');
  },
};

/** PayNet's consent as a Rich Authorization Request type, carried from the grant to its tokens. */
const RICH_AUTHORIZATION_REQUESTS_FEATURE = {
  enabled: true,
  types: { [CONSENT_TYPE]: { validate: validateConsentDetail } },
  // The code carries what the interaction step approved (the enriched details).
  authorizationDetailsForGrantSource: (ctx: KoaContextWithOIDC) =>
    (ctx.oidc.grant as unknown as { rar?: unknown[] }).rar,
  // Access tokens carry their code's or refresh token's details; client credentials none.
  authorizationDetailsForAccessToken: (
    _ctx: unknown,
    _token: unknown,
    source?: { rar?: unknown[] },
  ) => source?.rar,
  authorizationDetailsForIntrospection: (_ctx: unknown, token: { rar?: unknown[] }) => token.rar,
};

/** The one resource server, with opaque access tokens of scope accounts. */
function resourceIndicatorsFeature(config: Readonly<SandboxConfig>) {
  return {
    enabled: true,
    defaultResource: async () => RESOURCE_INDICATOR,
    useGrantedResource: async () => true,
    getResourceServerInfo: async (_ctx: unknown, resourceIndicator: string) => {
      if (resourceIndicator !== RESOURCE_INDICATOR) throw new errors.InvalidTarget();
      return {
        scope: 'accounts',
        audience: RESOURCE_INDICATOR,
        accessTokenFormat: 'opaque',
        accessTokenTTL: config.accessTokenTtl,
      };
    },
  };
}

/**
 * oidc-provider does not publish RFC 8705 aliases; the sandbox serves everything on one mTLS
 * listener, so each alias is the endpoint itself.
 */
function mtlsEndpointAliases(issuer: string): Record<string, string> {
  return {
    token_endpoint: `${issuer}/token`,
    pushed_authorization_request_endpoint: `${issuer}/request`,
    introspection_endpoint: `${issuer}/token/introspection`,
    revocation_endpoint: `${issuer}/token/revocation`,
    userinfo_endpoint: `${issuer}/me`,
  };
}

/**
 * Seconds from now to the end of the consent in `rar` (its expiration_datetime), at most `cap`
 * and at least a minute; `cap` when there is no consent (client credentials, other details).
 */
export function consentLifetime(rar: readonly unknown[] | undefined, cap: number): number {
  const consent = (rar ?? [])
    .map((detail) => (detail as { consent?: { expiration_datetime?: unknown } }).consent)
    .find((c) => typeof c?.expiration_datetime === 'string');
  const end = Date.parse(String(consent?.expiration_datetime ?? ''));
  if (!Number.isFinite(end)) return cap;
  return Math.min(cap, Math.max(60, Math.floor((end - Date.now()) / 1000)));
}

/**
 * Refresh tokens as PayNet's: one per consent, living as long as the consent (ttl below), not
 * as long as the person's login session at the bank. oidc-provider's defaults tie a token issued
 * without `offline_access` to the browser session and reuse the session's grant, so a second
 * consent given in the same browser killed the first consent's refresh token.
 */
function consentLifeTokens(inputs: ProviderInputs): Partial<Configuration> {
  return {
    // PayNet does not rotate; the conformance suite's refresh-token-test module does (each
    // refresh returns a new one and consumes the old: presenting it again revokes the grant).
    rotateRefreshToken: () => effectOf(inputs.misbehaviour.module).on === 'refresh-token-rotation',
    issueRefreshToken: async (_ctx, client) => client.grantTypeAllowed('refresh_token'),
    expiresWithSession: async () => false,
    // Every authorization is a consent of its own, with its own grant (interactions.ts): only
    // the grant the interaction just approved, never the one the session holds for the client.
    loadExistingGrant: async (ctx) => {
      const grantId = (ctx.oidc.result as { consent?: { grantId?: string } } | undefined)?.consent
        ?.grantId;
      return grantId === undefined ? undefined : ctx.oidc.provider.Grant.find(grantId);
    },
  };
}

/** oidc-provider's configuration for the sandbox. */
export function providerConfiguration(inputs: ProviderInputs): Configuration {
  const { config, issuer } = inputs;
  return {
    clients: clientMetadata(inputs),
    jwks: { keys: [inputs.platformKey.jwk as never] },
    adapter: memoryAdapter(inputs.store) as never,
    cookies: { keys: [randomBytes(32).toString('base64url')] },
    findAccount,
    responseTypes: ['code'],
    scopes: ['openid', 'offline_access', 'accounts'],
    claims: {
      openid: ['sub'],
      profile: ['name'],
      email: ['email', 'email_verified'],
      id_type: ['id_type'],
      hashed_id_number: ['hashed_id_number'],
    },
    clientAuthMethods: ['private_key_jwt', 'tls_client_auth'],
    enabledJWA: {
      clientAuthSigningAlgValues: ['PS256'],
      requestObjectSigningAlgValues: ['PS256'],
      idTokenSigningAlgValues: ['PS256'],
    },
    pkce: { required: () => true },
    ...consentLifeTokens(inputs),
    assertJwtClientAuthClaimsAndHeader: assertionPolicy(issuer, config),
    ttl: {
      AccessToken: config.accessTokenTtl,
      ClientCredentials: config.accessTokenTtl,
      AuthorizationCode: config.authorizationCodeTtl,
      RefreshToken: (_ctx: unknown, token: { rar?: unknown[] }) =>
        consentLifetime(token.rar, config.refreshTokenTtl),
      Grant: (_ctx: unknown, grant: { rar?: unknown[] }) =>
        consentLifetime(grant.rar, config.refreshTokenTtl),
      IdToken: 600,
      Interaction: 600,
      Session: 3600,
    },
    interactions: { url: (_ctx, interaction) => `/interaction/${interaction.uid}` },
    discovery: { mtls_endpoint_aliases: mtlsEndpointAliases(issuer) },
    features: {
      devInteractions: { enabled: false },
      claimsParameter: { enabled: true },
      clientCredentials: { enabled: true },
      introspection: { enabled: true, allowedPolicy: ownTokensOnly } as never,
      revocation: { enabled: true, allowedPolicy: ownTokensOnly } as never,
      mTLS: MTLS_FEATURE as never,
      pushedAuthorizationRequests: { enabled: true, requirePushedAuthorizationRequests: true },
      requestObjects: { enabled: true, requireSignedRequestObject: true } as never,
      resourceIndicators: resourceIndicatorsFeature(config) as never,
      richAuthorizationRequests: RICH_AUTHORIZATION_REQUESTS_FEATURE as never,
      fapi: config.strictFapi ? { enabled: true, profile: '2.0' } : { enabled: false },
    },
  } as Configuration;
}
