/**
 * What each variable means, its default and whether it is secret: the documentation side of
 * variables.ts, used by the builder (environments) and checked against the README. Kept apart so
 * the sandbox scripts, which need only the names, do not carry the descriptions.
 */
import { CONSENT_DEFAULTS, DEFAULT_REQUEST_OBJECT_LIFETIME } from './request-object.js';
import { DEFAULT_X_SIGNATURE_LIFETIME } from './x-signature.js';
import { FLOW_STEPS, stepVariable, type FlowStep } from './flow-status.js';
import { VAR, type VariableName } from './variables.js';

/** A variable the script reads, as documented to users. */
export interface VariableSpec {
  readonly name: VariableName;
  readonly description: string;
  /** Value used when the variable is unset or empty; undefined when there is none. */
  readonly defaultValue?: string;
  /** Secrets are written to shareable environments with an empty value and type `secret`. */
  readonly secret: boolean;
  /**
   * Given per run from a scope above the environment (`--global-var`, a globals file,
   * `--env-var`, `ofm-postman run`), never kept in one: a Postman environment leaves it out
   * while it is empty, since an environment's value, even an empty one, hides a global one.
   */
  readonly perRun?: true;
}

/** The inputs of the client-authentication script. */
export const CLIENT_AUTH_VARIABLES: readonly VariableSpec[] = [
  {
    name: VAR.authMethod,
    description: 'Client authentication: private_key_jwt or tls_client_auth.',
    defaultValue: 'private_key_jwt',
    secret: false,
  },
  { name: VAR.clientId, description: 'The OFP client_id PayNet issued to you.', secret: false },
  {
    name: VAR.signingKid,
    description: 'kid of your signing key in your registered JWKS (private_key_jwt).',
    secret: false,
  },
  {
    name: VAR.signingPrivateKey,
    description: 'Signing private key, PEM: PKCS#8, PKCS#1 or encrypted PKCS#8 (private_key_jwt).',
    secret: true,
  },
  {
    name: VAR.signingKeyPassphrase,
    description: 'Passphrase of an encrypted signing key; empty for an unencrypted key.',
    defaultValue: '',
    secret: true,
  },
  {
    name: VAR.tokenEndpoint,
    description: 'Token endpoint, from discovery.',
    secret: false,
  },
  { name: VAR.issuer, description: 'Authorization server issuer identifier.', secret: false },
  {
    name: VAR.assertionAudience,
    description:
      'aud of the client assertion: token_endpoint (PayNet guide), issuer (FAPI 2.0 Final) or an absolute https URL.',
    defaultValue: 'token_endpoint',
    secret: false,
  },
  {
    name: VAR.assertionLifetime,
    description: 'Seconds from iat to exp of the client assertion, 1 to 3600.',
    defaultValue: '600',
    secret: false,
  },
  {
    name: VAR.randomSeed,
    description:
      'Per-run random seed (64+ hex characters) for Newman, whose sandbox has no secure random source; ofm-postman run sets it.',
    defaultValue: '',
    secret: true,
    perRun: true,
  },
  {
    name: VAR.clockSkew,
    description:
      "Whose clock dates what is signed: auto (the server's, learnt from its Date header), off (this machine's), or the seconds the server's clock is ahead (negative: behind).",
    defaultValue: 'auto',
    secret: false,
  },
];

/** Endpoints the Discovery request stores (and `generate --discovery` pre-fills). */
export const ENDPOINT_VARIABLES: readonly VariableSpec[] = [
  {
    name: VAR.parEndpoint,
    description: 'Pushed authorization request endpoint, from discovery.',
    secret: false,
  },
  {
    name: VAR.authorizationEndpoint,
    description: 'Authorization endpoint (front channel), from discovery.',
    secret: false,
  },
  {
    name: VAR.introspectionEndpoint,
    description: 'Token introspection endpoint, from discovery.',
    secret: false,
  },
  {
    name: VAR.revocationEndpoint,
    description: 'Token revocation endpoint, from discovery.',
    secret: false,
  },
  {
    name: VAR.userinfoEndpoint,
    description: 'UserInfo endpoint, from discovery.',
    secret: false,
  },
  { name: VAR.jwksUri, description: "The platform's JWKS URL, from discovery.", secret: false },
];

