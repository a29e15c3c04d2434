/**
 * The sandbox's authorization server: oidc-provider configured the way PayNet's OFP behaves.
 *
 * - clients: one `private_key_jwt` (PS256 only) and one `tls_client_auth` (subject DN) client,
 *   both with certificate-bound access tokens and the client JWKS from `ofm-postman keys`;
 * - grants: client_credentials (scope accounts), authorization_code with PAR, signed request
 *   objects and PKCE S256 all required, refresh tokens that are not rotated;
 * - Rich Authorization Requests of PayNet's consent type: the interaction step auto-approves the
 *   fixed test user, creates the consent and returns the details enriched with consent_id,
 *   status and the consented accounts, as PayNet's token response does;
 * - client assertions: aud = issuer or token endpoint (issuer only with strictFapi), jti, iat and
 *   exp required, iat/nbf at most 10 s ahead, exp at most a day ahead, lifetime capped, jti replay
 *   refused by the provider's own ReplayDetection;
 * - misbehaviour: the conformance suite's client-test modules (misbehave.ts), switchable at run time.
 */
import { randomBytes, type KeyObject } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import Provider, {
  errors,
  type Configuration,
  type KoaContextWithOIDC,
  type ClientMetadata,
} from 'oidc-provider';
import type { JSONWebKeySet, JWK } from 'jose';
import { SANDBOX_REASON_HEADER, headerSafe } from '../shared/log-lines.js';
import {
  LOCAL_CLIENT_IDS,
  LOCAL_DC_ID,
  localLoopbackRedirectUri,
} from '../shared/local-sandbox.js';
import { CONSENT_TYPE } from '../shared/request-object.js';
import type { ConsentStore } from './consents.js';
import type { SandboxConfig } from './config.js';
import { ACCOUNTS, TEST_USER, type Account } from './fixtures.js';
import { misbehaviourMiddleware, type MisbehaviourState, type SandboxRecord } from './misbehave.js';
import { memoryAdapter, type MemoryStore } from './store.js';
import { normalizeDn, peerCertificate } from './tls.js';

/** The resource server's identifier: the audience of its access tokens. */
export const RESOURCE_INDICATOR = 'urn:ofm-postman:resource-server';

export interface ProviderInputs {
  readonly issuer: string;
  readonly config: Readonly<SandboxConfig>;
  readonly clientJwks: JSONWebKeySet;
  readonly tlsClientSubjectDn: string;
  readonly platformKey: { readonly jwk: JWK; readonly key: KeyObject };
  readonly store: MemoryStore;
  readonly consents: ConsentStore;
  /** The conformance-suite module the sandbox plays (misbehave.ts); happy-path by default. */
  readonly misbehaviour: MisbehaviourState;
  /** What clients presented and were issued, for tests. */
  readonly record: SandboxRecord;
}

/** Client assertions dated up to this many seconds ahead are accepted (FAPI 2.0: at least 10). */
export const ASSERTION_FUTURE_TOLERANCE_S = 10;
/** An assertion may not expire later than this many seconds from now (a day, as the suite checks). */
export const ASSERTION_MAX_EXP_AHEAD_S = 86_400;

/**
 * What the sandbox checks in a client assertion besides its signature (oidc-provider's own checks
 * also refuse a replayed jti and an expired exp). Returns the reason to refuse, or undefined.
 */
