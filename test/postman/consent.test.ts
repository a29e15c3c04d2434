/**
 * The consent scripts in Newman's sandbox: the request object and PKCE as a server receives them
 * (verified with jose, every claim), and the ID-token checks of the token exchange against tokens
 * a local server crafts: valid, tampered, wrong nonce, wrong audience, expired.
 */
import assert from 'node:assert/strict';
import { createHash, randomBytes } from 'node:crypto';
import { after, before, it } from 'node:test';
import { decodeJwt, decodeProtectedHeader, exportJWK, jwtVerify, SignJWT, type JWK } from 'jose';
import { loadScripts } from '../../src/builder/scripts.js';
import { buildCollection, type ScriptSet } from '../../src/builder/collection.js';
import { collectionJson } from '../../src/builder/postman-json.js';
import { runNewman, type NewmanResult } from '../helpers/newman-run.js';
import { startRecordingServer, type RecordingServer } from '../helpers/recording-server.js';
import { rsaTestKey, type TestKey } from '../helpers/test-keys.js';

const ISSUER = 'https://as.ofm.test';
const CLIENT_ID = 'client-consent';
const CASES = ['valid', 'tampered', 'wrong-nonce', 'wrong-aud', 'expired'] as const;

let server: RecordingServer;
let key: TestKey;
let scripts: ScriptSet;
let result: NewmanResult;
let lastNonce = '';
let issuerKey: Parameters<SignJWT['sign']>[0];
let issuerJwk: JWK;

async function idTokenFor(kase: string): Promise<string> {
  const now = Math.floor(Date.now() / 1000);
  const token = await new SignJWT({
    nonce: kase === 'wrong-nonce' ? 'another-nonce' : lastNonce,
    name: 'Siti',
  })
    .setProtectedHeader({ alg: 'PS256', kid: 'as-key' })
    .setIssuer(ISSUER)
    .setSubject('test-user')
    .setAudience(kase === 'wrong-aud' ? 'someone-else' : CLIENT_ID)
    .setIssuedAt(kase === 'expired' ? now - 7200 : now)
    .setExpirationTime(kase === 'expired' ? now - 3600 : now + 600)
    .sign(issuerKey);
  if (kase !== 'tampered') return token;
  const [h, p, s] = token.split('.');
  const claims = JSON.parse(Buffer.from(p!, 'base64url').toString()) as Record<string, unknown>;
  claims['sub'] = 'someone-else';
  return `${h}.${Buffer.from(JSON.stringify(claims)).toString('base64url')}.${s}`;
}

