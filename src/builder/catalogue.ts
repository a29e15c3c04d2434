/**
 * The catalogue of the OFP collections, as data: the folders in PayNet's developer-guide order,
 * their requests, and the documentation the collections carry. collection.ts assembles it with the
 * postman-collection SDK; request-definition.ts turns an entry into a request.
 */
import type { AuthMethod } from '../shared/variables.js';
import { VAR } from '../shared/variables.js';
import { REQUEST, type RequestName } from '../shared/request-names.js';
import type { ScriptName } from './scripts.js';

/** `{{name}}`: a variable as Postman resolves it when the request is sent. */
export const v = (name: string): string => `{{${name}}}`;

/**
 * A secret variable named in a request's description, without braces: the Postman CLI writes each
 * request's description into its JSON report resolved with the run's values, so `{{name}}` there
 * would put a signed JWT or a token into the report, whatever its omit options (docs/postman-cli.md).
 */
export const named = (name: string): string => `the \`${name}\` variable`;

export interface Header {
  readonly key: string;
  readonly value: string;
}

/** What the builder appends to a request's own description. */
export type RequestNote =
  /** How the collection-level script authenticates the client (every token-endpoint call). */
  | 'client-authentication'
  /** What the request's pre-request script signs into x-signature (account data). */
  | 'x-signature';

export interface CatalogueRequest {
  readonly name: RequestName;
  /** Markdown; the note, then the saved example's decoded tokens, follow it. */
  readonly description: string;
  readonly note?: RequestNote;
  readonly method: 'GET' | 'POST';
  readonly url: string;
  readonly headers?: readonly Header[];
  /**
   * An x-www-form-urlencoded body: the request's own parameters. The client-authentication
   * parameters follow them (request-definition.ts).
   */
  readonly form?: ReadonlyArray<readonly [string, string]>;
  readonly prerequest?: ScriptName;
  readonly test: ScriptName;
}

export interface CatalogueFolder {
  readonly name: string;
  readonly description: string;
  /** Gets a client-credentials token first when there is none (ensure-token.js). */
  readonly needsToken: boolean;
  /** A test script every request of the folder runs before its own. */
  readonly test?: ScriptName;
  readonly requests: readonly CatalogueRequest[];
}

export const FORM: Header = { key: 'Content-Type', value: 'application/x-www-form-urlencoded' };
const JSON_ACCEPT: Header = { key: 'Accept', value: 'application/json' };
const JOSE_ACCEPT: Header = { key: 'Accept', value: 'application/jose' };
/** A token-endpoint call's headers (the revocation endpoint answers no body: no Accept). */
const FORM_JSON: readonly Header[] = [FORM, JSON_ACCEPT];
const CLIENT_CREDENTIALS_BEARER: readonly Header[] = [
  JSON_ACCEPT,
  { key: 'Authorization', value: `Bearer ${v(VAR.ccAccessToken)}` },
];
/**
 * Headers of an account-data request. `x-signature` shows what the request's pre-request script
 * signs and puts there when the request is sent (it replaces the placeholder, never adds one).
 */
const ACCOUNT_DATA_HEADERS: readonly Header[] = [
  JOSE_ACCEPT,
  { key: 'Authorization', value: `Bearer ${v(VAR.accessToken)}` },
  { key: 'x-signature', value: v(VAR.xSignature) },
];
const BALANCES_URL = `${v(VAR.rsBaseUrl)}/v1/accounts/${v(VAR.dataAccountId)}/balances`;
const CLIENT_CREDENTIALS_TOKEN_HINT = [
  ['token', v(VAR.ccAccessToken)],
  ['token_type_hint', 'access_token'],
] as const;