/** Resource server, token and paging variables used by the collections. */
export const COLLECTION_VARIABLES: readonly VariableSpec[] = [
  {
    name: VAR.rsBaseUrl,
    description: 'Resource server base URL (PayNet publishes it outside discovery).',
    secret: false,
  },
  {
    name: VAR.ccScope,
    description: 'Scope of the client-credentials token.',
    defaultValue: 'accounts',
    secret: false,
  },
  {
    name: VAR.ccAccessToken,
    description: 'Client-credentials access token; the collection fills it at run time.',
    defaultValue: '',
    secret: true,
  },
  {
    name: VAR.ccAccessTokenExpiresAt,
    description: 'When the client-credentials token expires (ms since 1970); set at run time.',
    defaultValue: '',
    secret: false,
  },
  {
    name: VAR.providersPageSize,
    description: 'page_size of the providers list.',
    defaultValue: '50',
    secret: false,
  },
  {
    name: VAR.providersNextPage,
    description: 'Cursor of the next providers page; set at run time.',
    defaultValue: '',
    secret: false,
  },
  {
    name: VAR.providersPageCount,
    description: 'Providers pages fetched in this run; set at run time.',
    defaultValue: '',
    secret: false,
  },
  {
    name: VAR.dpId,
    description:
      'The data provider (dp_id) to work with; the providers request sets the first one.',
    defaultValue: '',
    secret: false,
  },
];

/** Inputs of the consent journey (request object, PAR, authorization, token exchange). */
export const CONSENT_VARIABLES: readonly VariableSpec[] = [
  {
    name: VAR.redirectUri,
    description: 'Your registered redirect_uri (the local sandbox serves /callback).',
    secret: false,
  },
  { name: VAR.dcId, description: 'Your dc_id (data consumer id) from PayNet.', secret: false },
  {
    name: VAR.consentScope,
    description: 'scope of the request object.',
    defaultValue: CONSENT_DEFAULTS.scope,
    secret: false,
  },
  {
    name: VAR.consentPurpose,
    description: 'consent_purpose in authorization_details.',
    defaultValue: CONSENT_DEFAULTS.purpose,
    secret: false,
  },
  {
    name: VAR.consentPermissions,
    description: 'permissions in authorization_details, space-separated.',
    defaultValue: CONSENT_DEFAULTS.permissions,
    secret: false,
  },
  {
    name: VAR.consentExpiryDays,
    description: 'Days from now to the consent expiration_datetime.',
    defaultValue: CONSENT_DEFAULTS.expiryDays,
    secret: false,
  },
  {
    name: VAR.maxAge,
    description: 'max_age of the request object, seconds.',
    defaultValue: CONSENT_DEFAULTS.maxAge,
    secret: false,
  },
  {
    name: VAR.claimsRequest,
    description: 'OIDC claims request (JSON) of the request object.',
    defaultValue: CONSENT_DEFAULTS.claims,
    secret: false,
  },
  {
    name: VAR.requestObjectLifetime,
    description: 'Seconds from iat to exp of the request object, 1 to 3600.',
    defaultValue: String(DEFAULT_REQUEST_OBJECT_LIFETIME),
    secret: false,
  },
];

/** Values the journey stores as it goes; present empty so every run starts clean. */
export const FLOW_VARIABLES: readonly VariableSpec[] = [
  {
    name: VAR.serverClockOffset,
    description:
      "The server's clock minus this machine's, seconds, learnt from Date headers (0 within 5 s); used when clock_skew is auto.",
    defaultValue: '',
    secret: false,
  },
  {
    name: VAR.issParameterSupported,
    description:
      'Whether discovery advertised authorization_response_iss_parameter_supported (then the authorization response must carry iss, RFC 9207).',
    defaultValue: '',
    secret: false,
  },
  ...Object.entries(FLOW_STEPS).map(([step, request]) => ({
    name: stepVariable(step as FlowStep) as VariableName,
    description: `Outcome of the ${request} request in this run (ok, failed or skipped); the requests that need it are skipped unless it is ok.`,
    defaultValue: '',
    secret: false,
  })),
  {
    name: VAR.ofpJwks,
    description: "The platform's JWKS as fetched by the OFP JWKS request (public).",
    defaultValue: '',
    secret: false,
  },
  {
    name: VAR.codeVerifier,
    description: 'PKCE code_verifier of the current flow; set by PAR.',
    defaultValue: '',
    secret: true,
  },
  {
    name: VAR.state,
    description: 'state of the current flow; set by PAR.',
    defaultValue: '',
    secret: false,
  },
  {
    name: VAR.nonce,
    description: 'nonce of the current flow; set by PAR.',
    defaultValue: '',
    secret: false,
  },
  {
    name: VAR.requestUri,
    description: 'request_uri returned by PAR.',
    defaultValue: '',
    secret: false,
  },
  {
    name: VAR.authorizationUrl,
    description:
      'The URL a person opens to approve the consent at the bank (when the flow cannot run unattended).',
    defaultValue: '',
    secret: false,
  },
  {
    name: VAR.authorizationCode,
    description:
      'Authorization code: captured automatically from the local sandbox, pasted by hand for PayNet.',
    defaultValue: '',
    secret: true,
  },
  {
    name: VAR.accessToken,
    description: 'Access token of the consent; set by the token exchange.',
    defaultValue: '',
    secret: true,
  },
  {
    name: VAR.accessTokenExpiresAt,
    description:
      'When access_token expires (epoch milliseconds); set by the token exchange and the refresh. Empty when the server gave no expires_in. Account-data requests renew an expired access token with the refresh token first.',
    defaultValue: '',
    secret: false,
  },
  {
    name: VAR.refreshToken,
    description: 'Refresh token of the consent; set by the token exchange.',
    defaultValue: '',
    secret: true,
  },
  {
    name: VAR.idToken,
    description: 'ID token of the consent; set by the token exchange.',
    defaultValue: '',
    secret: true,
  },
  {
    name: VAR.consentId,
    description: 'consent_id from the token response.',
    defaultValue: '',
    secret: false,
  },
  {
    name: VAR.accountIds,
    description: 'Consented account_ids (JSON array) from the token response.',
    defaultValue: '',
    secret: false,
  },
  {
    name: VAR.accountId,
    description: 'The first consented account_id.',
    defaultValue: '',
    secret: false,
  },
];

