/**
 * The built dist/postman/prerequest.js, run inside Newman's own sandbox against a recording HTTP server on
 * 127.0.0.1. Every assertion that reaches the server is verified with jose, an implementation
 * unrelated to the jsrsasign code that signed it.
 */
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import { decodeProtectedHeader, jwtVerify } from 'jose';
import { buildCollection } from '../../src/builder/collection.js';
import { loadScripts } from '../../src/builder/scripts.js';
import { collectionJson } from '../../src/builder/postman-json.js';
import { CLIENT_ASSERTION_TYPE } from '../../src/shared/client-assertion.js';
import { AUTH_METHODS } from '../../src/shared/variables.js';
import { runNewman } from '../helpers/newman-run.js';
import { startRecordingServer, type RecordingServer } from '../helpers/recording-server.js';
import { collectionWith, readPrerequestScript, variables } from '../helpers/script-collection.js';
import { rsaTestKey, type TestKey } from '../helpers/test-keys.js';

const UUID_V4 = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;
const ISSUER = 'https://as.ofm.test';
const TOKEN_ENDPOINT = 'https://as.ofm.test/token';

let server: RecordingServer;
let script: string;
let key2048: TestKey;
let key3072: TestKey;

before(async () => {
  script = readPrerequestScript();
  server = await startRecordingServer();
  key2048 = await rsaTestKey(2048);
  key3072 = await rsaTestKey(3072);
});

after(async () => {
  await server.close();
});

function seed(): string {
  return randomBytes(32).toString('hex');
}

/** A token request whose stale client-auth parameters the script must replace. */
function tokenItem(path: string, tests?: string[]) {
  return {
    name: 'token',
    method: 'POST',
    url: `{{base_url}}/${path}`,
    urlencoded: [
      { key: 'grant_type', value: 'client_credentials' },
      { key: 'client_id', value: 'stale-client' },
      { key: 'client_assertion', value: 'stale.assertion.value' },
      { key: 'client_assertion', value: 'second.stale.value', disabled: true },
      { key: 'scope', value: 'accounts' },
    ],
    ...(tests ? { tests } : {}),
  };
}

function receivedAt(path: string) {
  return server.requests.filter((r) => r.url === path);
}

function singleParam(form: URLSearchParams, name: string): string {
  const values = form.getAll(name);
  assert.equal(values.length, 1, `${name} appears ${values.length} times`);
  return values[0] as string;
}

