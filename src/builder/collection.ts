/**
 * The OFP collections, built with the postman-collection SDK. Folders follow PayNet's developer
 * guide. The big client-authentication bundle sits once, at collection level; folders that need a
 * client-credentials token carry the small ensure-token script; each request carries its test.
 */
import sdk, {
  type Collection,
  type Item,
  type ItemGroup,
  type RequestDefinition,
} from 'postman-collection';
import type { AuthMethod } from '../shared/variables.js';
import { VAR } from '../shared/variables.js';
import { CLIENT_ASSERTION_TYPE } from '../shared/client-assertion.js';
import { TOOL_NAME } from '../shared/package-info.js';
import {
  decodedExampleMarkdown,
  exampleResponse,
  readExampleFixture,
  type ExampleFixture,
} from './examples.js';
import { stableId } from './ids.js';
import { withCollectionHeader } from './collection-script-header.js';
import type { BundledScript, ScriptName, ScriptSet } from './scripts.js';

export type { ScriptSet } from './scripts.js';

export { collectionFileName } from './file-names.js';

const v = (name: string) => `{{${name}}}`;

function scriptEvent(
  id: string,
  listen: 'prerequest' | 'test',
  script: BundledScript,
): InstanceType<typeof sdk.Event> {
  return new sdk.Event({
    id: stableId(`event:${id}:${listen}`),
    listen,
    script: {
      id: stableId(`script:${id}:${listen}`),
      type: 'text/javascript',
      exec: script.code.split('\n'),
    },
  } as never);
}

interface RequestSpec {
  readonly name: string;
  readonly description: string;
  readonly request: RequestDefinition;
  readonly test: ScriptName;
  readonly prerequest?: ScriptName;
}

function requestItem(
  folder: string,
  spec: RequestSpec,
  scripts: ScriptSet,
  examples: ExampleFixture,
): Item {
  const id = `${folder}/${spec.name}`;
  const events = [scriptEvent(id, 'test', scripts[spec.test])];
  if (spec.prerequest) events.unshift(scriptEvent(id, 'prerequest', scripts[spec.prerequest]));
  const example = examples[spec.name];
  if (example === undefined) {
    throw new Error(`no example response for ${spec.name}: run scripts/capture-examples.ts`);
  }
  const description = example.decoded
    ? `${spec.description}\n\n${decodedExampleMarkdown(example.decoded)}`
    : spec.description;
  return new sdk.Item({
    id: stableId(`item:${id}`),
    name: spec.name,
    // Postman shows a request's documentation from request.description, not item.description.
    request: { ...spec.request, description },
    response: [exampleResponse(stableId(`response:${id}`), spec.request, example)],
    event: events.map((e) => e.toJSON()),
  } as never);
}

function folder(
  name: string,
  description: string,
  specs: RequestSpec[],
  scripts: ScriptSet,
  needsToken: boolean,
  examples: ExampleFixture,
  folderTest?: ScriptName,
): ItemGroup<Item> {
  const group = new sdk.ItemGroup<Item>({
    id: stableId(`folder:${name}`),
    name,
    description,
    event: [
      ...(needsToken
        ? [scriptEvent(`folder:${name}`, 'prerequest', scripts['ensure-token.js']).toJSON()]
        : []),
      ...(folderTest ? [scriptEvent(`folder:${name}`, 'test', scripts[folderTest]).toJSON()] : []),
    ],
  } as never);
  for (const spec of specs) group.items.add(requestItem(name, spec, scripts, examples));
  return group;
}

const FORM = { key: 'Content-Type', value: 'application/x-www-form-urlencoded' };
const JSON_ACCEPT = { key: 'Accept', value: 'application/json' };
const JOSE_ACCEPT = { key: 'Accept', value: 'application/jose' };

/**
 * Headers of an account-data request. `x-signature` shows what the request's pre-request script
 * signs and puts there when the request is sent (it replaces the placeholder, never adds one).
 */
function dataHeaders() {
  return [
    JOSE_ACCEPT,
    { key: 'Authorization', value: `Bearer ${v(VAR.accessToken)}` },
    { key: 'x-signature', value: v(VAR.xSignature) },
  ];
}

