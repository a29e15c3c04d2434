/**
 * The account-data scripts in Newman's sandbox against a local server that answers with responses
 * jose makes: the x-signature as sent (verified with jose, every claim), and the response checks on
 * a valid response, a tampered signature, a tampered ciphertext, an unsupported JWE algorithm, a
 * plain-JSON payload and a wrong content type.
 */
import assert from 'node:assert/strict';
import { generateKeyPairSync, randomBytes, type KeyObject } from 'node:crypto';
import { after, before, it } from 'node:test';
import {
  CompactEncrypt,
  CompactSign,
  decodeProtectedHeader,
  exportJWK,
  jwtVerify,
  type JWK,
} from 'jose';
import { loadScripts } from '../../src/builder/scripts.js';
import type { ScriptSet } from '../../src/builder/collection.js';
import { runNewman, type NewmanResult } from '../helpers/newman-run.js';
import { startRecordingServer, type RecordingServer } from '../helpers/recording-server.js';
import { rsaTestKey, type TestKey } from '../helpers/test-keys.js';

const CASES = [
  'valid',
  'tampered-signature',
  'tampered-ciphertext',
  'wrong-enc',
  'plain-json',
  'wrong-type',
] as const;
const CONSENT = 'consent-1';
const DP = 'DP9876543210';
const DC = '0f5a1c2e3d4b5a6978c0ffee';

let server: RecordingServer;
let signingKey: TestKey;
let scripts: ScriptSet;
let result: NewmanResult;
// The platform's key: the run's shared RSA-3072 test key (the client signs with the 2048 one).
let platform: { readonly privateKey: KeyObject; readonly publicKey: KeyObject };
const encryption = generateKeyPairSync('rsa', { modulusLength: 2048 });
let platformJwk: JWK;

async function responseFor(kase: string): Promise<{ status: number; type: string; body: string }> {
  const data = {
    data: {
      account_id: 'a-1',
      current_balance: {
        amount: { amount: '10.50', currency: 'MYR' },
        credit_debit_indicator: 'credit',
      },
      statement_balance: {
        amount: { amount: '9.00', currency: 'MYR' },
        credit_debit_indicator: 'debit',
      },
    },
  };
  const now = Math.floor(Date.now() / 1000);
  const inner =
    kase === 'plain-json'
      ? JSON.stringify(data)
      : await new CompactSign(new TextEncoder().encode(JSON.stringify(data)))
          .setProtectedHeader({ alg: 'PS256', kid: 'platform' })
          .sign(platform.privateKey);
  const enc = kase === 'wrong-enc' ? 'A128GCM' : 'A256GCM';
  let jwe = await new CompactEncrypt(new TextEncoder().encode(inner))
    .setProtectedHeader({ alg: 'RSA-OAEP-256', enc, cty: 'JWT' })
    .encrypt(encryption.publicKey);
  if (kase === 'tampered-ciphertext') {
    const parts = jwe.split('.');
    const ciphertext = Buffer.from(parts[3]!, 'base64url');
    ciphertext[0] = ciphertext[0]! ^ 0x01;
    parts[3] = ciphertext.toString('base64url');
    jwe = parts.join('.');
  }
  let jws = await new CompactSign(
    new TextEncoder().encode(
      JSON.stringify({
        iss: CONSENT,
        aud: ['Paynet OFP', DP],
        data: jwe,
        iat: now,
        nbf: now,
        exp: now + 3600,
        jti: 'r-1',
      }),
    ),
  )
    .setProtectedHeader({ alg: 'PS256', kid: 'platform' })
    .sign(platform.privateKey);
  if (kase === 'tampered-signature')
    jws = `${jws.slice(0, -6)}${jws.slice(-6).startsWith('A') ? 'B' : 'A'}${jws.slice(-5)}`;
  return {
    status: 200,
    type: kase === 'wrong-type' ? 'application/json' : 'application/jose',
    body: jws,
  };
}

