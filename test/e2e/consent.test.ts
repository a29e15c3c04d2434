/**
 * A consent with a person in the loop, as QA teams run it from the command line, against the local
 * sandbox in manual login mode: the person (an HTTP client filling in the login page) approves or
 * denies; `ofm-postman consent` takes the answer by its loopback listener, a pasted URL, or
 * --redirect-url after --url-only; `ofm-postman run` then works from the saved state, renews an
 * expired access token, and an unattended run says what it skipped.
 */
import assert from 'node:assert/strict';
import { subscribe, unsubscribe } from 'node:diagnostics_channel';
import { existsSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { createServer as createNetServer, type Server } from 'node:net';
import { join } from 'node:path';
import { before, describe, it } from 'node:test';
import type { EnsureKeysResult } from '../../src/keys/test-pki.js';
import type { RunningSandbox } from '../../src/server/sandbox.js';
import { localLoopbackRedirectUri } from '../../src/shared/local-sandbox.js';
import { errorCodeOf, runCliAsync, spawnCli, type CliResult } from '../helpers/cli.js';
import { localCertList, localEnvironment } from '../helpers/local-run.js';
import { useLocalSandbox } from '../helpers/local-sandbox.js';
import { approveInLoginPage, deliverRedirect } from '../helpers/login-page.js';

const local = useLocalSandbox('ofm-consent-', { login: 'manual', freeLoopback: true });
const dir = local.dir;
let pki: EnsureKeysResult;
let sandbox: RunningSandbox;
let ca: string;
let loopbackPort: number;

before(async () => {
  await local.ready();
  ({ pki, sandbox, loopbackPort } = local);
  ca = readFileSync(pki.paths.caCert, 'utf8');
});

const AUTHS = ['private_key_jwt', 'tls_client_auth'] as const;
type Auth = (typeof AUTHS)[number];

/** Files for one auth method: environment, certificate list, and a state path of its own. */
function files(auth: Auth, name: string) {
  const env = join(dir, `${name}.${auth}.env.json`);
  writeFileSync(env, JSON.stringify(localEnvironment(sandbox, pki, auth)));
  const certs = join(dir, `${name}.${auth}.certs.json`);
  writeFileSync(certs, JSON.stringify(localCertList(sandbox, pki, auth)));
  const state = join(dir, `${name}.${auth}.state.json`);
  const base = [
    '--auth',
    auth,
    '--environment',
    env,
    '--cert-list',
    certs,
    '--ca',
    pki.paths.caCert,
    '--state',
    state,
  ];
  return { env, certs, state, base };
}

/** Starts the CLI and hands its stdout lines to `onLine` as they come; resolves at exit. */
async function runInteractive(
  args: string[],
  onLine: (line: string, write: (text: string) => void) => void,
): Promise<CliResult> {
  const cli = spawnCli(args, { timeoutMs: 90_000 });
  cli.onLine((line) => onLine(line, (text) => cli.write(text)));
  const status = await cli.closed;
  return { status, stdout: cli.stdout, stderr: cli.stderr };
}

/**
 * Counts the connections and requests every server in this process (the sandbox among them) takes while
 * `action` runs: zero means the CLI sent nothing at all, not even discovery or the preflight.
 */
async function connectionsDuring(action: () => Promise<CliResult>): Promise<[CliResult, number]> {
  let connections = 0;
  const count = () => (connections += 1);
  // Requests too, not only new connections: an in-process CLI may send over a connection an
  // earlier call left open (keep-alive), which opens no socket.
  const channels = ['net.server.socket', 'http.server.request.start'];
  for (const channel of channels) subscribe(channel, count);
  try {
    const result = await action();
    return [result, connections];
  } finally {
    for (const channel of channels) unsubscribe(channel, count);
  }
}

function authorizationUrlIn(output: string): string {
  const url = output.split('\n').find((line) => /^https:\/\/\S+request_uri=/.test(line));
  assert.ok(url, `the authorization URL is printed on its own line:\n${output}`);
  return url;
}

function stateOf(path: string): Record<string, string> {
  return (JSON.parse(readFileSync(path, 'utf8')) as { values: Record<string, string> }).values;
}

function assertConsentSaved(result: CliResult, statePath: string): void {
  assert.equal(result.status, 0, result.stdout + result.stderr);
  assert.match(result.stdout, /✓ consent [0-9a-f-]{36} \(authori[sz]ed\)/);
  assert.match(result.stdout, /accounts: \d+/);
  assert.match(result.stdout, /access token: valid until \d{4}-/);
  const values = stateOf(statePath);
  assert.ok(values['access_token'] && values['refresh_token'] && values['consent_id']);
  assert.ok(!result.stdout.includes(values['access_token']!), 'the access token is not printed');
  assert.ok(!result.stdout.includes(values['refresh_token']!), 'the refresh token is not printed');
  assert.ok(!result.stdout.includes(values['id_token']!), 'the ID token is not printed');
  assert.equal(statSync(statePath).mode & 0o777, 0o600, 'the state file is owner-only');
  const text = readFileSync(statePath, 'utf8');
  assert.doesNotMatch(
    text,
    /PRIVATE KEY|signing_private_key|encryption_private_key|passphrase|ofm_random_seed/,
  );
}

/** A consent given non-interactively: --url-only, the person approves, --redirect-url. */
async function giveConsent(f: ReturnType<typeof files>): Promise<void> {
  const first = await runCliAsync(['consent', ...f.base, '--url-only']);
  assert.equal(first.status, 0, first.stdout + first.stderr);
  const landed = await approveInLoginPage(authorizationUrlIn(first.stdout), { ca });
  assertConsentSaved(await runCliAsync(['consent', ...f.base, '--redirect-url', landed]), f.state);
}

describe('ofm-postman consent, a person approving at the login page', () => {
  for (const auth of AUTHS) {
    it(`${auth}: --url-only, then --redirect-url; a separate run of Account data works from the state`, async () => {
      const f = files(auth, 'redirect');
      const first = await runCliAsync(['consent', ...f.base, '--url-only']);
      assert.equal(first.status, 0, first.stdout + first.stderr);
      const landed = await approveInLoginPage(authorizationUrlIn(first.stdout), { ca });
      assert.match(landed, /[?&]code=/);
      const second = await runCliAsync(['consent', ...f.base, '--redirect-url', landed]);
      assertConsentSaved(second, f.state);
      const data = await runCliAsync(['run', ...f.base, '--folder', 'Account data']);
      assert.equal(data.status, 0, data.stdout + data.stderr);
      assert.match(data.stdout, /✓ 200 .* GET +Balances/);
      assert.match(data.stdout, new RegExp(`${auth} +8 +1 +\\d+ +0 +0 `));
    });
  }

  it('private_key_jwt: the loopback listener captures the redirect itself', async () => {
    const f = files('private_key_jwt', 'loopback');
    const redirect = localLoopbackRedirectUri(loopbackPort);
    let delivered: Promise<unknown> | undefined;
    const result = await runInteractive(
      ['consent', ...f.base, '--env-var', `redirect_uri=${redirect}`, '--wait', '60'],
      (line) => {
        if (/^https:\/\/\S+request_uri=/.test(line) && delivered === undefined)
          delivered = approveInLoginPage(line, { ca }).then((landed) => {
            assert.ok(landed.startsWith(redirect), landed);
            return deliverRedirect(landed);
          });
      },
    );
    const page = (await delivered) as { status: number; text: string };
    assert.equal(page.status, 200);
    assert.match(page.text, /close this window/);
    assertConsentSaved(result, f.state);
    assert.match(
      result.stdout,
      new RegExp(`Waiting for the bank's answer at ${redirect.replace(/[.]/g, '\\.')}`),
    );
  });

  it('tls_client_auth: a URL pasted on standard input', async () => {
    const f = files('tls_client_auth', 'paste');
    const result = await runInteractive(['consent', ...f.base, '--wait', '60'], (line, write) => {
      if (/^https:\/\/\S+request_uri=/.test(line))
        void approveInLoginPage(line, { ca }).then((landed) => write(`${landed}\n`));
    });
    assertConsentSaved(result, f.state);
  });

  it('Deny gives one line, exit 1, and saves nothing', async () => {
    const f = files('private_key_jwt', 'deny');
    const first = await runCliAsync(['consent', ...f.base, '--url-only']);
    assert.equal(first.status, 0, first.stderr);
    const pending = readFileSync(f.state, 'utf8');
    const landed = await approveInLoginPage(authorizationUrlIn(first.stdout), { ca, deny: true });
    assert.match(landed, /error=access_denied/);
    const denied = await runCliAsync(['consent', ...f.base, '--redirect-url', landed]);
    assert.equal(denied.status, 1, denied.stdout + denied.stderr);
    assert.equal(errorCodeOf(denied), 'ERR_OFM_AUTHORIZATION_FAILED');
    assert.match(denied.stderr, /access_denied/);
    assert.equal(readFileSync(f.state, 'utf8'), pending, 'the state is unchanged');
    assert.equal(stateOf(f.state)['access_token'] ?? '', '');
  });

  it('a forged state or a missing iss is refused before the code is redeemed', async () => {
    const f = files('private_key_jwt', 'forged');
    const first = await runCliAsync(['consent', ...f.base, '--url-only']);
    const landed = new URL(await approveInLoginPage(authorizationUrlIn(first.stdout), { ca }));
    const forged = new URL(landed);
    forged.searchParams.set('state', 'not-this-flow');
    const wrongState = await runCliAsync(['consent', ...f.base, '--redirect-url', forged.href]);
    assert.equal(wrongState.status, 1);
    assert.equal(errorCodeOf(wrongState), 'ERR_OFM_STATE_MISMATCH');
    const noIss = new URL(landed);
    noIss.searchParams.delete('iss');
    const missingIss = await runCliAsync(['consent', ...f.base, '--redirect-url', noIss.href]);
    assert.equal(missingIss.status, 1);
    assert.equal(errorCodeOf(missingIss), 'ERR_OFM_AUTHORIZATION_FAILED');
    assert.match(missingIss.stderr, /no iss/);
    // Neither redeemed the code: it still works once.
    const ok = await runCliAsync(['consent', ...f.base, '--redirect-url', landed.href]);
    assertConsentSaved(ok, f.state);
  });
});

describe('the second day: nothing the person had is lost', () => {
  it('the same --redirect-url again is refused locally, and the consent still works', async () => {
    const f = files('private_key_jwt', 'replay');
    const first = await runCliAsync(['consent', ...f.base, '--url-only']);
    assert.equal(first.status, 0, first.stdout + first.stderr);
    const landed = await approveInLoginPage(authorizationUrlIn(first.stdout), { ca });
    assertConsentSaved(
      await runCliAsync(['consent', ...f.base, '--redirect-url', landed]),
      f.state,
    );
    const saved = readFileSync(f.state, 'utf8');
    const file = JSON.parse(saved) as { flow: string; client_id: string; values: object };
    assert.equal(file.flow, 'finished');
    assert.equal(file.client_id, sandbox.clientIds.private_key_jwt);
    assert.ok(!('code_verifier' in file.values) && !('state' in file.values));
    // From shell history: the spent code again, then only the code.
    for (const again of [
      ['--redirect-url', landed],
      ['--code', new URL(landed).searchParams.get('code') ?? ''],
    ]) {
      const [replay, connections] = await connectionsDuring(() =>
        runCliAsync(['consent', ...f.base, ...again]),
      );
      assert.equal(replay.status, 2, replay.stdout + replay.stderr);
      assert.equal(errorCodeOf(replay), 'ERR_OFM_NOTHING_PENDING');
      assert.match(replay.stderr, /is finished .*nothing was sent/);
      assert.equal(connections, 0, 'nothing was sent, not even discovery');
      assert.equal(readFileSync(f.state, 'utf8'), saved, 'the state is unchanged');
    }
    const [data, sent] = await connectionsDuring(() =>
      runCliAsync(['run', ...f.base, '--folder', 'Account data']),
    );
    assert.equal(data.status, 0, data.stdout + data.stderr);
    assert.match(data.stdout, /✓ 200 .* GET +Balances/);
    assert.ok(sent > 0, 'the counter sees what a run sends');
  });

  it('--code with no flow pushed is refused, nothing sent and no state written', async () => {
    const f = files('tls_client_auth', 'no-flow');
    const [result, connections] = await connectionsDuring(() =>
      runCliAsync(['consent', ...f.base, '--code', 'made-up']),
    );
    assert.equal(result.status, 2, result.stdout + result.stderr);
    assert.equal(errorCodeOf(result), 'ERR_OFM_NOTHING_PENDING');
    assert.equal(connections, 0);
    assert.equal(existsSync(f.state), false);
  });

  it("another issuer's state: consent stops, run goes on without it; the file is kept byte for byte", async () => {
    const f = files('private_key_jwt', 'other-issuer');
    const other = `${JSON.stringify({
      version: 1,
      target: 'paynet-sandbox',
      auth: 'private_key_jwt',
      issuer: 'https://auth1.sandbox.mya.ozoneapi.io',
      client_id: 'someone-else',
      flow: 'finished',
      savedAt: '2026-01-01T00:00:00.000Z',
      values: { access_token: 'theirs', refresh_token: 'theirs', consent_id: 'c' },
    })}\n`;
    writeFileSync(f.state, other, { mode: 0o600 });
    const [consent, connections] = await connectionsDuring(() =>
      runCliAsync(['consent', ...f.base, '--url-only']),
    );
    assert.equal(consent.status, 2, consent.stdout + consent.stderr);
    assert.equal(errorCodeOf(consent), 'ERR_OFM_STATE_INVALID');
    assert.match(consent.stderr, /was saved for issuer https:\/\/auth1\.sandbox.* --fresh/);
    assert.equal(connections, 0);
    const run = await runCliAsync(['run', ...f.base, '--folder', 'Discovery']);
    assert.equal(run.status, 0, run.stdout + run.stderr);
    const warnings = run.stderr
      .split('\n')
      .filter((line) => line.includes('WARN_OFM_STATE_UNUSED'));
    assert.equal(warnings.length, 1, run.stderr);
    assert.match(warnings[0]!, /leaves it as it is \(hint: .*--state FILE.*--fresh/);
    assert.doesNotMatch(run.stdout, /state saved to/);
    assert.equal(readFileSync(f.state, 'utf8'), other, 'byte for byte, at the end of the run too');
  });

  it('after a --wait time-out the pushed flow is saved, and --redirect-url finishes it', async () => {
    const f = files('private_key_jwt', 'timeout');
    const redirect = ['--env-var', `redirect_uri=${localLoopbackRedirectUri(loopbackPort)}`];
    const waited = await runCliAsync(['consent', ...f.base, ...redirect, '--wait', '2']);
    assert.equal(waited.status, 1, waited.stdout + waited.stderr);
    assert.equal(errorCodeOf(waited), 'ERR_OFM_CONSENT_TIMEOUT');
    assert.match(waited.stderr, /saved in .*--redirect-url URL/);
    assert.equal((JSON.parse(readFileSync(f.state, 'utf8')) as { flow: string }).flow, 'pending');
    const landed = await approveInLoginPage(authorizationUrlIn(waited.stdout), { ca });
    const finished = await runCliAsync([
      'consent',
      ...f.base,
      ...redirect,
      '--redirect-url',
      landed,
    ]);
    assertConsentSaved(finished, f.state);
  });

  it('a busy loopback port stops consent before anything is sent', async () => {
    const f = files('private_key_jwt', 'busy');
    const occupant: Server = createNetServer();
    await new Promise<void>((done) => occupant.listen(loopbackPort, '127.0.0.1', done));
    try {
      const redirect = `redirect_uri=${localLoopbackRedirectUri(loopbackPort)}`;
      const [busy, connections] = await connectionsDuring(() =>
        runCliAsync(['consent', ...f.base, '--env-var', redirect, '--wait', '5']),
      );
      assert.equal(busy.status, 3, busy.stdout + busy.stderr);
      assert.equal(errorCodeOf(busy), 'ERR_OFM_PORT_IN_USE');
      assert.match(busy.stderr, /nothing was sent.*--url-only/);
      assert.equal(connections, 0, 'no PAR, no discovery, no preflight');
      assert.equal(existsSync(f.state), false);
    } finally {
      await new Promise((done) => occupant.close(done));
    }
  });
});

describe('ofm-postman run from a saved state', () => {
  it('renews an expired access token with the refresh token before data calls', async () => {
    const f = files('private_key_jwt', 'expired');
    await giveConsent(f);
    const saved = JSON.parse(readFileSync(f.state, 'utf8')) as { values: Record<string, string> };
    const oldToken = saved.values['access_token'];
    saved.values['access_token_expires_at'] = String(Date.now() - 60_000);
    writeFileSync(f.state, JSON.stringify(saved), { mode: 0o600 });
    const data = await runCliAsync(['run', ...f.base, '--folder', 'Balances']);
    assert.equal(data.status, 0, data.stdout + data.stderr);
    assert.match(data.stdout, /↳ POST https:\/\/127\.0\.0\.1:\d+\/token 200/);
    const renewed = stateOf(f.state);
    assert.notEqual(renewed['access_token'], oldToken, 'a new access token was saved');
    assert.ok(Number(renewed['access_token_expires_at']) > Date.now());
  });

  it('an unattended run without a consent runs what needs no person and says what it skipped', async () => {
    const f = files('tls_client_auth', 'unattended');
    const result = await runCliAsync([
      'run',
      ...f.base,
      '--unattended',
      '--reporters',
      'junit',
      '--report-dir',
      join(dir, 'ci'),
    ]);
    assert.equal(result.status, 0, result.stdout + result.stderr);
    const summary = result.stdout.split('Skipped in tls_client_auth:')[1] ?? '';
    const skipLines = summary.split('\n').filter((l) => /^ {2}– /.test(l));
    assert.deepEqual(
      skipLines.map((l) => l.replace(/\s+/g, ' ').trim()),
      [
        '– PAR: needs a person to log in and approve at the bank (unattended run); run ofm-postman consent once and keep its state',
        '– Authorize: needs a person to log in and approve at the bank (unattended run); run ofm-postman consent once and keep its state',
        '– Token exchange: needs a person to log in and approve at the bank (unattended run); run ofm-postman consent once and keep its state',
        '– Refresh: needs a consent, and the state holds none; run ofm-postman consent once and pass its state (--state FILE)',
        '– Balances: needs a consent, and the state holds none; run ofm-postman consent once and pass its state (--state FILE)',
        '– Transactions: needs a consent, and the state holds none; run ofm-postman consent once and pass its state (--state FILE)',
        '– Revoke consent: would revoke the consent this unattended run relies on; run it by hand',
        '– Data after revocation: would revoke the consent this unattended run relies on; run it by hand',
      ],
    );
    assert.match(result.stdout, /✓ 200 .* GET +Discovery document/);
    assert.match(result.stdout, /✓ 200 .* POST +Revoke the client-credentials token/);
    const junit = readFileSync(join(dir, 'ci', 'paynet-ofp.tls_client_auth.junit.xml'), 'utf8');
    assert.match(junit, /skipped="8"/);
    assert.match(junit, /failures="0"/);
  });

  it('an unattended run with a consent in the state also runs account data', async () => {
    const f = files('private_key_jwt', 'unattended-consent');
    await giveConsent(f);
    const result = await runCliAsync(['run', ...f.base, '--unattended']);
    assert.equal(result.status, 0, result.stdout + result.stderr);
    assert.match(result.stdout, /✓ 200 .* POST +Refresh/);
    assert.match(result.stdout, /✓ 200 .* GET +Transactions/);
    assert.match(result.stdout, /– skipped .* PAR/);
    assert.match(result.stdout, /– skipped .* Revoke consent/);
  });
});
