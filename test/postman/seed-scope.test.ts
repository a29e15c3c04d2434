/**
 * The per-run seed reaches the script the documented ways with the shipped environments: Newman's
 * `--global-var ofm_random_seed=…` (the library's `globalVar`) and a globals file (`-g`, the
 * library's `globals`). Postman resolves a variable from the narrowest scope that defines it, so
 * an environment holding an empty `ofm_random_seed` hid both, and Newman warned
 * WARN_OFM_WEAK_RANDOM; the committed environments therefore leave it out.
 */
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { base64url } from 'jose';
import { REPO_ROOT } from '../helpers/paths.js';
import { runNewman } from '../helpers/newman-run.js';
import { startRecordingServer, type RecordingServer } from '../helpers/recording-server.js';
import { collectionWith, readPrerequestScript, variables } from '../helpers/script-collection.js';
import { rsaTestKey, type TestKey } from '../helpers/test-keys.js';

interface EnvironmentFile {
  values: Array<{ key: string; value: string; type?: string; enabled?: boolean }>;
}

let server: RecordingServer;
let key: TestKey;
before(async () => {
  server = await startRecordingServer();
  key = await rsaTestKey(2048);
});
after(() => server.close());

const seed = () => randomBytes(32).toString('hex');

function shipped(target: string): EnvironmentFile {
  const file = join(
    REPO_ROOT,
    'environments',
    `${target}.private_key_jwt.postman_environment.json`,
  );
  return JSON.parse(readFileSync(file, 'utf8')) as EnvironmentFile;
}

/** Two signed token requests; the seed arrives as `how` says. Returns jtis, ids and warnings. */
async function run(
  environment: EnvironmentFile,
  path: string,
  how: { globalVar?: string; globalsFile?: string },
) {
  const result = await runNewman({
    collection: collectionWith(readPrerequestScript(), [
      {
        name: 'token',
        method: 'POST',
        url: `{{base_url}}/${path}`,
        urlencoded: [{ key: 'grant_type', value: 'client_credentials' }],
      },
    ]) as never,
    environment: environment as never,
    // What a user gives with --env-var: the shipped environment's own values stay as they are.
    envVar: [
      { key: 'client_id', value: 'client-seed' },
      { key: 'signing_kid', value: key.kid },
      { key: 'signing_private_key', value: key.pkcs8 },
    ],
    globals: variables({
      base_url: server.baseUrl,
      ...(how.globalsFile ? { ofm_random_seed: how.globalsFile } : {}),
    }) as never,
    ...(how.globalVar ? { globalVar: [{ key: 'ofm_random_seed', value: how.globalVar }] } : {}),
    iterationCount: 2,
  });
  assert.deepEqual(
    result.assertions.filter((a) => !a.passed),
    [],
  );
  const received = server.requests.filter((r) => r.url === `/${path}`);
  assert.equal(received.length, 2, 'both requests were sent');
  const values = received.flatMap((request) => {
    const jwt = new URLSearchParams(request.body).get('client_assertion') ?? '';
    const payload = JSON.parse(Buffer.from(base64url.decode(jwt.split('.')[1]!)).toString()) as {
      jti: string;
    };
    return [payload.jti, String(request.headers['x-fapi-interaction-id'])];
  });
  return { values, weak: result.consoleLines.filter((l) => l.includes('WARN_OFM_WEAK_RANDOM')) };
}

describe('the seed given per run takes effect with the shipped environments', () => {
  for (const target of ['paynet-sandbox', 'local']) {
    it(`${target}: --global-var and a globals file both seed the script; two runs differ`, async () => {
      const environment = shipped(target);
      assert.ok(
        !environment.values.some((v) => v.key === 'ofm_random_seed'),
        'the shipped environment leaves the seed out',
      );
      const viaFlag = await run(environment, `${target}/flag`, { globalVar: seed() });
      const viaFile = await run(environment, `${target}/file`, { globalsFile: seed() });
      assert.deepEqual(viaFlag.weak, [], '--global-var: no WARN_OFM_WEAK_RANDOM');
      assert.deepEqual(viaFile.weak, [], 'globals file: no WARN_OFM_WEAK_RANDOM');
      const all = [...viaFlag.values, ...viaFile.values];
      assert.equal(new Set(all).size, all.length, 'every jti and interaction id differs');
    });
  }

  it('an environment that defines the seed empty hides the global one (why it is left out)', async () => {
    const environment = shipped('local');
    environment.values.push({ key: 'ofm_random_seed', value: '', type: 'secret', enabled: true });
    const hidden = await run(environment, 'hidden', { globalVar: seed() });
    assert.equal(hidden.weak.length, 1, 'the empty environment value won: weak randomness, once');
  });
});
