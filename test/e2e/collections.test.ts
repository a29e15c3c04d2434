/**
 * The generated collections, run by the runner (Newman's library) against the real local sandbox
 * over real mTLS: everything passes, any request runs alone, and each negative run fails with its
 * reason visible.
 */
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { before, describe, it } from 'node:test';
import sdk from 'postman-collection';
import type { EnsureKeysResult } from '../../src/keys/test-pki.js';
import { MASK } from '../../src/runner/mask.js';
import { runCollection, type RunResult } from '../../src/runner/run.js';
import type { RunningSandbox } from '../../src/server/sandbox.js';
import type { AuthMethod } from '../../src/shared/variables.js';
import { localCertList, localEnvironment, runLocal } from '../helpers/local-run.js';
import { useLocalSandbox } from '../helpers/local-sandbox.js';
import { readPrerequestScript } from '../helpers/script-collection.js';
import { rsaTestKey } from '../helpers/test-keys.js';

const local = useLocalSandbox('ofm-e2e-');
const dir = local.dir;
const logs = local.logs;
let pki: EnsureKeysResult;
let sandbox: RunningSandbox;
before(async () => {
  await local.ready();
  ({ pki, sandbox } = local);
});

function logDetails(): string {
  return logs.map((e) => `${String(e['event'])}: ${String(e['detail'] ?? '')}`).join('\n');
}

/** The folder of the reports of the full private_key_jwt journey, and their base name. */
const REPORTS = { dir: 'reports', name: 'masked' };

/**
 * The full journey of `auth` with its console lines. The private_key_jwt one writes every report
 * too, and is made once: the journey test and the reports test assert on the same run (reports
 * change nothing that is sent).
 */
function fullJourney(auth: AuthMethod): Promise<{ result: RunResult; consoleLines: string[] }> {
  const run = async () => {
    const consoleLines: string[] = [];
    const result = await runLocal(sandbox, pki, auth, {
      onConsole: (level, message) => consoleLines.push(`${level}: ${message}`),
      ...(auth === 'private_key_jwt'
        ? {
            reporters: ['junit', 'json', 'html'],
            reportDir: join(dir, REPORTS.dir),
            reportName: REPORTS.name,
          }
        : {}),
    });
    return { result, consoleLines };
  };
  if (auth !== 'private_key_jwt') return run();
  fullSigned ??= run();
  return fullSigned;
}
let fullSigned: ReturnType<typeof fullJourney> | undefined;

describe('the generated collections against the local sandbox', () => {
  for (const auth of ['private_key_jwt', 'tls_client_auth'] as const) {
    it(`${auth}: every request runs and every assertion passes`, async () => {
      const { result, consoleLines } = await fullJourney(auth);
      assert.deepEqual(result.failures, []);
      assert.equal(result.ok, true);
      assert.equal(result.skipped, 0);
      assert.equal(
        result.requests,
        22,
        'discovery, JWKS, token, 3 provider pages, PAR, authorize, code exchange, refresh, 2 balances, 6 transaction pages, revoke, data after revocation, introspection, revocation',
      );
      assert.ok(result.assertions >= 20, `${result.assertions} assertions`);
      assert.deepEqual(
        consoleLines.filter((l) => l.includes('WARN_OFM_WEAK_RANDOM')),
        [],
        'the runner supplied the seed',
      );
    });
  }

  it('runs a folder on its own: the token is fetched when missing, and renewed when expired', async () => {
    const alone = await runLocal(sandbox, pki, 'private_key_jwt', { folder: '4. Providers' });
    assert.equal(alone.ok, true, JSON.stringify(alone.failures));
    assert.equal(alone.requests, 3);
    assert.equal(alone.scriptRequests, 1, 'the folder script fetched one token');
    const expired = await runLocal(sandbox, pki, 'tls_client_auth', {
      folder: '8. Token introspection',
      values: {
        cc_access_token: 'stale-token',
        cc_access_token_expires_at: String(Date.now() - 1000),
      },
    });
    assert.equal(expired.ok, true, JSON.stringify(expired.failures));
    assert.equal(expired.scriptRequests, 1, 'the expired token was renewed');
    const bogusButFresh = await runLocal(sandbox, pki, 'tls_client_auth', {
      folder: '8. Token introspection',
      values: {
        cc_access_token: 'not-a-token',
        cc_access_token_expires_at: String(Date.now() + 3_600_000),
      },
    });
    assert.equal(
      bogusButFresh.ok,
      false,
      'an unexpired token is used as it is, so a bogus one fails',
    );
  });
});