/** The folders of every collection, in order. */
export const CATALOGUE: readonly CatalogueFolder[] = [
  {
    name: '1. Discovery',
    description:
      'Reads the authorization server metadata and stores every endpoint the later requests use (RFC 8705 mTLS aliases take precedence). TLS, no client authentication.',
    needsToken: false,
    requests: [
      {
        name: REQUEST.discovery,
        description: 'GET the OpenID Provider metadata of the configured issuer.',
        method: 'GET',
        url: `${v(VAR.issuer)}/.well-known/openid-configuration`,
        headers: [JSON_ACCEPT],
        test: 'test-discovery.js',
      },
    ],
  },
  {
    name: '2. OFP JWKS',
    description: "The platform's public keys, used to verify ID tokens and signed responses.",
    needsToken: false,
    requests: [
      {
        name: REQUEST.jwks,
        description: 'GET the key set at jwks_uri and check it can verify signatures.',
        method: 'GET',
        url: v(VAR.jwksUri),
        headers: [JSON_ACCEPT],
        test: 'test-jwks.js',
      },
    ],
  },
  {
    name: '3. Client credentials',
    description:
      'An application token for the providers list and consent management (developer guide section 4). mTLS.',
    needsToken: false,
    requests: [
      {
        name: REQUEST.clientCredentials,
        description: `POST grant_type=client_credentials, scope=${v(VAR.ccScope)}. Stores cc_access_token and its expiry.`,
        note: 'client-authentication',
        method: 'POST',
        url: v(VAR.tokenEndpoint),
        headers: FORM_JSON,
        form: [
          ['grant_type', 'client_credentials'],
          ['scope', v(VAR.ccScope)],
        ],
        test: 'test-token.js',
      },
    ],
  },
  {
    name: '4. Providers',
    description:
      'The data providers on the platform (developer guide section 5), page by page. Gets a client-credentials token first when there is none.',
    needsToken: true,
    requests: [
      {
        name: REQUEST.providers,
        description: `GET ${v(VAR.rsBaseUrl)}/v1/providers with the client-credentials token; follows next_page_params and stores the first dp_id.`,
        method: 'GET',
        url: `${v(VAR.rsBaseUrl)}/v1/providers?page_size=${v(VAR.providersPageSize)}`,
        headers: CLIENT_CREDENTIALS_BEARER,
        prerequest: 'providers-page.js',
        test: 'test-providers.js',
      },
    ],
  },
  {
    name: '5. Consent',
    description:
      'The consent journey (developer guide sections 6-8): PAR with a signed request object and PKCE, the authorization, the code exchange with ID-token validation, and a refresh.',
    needsToken: false,
    requests: [
      {
        name: REQUEST.par,
        description: `POST the signed request object (PS256 JAR with PKCE S256, state, nonce and PayNet's consent authorization_details) to the pushed authorization request endpoint. The body's \`request\` entry is ${named(VAR.requestObject)}: the request's pre-request script signs the request object when the request is sent and puts it there.`,
        note: 'client-authentication',
        method: 'POST',
        url: v(VAR.parEndpoint),
        headers: FORM_JSON,
        form: [['request', v(VAR.requestObject)]],
        prerequest: 'par-request.js',
        test: 'test-par.js',
      },
      {
        name: REQUEST.authorize,
        description: `GET the authorization endpoint with only client_id and request_uri. Against the local sandbox the redirects end at the redirect URI and the code is captured. Against PayNet a person logs in at the bank: open the URL the run prints (stored in ${VAR.authorizationUrl}), approve, and paste the code from the redirect into ${VAR.authorizationCode}.`,
        method: 'GET',
        url: `${v(VAR.authorizationEndpoint)}?client_id=${v(VAR.clientId)}&request_uri=${v(VAR.requestUri)}`,
        test: 'test-authorize.js',
      },
      {
        name: REQUEST.tokenExchange,
        description:
          "POST grant_type=authorization_code with the code, redirect_uri and code_verifier. Checks the ID token (PS256 against the issuer's JWKS, iss, aud, exp, iat, nonce) and stores the tokens, consent_id and account_ids.",
        note: 'client-authentication',
        method: 'POST',
        url: v(VAR.tokenEndpoint),
        headers: FORM_JSON,
        form: [
          ['grant_type', 'authorization_code'],
          ['code', v(VAR.authorizationCode)],
          ['redirect_uri', v(VAR.redirectUri)],
          ['code_verifier', v(VAR.codeVerifier)],
        ],
        prerequest: 'code-required.js',
        test: 'test-token-exchange.js',
      },
      {
        name: REQUEST.refresh,
        description: 'POST grant_type=refresh_token. PayNet does not rotate refresh tokens.',
        note: 'client-authentication',
        method: 'POST',
        url: v(VAR.tokenEndpoint),
        headers: FORM_JSON,
        form: [
          ['grant_type', 'refresh_token'],
          ['refresh_token', v(VAR.refreshToken)],
        ],
        test: 'test-refresh.js',
      },
    ],
  },
  {
    name: '6. Account data',
    description: `Balances and transactions of every consented account (developer guide section 9), page by page. Each request carries an x-signature (PS256 over the resolved URL, its query and the interaction id) and the consent's access token. The folder's test script verifies each response JWS against the response key set (${v(VAR.responseJwksUri)}, else ${v(VAR.jwksUri)}), checks iss, aud and validity, decrypts the JWE (RSA-OAEP-256, A256GCM) with encryption_private_key, and hands the JSON to the request's tests.`,
    needsToken: false,
    test: 'test-account-data.js',
    requests: [
      {
        name: REQUEST.balances,
        description: 'GET the balances of each consented account in turn.',
        note: 'x-signature',
        method: 'GET',
        url: BALANCES_URL,
        headers: ACCOUNT_DATA_HEADERS,
        prerequest: 'account-data-request.js',
        test: 'test-balances.js',
      },
      {
        name: REQUEST.transactions,
        description: `GET the transactions of each consented account, following next_page_params (page_size ${v(VAR.transactionsPageSize)}).`,
        note: 'x-signature',
        method: 'GET',
        url: `${v(VAR.rsBaseUrl)}/v1/accounts/${v(VAR.dataAccountId)}/transactions?page_size=${v(VAR.transactionsPageSize)}`,
        headers: ACCOUNT_DATA_HEADERS,
        prerequest: 'account-data-request.js',
        test: 'test-transactions.js',
      },
    ],
  },
  {
    name: '7. Consent management',
    description:
      'Revokes the consent with a client-credentials token, then shows that data calls for it are refused.',
    needsToken: true,
    requests: [
      {
        name: REQUEST.revokeConsent,
        description: `POST ${v(VAR.rsBaseUrl)}/consents/${v(VAR.consentId)}/revoke with the client-credentials token.`,
        method: 'POST',
        url: `${v(VAR.rsBaseUrl)}/consents/${v(VAR.consentId)}/revoke`,
        headers: CLIENT_CREDENTIALS_BEARER,
        test: 'test-revoke-consent.js',
      },
      {
        name: REQUEST.dataAfterRevocation,
        description: 'GET balances again with the revoked consent: the platform must refuse.',
        note: 'x-signature',
        method: 'GET',
        url: BALANCES_URL,
        headers: ACCOUNT_DATA_HEADERS,
        prerequest: 'account-data-request.js',
        test: 'test-data-refused.js',
      },
    ],
  },
  {
    name: '8. Token introspection',
    description:
      'Checks that the client-credentials token is active and certificate-bound (RFC 7662, RFC 8705).',
    needsToken: true,
    requests: [
      {
        name: REQUEST.introspection,
        description: `POST the client-credentials token (${named(VAR.ccAccessToken)}) as \`token\`.`,
        note: 'client-authentication',
        method: 'POST',
        url: v(VAR.introspectionEndpoint),
        headers: FORM_JSON,
        form: CLIENT_CREDENTIALS_TOKEN_HINT,
        test: 'test-introspection.js',
      },
    ],
  },
  {
    name: '9. Token revocation',
    description:
      'Revokes the client-credentials token (RFC 7009); the next request that needs one fetches a new token.',
    needsToken: true,
    requests: [
      {
        name: REQUEST.revocation,
        description: `POST the client-credentials token (${named(VAR.ccAccessToken)}) as \`token\`.`,
        note: 'client-authentication',
        method: 'POST',
        url: v(VAR.revocationEndpoint),
        headers: [FORM],
        form: CLIENT_CREDENTIALS_TOKEN_HINT,
        test: 'test-revocation.js',
      },
    ],
  },
];

