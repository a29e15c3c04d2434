/**
 * Clocks: a sandbox whose clock is 15 minutes ahead of this machine's (`ofm-postman sandbox
 * --clock-offset -900`, its own process, so oidc-provider runs on that clock too). With
 * clock_skew off the client assertion has expired by the server's clock and is refused; with auto (the
 * default) the scripts learn the offset from the Date header, warn once, and the whole journey
 * passes, request object, x-signatures and ID-token checks included.
 */
import assert from 'node:assert/strict';
import { before, it } from 'node:test';
import type { EnsureKeysResult } from '../../src/keys/test-pki.js';
import { providers } from '../../src/server/fixtures.js';
import { runLocal } from '../helpers/local-run.js';
import { useSandboxProcess, type SandboxProcess } from '../helpers/local-sandbox.js';

const OFFSET = 900;
const local = useSandboxProcess('ofm-clock-', ['--clock-offset', String(OFFSET)]);
let pki: EnsureKeysResult;
let sandbox: SandboxProcess;

before(async () => {
  await local.ready();
  ({ pki, running: sandbox } = local);
  assert.equal(sandbox.ready['clock_offset'], OFFSET);
});

it('clock_skew off: the assertion has expired by the server clock and is refused, the reason logged', async () => {
  const result = await runLocal(sandbox, pki, 'private_key_jwt', {
    folder: ['1. Discovery', '3. Client credentials'],
    values: { clock_skew: 'off' },
  });
  assert.equal(result.ok, false);
  assert.ok(
    result.failures.some(
      (f) => f.request === 'Client credentials token' && /got 401/.test(f.message),
    ),
    JSON.stringify(result.failures),
  );
  await new Promise((resolve) => setTimeout(resolve, 100));
  assert.match(sandbox.cli.stderr, /expired/);
});

it('clock_skew auto: the offset is learnt from the Date header, warned once, and the journey passes', async () => {
  const warnings: string[] = [];
  const result = await runLocal(sandbox, pki, 'private_key_jwt', {
    folder: ['1. Discovery', '3. Client credentials', '5. Consent', '6. Account data'],
    values: { dp_id: providers(sandbox.issuer)[0]!.dp_id },
    onConsole: (_level, message) => {
      if (message.startsWith('WARN_OFM_CLOCK_SKEW')) warnings.push(message);
    },
  });
  assert.deepEqual(result.failures, []);
  assert.equal(result.ok, true);
  assert.equal(warnings.length, 1, warnings.join('\n'));
  assert.match(warnings[0]!, /clock is (89\d|90\d) s behind the server's/);
});

it('ofm-postman assertion --clock-skew: auto learns from --discovery and warns; fixed seconds; bad values', async () => {
  const { runCli } = await import('../helpers/cli.js');
  const { decodeJwt } = await import('jose');
  const base = ['assertion', '--client-id', 'c1', '--signing-key', pki.paths.signingKey];
  /** Signs; checks iat is this machine's time while it was signed plus a shift within `shift`. */
  const sign = (args: string[], shift: readonly [number, number]) => {
    const before = Math.floor(Date.now() / 1000);
    const result = runCli([...base, ...args]);
    const afterS = Math.ceil(Date.now() / 1000);
    assert.equal(result.status, 0, result.stderr);
    const iat = Number(decodeJwt(result.stdout.trim()).iat);
    assert.ok(iat >= before + shift[0] && iat <= afterS + shift[1], `iat ${iat - before}`);
    return result;
  };
  const endpoint = ['--token-endpoint', `${sandbox.issuer}/token`];
  sign([...endpoint, '--clock-skew', '-600'], [-600, -600]);
  // --discovery: auto (the default) learns the server's clock from the Date header of its answer.
  const learnt = sign(
    [
      '--target',
      'clocked',
      '--discovery',
      `${sandbox.issuer}/.well-known/openid-configuration`,
      '--ca',
      pki.paths.caCert,
    ],
    [895, 905],
  );
  assert.match(learnt.stderr, /WARN_OFM_CLOCK_SKEW: this machine's clock is (89\d|90\d) s behind/);
  const bad = runCli([...base, ...endpoint, '--clock-skew', 'soon']);
  assert.notEqual(bad.status, 0);
  assert.match(
    bad.stderr,
    /ERR_OFM_USAGE: --clock-skew "soon" is not auto, off or a whole number of seconds/,
  );
});