before(async () => {
  key = await rsaTestKey(2048);
  scripts = await loadScripts();
  // The issuer's key: the run's shared RSA-3072 test key (the client's is the 2048 one).
  const pair = await rsaTestKey(3072);
  issuerKey = pair.privateKey;
  issuerJwk = { ...(await exportJWK(pair.publicKey)), kid: 'as-key', use: 'sig', alg: 'PS256' };
  server = await startRecordingServer(async (request) => {
    if (request.url === '/par') {
      lastNonce = String(
        decodeJwt(new URLSearchParams(request.body).get('request') ?? '')['nonce'],
      );
      return {
        status: 201,
        body: JSON.stringify({
          request_uri: 'urn:ietf:params:oauth:request_uri:test',
          expires_in: 60,
        }),
      };
    }
    if (request.url === '/jwks')
      return { status: 200, body: JSON.stringify({ keys: [issuerJwk] }) };
    if (request.url.startsWith('/token/')) {
      const token = await idTokenFor(request.url.slice('/token/'.length));
      return {
        status: 200,
        body: JSON.stringify({
          access_token: `at-${randomBytes(8).toString('hex')}`,
          token_type: 'Bearer',
          expires_in: 600,
          refresh_token: 'rt',
          id_token: token,
          authorization_details: [
            {
              type: 'urn:openfinance-ml:account-access-consent:v1.2',
              consent: { consent_id: 'c-1', dp_id: 'DP9876543210' },
              accounts: [{ account_id: 'a-1' }],
            },
          ],
        }),
      };
    }
    return undefined;
  });

  const step = (
    name: string,
    url: string,
    prerequest: keyof ScriptSet,
    test: keyof ScriptSet,
    urlencoded: Array<{ key: string; value: string }>,
  ) => ({
    name,
    event: [
      { listen: 'prerequest', script: { exec: scripts[prerequest].code.split('\n') } },
      { listen: 'test', script: { exec: scripts[test].code.split('\n') } },
    ],
    request: { method: 'POST', url, body: { mode: 'urlencoded', urlencoded } },
  });
  // PAR's body exactly as the builder writes it: placeholders the scripts replace.
  const built = collectionJson(buildCollection('private_key_jwt', scripts, '0.0.0-test')) as {
    item: Array<{ item: Array<{ name: string; request: { body: { urlencoded: [] } } }> }>;
  };
  const parBody = built.item.flatMap((f) => f.item).find((i) => i.name === 'PAR')!.request.body
    .urlencoded;
  const collection = {
    info: {
      name: 'consent',
      schema: 'https://schema.getpostman.com/json/collection/v2.1.0/collection.json',
    },
    event: [{ listen: 'prerequest', script: { exec: scripts['prerequest.js'].code.split('\n') } }],
    item: [
      step('PAR', '{{base_url}}/par', 'par-request.js', 'test-par.js', parBody),
      step(
        'Token exchange',
        '{{base_url}}/token/{{case}}',
        'code-required.js',
        'test-token-exchange.js',
        [
          { key: 'grant_type', value: 'authorization_code' },
          { key: 'code', value: '{{authorization_code}}' },
          { key: 'redirect_uri', value: '{{redirect_uri}}' },
          { key: 'code_verifier', value: '{{code_verifier}}' },
        ],
      ),
    ],
  };
  result = await runNewman({
    collection: collection as never,
    globals: {
      values: Object.entries({
        base_url: server.baseUrl,
        client_id: CLIENT_ID,
        issuer: ISSUER,
        token_endpoint: `${ISSUER}/token`,
        jwks_uri: `${server.baseUrl}/jwks`,
        redirect_uri: 'https://app.ofm.test/callback',
        dc_id: '0f5a1c2e3d4b5a6978c0ffee',
        dp_id: 'DP9876543210',
        signing_kid: key.kid,
        signing_private_key: key.pkcs8,
        authorization_code: 'code-from-the-bank',
        ofm_random_seed: randomBytes(32).toString('hex'),
      }).map(([k, v]) => ({ key: k, value: v })),
    } as never,
    // The code comes in as data: PAR clears the environment's copy, as a new flow must.
    iterationData: CASES.map((c) => ({ case: c, authorization_code: 'code-from-the-bank' })),
  });
});

after(() => server.close());

