/** `ofm-postman run` as a user calls it: output, files and exit codes. */
import assert from 'node:assert/strict';
import { readFileSync, statSync, writeFileSync } from 'node:fs';
import { createServer, type AddressInfo } from 'node:net';
import { join } from 'node:path';
import { before, describe, it } from 'node:test';
import type { EnsureKeysResult } from '../../src/keys/test-pki.js';
import type { RunningSandbox } from '../../src/server/sandbox.js';
import { errorCodeOf, runCliAsync } from '../helpers/cli.js';
import { localCertList, localEnvironment } from '../helpers/local-run.js';
import { useLocalSandbox } from '../helpers/local-sandbox.js';

const local = useLocalSandbox('ofm-cli-run-');
const dir = local.dir;
let pki: EnsureKeysResult;
let sandbox: RunningSandbox;
let envFile: string;
let envWithoutKey: string;
let certList: string;

before(async () => {
  await local.ready();
  ({ pki, sandbox } = local);
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
    assert.match(result.stdout, /private_key_jwt +22 +1 +\d+ +0 +0 .* PASS/);
    assert.match(
      readFileSync(join(dir, 'reports', 'paynet-ofp.private_key_jwt.junit.xml'), 'utf8'),
      /<testsuites/,
    );
  });

  it('reports: the same run twice replaces its own; an edited report is kept unless --force', async () => {
    const reports = join(dir, 'reports-kept');
    const junit = join(reports, 'paynet-ofp.private_key_jwt.junit.xml');
    const again = (...more: string[]) =>
      runCliAsync([
        ...base(),
        '--environment',
        envFile,
        '--folder',
        'Client credentials',
        '--reporters',
        'junit',
        '--report-dir',
        reports,
        ...more,
      ]);
    for (const round of ['first', 'second']) {
      const result = await again();
      assert.equal(result.status, 0, `${round}: ${result.stdout}${result.stderr}`);
    }
    const edited = `<!-- my notes -->\n${readFileSync(junit, 'utf8')}`;
    writeFileSync(junit, edited);
    const refused = await again();
    assert.equal(refused.status, 2, refused.stdout + refused.stderr);
    assert.equal(errorCodeOf(refused), 'ERR_OFM_FILE_EXISTS');
    assert.ok(refused.stderr.includes(junit), refused.stderr);
    assert.doesNotMatch(refused.stdout, /Client credentials token/, 'nothing was sent');
    assert.equal(readFileSync(junit, 'utf8'), edited, 'the edit is kept');
    const forced = await again('--force');
    assert.equal(forced.status, 0, forced.stdout + forced.stderr);
    assert.doesNotMatch(readFileSync(junit, 'utf8'), /my notes/);
  });

  it('takes the signing key from OFM_SIGNING_KEY_FILE instead of the environment', async () => {
    const result = await runCliAsync([...base(), '--environment', envWithoutKey], {
      env: { OFM_SIGNING_KEY_FILE: pki.paths.signingKey },
    });
    assert.equal(result.status, 0, result.stdout);
  });

  it('--export-environment writes the environment after the run, owner-only, without OFM_* secrets', async () => {
    const exported = join(dir, 'exported.env.json');
    const result = await runCliAsync(
      [
        ...base(),
        '--environment',
        envWithoutKey,
        '--folder',
        'Client credentials',
        '--export-environment',
        exported,
      ],
      { env: { OFM_SIGNING_KEY_FILE: pki.paths.signingKey } },
    );
    assert.equal(result.status, 0, result.stdout + result.stderr);
    assert.equal(statSync(exported).mode & 0o777, 0o600);
    const env = JSON.parse(readFileSync(exported, 'utf8')) as {
      values: Array<{ key: string; value: string }>;
    };
    const value = (key: string) => env.values.find((v) => v.key === key)?.value;
    assert.ok((value('cc_access_token') ?? '').length > 10, 'the token the run fetched');
    assert.ok(Number(value('cc_access_token_expires_at')) > Date.now());
    assert.equal(
      value('signing_private_key'),
      undefined,
      'the key from OFM_SIGNING_KEY_FILE stays out',
    );
    const text = readFileSync(exported, 'utf8');
    for (const line of readFileSync(pki.paths.signingKey, 'utf8').split('\n'))
      if (/^[A-Za-z0-9+/=]{40,}$/.test(line))
        assert.ok(!text.includes(line), 'no signing key line');
    // Its own file is replaced by the next run; a stranger's only with --force.
    const again = (path: string, ...more: string[]) =>
      runCliAsync(
        [
          ...base(),
          '--environment',
          envWithoutKey,
          '--folder',
          'Discovery',
          '--export-environment',
          path,
          ...more,
        ],
        { env: { OFM_SIGNING_KEY_FILE: pki.paths.signingKey } },
      );
    assert.equal((await again(exported)).status, 0);
    assert.notEqual(readFileSync(exported, 'utf8'), text, 'replaced');
    const readme = join(dir, 'README.md');
    writeFileSync(readme, '# notes\n');
    assert.equal((await again(readme, '--force')).status, 0);
    assert.match(readFileSync(readme, 'utf8'), /"_postman_exported_using": "ofm-postman\//);
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
    assert.match(result.stdout, /✗ not sent +POST Client credentials token/);
    assert.match(
      result.stdout,
      /Failures in private_key_jwt:\n {2}✗ Client credentials token\n {6}ERR_OFM_VAR_MISSING: signing_kid is not set/,
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

/** A TCP server that counts connections and never answers: nothing may reach it, or it hangs. */
async function countingServer(): Promise<{ port: number; count: () => number; close: () => void }> {
  let connections = 0;
  const sockets = new Set<import('node:net').Socket>();
  const server = createServer((socket) => {
    connections++;
    sockets.add(socket);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    port: (server.address() as AddressInfo).port,
    count: () => connections,
    close: () => {
      for (const socket of sockets) socket.destroy();
      server.close();
    },
  };
}

describe('ofm-postman run checks its arguments and files before sending anything', () => {
  it('a missing --cert, --key, --ca, --cert-list, certificate, environment or data file: exit 3, nothing sent', async () => {
    const trap = await countingServer();
    try {
      const missing = join(dir, 'nope');
      const listWithMissingKey = join(dir, 'bad-list.json');
      writeFileSync(
        listWithMissingKey,
        JSON.stringify([
          {
            name: 'x',
            matches: ['https://127.0.0.1/*'],
            cert: { src: pki.paths.caCert },
            key: { src: `${missing}.key` },
          },
        ]),
      );
      const issuer = ['--env-var', `issuer=https://127.0.0.1:${trap.port}`];
      const cases: Array<[string, string[]]> = [
        [
          '--cert/--key',
          ['--environment', envFile, '--cert', `${missing}.crt`, '--key', `${missing}.key`],
        ],
        ['--ca', ['--environment', envFile, '--ca', `${missing}.crt`]],
        ['--cert-list', ['--environment', envFile, '--cert-list', `${missing}.json`]],
        ['a key the list names', ['--environment', envFile, '--cert-list', listWithMissingKey]],
        ['--environment', ['--environment', `${missing}.json`]],
        ['--iteration-data', ['--environment', envFile, '--iteration-data', `${missing}.csv`]],
      ];
      for (const [what, args] of cases) {
        const result = await runCliAsync(['run', '--auth', 'private_key_jwt', ...args, ...issuer], {
          timeoutMs: 30_000,
        });
        assert.equal(result.status, 3, `${what}: ${result.stdout}${result.stderr}`);
        assert.equal(errorCodeOf(result), 'ERR_OFM_FILE_NOT_FOUND', what);
        assert.equal(result.stdout, '', `${what}: nothing printed but the error`);
      }
      assert.equal(trap.count(), 0, 'no connection was made');
    } finally {
      trap.close();
    }
  });

  it('--iterations that is not a positive whole number, or an unknown --folder: exit 2', async () => {
    for (const value of ['0', 'abc', '1.5', '-2']) {
      const result = await runCliAsync([
        ...base(),
        '--environment',
        envFile,
        '--iterations',
        value,
      ]);
      assert.equal(result.status, 2, `--iterations ${value}: ${result.stdout}`);
      assert.equal(errorCodeOf(result), 'ERR_OFM_USAGE');
    }
    const unknown = await runCliAsync([...base(), '--environment', envFile, '--folder', 'Nope']);
    assert.equal(unknown.status, 2);
    assert.equal(errorCodeOf(unknown), 'ERR_OFM_USAGE');
    assert.match(
      unknown.stderr,
      /"Nope" is not in the collection; folders: 1\. Discovery, 2\. OFP JWKS/,
    );
    assert.match(unknown.stderr, /requests: Discovery document/);
  });

  it('--folder matches a name without its number prefix; --report-name names the reports', async () => {
    const result = await runCliAsync([
      ...base(),
      '--environment',
      envFile,
      '--folder',
      'Discovery',
      '--reporters',
      'junit',
      'html',
      '--report-dir',
      join(dir, 'named'),
      '--report-name',
      'nightly',
    ]);
    assert.equal(result.status, 0, result.stdout + result.stderr);
    assert.match(result.stdout, /private_key_jwt +1 +0 +5 +0 +0 /);
    assert.match(readFileSync(join(dir, 'named', 'nightly.junit.xml'), 'utf8'), /tests="5"/);
    assert.match(readFileSync(join(dir, 'named', 'nightly.html'), 'utf8'), /<!doctype html>/);
  });

  it('a hung endpoint fails the request after --timeout-request, and the command ends', async () => {
    const trap = await countingServer();
    try {
      const started = Date.now();
      const result = await runCliAsync(
        [
          ...base(),
          '--environment',
          envFile,
          '--env-var',
          `issuer=https://127.0.0.1:${trap.port}`,
          '--folder',
          'Discovery',
          '--timeout-request',
          '1000',
        ],
        { timeoutMs: 60_000 },
      );
      assert.equal(result.status, 1, result.stdout + result.stderr);
      assert.ok(Date.now() - started < 30_000, 'ended soon after the time-out');
      assert.match(
        result.stdout,
        /cause: .*(ETIMEDOUT|ESOCKETTIMEDOUT|time).*raise --timeout-request/i,
      );
      assert.ok(trap.count() >= 1, 'the request reached the hung server');
    } finally {
      trap.close();
    }
  });

  it('the reachability check goes through HTTPS_PROXY and names --no-preflight', async () => {
    const closed = createServer();
    await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
    const port = (closed.address() as AddressInfo).port;
    await new Promise<void>((resolve) => closed.close(() => resolve()));
    const result = await runCliAsync([...base(), '--environment', envFile], {
      env: { HTTPS_PROXY: `http://127.0.0.1:${port}`, NO_PROXY: '' },
    });
    assert.equal(result.status, 3, result.stdout + result.stderr);
    assert.equal(errorCodeOf(result), 'ERR_OFM_SERVER_UNREACHABLE');
    assert.match(
      result.stderr,
      new RegExp(`the proxy http://127\\.0\\.0\\.1:${port} \\(for https://127\\.0\\.0\\.1:\\d+\\)`),
    );
    assert.match(result.stderr, /--no-preflight/);
  });

  it('names the cause of a failure: an untrusted server certificate, a missing client certificate', async () => {
    const untrusted = await runCliAsync([
      'run',
      '--auth',
      'private_key_jwt',
      '--environment',
      envFile,
      '--cert-list',
      certList,
      '--folder',
      'Discovery',
    ]);
    assert.equal(untrusted.status, 1);
    assert.match(untrusted.stdout, /cause: .*certificate.*pass --ca/);
    assert.doesNotMatch(untrusted.stdout, /got undefined/);
    const noClientCert = await runCliAsync([
      'run',
      '--auth',
      'private_key_jwt',
      '--environment',
      envFile,
      '--ca',
      pki.paths.caCert,
      '--folder',
      'Client credentials',
    ]);
    assert.equal(noClientCert.status, 1);
    assert.match(
      noClientCert.stdout,
      /cause: HTTP 40\d \w+: .+ \(sandbox log: .*certificate.*\)/,
      noClientCert.stdout,
    );
  });
});
