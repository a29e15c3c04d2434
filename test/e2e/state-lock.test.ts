/**
 * A saved consent survives concurrency and a second consent: runs that share a state file take
 * turns on its lock, so one refresh token is redeemed once even when the sandbox rotates refresh
 * tokens (conformance module refresh-token-test, where presenting a used one revokes the consent);
 * and a refresh token lives as long as its consent, not as long as the person's login session at
 * the bank. Real sandbox (manual login, a person played by an HTTP client), real CLI processes.
 */
import assert from 'node:assert/strict';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { before, describe, it } from 'node:test';
import type { EnsureKeysResult } from '../../src/keys/test-pki.js';
import type { RunningSandbox } from '../../src/server/sandbox.js';
import { runCliAsync, type CliResult } from '../helpers/cli.js';
import { localCertList, localEnvironment } from '../helpers/local-run.js';
import { useLocalSandbox } from '../helpers/local-sandbox.js';
import { approveInLoginPage, LoginPageBrowser } from '../helpers/login-page.js';

const local = useLocalSandbox('ofm-state-lock-', { login: 'manual' });
let pki: EnsureKeysResult;
let sandbox: RunningSandbox;
let ca: string;

before(async () => {
  await local.ready();
  ({ pki, sandbox } = local);
  ca = readFileSync(pki.paths.caCert, 'utf8');
});

const AUTH = 'private_key_jwt';

/** Environment and certificate list of a sandbox, and a state path of `name`'s own. */
function files(name: string, on: RunningSandbox = sandbox) {
  const env = join(local.dir, `${name}.env.json`);
  writeFileSync(env, JSON.stringify(localEnvironment(on, pki, AUTH)));
  const certs = join(local.dir, `${name}.certs.json`);
  writeFileSync(certs, JSON.stringify(localCertList(on, pki, AUTH)));
  const state = join(local.dir, `${name}.state.json`);
  const base = [
    '--auth',
    AUTH,
    '--environment',
    env,
    '--cert-list',
    certs,
    '--ca',
    pki.paths.caCert,
  ];
  return { state, base: [...base, '--state', state] };
}

function authorizationUrlIn(output: string): string {
  const url = output.split('\n').find((line) => /^https:\/\/\S+request_uri=/.test(line));
  assert.ok(url, `the authorization URL is printed on its own line:\n${output}`);
  return url;
}

type StateFile = { values: Record<string, string> };
const readStateFile = (path: string) => JSON.parse(readFileSync(path, 'utf8')) as StateFile;

/** A consent: --url-only, the person approves in `browser`, --redirect-url. */
async function giveConsent(f: ReturnType<typeof files>, browser?: LoginPageBrowser) {
  const pushed = await runCliAsync(['consent', ...f.base, '--url-only']);
  assert.equal(pushed.status, 0, pushed.stdout + pushed.stderr);
  const landed = await approveInLoginPage(authorizationUrlIn(pushed.stdout), {
    ca,
    ...(browser ? { browser } : {}),
  });
  const done = await runCliAsync(['consent', ...f.base, '--redirect-url', landed]);
  assert.equal(done.status, 0, done.stdout + done.stderr);
  return readStateFile(f.state).values;
}

/** Makes the saved access token look expired to the next run, as it would after 10 minutes. */
function expireAccessToken(path: string): void {
  const saved = readStateFile(path);
  saved.values['access_token_expires_at'] = String(Date.now() - 60_000);
  writeFileSync(path, JSON.stringify(saved), { mode: 0o600 });
}

const refreshesPresented = (on: RunningSandbox = sandbox) =>
  on.record.presented.filter((p) => p.kind === 'refresh_token').map((p) => p.value);

function assertBalancesRead(result: CliResult): void {
  assert.equal(result.status, 0, result.stdout + result.stderr);
  assert.match(result.stdout, /✓ 200 .* GET +Balances/);
}

describe('runs sharing one state file', () => {
  it('two concurrent runs after the access token expired: one refresh, both read data, and a later run still does', async () => {
    // Refresh tokens rotated (and a reused one revokes the consent). The saved access token is
    // made to look expired rather than waited out: with tokens short-lived enough to expire in a
    // test, the token the first run saves could expire too before a slow machine starts the
    // second run, which would then rightly refresh again (seen under load).
    const rotating = await local.start({ login: 'manual' });
    rotating.setMisbehaviour('refresh-token-test');
    const f = files('concurrent', rotating);
    const consented = await giveConsent(f);
    expireAccessToken(f.state);
    const before = refreshesPresented(rotating).length;

    const balances = ['run', ...f.base, '--folder', 'Balances'];
    // Two processes, as two terminals would run them: in-process calls would take turns.
    const concurrently = { spawned: true };
    const [first, second] = await Promise.all([
      runCliAsync(balances, concurrently),
      runCliAsync(balances, concurrently),
    ]);
    assertBalancesRead(first);
    assertBalancesRead(second);
    const redeemed = refreshesPresented(rotating).slice(before);
    assert.deepEqual(
      redeemed,
      [consented['refresh_token']],
      'exactly one refresh, with the saved token',
    );
    const renewals = [first, second].filter((r) =>
      /↳ POST https:\/\/127\.0\.0\.1:\d+\/token 200/.test(r.stdout),
    );
    assert.equal(renewals.length, 1, 'the run that waited used the token the first one saved');
    const saved = readStateFile(f.state).values;
    assert.notEqual(
      saved['refresh_token'],
      consented['refresh_token'],
      'the rotated refresh token was saved',
    );

    // Later, with that token taken for expired too (not waiting again): the rotated
    // refresh token the first run saved still works.
    expireAccessToken(f.state);
    const later = await runCliAsync(balances);
    assertBalancesRead(later);
    assert.deepEqual(refreshesPresented(rotating).slice(before), [
      consented['refresh_token'],
      saved['refresh_token'],
    ]);
  });
});

describe('refresh tokens live as long as their consent', () => {
  it('a second consent in the same browser session leaves the first consent refreshable', async () => {
    const browser = new LoginPageBrowser({ ca });
    const first = files('session-first');
    const second = files('session-second');
    const firstValues = await giveConsent(first, browser);
    const secondValues = await giveConsent(second, browser);
    assert.notEqual(firstValues['consent_id'], secondValues['consent_id'], 'two consents');

    expireAccessToken(first.state);
    const before = refreshesPresented().length;
    const data = await runCliAsync(['run', ...first.base, '--folder', 'Balances']);
    assertBalancesRead(data);
    assert.deepEqual(refreshesPresented().slice(before), [firstValues['refresh_token']]);
    assert.match(data.stdout, /↳ POST https:\/\/127\.0\.0\.1:\d+\/token 200/);
  });
});
