/** `ofm-postman sandbox` as a process: ready line, real TLS, clean shutdown, refusal to start. */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { createServer, type AddressInfo } from 'node:net';
import { before, it } from 'node:test';
import { MISBEHAVIOUR_NAMES } from '../../src/server/misbehave-modules.js';
import { errorCodeOf, runCli, runCliAsync } from '../helpers/cli.js';
import { FapiClient } from '../helpers/fapi-client.js';
import { spawnSandbox, useTestKeys } from '../helpers/local-sandbox.js';

const keys = useTestKeys('ofm-cli-sandbox-');
const dir = keys.dir;
let keysDir: string;
before(async () => {
  await keys.ready();
  keysDir = keys.pki.paths.dir;
});

it('prints one JSON ready line, serves discovery over TLS, explains refusals on stderr, and stops cleanly on SIGTERM', async () => {
  const { cli, ready } = await spawnSandbox(['--port', '0', '--keys', keysDir], {
    timeoutMs: 30_000,
  });
  try {
    assert.equal(ready.issuer, `https://127.0.0.1:${ready.port}`);
    assert.equal(ready.pid, cli.child.pid);
    const client = new FapiClient(ready.issuer, readFileSync(join(keysDir, 'ca.crt'), 'utf8'));
    const discovery = await client.request('/.well-known/openid-configuration');
    assert.equal(discovery.json?.['issuer'], ready.issuer);
    assert.equal(discovery.json?.['tls_client_certificate_bound_access_tokens'], true);
    assert.deepEqual(discovery.json?.['token_endpoint_auth_methods_supported'], [
      'private_key_jwt',
      'tls_client_auth',
    ]);
    // Refusals: an unknown client at the token endpoint (its body says only invalid_client), and
    // an authorization request that skipped PAR.
    const token = await client.request('/token', {
      form: { grant_type: 'client_credentials', client_id: 'nobody' },
    });
    assert.equal(token.status, 401);
    assert.equal(token.json?.['error_description'], 'client authentication failed');
    assert.equal(token.headers['x-ofm-sandbox-reason'], 'client not found');
    const authorize = await client.request(
      '/auth?client_id=ofm-local-private-key-jwt&response_type=code&scope=openid',
    );
    assert.ok(authorize.status >= 300, `authorize: ${authorize.status}`);
    const code = await cli.stop('SIGTERM');
    assert.equal(code, 0);
    const { stdout, stderr } = cli;
    assert.equal(stdout.trim().split('\n').length, 1, `stdout is the ready line only:\n${stdout}`);
    const events = stderr
      .trim()
      .split('\n')
      .filter((line) => line.startsWith('{'))
      .map((line) => JSON.parse(line) as Record<string, unknown>);
    const refusals = events.filter((e) => e['error'] !== undefined);
    assert.ok(refusals.length >= 2, stderr);
    for (const refusal of refusals)
      assert.ok(
        typeof refusal['detail'] === 'string' && refusal['detail'] !== '',
        `a refusal without a reason: ${JSON.stringify(refusal)}`,
      );
    assert.ok(refusals.some((e) => e['detail'] === 'client not found'));
    assert.ok(refusals.some((e) => /Pushed Authorization Request/i.test(String(e['detail']))));
  } finally {
    await cli.stop('SIGKILL');
  }
});

it('--help lists the conformance-suite modules --misbehave plays', async () => {
  // In this process (binary.test.ts runs every command's --help through the binary too).
  const help = await runCliAsync(['sandbox', '--help']);
  assert.equal(help.status, 0);
  for (const module of MISBEHAVIOUR_NAMES) assert.ok(help.stdout.includes(`"${module}"`), module);
});

it('refuses to start without keys, on a bad setting, and on a taken port', async () => {
  const noKeys = runCli(['sandbox', '--port', '0', '--keys', join(dir, 'none')]);
  assert.equal(noKeys.status, 3);
  assert.equal(errorCodeOf(noKeys), 'ERR_OFM_KEYS_MISSING');
  const badLifetime = runCli([
    'sandbox',
    '--port',
    '0',
    '--keys',
    keysDir,
    '--max-assertion-lifetime',
    '0',
  ]);
  assert.equal(badLifetime.status, 2);
  assert.equal(errorCodeOf(badLifetime), 'ERR_OFM_SANDBOX_CONFIG');
  const badHost = runCli(['sandbox', '--port', '0', '--keys', keysDir, '--host', '0.0.0.0']);
  assert.equal(errorCodeOf(badHost), 'ERR_OFM_SANDBOX_CONFIG');
  const badModule = runCli(['sandbox', '--port', '0', '--keys', keysDir, '--misbehave', 'nope']);
  assert.notEqual(badModule.status, 0);
  assert.match(badModule.stderr, /misbehave/);
  const badOffset = runCli(['sandbox', '--port', '0', '--keys', keysDir, '--clock-offset', '1.5']);
  assert.equal(errorCodeOf(badOffset), 'ERR_OFM_SANDBOX_CONFIG');
  const blocker = createServer();
  await new Promise<void>((resolve) => blocker.listen(0, '127.0.0.1', resolve));
  try {
    const taken = runCli([
      'sandbox',
      '--port',
      String((blocker.address() as AddressInfo).port),
      '--keys',
      keysDir,
    ]);
    assert.equal(taken.status, 3);
    assert.equal(errorCodeOf(taken), 'ERR_OFM_PORT_IN_USE');
  } finally {
    blocker.close();
  }
});
