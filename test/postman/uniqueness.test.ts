/**
 * 500 assertions in one Newman run, and more in further runs: every jti, PSS salt and interaction
 * id must be distinct, within a run and across runs (even when a run reuses a seed).
 */
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { after, before, it } from 'node:test';
import { base64url } from 'jose';
import { runNewman } from '../helpers/newman-run.js';
import { pssSalt } from '../helpers/pss.js';
import { startRecordingServer, type RecordingServer } from '../helpers/recording-server.js';
import { collectionWith, readPrerequestScript, variables } from '../helpers/script-collection.js';
import { rsaTestKey, type TestKey } from '../helpers/test-keys.js';

let server: RecordingServer;
let key: TestKey;

before(async () => {
  server = await startRecordingServer();
  key = await rsaTestKey(2048);
});
after(() => server.close());

async function signedRun(path: string, count: number, seedHex: string) {
  const result = await runNewman({
    collection: collectionWith(readPrerequestScript(), [
      {
        name: 'token',
        method: 'POST',
        url: `{{base_url}}/${path}`,
        urlencoded: [{ key: 'grant_type', value: 'client_credentials' }],
      },
    ]) as never,
    globals: variables({
      base_url: server.baseUrl,
      client_id: 'client-uniq',
      signing_kid: key.kid,
      signing_private_key: key.pkcs8,
      token_endpoint: 'https://as.ofm.test/token',
      ofm_random_seed: seedHex,
    }) as never,
    iterationCount: count,
  });
  assert.deepEqual(
    result.assertions.filter((a) => !a.passed),
    [],
  );
  const received = server.requests.filter((r) => r.url === `/${path}`);
  assert.equal(received.length, count, `${path}: every request was sent`);
  return received.map((request) => {
    const jwt = new URLSearchParams(request.body).get('client_assertion') ?? '';
    const [, payload, signature] = jwt.split('.');
    const claims = JSON.parse(Buffer.from(base64url.decode(payload!)).toString('utf8')) as {
      jti: string;
    };
    return {
      jti: claims.jti,
      salt: pssSalt(Buffer.from(base64url.decode(signature!)), key.publicKey).toString('hex'),
      interactionId: String(request.headers['x-fapi-interaction-id']),
    };
  });
}

function assertAllDistinct(values: string[], what: string): void {
  assert.equal(
    new Set(values).size,
    values.length,
    `${what}: ${values.length - new Set(values).size} repeated`,
  );
}

it('never repeats a jti, salt or interaction id, in one run of 500 or across runs', async () => {
  const seedA = randomBytes(32).toString('hex');
  const runA = await signedRun('token/a', 500, seedA);
  for (const field of ['jti', 'salt', 'interactionId'] as const) {
    assertAllDistinct(
      runA.map((r) => r[field]),
      `run A ${field}`,
    );
  }
  for (const r of runA) assert.equal(r.salt.length, 64, 'PS256 salt is 32 bytes');

  const runB = await signedRun('token/b', 250, randomBytes(32).toString('hex'));
  // A run that reuses run A's seed must still produce fresh values.
  const runC = await signedRun('token/c', 50, seedA);
  const all = [...runA, ...runB, ...runC];
  for (const field of ['jti', 'salt', 'interactionId'] as const) {
    assertAllDistinct(
      all.map((r) => r[field]),
      `all runs ${field}`,
    );
  }
});
