/**
 * Every user mistake the issue lists: the request is not sent, a failing test whose name starts
 * with the stable code and carries a hint is recorded, and no key material shows anywhere.
 */
import assert from 'node:assert/strict';
import { generateKeyPairSync, randomBytes } from 'node:crypto';
import { after, before, it } from 'node:test';
import jsrsasign from 'jsrsasign';
import { runNewman, type NewmanResult } from '../helpers/newman-run.js';
import { fakePrivateKeyPem } from '../helpers/pem.js';
import { startRecordingServer, type RecordingServer } from '../helpers/recording-server.js';
import { collectionWith, readPrerequestScript, variables } from '../helpers/script-collection.js';
import { rsaTestKey, type TestKey } from '../helpers/test-keys.js';

let server: RecordingServer;
let key: TestKey;
let result: NewmanResult;

interface BadCase {
  readonly name: string;
  readonly code: string;
  readonly vars: Record<string, string>;
}
let cases: BadCase[];

/** A self-signed certificate for `key` (the run's shared test key: no new key to make). */
function selfSignedCertificate({ publicKey, privateKey }: TestKey): string {
  const cert = new jsrsasign.KJUR.asn1.x509.Certificate({
    version: 3,
    serial: { int: 1 },
    issuer: { str: '/CN=ofm-postman test' },
    subject: { str: '/CN=ofm-postman test' },
    notbefore: '250101000000Z',
    notafter: '350101000000Z',
    sbjpubkey: publicKey.export({ type: 'spki', format: 'pem' }) as string,
    sigalg: 'SHA256withRSA',
    cakey: privateKey.export({ type: 'pkcs8', format: 'pem' }) as string,
  } as never);
  return cert.getPEM();
}

before(async () => {
  server = await startRecordingServer();
  key = await rsaTestKey(2048);
  const weak = generateKeyPairSync('rsa', { modulusLength: 1024 }).privateKey;
  const ec = generateKeyPairSync('ec', { namedCurve: 'P-256' }).privateKey;
  const ed = generateKeyPairSync('ed25519').privateKey;
  const pkcs8Body = key.pkcs8.split('\n').slice(1, -2).join('');

  cases = [
    { name: 'no-client-id', code: 'ERR_OFM_VAR_MISSING', vars: { client_id: '' } },
    { name: 'no-kid', code: 'ERR_OFM_VAR_MISSING', vars: { signing_kid: '' } },
    { name: 'no-key', code: 'ERR_OFM_VAR_MISSING', vars: { signing_private_key: '' } },
    {
      name: 'not-pem',
      code: 'ERR_OFM_KEY_MALFORMED',
      vars: { signing_private_key: 'my signing key' },
    },
    {
      name: 'bad-base64',
      code: 'ERR_OFM_KEY_MALFORMED',
      vars: {
        signing_private_key: fakePrivateKeyPem(`${pkcs8Body.slice(0, 201)}!`),
      },
    },
    {
      name: 'truncated',
      code: 'ERR_OFM_KEY_MALFORMED',
      vars: {
        signing_private_key: fakePrivateKeyPem(pkcs8Body.slice(0, 400)),
      },
    },
    {
      name: 'certificate',
      code: 'ERR_OFM_KEY_NOT_PRIVATE',
      vars: { signing_private_key: selfSignedCertificate(key) },
    },
    {
      name: 'public-key',
      code: 'ERR_OFM_KEY_NOT_PRIVATE',
      vars: {
        signing_private_key: key.publicKey.export({ type: 'spki', format: 'pem' }) as string,
      },
    },
    {
      name: 'no-passphrase',
      code: 'ERR_OFM_KEY_PASSPHRASE_MISSING',
      vars: { signing_private_key: key.encryptedPkcs8, signing_key_passphrase: '' },
    },
    {
      name: 'wrong-passphrase',
      code: 'ERR_OFM_KEY_PASSPHRASE_WRONG',
      vars: {
        signing_private_key: key.encryptedPkcs8,
        signing_key_passphrase: 'not-the-passphrase',
      },
    },
    {
      name: 'ec-pkcs8',
      code: 'ERR_OFM_KEY_NOT_RSA',
      vars: { signing_private_key: ec.export({ type: 'pkcs8', format: 'pem' }) as string },
    },
    {
      name: 'ec-sec1',
      code: 'ERR_OFM_KEY_NOT_RSA',
      vars: { signing_private_key: ec.export({ type: 'sec1', format: 'pem' }) as string },
    },
    {
      name: 'ed25519',
      code: 'ERR_OFM_KEY_NOT_RSA',
      vars: { signing_private_key: ed.export({ type: 'pkcs8', format: 'pem' }) as string },
    },
    {
      name: 'rsa-1024',
      code: 'ERR_OFM_KEY_TOO_WEAK',
      vars: { signing_private_key: weak.export({ type: 'pkcs8', format: 'pem' }) as string },
    },
    {
      name: 'no-token-endpoint',
      code: 'ERR_OFM_AUDIENCE_UNRESOLVED',
      vars: { token_endpoint: '' },
    },
    {
      name: 'issuer-unset',
      code: 'ERR_OFM_AUDIENCE_UNRESOLVED',
      vars: { assertion_audience: 'issuer', issuer: '' },
    },
    {
      name: 'undiscovered-placeholder',
      code: 'ERR_OFM_AUDIENCE_UNRESOLVED',
      vars: { token_endpoint: '{{discovered_token_endpoint}}' },
    },
    {
      name: 'audience-http',
      code: 'ERR_OFM_AUDIENCE_INVALID',
      vars: { assertion_audience: 'http://as.ofm.test' },
    },
    {
      name: 'lifetime-text',
      code: 'ERR_OFM_LIFETIME_INVALID',
      vars: { assertion_lifetime: 'ten' },
    },
    { name: 'lifetime-zero', code: 'ERR_OFM_LIFETIME_INVALID', vars: { assertion_lifetime: '0' } },
    {
      name: 'lifetime-long',
      code: 'ERR_OFM_LIFETIME_INVALID',
      vars: { assertion_lifetime: '3601' },
    },
    {
      name: 'lifetime-fraction',
      code: 'ERR_OFM_LIFETIME_INVALID',
      vars: { assertion_lifetime: '1.5' },
    },
    {
      name: 'auth-method',
      code: 'ERR_OFM_AUTH_METHOD_UNKNOWN',
      vars: { auth_method: 'client_secret_basic' },
    },
    { name: 'seed', code: 'ERR_OFM_SEED_INVALID', vars: { ofm_random_seed: 'not-a-seed' } },
  ];

  const good: Record<string, string> = {
    auth_method: 'private_key_jwt',
    client_id: 'client-bad-input',
    signing_kid: key.kid,
    signing_private_key: key.pkcs8,
    signing_key_passphrase: '',
    token_endpoint: 'https://as.ofm.test/token',
    issuer: 'https://as.ofm.test',
    assertion_audience: '',
    assertion_lifetime: '',
    ofm_random_seed: randomBytes(32).toString('hex'),
  };
  // The last row is a valid control: it proves the collection itself sends requests.
  const rows = [
    ...cases.map((c) => ({ case: c.name, ...good, ...c.vars })),
    { case: 'control', ...good },
  ];
  result = await runNewman({
    collection: collectionWith(readPrerequestScript(), [
      {
        name: 'token',
        method: 'POST',
        url: '{{base_url}}/token/{{case}}',
        urlencoded: [{ key: 'grant_type', value: 'client_credentials' }],
        tests: ["pm.test('test script ran', function () {});"],
      },
    ]) as never,
    globals: variables({ base_url: server.baseUrl }) as never,
    iterationData: rows,
  });
});

