/**
 * The one source of truth for Postman variable names. The sandbox script reads these names, the
 * builder writes them into environments, and the README table is checked against them.
 */

/** Variable names, by role. */
export const VAR = {
  authMethod: 'auth_method',
  clientId: 'client_id',
  signingKid: 'signing_kid',
  signingPrivateKey: 'signing_private_key',
  signingKeyPassphrase: 'signing_key_passphrase',
  tokenEndpoint: 'token_endpoint',
  issuer: 'issuer',
  assertionAudience: 'assertion_audience',
  assertionLifetime: 'assertion_lifetime',
  randomSeed: 'ofm_random_seed',
  /** Request-scoped output: the assertion the script just signed. */
  clientAssertion: 'client_assertion',
} as const;

export type VariableName = (typeof VAR)[keyof typeof VAR];

/** A variable the script reads, as documented to users. */
export interface VariableSpec {
  readonly name: VariableName;
  readonly description: string;
  /** Value used when the variable is unset or empty; undefined when there is none. */
  readonly defaultValue?: string;
  /** Secrets are written to shareable environments with an empty value and type `secret`. */
  readonly secret: boolean;
}

/** Client authentication methods PayNet OFP accepts (developer guide, Client Authentication). */
export const AUTH_METHODS = ['private_key_jwt', 'tls_client_auth'] as const;
export type AuthMethod = (typeof AUTH_METHODS)[number];

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