describe('negative runs fail, with the reason visible', () => {
  it('a signing key that does not match the registered JWKS', async () => {
    // The run's shared test key: not the registered one, and no new key to make.
    const other = (await rsaTestKey(2048)).pkcs8;
    const result = await runLocal(sandbox, pki, 'private_key_jwt', {
      values: { signing_private_key: other },
    });
    assert.equal(result.ok, false);
    assert.ok(
      result.failures.some(
        (f) =>
          f.request === 'Client credentials token' && /expected HTTP 200, got 401/.test(f.message),
      ),
      JSON.stringify(result.failures),
    );
    assert.ok(
      result.skips.some(
        (f) =>
          f.request === 'List providers' &&
          f.message === 'needs Client credentials token, which failed',
      ),
      'what needs the token is skipped, naming it',
    );
    assert.ok(
      !result.failures.some((f) => f.request === 'List providers'),
      'one root cause, one failure',
    );
    const alone = await runLocal(sandbox, pki, 'private_key_jwt', {
      folder: '4. Providers',
      values: { signing_private_key: other },
    });
    assert.ok(
      alone.failures.some((f) =>
        /^ERR_OFM_TOKEN_FAILED: .*HTTP 401 \(invalid_client: client authentication failed\)/.test(
          f.test,
        ),
      ),
      'run alone, the folder script says why',
    );
    assert.match(logDetails(), /signature/i, 'the sandbox logged the reason');
  });

  it('the tls_client_auth collection with a certificate whose subject is not registered', async () => {
    const result = await runLocal(sandbox, pki, 'tls_client_auth', { identity: 'private_key_jwt' });
    assert.equal(result.ok, false);
    assert.ok(
      result.failures.some(
        (f) => f.request === 'Client credentials token' && /got 401/.test(f.message),
      ),
    );
  });

  it('a replayed assertion', async () => {
    const collection = new sdk.Collection({
      info: { name: 'replay' },
      event: [{ listen: 'prerequest', script: { exec: readPrerequestScript().split('\n') } }],
      item: [
        {
          name: 'Token',
          request: {
            method: 'POST',
            url: '{{token_endpoint}}',
            body: {
              mode: 'urlencoded',
              urlencoded: [
                { key: 'grant_type', value: 'client_credentials' },
                { key: 'scope', value: 'accounts' },
              ],
            },
          },
          event: [
            {
              listen: 'test',
              script: {
                exec: [
                  "pm.environment.set('sent_body', pm.request.body.urlencoded.map(function (p) { return encodeURIComponent(p.key) + '=' + encodeURIComponent(p.value); }).join('&'));",
                  "pm.test('first use: HTTP 200', function () { pm.response.to.have.status(200); });",
                ],
              },
            },
          ],
        },
        {
          // A raw body: the script adds no new assertion, so the same one goes out again.
          name: 'Replay',
          request: {
            method: 'POST',
            url: '{{token_endpoint}}',
            header: [{ key: 'Content-Type', value: 'application/x-www-form-urlencoded' }],
            body: { mode: 'raw', raw: '{{sent_body}}' },
          },
          event: [
            {
              listen: 'test',
              script: {
                exec: [
                  "pm.test('replay: HTTP 200', function () { pm.response.to.have.status(200); });",
                ],
              },
            },
          ],
        },
      ],
    } as never).toJSON();
    const env = localEnvironment(sandbox, pki, 'private_key_jwt');
    env.values.push({
      key: 'sent_body',
      value: '',
      type: 'secret',
      enabled: true,
      description: 'test only',
    });
    const result = await runCollection({
      collection,
      environment: env,
      certList: localCertList(sandbox, pki, 'private_key_jwt'),
      ca: pki.paths.caCert,
      reporters: [],
    });
    assert.equal(result.ok, false);
    assert.deepEqual(
      result.failures.map((f) => f.test),
      ['replay: HTTP 200'],
    );
    assert.match(result.failures[0]!.message, /401/);
    assert.match(logDetails(), /client assertion tokens must only be used once/);
  });

  it('a missing variable: the request is refused (not sent) and reported', async () => {
    const result = await runLocal(sandbox, pki, 'private_key_jwt', { values: { signing_kid: '' } });
    assert.equal(result.ok, false);
    assert.ok(result.refused >= 1, `refused ${result.refused}`);
    assert.ok(
      result.failures.some(
        (f) =>
          f.request === 'Client credentials token' &&
          f.test.startsWith('ERR_OFM_VAR_MISSING: signing_kid'),
      ),
    );
  });
});

