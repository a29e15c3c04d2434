/**
 * The kit in the whole journey, before PayNet has answered: `sandbox --kit` (in this process, real
 * mTLS on 127.0.0.1, a port from the OS) registers both clients with the kit's JWKS and trusts its
 * self-signed transport certificate; `env --kit` and `certs --kit` from the built binary write what
 * `run` needs; both collections pass. Then a signing-key rotation: during the overlap an
 * environment signed with the old key and one with the new both pass, doctor reports the overlap,
 * and --retire ends it.
 */
import assert from 'node:assert/strict';
import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { JWK } from 'jose';
import { makeKit } from '../../src/keys/kit/make-kit.js';
import { startSandbox, type RunningSandbox } from '../../src/server/sandbox.js';
import type { AuthMethod } from '../../src/shared/variables.js';
import { errorCodeOf, runCliAsync } from '../helpers/cli.js';
import { FapiClient } from '../helpers/fapi-client.js';
import { identityFrom } from '../helpers/http-client.js';
import { LOCAL_CLIENT_IDS } from '../../src/shared/local-sandbox.js';
import { REPO_ROOT } from '../helpers/paths.js';
import { testPki } from '../helpers/shared-pki.js';

let dir: string;
let sandbox: RunningSandbox;
const refusals: Record<string, unknown>[] = [];

async function start(port = 0): Promise<RunningSandbox> {
  return startSandbox({
    port,
    keysDir: join(dir, '.ofm', 'keys'),
    kitDir: join(dir, 'kit'),
    log: (event: Record<string, unknown>) => {
      if (event['event'] !== 'ready') refusals.push(event);
    },
  });
}

async function cli(args: string[]) {
  const result = await runCliAsync(args, { cwd: dir });
  assert.equal(result.status, 0, `${args.join(' ')}\n${result.stdout}\n${result.stderr}`);
  return result;
}

const envFile = (auth: AuthMethod) =>
  join(dir, '.ofm', 'env', `local.${auth}.private.postman_environment.json`);

/** env --kit and certs --kit for the running sandbox. */
async function writeInputs(auth: AuthMethod): Promise<void> {
  const target = ['--target', 'local', '--local-url', sandbox.issuer];
  await cli(['env', '--kit', 'kit', ...target, '--auth', auth, '--force']);
  await cli(['certs', '--kit', 'kit', ...target, '--force']);
}

/** Runs a collection with the given environment file; returns the CLI's result. */
function run(auth: AuthMethod, environment = envFile(auth)) {
  return runCliAsync(
    [
      'run',
      '--collection',
      join(REPO_ROOT, 'collections', `paynet-ofp.${auth}.postman_collection.json`),
      '--environment',
      environment,
      '--cert-list',
      join(dir, '.ofm', 'certs', 'local.cert-list.json'),
      '--ca',
      join(dir, '.ofm', 'keys', 'ca.crt'),
      '--report-dir',
      join(dir, 'reports'),
      '--reporters',
      'json',
    ],
    { cwd: dir },
  );
}

const jwks = () =>
  JSON.parse(readFileSync(join(dir, 'kit', 'public', 'jwks.json'), 'utf8')) as { keys: JWK[] };