after(() => server.close());

it('refuses each bad input with its code and a hint, and sends nothing', () => {
  for (const [iteration, c] of cases.entries()) {
    const assertions = result.assertions.filter((a) => a.iteration === iteration);
    assert.equal(assertions.length, 1, `${c.name}: one assertion, and the test script was skipped`);
    const [failure] = assertions;
    assert.equal(failure!.passed, false, `${c.name}: the assertion failed`);
    assert.ok(
      failure!.name.startsWith(`${c.code}: `),
      `${c.name}: "${failure!.name}" starts with ${c.code}`,
    );
    assert.match(failure!.name, / \(hint: .+\)$/, `${c.name}: carries a hint`);
    assert.ok(!failure!.name.includes('\n'), `${c.name}: one line`);
    assert.equal(
      server.requests.filter((r) => r.url === `/token/${c.name}`).length,
      0,
      `${c.name}: not sent`,
    );
  }
  const control = server.requests.filter((r) => r.url === '/token/control');
  assert.equal(control.length, 1, 'the valid control row was sent');
});

it('never shows key material or the passphrase in test names or console lines', () => {
  const shown = [
    ...result.assertions.map((a) => `${a.name} ${a.error ?? ''}`),
    ...result.consoleLines,
  ].join('\n');
  assert.doesNotMatch(shown, /-----BEGIN|-----END|PRIVATE KEY-/);
  const body = key.pkcs8.split('\n').slice(1, -2).join('');
  for (let i = 0; i + 24 <= body.length; i += 24) {
    assert.ok(!shown.includes(body.slice(i, i + 24)), 'no slice of the key appears');
  }
  assert.ok(!shown.includes(key.passphrase));
  assert.ok(!shown.includes('not-the-passphrase'));
});
