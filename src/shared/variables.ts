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
  clockSkew: 'clock_skew',
  /** Learnt at run time: the server's clock minus this machine's, seconds. */
  serverClockOffset: 'ofm_clock_offset',
  /** Request-scoped output: the assertion the script just signed. */
  clientAssertion: 'client_assertion',
  /** Request-scoped output: the request object the PAR script just signed. */
  requestObject: 'request_object',
  parEndpoint: 'par_endpoint',
  authorizationEndpoint: 'authorization_endpoint',
  introspectionEndpoint: 'introspection_endpoint',
  revocationEndpoint: 'revocation_endpoint',
  userinfoEndpoint: 'userinfo_endpoint',
  jwksUri: 'jwks_uri',
  rsBaseUrl: 'rs_base_url',
  ccScope: 'cc_scope',
  ccAccessToken: 'cc_access_token',
  ccAccessTokenExpiresAt: 'cc_access_token_expires_at',
  providersPageSize: 'providers_page_size',
  providersNextPage: 'providers_next_page_params',
  providersPageCount: 'providers_page_count',
  dpId: 'dp_id',
  dcId: 'dc_id',
  redirectUri: 'redirect_uri',
  consentScope: 'consent_scope',
  consentPurpose: 'consent_purpose',
  consentPermissions: 'consent_permissions',
  consentExpiryDays: 'consent_expiry_days',
  maxAge: 'max_age',
  claimsRequest: 'claims_request',
  requestObjectLifetime: 'request_object_lifetime',
  ofpJwks: 'ofp_jwks',
  /** Set by Discovery: `true` when the authorization response must carry `iss` (RFC 9207). */
  issParameterSupported: 'iss_parameter_supported',
  codeVerifier: 'code_verifier',
  state: 'state',
  nonce: 'nonce',
  requestUri: 'request_uri',
  authorizationUrl: 'authorization_url',
  authorizationCode: 'authorization_code',
  accessToken: 'access_token',
  accessTokenExpiresAt: 'access_token_expires_at',
  refreshToken: 'refresh_token',
  idToken: 'id_token',
  consentId: 'consent_id',
  accountIds: 'account_ids',
  accountId: 'account_id',
  encryptionPrivateKey: 'encryption_private_key',
  encryptionKeyPassphrase: 'encryption_key_passphrase',
  responseJwksUri: 'response_jwks_uri',
  responseJwks: 'response_jwks',
  /** Request-scoped output: the x-signature the data-request script just signed. */
  xSignature: 'x_signature',
  xSignatureSub: 'x_signature_sub',
  xSignatureLifetime: 'x_signature_lifetime',
  dataAccountId: 'data_account_id',
  dataAccountIndex: 'data_account_index',
  transactionsPageSize: 'transactions_page_size',
  transactionsNextPage: 'transactions_next_page_params',
  transactionsPageCount: 'transactions_page_count',
} as const;

export type VariableName = (typeof VAR)[keyof typeof VAR];

/** Client authentication methods PayNet OFP accepts (developer guide, Client Authentication). */
export const AUTH_METHODS = ['private_key_jwt', 'tls_client_auth'] as const;
export type AuthMethod = (typeof AUTH_METHODS)[number];