/** Account data: keys, x-signature settings and paging. */
export const DATA_VARIABLES: readonly VariableSpec[] = [
  {
    name: VAR.encryptionPrivateKey,
    description:
      'Encryption private key, PEM (decrypts account data; its public key is use=enc in your JWKS).',
    secret: true,
  },
  {
    name: VAR.encryptionKeyPassphrase,
    description: 'Passphrase of an encrypted encryption key; empty for an unencrypted key.',
    defaultValue: '',
    secret: true,
  },
  {
    name: VAR.responseJwksUri,
    description: 'Key set that signs account-data responses; empty means jwks_uri.',
    defaultValue: '',
    secret: false,
  },
  {
    name: VAR.responseJwks,
    description: 'Cached response key set with its fetch time (at most 15 minutes old).',
    defaultValue: '',
    secret: false,
  },
  {
    name: VAR.xSignatureSub,
    description: 'sub of the x-signature: consent_id (PayNet samples) or dc_id (PayNet guide).',
    defaultValue: 'consent_id',
    secret: false,
  },
  {
    name: VAR.xSignatureLifetime,
    description: 'Seconds from iat to exp of the x-signature.',
    defaultValue: String(DEFAULT_X_SIGNATURE_LIFETIME),
    secret: false,
  },
  {
    name: VAR.dataAccountId,
    description: 'The account the current data request is for; set by the script.',
    defaultValue: '',
    secret: false,
  },
  {
    name: VAR.dataAccountIndex,
    description: 'Index of that account in account_ids; set by the scripts.',
    defaultValue: '',
    secret: false,
  },
  {
    name: VAR.transactionsPageSize,
    description: 'page_size of the transactions list.',
    defaultValue: '5',
    secret: false,
  },
  {
    name: VAR.transactionsNextPage,
    description: 'Cursor of the next transactions page; set at run time.',
    defaultValue: '',
    secret: false,
  },
  {
    name: VAR.transactionsPageCount,
    description: 'Transactions pages fetched for the current account; set at run time.',
    defaultValue: '',
    secret: false,
  },
];

/** Every variable the generated collections read or write, in environment order. */
export const ALL_VARIABLES: readonly VariableSpec[] = [
  ...CLIENT_AUTH_VARIABLES,
  ...ENDPOINT_VARIABLES,
  ...COLLECTION_VARIABLES,
  ...CONSENT_VARIABLES,
  ...FLOW_VARIABLES,
  ...DATA_VARIABLES,
];

/**
 * Request-scoped values the scripts set with `pm.variables.set` while a request is being sent. The
 * request bodies name them as placeholders (`client_assertion={{client_assertion}}`), the scripts
 * replace those entries, and no environment holds them: each lives for one request only.
 */
export const REQUEST_SCOPED_VARIABLES: readonly VariableSpec[] = [
  {
    name: VAR.clientAssertion,
    description:
      'The client assertion the collection-level script signed for this request (private_key_jwt).',
    secret: true,
  },
  {
    name: VAR.requestObject,
    description: 'The request object the PAR script signed for this request.',
    secret: true,
  },
  {
    name: VAR.xSignature,
    description: 'The x-signature the account-data script signed for this request.',
    secret: true,
  },
];
