/**
 * What each variable means, its default and whether it is secret: the documentation side of
 * variables.ts, used by the builder (environments) and checked against the README. Kept apart so
 * the sandbox scripts, which need only the names, do not carry the descriptions.
 */
import { VAR, type VariableName } from './variables.js';

/** A variable the script reads, as documented to users. */
export interface VariableSpec {
  readonly name: VariableName;
  readonly description: string;
  /** Value used when the variable is unset or empty; undefined when there is none. */
  readonly defaultValue?: string;
  /** Secrets are written to shareable environments with an empty value and type `secret`. */
  readonly secret: boolean;
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

/** Every variable the generated collections read or write, in environment order. */
export const ALL_VARIABLES: readonly VariableSpec[] = [
  ...CLIENT_AUTH_VARIABLES,
  ...ENDPOINT_VARIABLES,
  ...COLLECTION_VARIABLES,
];
