/** `ofm-postman run` and `npm start` as a user calls them: output, files and exit codes. */
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { ensureTestKeys, type EnsureKeysResult } from '../../src/keys/test-pki.js';
import { startSandbox, type RunningSandbox } from '../../src/server/sandbox.js';
import { errorCodeOf, runCliAsync } from '../helpers/cli.js';
import { localCertList, localEnvironment } from '../helpers/local-run.js';
import { REPO_ROOT } from '../helpers/paths.js';

const dir = mkdtempSync(join(tmpdir(), 'ofm-cli-run-'));
let pki: EnsureKeysResult;
let sandbox: RunningSandbox;
let envFile: string;
let envWithoutKey: string;
let certList: string;

before(async () => {
  pki = await ensureTestKeys({ dir: join(dir, 'keys') });
  sandbox = await startSandbox({ port: 0, keysDir: pki.paths.dir });
  envFile = join(dir, 'local.env.json');
  writeFileSync(envFile, JSON.stringify(localEnvironment(sandbox, pki, 'private_key_jwt')));
  envWithoutKey = join(dir, 'local.nokey.env.json');
  writeFileSync(
    envWithoutKey,
    JSON.stringify(localEnvironment(sandbox, pki, 'private_key_jwt', { signing_private_key: '' })),
  );
  certList = join(dir, 'certs.json');
  writeFileSync(certList, JSON.stringify(localCertList(sandbox, pki, 'private_key_jwt')));
});
after(async () => {
  await sandbox?.close();
  rmSync(dir, { recursive: true, force: true });
});

const base = () => [
  'run',
  '--auth',
  'private_key_jwt',
  '--cert-list',
  certList,
  '--ca',
  pki.paths.caCert,
];

describe('ofm-postman run', () => {
  it('exits 0 when everything passes, with progress and a summary', async () => {
    const result = await runCliAsync([
      ...base(),
      '--environment',
      envFile,
      '--reporters',
      'junit',
      '--report-dir',
      join(dir, 'reports'),
    ]);
    assert.equal(result.status, 0, result.stdout + result.stderr);
    assert.match(result.stdout, /✓ 200 .* POST Client credentials token/);
    assert.match(result.stdout, /private_key_jwt +22 +0 +\d+ +0 .* PASS/);
    assert.match(
      readFileSync(join(dir, 'reports', 'PayNet-OFP-private_key_jwt-.junit.xml'), 'utf8'),
      /<testsuites/,
    );
  });

  it('takes the signing key from OFM_SIGNING_KEY_FILE instead of the environment', async () => {
    const result = await runCliAsync([...base(), '--environment', envWithoutKey], {
      env: { OFM_SIGNING_KEY_FILE: pki.paths.signingKey },
    });
    assert.equal(result.status, 0, result.stdout);
  });

  it('exits 1 when a request is skipped or an assertion fails', async () => {
    const result = await runCliAsync([
      ...base(),
      '--environment',
      envFile,
      '--env-var',
      'signing_kid=',
    ]);
    assert.equal(result.status, 1);
    assert.match(result.stdout, /FAIL/);
    assert.match(
      result.stdout,
      /✗ private_key_jwt › Client credentials token › ERR_OFM_VAR_MISSING: signing_kid/,
    );
  });

  it('exits 3 when it cannot start: a missing file, an unreachable server', async () => {
    const missing = await runCliAsync(['run', '--collection', join(dir, 'none.json')]);
    assert.equal(missing.status, 3);
    assert.equal(errorCodeOf(missing), 'ERR_OFM_FILE_NOT_FOUND');
    const closed = createServer();
    await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
    const port = (closed.address() as AddressInfo).port;
    await new Promise<void>((resolve) => closed.close(() => resolve()));
    const down = await runCliAsync([
      ...base(),
      '--environment',
      envFile,
      '--env-var',
      `issuer=https://127.0.0.1:${port}`,
    ]);
    assert.equal(down.status, 3, down.stdout + down.stderr);
    assert.equal(errorCodeOf(down), 'ERR_OFM_SERVER_UNREACHABLE');
  });

  it('refuses bad arguments with exit code 2', async () => {
    for (const args of [
      ['run'],
      ['run', '--auth', 'nope'],
      ['run', '--auth', 'private_key_jwt', '--cert', 'x.crt'],
      [...base(), '--environment', envFile, '--env-var', 'novalue'],
    ]) {
      const result = await runCliAsync(args);
      assert.equal(result.status, 2, `${args.join(' ')}: ${result.stderr}`);
      assert.equal(errorCodeOf(result), 'ERR_OFM_USAGE');
    }
  });
});

describe('npm start', () => {
  it('runs the demo end to end and exits 0, with no warning', async () => {
    const result = await new Promise<{ code: number | null; out: string; err: string }>(
      (resolve) => {
        const child = spawn('npm', ['start', '--silent'], { cwd: REPO_ROOT, env: process.env });
        let out = '';
        let err = '';
        child.stdout.on('data', (c: Buffer) => (out += c.toString()));
        child.stderr.on('data', (c: Buffer) => (err += c.toString()));
        const timer = setTimeout(() => child.kill('SIGKILL'), 180_000);
        child.on('exit', (code) => {
          clearTimeout(timer);
          resolve({ code, out, err });
        });
      },
    );
    assert.equal(result.code, 0, `${result.out}\n${result.err}`);
    // No deprecation or runtime warning on a supported runtime. oidc-provider 9 warns that Node 20
    // is unsupported (it wants an LTS from 22 on): that one line is expected there, and only there.
    const nodeMajor = Number(process.versions.node.split('.')[0]);
    const warnings = result.err
      .split('\n')
      .filter((line) => /warning/i.test(line))
      .filter((line) => !(nodeMajor < 22 && line.startsWith('oidc-provider WARNING: Unsupported')));
    assert.deepEqual(warnings, [], `warnings on Node ${process.version}`);
    assert.match(result.out, /private_key_jwt +22 +0 +\d+ +0 .* PASS/);
    assert.match(result.out, /tls_client_auth +22 +0 +\d+ +0 .* PASS/);
    assert.match(result.out, /total [\d.]+ s: PASS/);
  });
});
