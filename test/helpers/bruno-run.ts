/**
 * Runs a generated Bruno collection with Bruno's own CLI (`bru run`) against a local sandbox, the
 * way docs/bruno.md tells a user to: a copy of the folder with an owner-only `.env` for the keys and
 * the client certificate, `--env local`, the sandbox's URLs with `--env-var`, and `--cacert`.
 */
import assert from 'node:assert/strict';
import { execFileSync, spawn } from 'node:child_process';
import { cpSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { brunoCollectionDir } from '../../src/builder/bruno/generate.js';
import { brunoDotenv, certificateDomain } from '../../src/builder/bruno/dotenv.js';
import { PROCESS_ENV_SECRETS } from '../../src/builder/bruno/environment.js';
import { buildEnvironment } from '../../src/builder/environment.js';
import { localTarget } from '../../src/builder/targets.js';
import type { EnsureKeysResult } from '../../src/keys/test-pki.js';
import { targetOrigins } from '../../src/runner/cert-list.js';
import type { RunResult } from '../../src/runner/run.js';
import { ACCOUNTS, balanceOf, transactionsOf } from '../../src/server/fixtures.js';
import type { SandboxRecord } from '../../src/server/misbehave.js';
import { PRINT_ACCOUNT_DATA } from '../../src/shared/log-lines.js';
import type { RunningSandbox } from '../../src/server/sandbox.js';
import type { AuthMethod } from '../../src/shared/variables.js';
import { REPO_ROOT } from './paths.js';
import { secretsSeen, SIGNED_JWT } from './secret-scan.js';

const require = createRequire(import.meta.url);
const BRU = join(dirname(require.resolve('@usebruno/cli/package.json')), 'bin', 'bru.js');

/**
 * The flags (docs/bruno.md) that keep signed assertions (request bodies), ID tokens and signed responses
 * (response bodies) and tokens and x-signatures (headers) out of Bruno's report.
 */
export const REPORT_MASKING_FLAGS = ['--reporter-skip-body', '--reporter-skip-all-headers'];

/** The report flags for CI (docs/bruno.md): the three formats into the folder's git-ignored reports/. */
export const README_REPORT_FLAGS = [
  '--reporter-junit',
  'reports/results.xml',
  '--reporter-json',
  'reports/results.json',
  '--reporter-html',
  'reports/results.html',
  ...REPORT_MASKING_FLAGS,
];

export interface BrunoRunResult {
  readonly code: number | null;
  readonly stdout: string;
  readonly report: BrunoReport;
  readonly reportText: string;
}

export interface BrunoReport {
  results: Array<{
    test?: { filename?: string };
    status?: string;
    error?: string;
    testResults?: Array<{ description: string; status: string; error?: string }>;
    postResponseTestResults?: Array<{ description: string; status: string; error?: string }>;
  }>;
  summary: Record<string, number>;
}

/** Copies the committed collection for `auth` to a temp folder and writes its `.env`. */
export function prepareBrunoFolder(
  sandbox: RunningSandbox,
  pki: EnsureKeysResult,
  auth: AuthMethod,
): string {
  const folder = join(mkdtempSync(join(tmpdir(), 'ofm-bruno-')), 'collection');
  cpSync(join(REPO_ROOT, brunoCollectionDir(auth)), folder, { recursive: true });
  // The .env `ofm-postman env --format bruno --cert --key` writes.
  const target = localTarget(sandbox.issuer);
  const values = {
    signing_private_key: readFileSync(pki.paths.signingKey, 'utf8'),
    encryption_private_key: readFileSync(pki.paths.encryptionKey, 'utf8'),
  };
  const certificate = {
    domain: certificateDomain(targetOrigins(target)),
    ...pki.paths.transport[auth],
  };
  writeFileSync(join(folder, '.env'), brunoDotenv(values, certificate), { mode: 0o600 });
  return folder;
}

/** `--env-var` for every non-secret value the local environment has for this sandbox. */
function envVars(sandbox: RunningSandbox, pki: EnsureKeysResult, auth: AuthMethod): string[] {
  const env = buildEnvironment(localTarget(sandbox.issuer), auth, {
    signing_kid: pki.manifest.signingKid,
  });
  return env.values
    .filter((v) => v.type !== 'secret' && !PROCESS_ENV_SECRETS.includes(v.key) && v.value !== '')
    .flatMap((v) => ['--env-var', `${v.key}=${v.value}`]);
}

/** `bru run --env local` for this sandbox: its CA, the client_id and signing_kid and the URLs. */
export function bruRunArgs(
  sandbox: RunningSandbox,
  pki: EnsureKeysResult,
  auth: AuthMethod,
): string[] {
  return ['run', '--env', 'local', '--cacert', pki.paths.caCert, ...envVars(sandbox, pki, auth)];
}

/** Runs Bruno's CLI in `folder` with `args` (bounded: killed after 5 minutes). */
export function spawnBru(
  folder: string,
  args: readonly string[],
): Promise<{ code: number | null; stdout: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [BRU, ...args], {
      cwd: folder,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stdout += d.toString()));
    const timer = setTimeout(() => child.kill('SIGKILL'), 300_000);
    child.on('error', reject);
    child.on('close', (code) => {
      clearTimeout(timer);
      resolve({ code, stdout });
    });
  });
}

/**
 * `bru run` in `folder` with the sandbox's values and a JSON report, plus `extra` flags; `paths`
 * (folders of the collection, in order) runs only those, as `bru run <paths...>` does.
 */