export function assertionClaimsProblem(
  claims: Record<string, unknown>,
  expected: { issuer: string; tokenEndpoint: string; strictFapi: boolean; maxLifetime: number },
  nowS: number,
): string | undefined {
  const { issuer, tokenEndpoint } = expected;
  const aud = claims['aud'];
  if (expected.strictFapi) {
    if (aud !== issuer) return `aud must be exactly the issuer string ${issuer} (strict FAPI 2.0)`;
  } else if (aud !== issuer && aud !== tokenEndpoint) {
    return `aud must be the issuer ${issuer} or the token endpoint ${tokenEndpoint} as a string`;
  }
  const { iat, exp, nbf, jti } = claims;
  if (typeof jti !== 'string' || jti === '') return 'jti is required in the client assertion';
  if (typeof iat !== 'number') return 'iat is required in the client assertion';
  if (iat > nowS + ASSERTION_FUTURE_TOLERANCE_S)
    return `iat is ${iat - nowS} s in the future (at most ${ASSERTION_FUTURE_TOLERANCE_S} s is accepted): check the client's clock`;
  if (typeof nbf === 'number' && nbf > nowS + ASSERTION_FUTURE_TOLERANCE_S)
    return `nbf is ${nbf - nowS} s in the future (at most ${ASSERTION_FUTURE_TOLERANCE_S} s is accepted): check the client's clock`;
  if (typeof exp !== 'number') return 'exp is required in the client assertion';
  if (exp <= nowS)
    return `the client assertion expired ${nowS - exp} s ago: check the client's clock`;
  if (exp - nowS > ASSERTION_MAX_EXP_AHEAD_S)
    return `exp is ${exp - nowS} s ahead, more than ${ASSERTION_MAX_EXP_AHEAD_S} s`;
  if (exp - iat <= 0 || exp - iat > expected.maxLifetime)
    return `client assertion lifetime exp - iat = ${exp - iat} s is outside 1..${expected.maxLifetime} s`;
  return undefined;
}

/** The redirect URIs every client has registered: the sandbox's `/callback` and the loopback one. */
export function registeredRedirectUris(issuer: string, config: Readonly<SandboxConfig>): string[] {
  return [`${issuer}/callback`, localLoopbackRedirectUri(config.loopbackRedirectPort)];
}