const X_SIGNATURE_NOTE = `The \`x-signature\` header shows \`${v(VAR.xSignature)}\`: the request's pre-request script signs a fresh one (PS256 over the URL as sent, its query and the x-fapi-interaction-id) and puts it there when the request is sent. Code generated from this request needs a freshly signed x-signature for every call.`;

/**
 * The client-authentication parameters as the body shows them. The collection-level script replaces
 * every entry with one of these keys when the request is sent (never duplicating one), so the
 * placeholders only document what goes out, for people, code generators and other tools.
 */
function clientAuthBody(auth: AuthMethod): Array<[string, string]> {
  return auth === 'private_key_jwt'
    ? [
        ['client_id', v(VAR.clientId)],
        ['client_assertion_type', CLIENT_ASSERTION_TYPE],
        ['client_assertion', v(VAR.clientAssertion)],
      ]
    : [['client_id', v(VAR.clientId)]];
}

/**
 * A POST with an x-www-form-urlencoded body (the shape of every token-endpoint call): the
 * request's own parameters, then client authentication.
 */
function formPost(
  auth: AuthMethod,
  url: string,
  params: Array<[string, string]>,
  accept = true,
): RequestDefinition {
  return {
    method: 'POST',
    url,
    header: accept ? [FORM, JSON_ACCEPT] : [FORM],
    body: {
      mode: 'urlencoded',
      urlencoded: [...params, ...clientAuthBody(auth)].map(([key, value]) => ({ key, value })),
    },
  } as RequestDefinition;
}

function clientAuthNote(auth: AuthMethod): string {
  return auth === 'private_key_jwt'
    ? [
        `**Client authentication (private_key_jwt).** The body shows \`client_id\`, \`client_assertion_type\` and \`client_assertion=${v(VAR.clientAssertion)}\`: when the request is sent, the collection-level script replaces them with your client_id and a freshly signed PS256 assertion (one use only), so none is ever sent twice.`,
        '',
        "Code generated from this request (Postman's code snippets) shows the same placeholders, and an assertion cannot be reused. For a cURL command that works as printed, run `ofm-postman assertion --curl` (it signs a fresh assertion for the client-credentials request); `ofm-postman assertion` alone prints an assertion to paste.",
      ].join('\n')
    : [
        `**Client authentication (tls_client_auth).** The body shows \`client_id=${v(VAR.clientId)}\`, which the collection-level script fills in; the TLS client certificate configured for this host authenticates the client.`,
        '',
        'Code generated from this request needs that certificate too (for cURL: `--cert` and `--key`).',
      ].join('\n');
}

