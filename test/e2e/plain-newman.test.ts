/**
 * The plain-Newman recipe of docs/newman-ci.md ("Plain Newman, without ofm-postman"), run as
 * written: its `tested` shell blocks in bash, in a fresh Git repository outside the checkout that
 * holds only what a partner team receives (collections/ and environments/), with the project's
 * newman on PATH and the user's values as shell variables, against the real local sandbox over
 * real mTLS, both journeys. The two-run consent has a person (the login-page helper) in between.
 *
 * Checked: every request and assertion passed (Newman's exit status and its JUnit report), no
 * WARN_OFM_WEAK_RANDOM, no private key, JWT or token in anything the recipe wrote or printed, the
 * private files owner-only and git-ignored while they exist, and nothing of them after the cleanup.
 */
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { cpSync, existsSync, mkdtempSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { before, describe, it } from 'node:test';
import { ACCOUNTS, balanceOf, transactionsOf } from '../../src/server/fixtures.js';
import type { RunningSandbox } from '../../src/server/sandbox.js';
import { ACCOUNT_DATA_LOG_PREFIX } from '../../src/shared/log-lines.js';
import { LOCAL_CLIENT_IDS, LOCAL_DC_ID } from '../../src/shared/local-sandbox.js';
import { JOURNEY_REQUESTS } from '../../src/shared/journey.js';
import { REQUEST } from '../../src/shared/request-names.js';
import { AUTH_METHODS, type AuthMethod } from '../../src/shared/variables.js';
import { useLocalSandbox } from '../helpers/local-sandbox.js';
import { approveInLoginPage } from '../helpers/login-page.js';
import { REPO_ROOT } from '../helpers/paths.js';

const local = useLocalSandbox('ofm-plain-newman-');
let manual: RunningSandbox;
const outputs: string[] = [];
before(async () => {
  await local.ready();
  manual = await local.start({ login: 'manual' });
});

/** The recipe's marked blocks, by name; `values` is the block of values a user substitutes. */
function recipeBlocks(): Map<string, string> {
  const doc = readFileSync(join(REPO_ROOT, 'docs', 'newman-ci.md'), 'utf8');
  const start = doc.indexOf('\n## Plain Newman, without ofm-postman\n');
  assert.ok(start > 0, 'docs/newman-ci.md has the section');
  const end = doc.indexOf('\n## ', start + 5);
  const section = doc.slice(start, end < 0 ? undefined : end);
  const blocks = new Map<string, string>();
  for (const m of section.matchAll(
    /<!-- (tested|values): plain-newman ?([a-z0-9-]*) -->\n+```sh\n([\s\S]*?)\n```\n/g,
  )) {
    blocks.set(m[1] === 'values' ? 'values' : m[2]!, m[3]!);
  }
  return blocks;
}
const blocks = recipeBlocks();
const block = (name: string): string => {
  const text = blocks.get(name);
  assert.ok(text !== undefined, `the recipe has a block marked tested: plain-newman ${name}`);
  return text;
};

/** What a user substitutes, for the local sandbox `sandbox` and journey `auth`. */
function valuesFor(sandbox: RunningSandbox, auth: AuthMethod): Record<string, string> {
  const { paths, manifest } = local.pki;
  return {
    AUTH: auth,
    COLLECTION: `collections/paynet-ofp.${auth}.postman_collection.json`,
    ENVIRONMENT: `environments/local.${auth}.postman_environment.json`,
    CLIENT_ID: LOCAL_CLIENT_IDS[auth],
    SIGNING_KID: manifest.signingKid,
    DC_ID: LOCAL_DC_ID,
    REDIRECT_URI: `${sandbox.issuer}/callback`,
    SIGNING_KEY: paths.signingKey,
    ENCRYPTION_KEY: paths.encryptionKey,
    TRANSPORT_CERT: paths.transport[auth].cert,
    TRANSPORT_KEY: paths.transport[auth].key,
    MTLS_HOSTS: new URL(sandbox.issuer).host,
    ISSUER: sandbox.issuer,
    RS_BASE_URL: sandbox.issuer,
    CA_CERT: paths.caCert,
  };
}

/** A fresh Git repository outside the checkout with what a partner team receives. */
async function partnerFolder(): Promise<string> {
  const dir = mkdtempSync(join(tmpdir(), 'ofm-partner-'));
  for (const part of ['collections', 'environments'])
    cpSync(join(REPO_ROOT, part), join(dir, part), { recursive: true });
  await bash(dir, {}, 'git init -q .');
  return dir;
}

interface BashResult {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
}

/**
 * Runs `script` in bash as a user's shell would, without errexit (the recipe must stop on its own
 * failures), with nounset and pipefail; killed after 120 s at the latest.
 */
function bash(cwd: string, values: Record<string, string>, script: string): Promise<BashResult> {
  const env = {
    PATH: `${join(REPO_ROOT, 'node_modules', '.bin')}:${process.env['PATH'] ?? ''}`,
    HOME: process.env['HOME'] ?? cwd,
    NO_COLOR: '1',
    // Node's compile cache (scripts/run-tests.ts names it): a user's shell may set it too. Each
    // newman process then reads its ~1 s of imports compiled, not compiles them again; what
    // runs is the same code.
    ...pick(process.env, 'NODE_COMPILE_CACHE'),
    ...values,
  };
  return new Promise((resolve) => {
    execFile(
      'bash',
      ['--norc', '--noprofile', '-uo', 'pipefail', '-c', script],
      { cwd, env, timeout: 120_000, maxBuffer: 16 * 1024 * 1024 },
      (error, stdout, stderr) => {
        outputs.push(stdout, stderr);
        const code = error ? (typeof error.code === 'number' ? error.code : -1) : 0;
        resolve({ code, stdout, stderr });
      },
    );
  });
}

/** `name` from `env`, as an object to spread: nothing when it is not set. */
function pick(env: NodeJS.ProcessEnv, name: string): Record<string, string> {
  const value = env[name];
  return value ? { [name]: value } : {};
}

const blocksOf = (names: string[]): string => names.map(block).join('\n');

async function runBlocks(cwd: string, values: Record<string, string>, names: string[]) {
  const result = await bash(cwd, values, blocksOf(names));
  assert.equal(result.code, 0, `${names.join(' + ')}:\n${result.stdout}\n${result.stderr}`);
  assert.doesNotMatch(
    result.stdout + result.stderr,
    /WARN_OFM_WEAK_RANDOM/,
    'the seed took effect',
  );
  return result;
}

/** The JUnit report's suites (one per request sent); fails on any failure or error. */
function junitSuites(cwd: string, name: string): string[] {
  const xml = readFileSync(join(cwd, 'reports', `${name}.junit.xml`), 'utf8');
  outputs.push(xml);
  assert.doesNotMatch(xml, /<failure|<error/, `${name}: no failing test`);
  const suites = [...xml.matchAll(/<testsuite name="([^"]+)"[^>]*\btests="(\d+)"/g)];
  for (const [, suite, tests] of suites) assert.ok(Number(tests) > 0, `${suite}: has tests`);
  return suites.map((m) => m[1]!.replace(/^.* \/ /, ''));
}

function assertPrivateFolder(cwd: string): void {
  const dir = join(cwd, '.newman-private');
  assert.equal(statSync(dir).mode & 0o777, 0o700, 'the private folder is owner-only');
  for (const file of readdirSync(dir))
    assert.equal(statSync(join(dir, file)).mode & 0o077, 0, `${file} is owner-only`);
  return;
}

async function assertIgnoredAndClean(cwd: string, values: Record<string, string>) {
  const status = await bash(cwd, {}, 'git status --porcelain --untracked-files=all');
  assert.doesNotMatch(status.stdout, /newman-private/, 'git ignores the private folder');
  await runBlocks(cwd, values, ['setup', 'cleanup']);
  assert.equal(existsSync(join(cwd, '.newman-private')), false, 'the cleanup removed it');
}

describe('plain Newman, as docs/newman-ci.md writes it, against the local sandbox', () => {
  it('the values block names exactly the values the tests substitute; no secret on a command line', () => {
    const names = [...block('values').matchAll(/\b([A-Z][A-Z_]+)=/g)].map((m) => m[1]);
    assert.deepEqual(
      [...new Set(names)].sort(),
      Object.keys(valuesFor(local.sandbox, 'private_key_jwt')).sort(),
    );
    for (const [name, text] of blocks)
      assert.doesNotMatch(text, /--(env|global)-var/, `${name}: nothing secret as a flag`);
  });

  for (const auth of AUTH_METHODS) {
    it(`${auth}: what needs no person, then the whole collection in one run`, async () => {
      const cwd = await partnerFolder();
      const values = valuesFor(local.sandbox, auth);
      await runBlocks(cwd, values, ['setup', 'no-consent']);
      const unattended = Object.keys(JOURNEY_REQUESTS).filter(
        (name) => JOURNEY_REQUESTS[name] === 'nothing',
      );
      assert.deepEqual([...new Set(junitSuites(cwd, 'no-consent'))].sort(), unattended.sort());
      const { stdout } = await runBlocks(cwd, values, ['setup', 'whole']);
      const whole = junitSuites(cwd, 'whole');
      assert.deepEqual([...new Set(whole)].sort(), Object.values(REQUEST).sort(), 'every request');
      // Newman's own summary: requests (pages and the scripts' own requests included), none failed.
      const row = (name: string) =>
        /^\s+(\d+)\s+│\s+(\d+)\s+│/.exec(stdout.split(` ${name} │`)[1] ?? '');
      assert.ok(Number(row('requests')?.[1]) >= 22, 'every request and page was sent');
      assert.equal(row('requests')?.[2], '0');
      assert.equal(row('assertions')?.[2], '0');
      assertPrivateFolder(cwd);
      await assertIgnoredAndClean(cwd, values);
    });

    it(`${auth}: a consent in two runs, a person logging in between`, async () => {
      const cwd = await partnerFolder();
      const values = valuesFor(manual, auth);
      const first = await runBlocks(cwd, values, ['setup', 'consent-1']);
      assert.deepEqual(
        [...new Set(junitSuites(cwd, 'consent-1'))],
        [REQUEST.discovery, REQUEST.providers, REQUEST.par],
      );
      assertPrivateFolder(cwd);
      const url = first.stdout.trim().split('\n').at(-1)!;
      assert.ok(url.startsWith(`${manual.issuer}/auth?`), `the last line is the URL: ${url}`);
      const redirect = await approveInLoginPage(url, {
        ca: readFileSync(local.pki.paths.caCert, 'utf8'),
      });
      assert.ok(redirect.startsWith(values.REDIRECT_URI!), redirect);

      const forged = new URL(redirect);
      forged.searchParams.set('state', 'not-the-state');
      const refused = await bash(
        cwd,
        { ...values, REDIRECT_URL: forged.href },
        blocksOf(['setup', 'consent-2']),
      );
      assert.equal(refused.code, 2, 'a forged state stops the second part');
      assert.ok(!existsSync(join(cwd, 'reports', 'consent-2.junit.xml')), 'Newman did not run');
      assert.match(refused.stderr, /state is not the one this flow sent/);
      assert.ok(
        !manual.record.wasPresented(forged.searchParams.get('code')!),
        'the code was not sent',
      );

      await runBlocks(cwd, { ...values, REDIRECT_URL: redirect }, ['setup', 'consent-2']);
      assert.deepEqual(
        [...new Set(junitSuites(cwd, 'consent-2'))],
        [REQUEST.tokenExchange, REQUEST.refresh, REQUEST.balances, REQUEST.transactions],
      );
      const code = new URL(redirect).searchParams.get('code')!;
      assert.ok(manual.record.wasPresented(code));

      await runBlocks(cwd, values, ['setup', 'data']);
      assert.deepEqual(
        [...new Set(junitSuites(cwd, 'data'))],
        [REQUEST.refresh, REQUEST.balances, REQUEST.transactions],
        'a later run reads the data from the saved state',
      );
      assertPrivateFolder(cwd);
      const flow = JSON.parse(readFileSync(join(cwd, '.newman-private', 'flow.json'), 'utf8')) as {
        values: Array<{ key: string; value: string }>;
      };
      const saved = (key: string) => flow.values.find((v) => v.key === key)?.value ?? '';
      assert.notEqual(saved('refresh_token'), '', 'the exported state holds the consent');
      assert.equal(saved('ofm_random_seed'), '', 'but not the seed (a global)');
      const again = await bash(
        cwd,
        { ...values, REDIRECT_URL: redirect },
        blocksOf(['setup', 'consent-2']),
      );
      assert.equal(again.code, 2, 'the second part run again is refused');
      assert.match(again.stderr, /no pushed authorization waits/);
      assert.equal(
        manual.record.presented.filter((p) => p.value === code).length,
        1,
        'the code was sent once',
      );
      await assertIgnoredAndClean(cwd, values);
    });
  }

  it('nothing the recipe printed or wrote holds a private key, a JWT or a token, nor account data', () => {
    const text = outputs.join('\n');
    assertNoSecret(text);
    // Decrypted account data goes to the console only with ofm_print_account_data=true: a notice
    // line takes its place, and no balance or transaction id is printed.
    assert.match(text, new RegExp(`${ACCOUNT_DATA_LOG_PREFIX}Balances: not printed`));
    for (const value of ACCOUNT_DATA)
      assert.ok(!text.includes(value), `account data on the console (${value})`);
  });
});

/** Strings of the account data the sandbox serves: balances and transaction ids. */
const ACCOUNT_DATA = ACCOUNTS.flatMap((a) => {
  const balance = balanceOf(a.account_id) as { current_balance: { amount: { amount: string } } };
  return [
    balance.current_balance.amount.amount,
    ...transactionsOf(a.account_id).map((t) => String(t['transaction_id'])),
  ];
});

/** No PEM private key (nor a line of the test keys), no JWT, no token or code the sandboxes saw. */
function assertNoSecret(text: string): void {
  assert.ok(text.length > 1000, 'there is output to check');
  assert.doesNotMatch(text, /-----BEGIN [A-Z ]*PRIVATE KEY-----/);
  assert.doesNotMatch(text, /eyJ[A-Za-z0-9_-]{10,}\.[A-Za-z0-9_-]{10,}/, 'no JWT');
  const { paths } = local.pki;
  for (const file of [paths.signingKey, paths.encryptionKey, paths.transport.private_key_jwt.key]) {
    const body = readFileSync(file, 'utf8').split('\n')[2]!;
    assert.ok(!text.includes(body), `no line of ${file}`);
  }
  const secrets = [local.sandbox, manual].flatMap((s) => [
    ...s.record.presented.filter((p) => p.kind !== 'request_uri').map((p) => p.value),
    ...s.record.issued.flatMap((i) => [i.accessToken, i.refreshToken ?? '', i.idToken ?? '']),
  ]);
  assert.ok(secrets.length > 10, `${secrets.length} tokens and codes to look for`);
  for (const secret of secrets.filter((s) => s.length >= 16))
    assert.ok(!text.includes(secret), 'no token or code the sandbox issued or saw');
}