describe('one root cause, one failure', () => {
  it('a refused PAR fails once; what needs it is skipped, and Authorize is never sent', async () => {
    const result = await runLocal(sandbox, pki, 'private_key_jwt', {
      values: { redirect_uri: 'https://127.0.0.1:1/not-registered' },
    });
    assert.equal(result.ok, false);
    assert.deepEqual(
      [...new Set(result.failures.map((f) => f.request))],
      ['PAR'],
      JSON.stringify(result.failures),
    );
    assert.deepEqual(result.skips.map((s) => `${s.request}: ${s.message}`).slice(0, 3), [
      'Authorize: needs PAR, which failed',
      'Token exchange: needs Authorize, which was skipped',
      'Refresh: needs Token exchange, which was skipped',
    ]);
    const authorize = result.executions.find((e) => e.name === 'Authorize');
    assert.ok(authorize, 'Authorize was reached');
    assert.equal(authorize.exchanges.length, 0, 'and not sent');
    assert.ok(
      !authorize.console.some((l) => l.message.includes('Open this URL')),
      'no URL with an empty request_uri was printed',
    );
  });
});

describe('the consent journey refuses a forged flow', () => {
  it('a state that is not the one this flow sent', async () => {
    const result = await runLocal(sandbox, pki, 'private_key_jwt', {
      folder: ['4. Providers', '5. Consent'],
      iterationData: [{ state: 'forged-state' }],
    });
    assert.equal(result.ok, false);
    const failure = result.failures.find((f) => f.request === 'Authorize');
    assert.ok(failure, JSON.stringify(result.failures));
    assert.match(failure.message, /ERR_OFM_STATE_MISMATCH/);
    assert.ok(
      result.skips.some(
        (f) => f.request === 'Token exchange' && f.message === 'needs Authorize, which failed',
      ),
      'the code was not used',
    );
  });

  it('an ID token whose nonce is not the one this flow sent', async () => {
    const result = await runLocal(sandbox, pki, 'tls_client_auth', {
      folder: ['4. Providers', '5. Consent'],
      iterationData: [{ nonce: 'forged-nonce' }],
    });
    assert.equal(result.ok, false);
    assert.deepEqual(
      result.failures.map((f) => f.request),
      ['Token exchange'],
    );
    assert.match(result.failures[0]!.message, /ERR_OFM_ID_TOKEN_INVALID: ID token nonce/);
    assert.deepEqual(
      result.skips,
      [{ request: 'Refresh', message: 'needs Token exchange, which failed' }],
      'the refresh token of the refused response is not used',
    );
  });
});

describe('reports', () => {
  it('carry no private key, passphrase, seed, assertion or token', async () => {
    const reportDir = join(dir, REPORTS.dir);
    // The environment holds the signing key itself (localEnvironment), as a user's would.
    const { result } = await fullJourney('private_key_jwt');
    assert.equal(result.ok, true, JSON.stringify(result.failures));
    assert.deepEqual(readdirSync(reportDir).sort(), [
      '.gitignore', // a new folder of owner-only reports ignores itself (src/files/private-folder.ts)
      '.ofm-postman.private.sha256', // the record of what was written (src/files/record.ts)
      'masked.html',
      'masked.json',
      'masked.junit.xml',
    ]);
    const keyLines = readFileSync(pki.paths.signingKey, 'utf8')
      .split('\n')
      .filter((l) => /^[A-Za-z0-9+/=]{40,}$/.test(l));
    for (const file of readdirSync(reportDir)) {
      const text = readFileSync(join(reportDir, file), 'utf8');
      assert.doesNotMatch(text, /-----BEGIN [A-Z ]*PRIVATE KEY/, `${file}: PEM`);
      for (const line of keyLines) assert.ok(!text.includes(line), `${file}: a line of the key`);
      assert.doesNotMatch(text, /eyJ[A-Za-z0-9_-]{10,}\.eyJ[A-Za-z0-9_-]{10,}\./, `${file}: a JWT`);
      assert.doesNotMatch(
        text,
        /Bearer (?!\[masked)[A-Za-z0-9._~+/-]{8,}/,
        `${file}: a bearer token`,
      );
    }
    const json = JSON.parse(readFileSync(join(reportDir, 'masked.json'), 'utf8')) as {
      environment: { values: Array<{ key: string; value: string }> };
      run: {
        executions: Array<{ item: { name: string }; response?: { stream?: { data: number[] } } }>;
      };
    };
    const value = (key: string) => json.environment.values.find((v) => v.key === key)?.value;
    assert.equal(value('ofm_random_seed'), MASK);
    assert.equal(value('signing_private_key'), MASK);
    const tokenResponse = json.run.executions.find(
      (e) => e.item.name === 'Client credentials token',
    )?.response?.stream;
    assert.ok(tokenResponse, 'the token response is in the report');
    const body = JSON.parse(Buffer.from(tokenResponse.data).toString('utf8')) as {
      access_token: string;
    };
    assert.equal(body.access_token, MASK, 'the access token inside the response bytes is masked');
  });
});