export async function runBruno(
  folder: string,
  sandbox: RunningSandbox,
  pki: EnsureKeysResult,
  auth: AuthMethod,
  extra: readonly string[] = [],
  paths: readonly string[] = [],
): Promise<BrunoRunResult> {
  const reportPath = join(dirname(folder), 'report.json');
  const [run, ...rest] = bruRunArgs(sandbox, pki, auth);
  const args = [run!, ...paths, ...rest, '--reporter-json', reportPath, ...extra];
  const { code, stdout } = await spawnBru(folder, args);
  let reportText: string;
  try {
    reportText = readFileSync(reportPath, 'utf8');
  } catch {
    throw new Error(`bru run wrote no report (exit ${code}):\n${stdout.slice(-4000)}`);
  }
  const parsed = JSON.parse(reportText) as BrunoReport[] | BrunoReport;
  const report = Array.isArray(parsed) ? parsed[0]! : parsed;
  return { code, stdout, report, reportText };
}

/** Git in `cwd` with a throwaway identity and no signing (a fresh test repository). */
export function git(cwd: string, ...args: string[]): string {
  const identity = ['-c', 'user.name=ofm', '-c', 'user.email=ofm@example.invalid'];
  return execFileSync('git', [...identity, '-c', 'commit.gpgsign=false', ...args], {
    cwd,
    encoding: 'utf8',
  });
}

/** A report's text; Bruno's HTML report carries its results as base64 JSON, decoded here. */
export function reportText(path: string): string {
  const text = readFileSync(path, 'utf8');
  const embedded = /decodeBase64\('([A-Za-z0-9+/=]+)'\)/.exec(text)?.[1];
  if (path.endsWith('.html')) assert.ok(embedded, 'the HTML report embeds its results');
  return embedded === undefined ? text : `${text}\n${Buffer.from(embedded, 'base64').toString()}`;
}

/** A Bruno JSON report's first (only) collection run. */
export function readReport(path: string): BrunoReport {
  const parsed = JSON.parse(readFileSync(path, 'utf8')) as BrunoReport[] | BrunoReport;
  return Array.isArray(parsed) ? parsed[0]! : parsed;
}

type Balance = { current_balance: { amount: { amount: string } } };

/** The first account's balance as the sandbox serves it: what a printed balance shows. */
export const FIRST_BALANCE = (balanceOf(ACCOUNTS[0]!.account_id) as Balance).current_balance.amount
  .amount;

/** Strings of the account data the sandbox serves: balances and transaction ids. */
export const ACCOUNT_DATA = ACCOUNTS.flatMap((a) => [
  (balanceOf(a.account_id) as Balance).current_balance.amount.amount,
  ...transactionsOf(a.account_id).map((t) => String(t['transaction_id'])),
]);

/**
 * Every request sent, every check passing, and the same counts as Newman gives for the Postman
 * collection (`newman`, an in-process run of the same journey): our checks are Bruno tests (tests
 * blocks), so its summary's Tests row, and the console's, counts them.
 */
export function assertNewmanCounts(report: BrunoReport, stdout: string, newman: RunResult): void {
  const s = report.summary;
  for (const field of ['failedRequests', 'errorRequests', 'skippedRequests', 'failedTests'])
    assert.equal(s[field], 0, `${field}: ${JSON.stringify(s)}`);
  assert.equal(newman.ok, true, JSON.stringify(newman.failures));
  assert.equal(s['totalRequests'], newman.requests, 'requests: Bruno and Newman');
  assert.equal(s['passedTests'], newman.assertions, 'tests: Bruno and Newman');
  assert.equal(s['totalTests'], newman.assertions, 'tests: Bruno and Newman');
  for (const row of ['PostResponseTests', 'PreRequestTests'])
    assert.equal(s[`total${row}`] ?? 0, 0, `no ${row} left`);
  assert.match(stdout, new RegExp(`Tests\\s*│\\s*${newman.assertions}/${newman.assertions}\\s`));
}

/** The CI flags' three reports (README_REPORT_FLAGS), in the folder's reports/. */
export const README_REPORTS = ['results.xml', 'results.json', 'results.html'];

/**
 * A `bru run` with the CI flags left nothing behind (docs/bruno.md, "In CI"): Git sees no change in
 * `repo`; no code, request_uri or token the sandbox saw (`record`, cleared before the run), no
 * `extra` secret and no signed JWT is in the JUnit, JSON or HTML report in `reports`; the console
 * (`stdout`) shows none of them and no account data, only the notice that says how to print it.
 */
export function assertLeftNothing(
  repo: string,
  reports: string,
  stdout: string,
  record: SandboxRecord,
  extra: readonly string[] = [],
): void {
  const status = git(repo, 'status', '--porcelain', '--untracked-files=all');
  assert.equal(status, '', 'bru run changed or added files Git sees');

  const secrets = secretsSeen(record);
  for (const kind of ['request_uri', 'code', 'access_token', 'refresh_token', 'id_token'])
    assert.ok((secrets.get(kind) ?? []).length > 0, `the sandbox saw no ${kind}`);
  secrets.set('private key', [...extra]);
  for (const name of README_REPORTS) {
    const text = reportText(join(reports, name));
    assert.ok(
      text.includes('Authorize') && text.includes('Token exchange'),
      `${name} reports the run`,
    );
    for (const [kind, values] of secrets)
      for (const value of values) assert.ok(!text.includes(value), `${name} holds a ${kind}`);
    assert.equal(SIGNED_JWT.exec(text)?.[0], undefined, `${name} holds a signed JWT`);
  }

  for (const [kind, values] of secrets)
    for (const value of values) assert.ok(!stdout.includes(value), `the console shows a ${kind}`);
  for (const value of ACCOUNT_DATA)
    assert.ok(!stdout.includes(value), `the console shows account data (${value})`);
  assert.match(stdout, new RegExp(`${PRINT_ACCOUNT_DATA}=true prints it`));
}