const X_SIGNATURE_NOTE = `The \`x-signature\` header is ${named(VAR.xSignature)}: the request's pre-request script signs a fresh one (PS256 over the URL as sent, its query and the x-fapi-interaction-id) and puts it there when the request is sent. Code generated from this request needs a freshly signed x-signature for every call.`;

const CLIENT_AUTHENTICATION_NOTE: Readonly<Record<AuthMethod, string>> = {
  private_key_jwt: [
    `**Client authentication (private_key_jwt).** The body shows \`client_id\`, \`client_assertion_type\` and \`client_assertion\` (${named(VAR.clientAssertion)}): when the request is sent, the collection-level script replaces them with your client_id and a freshly signed PS256 assertion (one use only), so none is ever sent twice.`,
    '',
    "Code generated from this request (Postman's code snippets) shows the same placeholders, and an assertion cannot be reused. For a cURL command that works as printed, run `ofm-postman assertion --curl` (it signs a fresh assertion for the client-credentials request); `ofm-postman assertion` alone prints an assertion to paste.",
  ].join('\n'),
  tls_client_auth: [
    `**Client authentication (tls_client_auth).** The body shows \`client_id=${v(VAR.clientId)}\`, which the collection-level script fills in; the TLS client certificate configured for this host authenticates the client.`,
    '',
    'Code generated from this request needs that certificate too (for cURL: `--cert` and `--key`).',
  ].join('\n'),
};

/** The text a note stands for, in the collection of `auth`. */
export function noteText(note: RequestNote, auth: AuthMethod): string {
  return note === 'x-signature' ? X_SIGNATURE_NOTE : CLIENT_AUTHENTICATION_NOTE[auth];
}

/** The collection's own documentation (Markdown). */
export function collectionDescription(
  auth: AuthMethod,
  generatedBy: string,
  prerequest: { readonly name: string; readonly sha256: string },
): string {
  return [
    `Generated by ${generatedBy}; do not edit by hand, regenerate with \`ofm-postman generate\`.`,
    '',
    `Client authentication: **${auth}**. Import the matching environment and configure the client certificate for every OFP host (Settings › Certificates).`,
    '',
    `The collection-level pre-request script (${prerequest.name}, sha256 ${prerequest.sha256}) adds an x-fapi-interaction-id to every request and client authentication to token requests. It needs no download and no eval.`,
  ].join('\n');
}