describe('private_key_jwt in the Newman sandbox', () => {
  interface Case {
    name: string;
    key: TestKey;
    pem: string;
    passphrase?: string;
    audience?: string;
    lifetime?: string;
    expectedAud: string;
    expectedLifetime: number;
  }

  it('signs a PS256 assertion that jose verifies, for every key size and PEM format', async () => {
    const cases: Case[] = [];
    for (const key of [key2048, key3072]) {
      cases.push(
        {
          name: `pkcs8-${key.bits}`,
          key,
          pem: key.pkcs8,
          expectedAud: TOKEN_ENDPOINT,
          expectedLifetime: 600,
        },
        {
          name: `pkcs1-${key.bits}`,
          key,
          pem: key.pkcs1,
          expectedAud: TOKEN_ENDPOINT,
          expectedLifetime: 600,
        },
        {
          name: `encrypted-pkcs8-${key.bits}`,
          key,
          pem: key.encryptedPkcs8,
          passphrase: key.passphrase,
          expectedAud: TOKEN_ENDPOINT,
          expectedLifetime: 600,
        },
      );
    }
    cases.push(
      {
        name: 'audience-issuer',
        key: key2048,
        pem: key2048.pkcs8,
        audience: 'issuer',
        expectedAud: ISSUER,
        expectedLifetime: 600,
      },
      {
        name: 'audience-url',
        key: key2048,
        pem: key2048.pkcs8,
        audience: 'https://other.ofm.test/as',
        expectedAud: 'https://other.ofm.test/as',
        expectedLifetime: 600,
      },
      {
        name: 'lifetime-60',
        key: key2048,
        pem: key2048.pkcs8,
        lifetime: '60',
        expectedAud: TOKEN_ENDPOINT,
        expectedLifetime: 60,
      },
      {
        // What pasting a PEM into a one-line variable often gives: literal \n sequences.
        name: 'escaped-newlines',
        key: key2048,
        pem: key2048.pkcs8.replace(/\n/g, '\\n'),
        expectedAud: TOKEN_ENDPOINT,
        expectedLifetime: 600,
      },
    );

    const started = Math.floor(Date.now() / 1000);
    const result = await runNewman({
      collection: collectionWith(script, [
        tokenItem('token/{{case}}', [
          "pm.test('client_assertion variable equals the body parameter', function () {",
          "  pm.expect(pm.variables.get('client_assertion')).to.equal(pm.request.body.urlencoded.get('client_assertion'));",
          '});',
        ]),
      ]) as never,
      globals: variables({
        base_url: server.baseUrl,
        client_id: 'client-123',
        issuer: ISSUER,
        token_endpoint: TOKEN_ENDPOINT,
        ofm_random_seed: seed(),
      }) as never,
      iterationData: cases.map((c) => ({
        case: c.name,
        signing_kid: c.key.kid,
        signing_private_key: c.pem,
        signing_key_passphrase: c.passphrase ?? '',
        assertion_audience: c.audience ?? '',
        assertion_lifetime: c.lifetime ?? '',
      })),
    });
    const finished = Math.floor(Date.now() / 1000);

    const failed = result.assertions.filter((a) => !a.passed);
    assert.deepEqual(failed, [], 'no assertion in the run failed');
    assert.equal(result.assertions.length, cases.length);

    for (const c of cases) {
      const received = receivedAt(`/token/${c.name}`);
      assert.equal(received.length, 1, `${c.name}: one request received`);
      const request = received[0]!;
      const form = new URLSearchParams(request.body);
      assert.deepEqual(
        [...form.keys()].sort(),
        ['client_assertion', 'client_assertion_type', 'client_id', 'grant_type', 'scope'],
        `${c.name}: body keys`,
      );
      assert.equal(singleParam(form, 'client_id'), 'client-123');
      assert.equal(singleParam(form, 'client_assertion_type'), CLIENT_ASSERTION_TYPE);
      assert.equal(singleParam(form, 'grant_type'), 'client_credentials');
      const jwt = singleParam(form, 'client_assertion');

      assert.deepEqual(
        decodeProtectedHeader(jwt),
        { alg: 'PS256', kid: c.key.kid },
        `${c.name}: header`,
      );
      const { payload } = await jwtVerify(jwt, c.key.publicKey, {
        algorithms: ['PS256'],
        currentDate: new Date(started * 1000),
      });
      assert.deepEqual(Object.keys(payload), ['iss', 'sub', 'aud', 'iat', 'exp', 'jti']);
      assert.equal(payload.iss, 'client-123');
      assert.equal(payload.sub, 'client-123');
      assert.equal(typeof payload.aud, 'string', `${c.name}: aud is a string`);
      assert.equal(payload.aud, c.expectedAud);
      assert.ok(Number.isInteger(payload.iat), `${c.name}: iat is whole seconds`);
      assert.ok(payload.iat! >= started && payload.iat! <= finished, `${c.name}: iat is now`);
      assert.equal(payload.exp, payload.iat! + c.expectedLifetime);
      assert.match(payload.jti!, UUID_V4);
      assert.match(String(request.headers['x-fapi-interaction-id']), UUID_V4);
    }
  });

  it('sets only client_id for tls_client_auth and removes stale assertion parameters', async () => {
    const result = await runNewman({
      collection: collectionWith(script, [tokenItem('token/tls')]) as never,
      globals: variables({
        base_url: server.baseUrl,
        auth_method: 'tls_client_auth',
        client_id: 'mtls-client',
        ofm_random_seed: seed(),
      }) as never,
    });
    assert.deepEqual(
      result.assertions.filter((a) => !a.passed),
      [],
    );
    const [request] = receivedAt('/token/tls');
    assert.ok(request, 'the request was sent');
    const form = new URLSearchParams(request.body);
    assert.deepEqual([...form.keys()].sort(), ['client_id', 'grant_type', 'scope']);
    assert.equal(singleParam(form, 'client_id'), 'mtls-client');
    assert.match(String(request.headers['x-fapi-interaction-id']), UUID_V4);
  });

  it('leaves GET requests alone apart from the interaction id, and keeps an existing one', async () => {
    await runNewman({
      collection: collectionWith(script, [
        { name: 'discovery', method: 'GET', url: '{{base_url}}/get/plain' },
        {
          name: 'with-id',
          method: 'GET',
          url: '{{base_url}}/get/with-id',
          headers: [{ key: 'X-FAPI-Interaction-ID', value: 'caller-chosen-id' }],
        },
        {
          name: 'json-post',
          method: 'POST',
          url: '{{base_url}}/post/json',
        },
      ]) as never,
      // No client_id and no key: a request that takes no client authentication needs neither.
      globals: variables({ base_url: server.baseUrl, ofm_random_seed: seed() }) as never,
    });
    const [plain] = receivedAt('/get/plain');
    assert.ok(plain);
    assert.match(String(plain.headers['x-fapi-interaction-id']), UUID_V4);
    assert.equal(plain.body, '');
    const [withId] = receivedAt('/get/with-id');
    assert.equal(withId?.headers['x-fapi-interaction-id'], 'caller-chosen-id');
    const [post] = receivedAt('/post/json');
    assert.ok(post, 'a POST without a urlencoded body is sent untouched');
    assert.equal(post.body, '');
  });
});

interface BuiltRequest {
  name: string;
  request: {
    method: string;
    body?: { mode: string; urlencoded?: Array<{ key: string; value: string }> };
  };
  item?: BuiltRequest[];
}