before(async () => {
  dir = mkdtempSync(join(tmpdir(), 'ofm-kit-journey-'));
  // The run's test PKI (a copy): the sandbox's server certificate and a stranger's transport.
  await testPki(join(dir, '.ofm', 'keys'));
  await makeKit({
    dir: join(dir, 'kit'),
    profile: 'paynet',
    subject: { org: 'Acme Bhd', orgId: 'ACME01' },
    bits: 2048,
    days: 395,
    kids: {},
    passphrase: '',
    force: false,
  });
  sandbox = await start();
});
after(async () => {
  await sandbox.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('a fresh kit in the local sandbox', () => {
  for (const auth of ['private_key_jwt', 'tls_client_auth'] as const)
    it(`passes the whole ${auth} journey with the kit's keys`, async () => {
      await writeInputs(auth);
      const env = readFileSync(envFile(auth), 'utf8');
      assert.ok(
        env.includes(jwks().keys[0]!.kid!),
        "the environment carries the kit's signing kid",
      );
      const result = await run(auth);
      assert.equal(result.status, 0, `${result.stdout}\n${result.stderr}`);
      assert.match(result.stdout, new RegExp(`${auth}\\s+22\\s.*PASS`));
    });

  it("registers the kit's signing key, not the test PKI's", () => {
    const testPki = JSON.parse(readFileSync(join(dir, '.ofm', 'keys', 'keys.json'), 'utf8')) as {
      signingKid: string;
    };
    assert.equal(sandbox.manifest.signingKid, jwks().keys[0]!.kid);
    assert.ok(!jwks().keys.some((k) => k.kid === testPki.signingKid));
  });
});

describe('a signing-key rotation with overlap', () => {
  it('publishes both keys (new first), and both sign journeys the sandbox accepts', async () => {
    const old = jwks().keys[0]!.kid!;
    mkdirSync(join(dir, 'old'), { recursive: true });
    copyFileSync(envFile('private_key_jwt'), join(dir, 'old', 'env.json'));
    const rotated = await cli(['onboard', '--out', 'kit', '--rotate', 'signing']);
    assert.match(rotated.stdout, /rotated the signing key/);
    assert.match(rotated.stdout, new RegExp(`--retire ${old}`));
    assert.match(
      rotated.stdout,
      /these use the old key; write them again:\n.*local\.private_key_jwt\.private/,
    );
    const keys = jwks().keys;
    assert.deepEqual(
      keys.map((k) => k.use),
      ['sig', 'sig', 'enc'],
    );
    assert.equal(keys[1]!.kid, old, 'the old key follows the new');
    const again = await runCliAsync(['onboard', '--out', 'kit', '--rotate', 'signing'], {
      cwd: dir,
    });
    assert.equal(errorCodeOf(again), 'ERR_OFM_KIT_ROTATION');

    const port = sandbox.port;
    await sandbox.close();
    sandbox = await start(port); // the same server, as PayNet once it has the new JWKS
    await writeInputs('private_key_jwt');
    assert.ok(readFileSync(envFile('private_key_jwt'), 'utf8').includes(keys[0]!.kid!));
    const before = refusals.length;
    const [withOld, withNew] = [
      await run('private_key_jwt', join(dir, 'old', 'env.json')),
      await run('private_key_jwt'),
    ];
    assert.equal(
      withOld.status,
      0,
      `old key: ${withOld.stdout}\n${JSON.stringify(refusals.slice(before))}`,
    );
    assert.equal(withNew.status, 0, `new key: ${withNew.stdout}`);

    const doctor = await runCliAsync(['doctor', '--kit', 'kit', '--json'], { cwd: dir });
    assert.equal(doctor.status, 0, doctor.stdout);
    const findings = (JSON.parse(doctor.stdout) as { findings: { code: string; level: string }[] })
      .findings;
    assert.ok(findings.some((f) => f.code === 'ROTATION_OVERLAP' && f.level === 'info'));
  });

  it('retires the old key only, and then publishes the new one alone', async () => {
    const [newer, older] = jwks().keys;
    const wrong = await runCliAsync(['onboard', '--out', 'kit', '--retire', newer!.kid!], {
      cwd: dir,
    });
    assert.equal(errorCodeOf(wrong), 'ERR_OFM_KIT_ROTATION');
    await cli(['onboard', '--out', 'kit', '--retire', older!.kid!]);
    assert.deepEqual(
      jwks().keys.map((k) => k.kid),
      [newer!.kid, jwks().keys[1]!.kid],
    );
    assert.equal(jwks().keys.filter((k) => k.use === 'sig').length, 1);
    const doctor = await runCliAsync(['doctor', '--kit', 'kit'], { cwd: dir });
    assert.equal(doctor.status, 0, doctor.stdout);
    assert.doesNotMatch(doctor.stdout, /ROTATION_OVERLAP/);
  });
});

describe('a transport rotation with overlap', () => {
  it('gets tls_client_auth tokens with the old and the new certificate, and none with another subject', async () => {
    await cli(['onboard', '--out', 'kit', '--rotate', 'transport']);
    const port = sandbox.port;
    await sandbox.close();
    sandbox = await start(port);
    const client = new FapiClient(
      sandbox.issuer,
      readFileSync(join(dir, '.ofm', 'keys', 'ca.crt'), 'utf8'),
    );
    const token = (identity: ReturnType<typeof identityFrom>) =>
      client.request('/token', {
        identity,
        form: {
          grant_type: 'client_credentials',
          scope: 'accounts',
          client_id: LOCAL_CLIENT_IDS.tls_client_auth,
        },
      });
    const kit = (name: string) =>
      identityFrom(
        join(dir, 'kit', 'public', `${name}.crt`),
        join(dir, 'kit', 'private', `${name}.key`),
      );
    for (const name of ['transport', 'transport-2']) {
      const answer = await token(kit(name));
      assert.equal(answer.status, 200, `${name}: ${answer.text}`);
    }
    const keys = join(dir, '.ofm', 'keys');
    const stranger = await token(
      identityFrom(
        join(keys, 'transport-tls_client_auth.crt'),
        join(keys, 'transport-tls_client_auth.key'),
      ),
    );
    assert.equal(stranger.status, 401, stranger.text);
  });
});