/** The collection for one client authentication method. */
export function buildCollection(auth: AuthMethod, scripts: ScriptSet, version: string): Collection {
  const prerequest = withCollectionHeader(scripts['prerequest.js']);
  const examples = readExampleFixture(auth);
  const collection = new sdk.Collection({
    info: {
      id: stableId(`collection:${auth}`),
      name: `PayNet OFP (${auth})`,
      description: [
        `Generated by ${TOOL_NAME} ${version}; do not edit by hand, regenerate with \`ofm-postman generate\`.`,
        '',
        `Client authentication: **${auth}**. Import the matching environment and configure the client certificate for every OFP host (Settings › Certificates).`,
        '',
        `The collection-level pre-request script (${prerequest.name}, sha256 ${prerequest.sha256}) adds an x-fapi-interaction-id to every request and client authentication to token requests. It needs no download and no eval.`,
      ].join('\n'),
    },
    variable: [
      {
        id: stableId(`variable:${auth}:auth_method`),
        key: VAR.authMethod,
        value: auth,
        type: 'string',
        description: 'Client authentication of this collection; an environment value overrides it.',
      },
    ],
    event: [scriptEvent(`collection:${auth}`, 'prerequest', prerequest).toJSON()],
  } as never);

  const groups = [
    folder(
      '1. Discovery',
      'Reads the authorization server metadata and stores every endpoint the later requests use (RFC 8705 mTLS aliases take precedence). TLS, no client authentication.',
      [
        {
          name: 'Discovery document',
          description: 'GET the OpenID Provider metadata of the configured issuer.',
          request: {
            method: 'GET',
            url: `${v(VAR.issuer)}/.well-known/openid-configuration`,
            header: [JSON_ACCEPT],
          },
          test: 'test-discovery.js',
        },
      ],
      scripts,
      false,
      examples,
    ),
    folder(
      '2. OFP JWKS',
      "The platform's public keys, used to verify ID tokens and signed responses.",
      [
        {
          name: 'OFP JWKS',
          description: 'GET the key set at jwks_uri and check it can verify signatures.',
          request: { method: 'GET', url: v(VAR.jwksUri), header: [JSON_ACCEPT] },
          test: 'test-jwks.js',
        },
      ],
      scripts,
      false,
      examples,
    ),
    folder(
      '3. Client credentials',
      'An application token for the providers list and consent management (developer guide section 4). mTLS.',
      [
        {
          name: 'Client credentials token',
          description: `POST grant_type=client_credentials, scope=${v(VAR.ccScope)}. Stores cc_access_token and its expiry.\n\n${clientAuthNote(auth)}`,
          request: formPost(auth, v(VAR.tokenEndpoint), [
            ['grant_type', 'client_credentials'],
            ['scope', v(VAR.ccScope)],
          ]),
          test: 'test-token.js',
        },
      ],
      scripts,
      false,
      examples,
    ),
    folder(
      '4. Providers',
      'The data providers on the platform (developer guide section 5), page by page. Gets a client-credentials token first when there is none.',
      [
        {
          name: 'List providers',
          description: `GET ${v(VAR.rsBaseUrl)}/v1/providers with the client-credentials token; follows next_page_params and stores the first dp_id.`,
          request: {
            method: 'GET',
            url: `${v(VAR.rsBaseUrl)}/v1/providers?page_size=${v(VAR.providersPageSize)}`,
            header: [
              JSON_ACCEPT,
              { key: 'Authorization', value: `Bearer ${v(VAR.ccAccessToken)}` },
            ],
          },
          prerequest: 'providers-page.js',
          test: 'test-providers.js',
        },
      ],
      scripts,
      true,
      examples,
    ),
    folder(
      '5. Consent',
      'The consent journey (developer guide sections 6-8): PAR with a signed request object and PKCE, the authorization, the code exchange with ID-token validation, and a refresh.',
      [
        {
          name: 'PAR',
          description: `POST the signed request object (PS256 JAR with PKCE S256, state, nonce and PayNet's consent authorization_details) to the pushed authorization request endpoint. The body shows \`request=${v(VAR.requestObject)}\`: the request's pre-request script signs the request object when the request is sent and puts it there.\n\n${clientAuthNote(auth)}`,
          request: formPost(auth, v(VAR.parEndpoint), [['request', v(VAR.requestObject)]]),
          prerequest: 'par-request.js',
          test: 'test-par.js',
        },
        {
          name: 'Authorize',
          description: `GET the authorization endpoint with only client_id and request_uri. Against the local sandbox the redirects end at the redirect URI and the code is captured. Against PayNet a person logs in at the bank: open the URL the run prints (stored in ${VAR.authorizationUrl}), approve, and paste the code from the redirect into ${VAR.authorizationCode}.`,
          request: {
            method: 'GET',
            url: `${v(VAR.authorizationEndpoint)}?client_id=${v(VAR.clientId)}&request_uri=${v(VAR.requestUri)}`,
          },
          test: 'test-authorize.js',
        },
        {
          name: 'Token exchange',
          description: `POST grant_type=authorization_code with the code, redirect_uri and code_verifier. Checks the ID token (PS256 against the issuer's JWKS, iss, aud, exp, iat, nonce) and stores the tokens, consent_id and account_ids.\n\n${clientAuthNote(auth)}`,
          request: formPost(auth, v(VAR.tokenEndpoint), [
            ['grant_type', 'authorization_code'],
            ['code', v(VAR.authorizationCode)],
            ['redirect_uri', v(VAR.redirectUri)],
            ['code_verifier', v(VAR.codeVerifier)],
          ]),
          prerequest: 'code-required.js',
          test: 'test-token-exchange.js',
        },
        {
          name: 'Refresh',
          description: `POST grant_type=refresh_token. PayNet does not rotate refresh tokens.\n\n${clientAuthNote(auth)}`,
          request: formPost(auth, v(VAR.tokenEndpoint), [
            ['grant_type', 'refresh_token'],
            ['refresh_token', v(VAR.refreshToken)],
          ]),
          test: 'test-refresh.js',
        },
      ],
      scripts,
      false,
      examples,
    ),
    folder(
      '6. Account data',
      `Balances and transactions of every consented account (developer guide section 9), page by page. Each request carries an x-signature (PS256 over the resolved URL, its query and the interaction id) and the consent's access token. The folder's test script verifies each response JWS against the response key set (${v(VAR.responseJwksUri)}, else ${v(VAR.jwksUri)}), checks iss, aud and validity, decrypts the JWE (RSA-OAEP-256, A256GCM) with encryption_private_key, and hands the JSON to the request's tests.`,
      [
        {
          name: 'Balances',
          description: `GET the balances of each consented account in turn.\n\n${X_SIGNATURE_NOTE}`,
          request: {
            method: 'GET',
            url: `${v(VAR.rsBaseUrl)}/v1/accounts/${v(VAR.dataAccountId)}/balances`,
            header: dataHeaders(),
          },
          prerequest: 'account-data-request.js',
          test: 'test-balances.js',
        },
        {
          name: 'Transactions',
          description: `GET the transactions of each consented account, following next_page_params (page_size ${v(VAR.transactionsPageSize)}).\n\n${X_SIGNATURE_NOTE}`,
          request: {
            method: 'GET',
            url: `${v(VAR.rsBaseUrl)}/v1/accounts/${v(VAR.dataAccountId)}/transactions?page_size=${v(VAR.transactionsPageSize)}`,
            header: dataHeaders(),
          },
          prerequest: 'account-data-request.js',
          test: 'test-transactions.js',
        },
      ],
      scripts,
      false,
      examples,
      'test-account-data.js',
    ),
    folder(
      '7. Consent management',
      'Revokes the consent with a client-credentials token, then shows that data calls for it are refused.',
      [
        {
          name: 'Revoke consent',
          description: `POST ${v(VAR.rsBaseUrl)}/consents/${v(VAR.consentId)}/revoke with the client-credentials token.`,
          request: {
            method: 'POST',
            url: `${v(VAR.rsBaseUrl)}/consents/${v(VAR.consentId)}/revoke`,
            header: [
              JSON_ACCEPT,
              { key: 'Authorization', value: `Bearer ${v(VAR.ccAccessToken)}` },
            ],
          },
          test: 'test-revoke-consent.js',
        },
        {
          name: 'Data after revocation',
          description: `GET balances again with the revoked consent: the platform must refuse.\n\n${X_SIGNATURE_NOTE}`,
          request: {
            method: 'GET',
            url: `${v(VAR.rsBaseUrl)}/v1/accounts/${v(VAR.dataAccountId)}/balances`,
            header: dataHeaders(),
          },
          prerequest: 'account-data-request.js',
          test: 'test-data-refused.js',
        },
      ],
      scripts,
      true,
      examples,
    ),
    folder(
      '8. Token introspection',
      'Checks that the client-credentials token is active and certificate-bound (RFC 7662, RFC 8705).',
      [
        {
          name: 'Introspect the client-credentials token',
          description: `POST token=${v(VAR.ccAccessToken)}.\n\n${clientAuthNote(auth)}`,
          request: formPost(auth, v(VAR.introspectionEndpoint), [
            ['token', v(VAR.ccAccessToken)],
            ['token_type_hint', 'access_token'],
          ]),
          test: 'test-introspection.js',
        },
      ],
      scripts,
      true,
      examples,
    ),
    folder(
      '9. Token revocation',
      'Revokes the client-credentials token (RFC 7009); the next request that needs one fetches a new token.',
      [
        {
          name: 'Revoke the client-credentials token',
          description: `POST token=${v(VAR.ccAccessToken)}.\n\n${clientAuthNote(auth)}`,
          request: formPost(
            auth,
            v(VAR.revocationEndpoint),
            [
              ['token', v(VAR.ccAccessToken)],
              ['token_type_hint', 'access_token'],
            ],
            false,
          ),
          test: 'test-revocation.js',
        },
      ],
      scripts,
      true,
      examples,
    ),
  ];
  for (const group of groups) collection.items.add(group);
  return collection;
}