/** Every form request of the generated collection for `auth`, with its body exactly as built. */
async function builtFormRequests(auth: (typeof AUTH_METHODS)[number]) {
  const json = collectionJson(buildCollection(auth, await loadScripts(), '0.0.0-test')) as {
    item: BuiltRequest[];
  };
  return json.item
    .flatMap((folder) => folder.item ?? [])
    .filter((item) => item.request.body?.mode === 'urlencoded')
    .map((item) => ({ name: item.name, urlencoded: item.request.body!.urlencoded! }));
}

describe('the bodies the builder writes, sent through the script', () => {
  for (const auth of AUTH_METHODS) {
    it(`${auth}: the placeholders are replaced and every parameter goes out exactly once`, async () => {
      const built = await builtFormRequests(auth);
      assert.deepEqual(
        built.map((b) => b.name),
        [
          'Client credentials token',
          'PAR',
          'Token exchange',
          'Refresh',
          'Introspect the client-credentials token',
          'Revoke the client-credentials token',
        ],
      );
      const expectedAuthKeys =
        auth === 'private_key_jwt'
          ? ['client_id', 'client_assertion_type', 'client_assertion']
          : ['client_id'];
      for (const b of built) {
        const keys = b.urlencoded.map((p) => p.key);
        for (const key of expectedAuthKeys) assert.ok(keys.includes(key), `${b.name} shows ${key}`);
      }
      const result = await runNewman({
        collection: collectionWith(
          script,
          // Not the journey's request names: those would record step outcomes (flow-status.ts)
          // that no test script here completes, and hold back the requests after them.
          built.map((b, i) => ({
            name: `${b.name} (built body)`,
            method: 'POST',
            url: `{{base_url}}/built/${auth}/${i}`,
            urlencoded: b.urlencoded,
          })),
        ) as never,
        globals: variables({
          base_url: server.baseUrl,
          auth_method: auth,
          client_id: 'client-built',
          issuer: ISSUER,
          token_endpoint: TOKEN_ENDPOINT,
          signing_kid: key2048.kid,
          signing_private_key: key2048.pkcs8,
          ofm_random_seed: seed(),
        }) as never,
      });
      assert.deepEqual(
        result.assertions.filter((a) => !a.passed),
        [],
      );
      const jtis = new Set<string>();
      for (const [i, b] of built.entries()) {
        const [request] = receivedAt(`/built/${auth}/${i}`);
        assert.ok(request, `${b.name} was sent`);
        const form = new URLSearchParams(request.body);
        const sentKeys = [...form.keys()];
        assert.deepEqual(
          [...sentKeys].sort(),
          [...new Set(b.urlencoded.map((p) => p.key))].sort(),
          `${b.name}: the keys the body shows are the keys sent`,
        );
        for (const key of new Set(sentKeys)) singleParam(form, key);
        assert.equal(form.get('client_id'), 'client-built', `${b.name}: client_id filled in`);
        if (auth === 'private_key_jwt') {
          assert.equal(form.get('client_assertion_type'), CLIENT_ASSERTION_TYPE);
          const { payload } = await jwtVerify(form.get('client_assertion')!, key2048.publicKey, {
            algorithms: ['PS256'],
          });
          jtis.add(String(payload.jti));
        }
        // The collection-level script fills client authentication only; PAR's own script fills
        // request (test/postman/consent.test.ts), so here it stays the placeholder.
        for (const [key, value] of form) {
          if (key !== 'request')
            assert.doesNotMatch(value, /\{\{(client_|request_object)/, `${b.name}: ${key}`);
        }
      }
      if (auth === 'private_key_jwt')
        assert.equal(jtis.size, built.length, 'a fresh assertion each');
    });
  }
});

describe('randomness in the Newman sandbox', () => {
  it('warns once per run when there is neither a CSPRNG nor a seed', async () => {
    const withoutSeed = await runNewman({
      collection: collectionWith(script, [
        { name: 'g', method: 'GET', url: '{{base_url}}/get/weak' },
      ]) as never,
      globals: variables({ base_url: server.baseUrl }) as never,
      iterationCount: 3,
    });
    const warnings = withoutSeed.consoleLines.filter((l) => l.includes('WARN_OFM_WEAK_RANDOM'));
    assert.equal(warnings.length, 1, 'one visible warning in the run');
    assert.match(warnings[0]!, /^warn: /);
    assert.equal(receivedAt('/get/weak').length, 3, 'the requests still went out');

    const withSeed = await runNewman({
      collection: collectionWith(script, [
        { name: 'g', method: 'GET', url: '{{base_url}}/get/seeded' },
      ]) as never,
      globals: variables({ base_url: server.baseUrl, ofm_random_seed: seed() }) as never,
    });
    assert.deepEqual(
      withSeed.consoleLines.filter((l) => l.includes('WARN_OFM')),
      [],
    );
  });
});