before(async () => {
  signingKey = await rsaTestKey(2048);
  platform = await rsaTestKey(3072);
  scripts = await loadScripts();
  platformJwk = {
    ...(await exportJWK(platform.publicKey)),
    kid: 'platform',
    use: 'sig',
    alg: 'PS256',
  };
  server = await startRecordingServer(async (request) => {
    if (request.url === '/jwks')
      return { status: 200, body: JSON.stringify({ keys: [platformJwk] }) };
    const match = /^\/(\w[\w-]*)\/v1\/accounts\/a-1\/balances/.exec(request.url);
    return match ? responseFor(match[1]!) : undefined;
  });
  const collection = {
    info: {
      name: 'data',
      schema: 'https://schema.getpostman.com/json/collection/v2.1.0/collection.json',
    },
    event: [{ listen: 'prerequest', script: { exec: scripts['prerequest.js'].code.split('\n') } }],
    item: [
      {
        name: 'Account data',
        event: [
          { listen: 'test', script: { exec: scripts['test-account-data.js'].code.split('\n') } },
        ],
        item: [
          {
            name: 'Balances',
            event: [
              {
                listen: 'prerequest',
                script: { exec: scripts['account-data-request.js'].code.split('\n') },
              },
            ],
            request: {
              method: 'GET',
              url: '{{rs_base_url}}/{{case}}/v1/accounts/{{data_account_id}}/balances?from=2026-01-01&limit=5',
              // As the builder writes it: the script replaces the placeholder, never adds a second.
              header: [
                { key: 'Authorization', value: 'Bearer t' },
                { key: 'x-signature', value: '{{x_signature}}' },
              ],
            },
          },
        ],
      },
    ],
  };
  result = await runNewman({
    collection: collection as never,
    environment: {
      values: [
        { key: 'response_jwks', value: '' },
        { key: 'data_account_id', value: '' },
      ],
    } as never,
    globals: {
      values: Object.entries({
        rs_base_url: server.baseUrl,
        jwks_uri: `${server.baseUrl}/jwks`,
        auth_method: 'tls_client_auth',
        client_id: 'c1',
        dc_id: DC,
        dp_id: DP,
        consent_id: CONSENT,
        account_ids: '["a-1"]',
        signing_kid: signingKey.kid,
        signing_private_key: signingKey.pkcs8,
        encryption_private_key: encryption.privateKey.export({
          type: 'pkcs8',
          format: 'pem',
        }) as string,
        ofm_random_seed: randomBytes(32).toString('hex'),
      }).map(([key, value]) => ({ key, value })),
    } as never,
    iterationData: CASES.map((c) => ({ case: c })),
  });
});

after(() => server.close());

it('signs an x-signature over the request as sent, with every claim', async () => {
  const sent = server.requests.filter((r) => r.url.startsWith('/valid/'));
  assert.equal(sent.length, 1);
  const request = sent[0]!;
  const xSignature = String(request.headers['x-signature']);
  assert.deepEqual(decodeProtectedHeader(xSignature), { alg: 'PS256', kid: signingKey.kid });
  const { payload } = await jwtVerify(xSignature, signingKey.publicKey, { algorithms: ['PS256'] });
  assert.deepEqual(Object.keys(payload), [
    'iss',
    'sub',
    'aud',
    'iat',
    'nbf',
    'exp',
    'jti',
    'qpm',
    'url',
  ]);
  assert.equal(payload.iss, DC);
  assert.equal(payload.sub, CONSENT, 'sub is the consent_id by default');
  assert.deepEqual(payload.aud, [DP, 'Paynet OFP']);
  assert.equal(payload.nbf, payload.iat);
  assert.equal(payload.exp! - payload.iat!, 300);
  assert.equal(
    payload.jti,
    request.headers['x-fapi-interaction-id'],
    'jti is the request interaction id',
  );
  assert.deepEqual(payload['qpm'], { from: '2026-01-01', limit: '5' });
  assert.equal(payload['url'], `${server.baseUrl}/valid/v1/accounts/a-1/balances`);
});

it('accepts a valid response and a plain-JSON payload, and refuses every altered one with its code', () => {
  const byCase = (kase: (typeof CASES)[number]) =>
    result.assertions.filter((a) => a.iteration === CASES.indexOf(kase));
  const failed = (kase: (typeof CASES)[number]) => byCase(kase).filter((a) => !a.passed);
  assert.deepEqual(failed('valid'), []);
  assert.deepEqual(failed('plain-json'), []);
  assert.equal(byCase('valid').length, 4, 'content type, signature, claims, decryption');
  const expectations: Array<[(typeof CASES)[number], string, RegExp]> = [
    [
      'tampered-signature',
      'Data: the response JWS verifies (PS256, key by kid)',
      /ERR_OFM_SIGNATURE_INVALID/,
    ],
    [
      'tampered-ciphertext',
      'Data: the JWE decrypts (RSA-OAEP-256, A256GCM) to JSON',
      /ERR_OFM_JWE_INVALID: .*authentication tag/,
    ],
    [
      'wrong-enc',
      'Data: the JWE decrypts (RSA-OAEP-256, A256GCM) to JSON',
      /ERR_OFM_JWE_UNSUPPORTED: .*A128GCM/,
    ],
    [
      'wrong-type',
      'Data: the response is application/jose',
      /ERR_OFM_RESPONSE_INVALID: the Content-Type is application\/json/,
    ],
  ];
  for (const [kase, test, message] of expectations) {
    const failure = failed(kase).find((a) => a.name === test);
    assert.ok(
      failure,
      `${kase}: "${test}" failed (failures: ${failed(kase)
        .map((a) => a.name)
        .join(' | ')})`,
    );
    assert.match(failure.error ?? '', message);
  }
  const shown = [
    ...result.consoleLines,
    ...result.assertions.map((a) => `${a.name} ${a.error ?? ''}`),
  ].join('\n');
  assert.doesNotMatch(shown, /PRIVATE KEY/, 'no key material on the console or in test names');
});