function clients(inputs: ProviderInputs): ClientMetadata[] {
  const common: Partial<ClientMetadata> = {
    tls_client_certificate_bound_access_tokens: true,
    grant_types: ['authorization_code', 'client_credentials', 'refresh_token'],
    response_types: ['code'],
    redirect_uris: registeredRedirectUris(inputs.issuer, inputs.config),
    scope: 'openid accounts profile email',
    request_object_signing_alg: 'PS256',
    require_signed_request_object: true,
    require_pushed_authorization_requests: true,
    id_token_signed_response_alg: 'PS256',
    authorization_details_types: [CONSENT_TYPE],
    jwks: inputs.clientJwks as ClientMetadata['jwks'],
  };
  return [
    {
      ...common,
      client_id: LOCAL_CLIENT_IDS.private_key_jwt,
      token_endpoint_auth_method: 'private_key_jwt',
      token_endpoint_auth_signing_alg: 'PS256',
    } as ClientMetadata,
    {
      ...common,
      client_id: LOCAL_CLIENT_IDS.tls_client_auth,
      token_endpoint_auth_method: 'tls_client_auth',
      tls_client_auth_subject_dn: inputs.tlsClientSubjectDn,
    } as ClientMetadata,
  ];
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

/** oidc-provider's configuration for the sandbox. */
export function providerConfiguration(inputs: ProviderInputs): Configuration {
  const { config, issuer } = inputs;
  const tokenEndpoint = `${issuer}/token`;
  return {
    clients: clients(inputs),
    jwks: { keys: [inputs.platformKey.jwk as never] },
    adapter: memoryAdapter(inputs.store) as never,
    cookies: { keys: [randomBytes(32).toString('base64url')] },
    async findAccount(_ctx, sub) {
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
    },
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
    // PayNet does not rotate; the conformance suite's refresh-token-test module does.
    rotateRefreshToken: () => inputs.misbehaviour.module === 'refresh-token-test',
    issueRefreshToken: async (_ctx, client) => client.grantTypeAllowed('refresh_token'),
    async assertJwtClientAuthClaimsAndHeader(
      _ctx: KoaContextWithOIDC,
      claims: Record<string, unknown>,
    ) {
      // Replacing this hook drops oidc-provider's own FAPI 2.0 aud check, so it is done here too.
      const problem = assertionClaimsProblem(
        claims,
        {
          issuer,
          tokenEndpoint,
          strictFapi: config.strictFapi,
          maxLifetime: config.maxAssertionLifetime,
        },
        Math.floor(Date.now() / 1000),
      );
      if (problem !== undefined) throw new errors.InvalidClientAuth(problem);
    },
    ttl: {
      AccessToken: config.accessTokenTtl,
      ClientCredentials: config.accessTokenTtl,
      AuthorizationCode: config.authorizationCodeTtl,
      RefreshToken: config.refreshTokenTtl,
      Grant: config.refreshTokenTtl,
      IdToken: 600,
      Interaction: 600,
      Session: 3600,
    },
    interactions: { url: (_ctx, interaction) => `/interaction/${interaction.uid}` },
    discovery: {
      // oidc-provider does not publish RFC 8705 aliases; the sandbox serves everything on one
      // mTLS listener, so each alias is the endpoint itself.
      mtls_endpoint_aliases: {
        token_endpoint: tokenEndpoint,
        pushed_authorization_request_endpoint: `${issuer}/request`,
        introspection_endpoint: `${issuer}/token/introspection`,
        revocation_endpoint: `${issuer}/token/revocation`,
        userinfo_endpoint: `${issuer}/me`,
      },
    },
    features: {
      devInteractions: { enabled: false },
      claimsParameter: { enabled: true },
      clientCredentials: { enabled: true },
      introspection: { enabled: true, allowedPolicy: ownTokensOnly } as never,
      revocation: { enabled: true, allowedPolicy: ownTokensOnly } as never,
      mTLS: {
        enabled: true,
        certificateBoundAccessTokens: true,
        tlsClientAuth: true,
        // Synchronous by contract: oidc-provider does not await these.
        getCertificate: (ctx: KoaContextWithOIDC) =>
          ctx.socket && 'getPeerX509Certificate' in ctx.socket
            ? ((
                ctx.socket as unknown as { getPeerX509Certificate(): unknown }
              ).getPeerX509Certificate() ?? undefined)
            : undefined,
        certificateAuthorized: (ctx: KoaContextWithOIDC) =>
          (ctx.socket as unknown as { authorized?: boolean }).authorized === true,
        certificateSubjectMatches: (
          ctx: KoaContextWithOIDC,
          property: string,
          expected: string,
        ) => {
          const cert = peerCertificate(ctx.socket);
          if (cert === undefined || property !== 'tls_client_auth_subject_dn') return false;
          return normalizeDn(cert.subject, 'node') === normalizeDn(expected, 'rfc4514');
        },
      } as never,
      pushedAuthorizationRequests: { enabled: true, requirePushedAuthorizationRequests: true },
      requestObjects: { enabled: true, requireSignedRequestObject: true } as never,
      resourceIndicators: {
        enabled: true,
        defaultResource: async () => RESOURCE_INDICATOR,
        useGrantedResource: async () => true,
        getResourceServerInfo: async (_ctx, resourceIndicator) => {
          if (resourceIndicator !== RESOURCE_INDICATOR) throw new errors.InvalidTarget();
          return {
            scope: 'accounts',
            audience: RESOURCE_INDICATOR,
            accessTokenFormat: 'opaque',
            accessTokenTTL: config.accessTokenTtl,
          };
        },
      },
      richAuthorizationRequests: {
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
        authorizationDetailsForIntrospection: (_ctx: unknown, token: { rar?: unknown[] }) =>
          token.rar,
      } as never,
      fapi: config.strictFapi ? { enabled: true, profile: '2.0' } : { enabled: false },
    },
  } as Configuration;
}

/** The refusal events whose `error_detail` says why (response bodies say only invalid_client). */
const ERROR_EVENTS = [
  'grant.error',
  'pushed_authorization_request.error',
  'authorization.error',
  'introspection.error',
  'revocation.error',
  'userinfo.error',
  'server_error',
] as const;

/** Creates the provider and wires its refusal events to the sandbox log. */
export function createProvider(inputs: ProviderInputs): Provider {
  const provider = new Provider(inputs.issuer, providerConfiguration(inputs));
  provider.use(
    misbehaviourMiddleware({
      state: inputs.misbehaviour,
      record: inputs.record,
      redirectUri: `${inputs.issuer}/callback`,
      signingKey: inputs.platformKey.key,
    }) as never,
  );
  // The event names are untyped in @types/oidc-provider; the listener shape is (ctx, error).
  const emitter = provider as unknown as {
    on(
      event: string,
      listener: (
        ctx: KoaContextWithOIDC,
        error: { error?: string; error_detail?: string; message?: string },
      ) => void,
    ): void;
  };
  for (const event of ERROR_EVENTS) {
    emitter.on(
      event,
      (
        ctx: KoaContextWithOIDC,
        error: { error?: string; error_detail?: string; message?: string },
      ) => {
        // error_detail is the reason oidc-provider keeps from the client (invalid_client says
        // only "client authentication failed"); other refusals carry it in error_description.
        const reason =
          error.error_detail ?? (error as { error_description?: string }).error_description;
        inputs.config.log({
          event,
          error: error.error ?? error.message,
          detail: reason ?? error.message,
          client_id:
            ctx?.oidc?.client?.clientId ?? (ctx?.oidc?.params?.['client_id'] as string | undefined),
        });
        // The local sandbox hands the reason to the client too, so its report can show it.
        if (reason !== undefined && ctx !== undefined && !ctx.headerSent)
          ctx.set(SANDBOX_REASON_HEADER, headerSafe(reason));
      },
    );
  }
  return provider;
}

/**
 * The interaction step: approves the fixed test user at once, creates the consent and grants the
 * requested scopes and the enriched authorization details. One GET, so a client that only follows
 * redirects (Newman, with its cookie jar) reaches the redirect URI with a code. The login page
 * (login-page.ts) calls it with the accounts the person selected.
 */
export async function approveInteraction(
  provider: Provider,
  inputs: ProviderInputs,
  req: IncomingMessage,
  res: ServerResponse,
  accounts: readonly Account[] = ACCOUNTS,
): Promise<void> {
  const details = await provider.interactionDetails(req, res);
  const params = details.params as Record<string, string | undefined>;
  const clientId = params['client_id'] as string;
  const grant = new provider.Grant({ accountId: TEST_USER.accountId, clientId });
  const scopes = (params['scope'] ?? '').split(' ').filter(Boolean);
  grant.addOIDCScope(scopes.join(' '));
  // Claims asked for with the claims parameter must be granted too, or consent is prompted again.
  const claims = JSON.parse(params['claims'] ?? '{}') as Record<
    string,
    Record<string, unknown> | undefined
  >;
  const claimNames = [
    ...Object.keys(claims['userinfo'] ?? {}),
    ...Object.keys(claims['id_token'] ?? {}),
  ];
  if (claimNames.length > 0) grant.addOIDCClaims(claimNames);
  if (scopes.includes('accounts')) grant.addResourceScope(RESOURCE_INDICATOR, 'accounts');
  const consents = [];
  for (const detail of JSON.parse(params['authorization_details'] ?? '[]') as Array<
    Record<string, unknown>
  >) {
    if (detail['type'] !== CONSENT_TYPE) {
      grant.addRar(detail as never);
      continue;
    }
    const requested = detail['consent'] as Record<string, unknown>;
    const consent = inputs.consents.create({
      clientId,
      dcId: String(requested['dc_id'] ?? LOCAL_DC_ID),
      dpId: String(requested['dp_id']),
      permissions: (requested['permissions'] as string[]) ?? [],
      accounts,
    });
    consents.push(consent);
    grant.addRar({
      ...detail,
      consent: { ...requested, consent_id: consent.consentId, status: consent.status },
      created_at: consent.createdAt,
      updated_at: consent.updatedAt,
      updated_by: 'data_provider_user',
      accounts: consent.accounts.map((a) => ({ ...a })),
    } as never);
  }
  const grantId = await grant.save();
  for (const consent of consents) consent.grantId = grantId;
  await provider.interactionFinished(
    req,
    res,
    { login: { accountId: TEST_USER.accountId }, consent: { grantId } },
    { mergeWithLastSubmission: false },
  );
}