it('signs a request object that jose verifies, with every claim and the PKCE challenge', async () => {
  const parRequests = server.requests.filter((r) => r.url === '/par');
  assert.equal(parRequests.length, CASES.length);
  const form = new URLSearchParams(parRequests.at(-1)!.body);
  // The built body shows client_id, client_assertion_type, client_assertion and request as
  // placeholders: each goes out exactly once, filled in.
  assert.deepEqual([...form.keys()].sort(), [
    'client_assertion',
    'client_assertion_type',
    'client_id',
    'request',
  ]);
  for (const name of form.keys()) assert.equal(form.getAll(name).length, 1, `${name} once`);
  assert.doesNotMatch(parRequests.at(-1)!.body, /%7B%7B|\{\{/, 'no placeholder left');
  assert.equal(form.getAll('request').length, 1);
  assert.equal(form.get('client_id'), CLIENT_ID, 'client authentication is on the PAR request too');
  assert.ok(form.get('client_assertion'));
  const jar = form.get('request')!;
  assert.deepEqual(decodeProtectedHeader(jar), { alg: 'PS256', kid: key.kid });
  const { payload } = await jwtVerify(jar, key.publicKey, {
    algorithms: ['PS256'],
    issuer: CLIENT_ID,
    audience: ISSUER,
  });
  assert.deepEqual(Object.keys(payload), [
    'iss',
    'aud',
    'client_id',
    'response_type',
    'redirect_uri',
    'scope',
    'state',
    'nonce',
    'code_challenge',
    'code_challenge_method',
    'max_age',
    'claims',
    'authorization_details',
    'nbf',
    'iat',
    'exp',
    'jti',
  ]);
  assert.equal(payload['client_id'], CLIENT_ID);
  assert.equal(payload['response_type'], 'code');
  assert.equal(payload['redirect_uri'], 'https://app.ofm.test/callback');
  assert.equal(payload['scope'], 'openid accounts profile');
  assert.equal(payload['code_challenge_method'], 'S256');
  assert.equal(payload['max_age'], 3600);
  assert.equal(payload.nbf, payload.iat);
  assert.equal(payload.exp! - payload.iat!, 300);
  for (const claim of ['state', 'nonce', 'jti'] as const)
    assert.match(String(payload[claim]), /^[0-9a-f-]{36}$/);
  assert.deepEqual(payload['authorization_details'], [
    {
      type: 'urn:openfinance-ml:account-access-consent:v1.2',
      consent: {
        dc_id: '0f5a1c2e3d4b5a6978c0ffee',
        dp_id: 'DP9876543210',
        consent_type: 'urn:openfinance-ml:account-access-consent:v1.2',
        consent_purpose: 'pfm',
        permissions: ['read_accounts', 'read_balances', 'read_transactions'],
        expiration_datetime: (
          payload['authorization_details'] as Array<{ consent: { expiration_datetime: string } }>
        )[0]!.consent.expiration_datetime,
      },
    },
  ]);
  const verifier = result.summary.environment.values?.find((v) => v.key === 'code_verifier')
    ?.value as string | undefined;
  const tokenForms = server.requests
    .filter((r) => r.url.startsWith('/token/'))
    .map((r) => new URLSearchParams(r.body));
  const lastVerifier = verifier ?? tokenForms.at(-1)?.get('code_verifier') ?? '';
  assert.match(lastVerifier, /^[A-Za-z0-9_-]{43}$/);
  assert.equal(
    payload['code_challenge'],
    createHash('sha256').update(lastVerifier).digest('base64url'),
    'code_challenge = BASE64URL(SHA-256(code_verifier))',
  );
  assert.equal(
    new Set(
      parRequests.map((r) =>
        String(decodeJwt(new URLSearchParams(r.body).get('request')!)['state']),
      ),
    ).size,
    CASES.length,
    'a fresh state per flow',
  );
});

it('accepts a valid ID token and refuses a tampered, misaddressed, expired or wrong-nonce one', () => {
  const idTest = (iteration: number) =>
    result.assertions.find(
      (a) =>
        a.iteration === iteration && a.name.startsWith('Token exchange: the ID token is valid'),
    );
  const expected: Record<(typeof CASES)[number], RegExp | undefined> = {
    valid: undefined,
    tampered: /ERR_OFM_ID_TOKEN_INVALID: .*signature does not verify/,
    'wrong-nonce': /ERR_OFM_ID_TOKEN_INVALID: .*nonce/,
    'wrong-aud': /ERR_OFM_ID_TOKEN_INVALID: .*aud/,
    expired: /ERR_OFM_ID_TOKEN_INVALID: .*expired/,
  };
  CASES.forEach((kase, iteration) => {
    const assertion = idTest(iteration);
    assert.ok(assertion, `${kase}: the ID token test ran`);
    const pattern = expected[kase];
    if (pattern === undefined) assert.equal(assertion.passed, true, `${kase}: ${assertion.error}`);
    else {
      assert.equal(assertion.passed, false, `${kase} must fail`);
      assert.match(assertion.error ?? '', pattern);
    }
  });
  const others = result.assertions.filter(
    (a) => !a.name.startsWith('Token exchange: the ID token is valid') && !a.passed,
  );
  assert.deepEqual(others, [], 'nothing else failed');
});

it('explains the manual step when the authorization endpoint answers with a login page', async () => {
  const page = await startRecordingServer(() => ({
    status: 200,
    type: 'text/html',
    body: '<html><body>Log in to your bank</body></html>',
  }));
  try {
    const collection = {
      info: {
        name: 'manual',
        schema: 'https://schema.getpostman.com/json/collection/v2.1.0/collection.json',
      },
      event: [
        { listen: 'prerequest', script: { exec: scripts['prerequest.js'].code.split('\n') } },
      ],
      item: [
        {
          name: 'Authorize',
          event: [
            { listen: 'test', script: { exec: scripts['test-authorize.js'].code.split('\n') } },
          ],
          request: {
            method: 'GET',
            url: '{{base_url}}/auth?client_id={{client_id}}&request_uri={{request_uri}}',
          },
        },
        {
          name: 'Token exchange',
          event: [
            {
              listen: 'prerequest',
              script: { exec: scripts['code-required.js'].code.split('\n') },
            },
          ],
          request: {
            method: 'POST',
            url: '{{base_url}}/token',
            body: {
              mode: 'urlencoded',
              urlencoded: [{ key: 'code', value: '{{authorization_code}}' }],
            },
          },
        },
      ],
    };
    const manual = await runNewman({
      collection: collection as never,
      environment: {
        values: [
          { key: 'authorization_url', value: '' },
          { key: 'authorization_code', value: '' },
        ],
      } as never,
      globals: {
        values: [
          { key: 'base_url', value: page.baseUrl },
          { key: 'client_id', value: 'c1' },
          { key: 'auth_method', value: 'tls_client_auth' },
          { key: 'request_uri', value: 'urn:x' },
          { key: 'ofm_random_seed', value: randomBytes(32).toString('hex') },
        ],
      } as never,
    });
    const url = `${page.baseUrl}/auth?client_id=c1&request_uri=urn:x`;
    assert.ok(
      manual.consoleLines.some((l) => l.includes(url)),
      'the URL to open is printed',
    );
    const step = manual.assertions.find((a) => a.item === 'Authorize');
    assert.equal(step?.passed, true);
    assert.match(step?.name ?? '', /a person must approve at the bank/);
    const skipped = manual.assertions.find((a) => a.item === 'Token exchange');
    assert.equal(skipped?.passed, false);
    assert.match(
      skipped?.name ?? '',
      new RegExp(
        `^ERR_OFM_CODE_MISSING: authorization_code is empty; open ${url.replace(/[?.]/g, '\\$&')}`,
      ),
    );
    assert.equal(
      page.requests.filter((r) => r.url === '/token').length,
      0,
      'no token request went out without a code',
    );
  } finally {
    await page.close();
  }
});

it('reads the code from a redirect to the redirect URI it did not follow (as Bruno runs it)', async () => {
  const redirectUri = 'https://app.ofm.test/callback';
  const code = `code-${randomBytes(8).toString('hex')}`;
  const as = await startRecordingServer(() => ({
    status: 303,
    body: '',
    headers: {
      location: `${redirectUri}?code=${code}&state=st-1&iss=${encodeURIComponent(ISSUER)}`,
    },
  }));
  try {
    const run = await runNewman({
      collection: {
        info: {
          name: 'redirect',
          schema: 'https://schema.getpostman.com/json/collection/v2.1.0/collection.json',
        },
        event: [
          { listen: 'prerequest', script: { exec: scripts['prerequest.js'].code.split('\n') } },
        ],
        item: [
          {
            name: 'Authorize',
            protocolProfileBehavior: { followRedirects: false },
            event: [
              { listen: 'test', script: { exec: scripts['test-authorize.js'].code.split('\n') } },
              // What the script kept, as a test name Newman reports.
              {
                listen: 'test',
                script: {
                  exec: ["pm.test('code=' + pm.environment.get('authorization_code'), () => {});"],
                },
              },
            ],
            request: { method: 'GET', url: '{{base_url}}/auth?client_id=c1&request_uri=urn:x' },
          },
        ],
      } as never,
      environment: {
        values: [
          { key: 'authorization_code', value: '' },
          { key: 'state', value: 'st-1' },
        ],
      } as never,
      globals: {
        values: [
          { key: 'base_url', value: as.baseUrl },
          { key: 'issuer', value: ISSUER },
          { key: 'redirect_uri', value: redirectUri },
          { key: 'client_id', value: 'c1' },
          { key: 'auth_method', value: 'tls_client_auth' },
          { key: 'ofm_random_seed', value: randomBytes(32).toString('hex') },
        ],
      } as never,
    });
    const failed = run.assertions.filter((a) => !a.passed);
    assert.deepEqual(failed, [], 'every Authorize check passes');
    assert.ok(
      run.assertions.some((a) => a.name === 'Authorize: the authorization server returned a code'),
    );
    assert.ok(
      run.assertions.some((a) => a.name === `code=${code}`),
      'the code is kept',
    );
    assert.equal(as.requests.length, 1, 'the redirect was not followed');
  } finally {
    await as.close();
  }
});
