/**
 * Runs a generated collection with the Postman CLI (`postman collection run`, npm `postman-cli`,
 * no login) against a local sandbox, the way docs/postman-cli.md tells a user to: a private
 * environment from `ofm-postman env` (owner-only, so no key is on the command line), the client
 * certificate with `--ssl-client-cert`/`--ssl-client-key`, the CA with `--ssl-extra-ca-certs`.
 *
 * The binary is a 240 MB download, never a dependency of `npm ci`: `.ci/run` installs it outside
 * the repository and names it in OFM_POSTMAN_CLI. It writes `~/.postman/` and, without export
 * paths, `postman-cli-reports/` in its working folder, so every run gets a temp HOME and a temp
 * working folder: nothing lands in the checkout or the real home.
 */
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { accessSync, constants, mkdirSync, mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { collectionFileName } from '../../src/builder/collection.js';
import type { EnsureKeysResult } from '../../src/keys/test-pki.js';
import type { SandboxRecord } from '../../src/server/misbehave.js';
import type { RunningSandbox } from '../../src/server/sandbox.js';
import { REQUEST } from '../../src/shared/request-names.js';
import type { AuthMethod } from '../../src/shared/variables.js';
import { runCliAsync } from './cli.js';
import type { LocalSandbox } from './local-sandbox.js';
import { REPO_ROOT } from './paths.js';
import { secretsIn, secretsSeen } from './secret-scan.js';

/** The variable that names the `postman` binary (`.ci/run` sets it). */
export const POSTMAN_CLI_VARIABLE = 'OFM_POSTMAN_CLI';

/** The version `.ci/run` pins (its POSTMAN_CLI_VERSION line, the one place it is written). */
export const POSTMAN_CLI_VERSION = /^POSTMAN_CLI_VERSION=(\S+)$/m.exec(
  readFileSync(join(REPO_ROOT, '.ci', 'run'), 'utf8'),
)![1]!;

const INSTALL_HINT =
  `install it outside the checkout and name it in ${POSTMAN_CLI_VARIABLE}: ` +
  `npm install --prefix ~/.cache/ofm-postman/postman-cli-${POSTMAN_CLI_VERSION} --no-save ` +
  `postman-cli@${POSTMAN_CLI_VERSION}, then ${POSTMAN_CLI_VARIABLE}=<that folder>/node_modules/.bin/postman ` +
  '(.ci/run does both)';

/** Where the Postman CLI is, or why its tests skip (only outside CI) or fail (in CI). */
export interface PostmanCliLocation {
  /** The `postman` binary, when OFM_POSTMAN_CLI names an executable file. */
  readonly binary: string | undefined;
  /** node:test's `skip`: a message outside CI when the binary is not there, else false. */
  readonly skip: string | false;
  /** What is wrong when `binary` is undefined (a test in CI fails with it). */
  readonly missing: string;
}

/**
 * Reads OFM_POSTMAN_CLI. Unset outside CI: skip, saying how to install it. In CI (`CI` set) a
 * missing binary is not skipped, so CI cannot go green on nothing; a path that is not an
 * executable file is always an error, never a skip.
 */
export function locatePostmanCli(env: NodeJS.ProcessEnv = process.env): PostmanCliLocation {
  const path = env[POSTMAN_CLI_VARIABLE];
  if (path) {
    try {
      accessSync(path, constants.X_OK);
      return { binary: path, skip: false, missing: '' };
    } catch {
      // Not there or not executable: said in `missing`, which fails the tests (never a skip).
      const missing = `${POSTMAN_CLI_VARIABLE}=${path} is not an executable file: ${INSTALL_HINT}`;
      return { binary: undefined, skip: false, missing };
    }
  }
  const missing = `the Postman CLI is not installed (${POSTMAN_CLI_VARIABLE} is not set): ${INSTALL_HINT}`;
  return { binary: undefined, skip: env['CI'] ? false : missing, missing };
}

/** One run's temp folders: HOME, the working folder, the private environment in it. */
export interface PostmanCliFolder {
  readonly home: string;
  readonly work: string;
  /** The private environment `ofm-postman env` wrote (owner-only), relative to `work`. */
  readonly environment: string;
}

/**
 * A temp HOME and working folder under `parent` (the test file's temp folder, removed after it),
 * and the private environment of `ofm-postman env` in the working folder.
 */
export async function preparePostmanCliFolder(
  sandbox: Pick<RunningSandbox, 'issuer'>,
  pki: EnsureKeysResult,
  auth: AuthMethod,
  parent: string,
): Promise<PostmanCliFolder> {
  const root = mkdtempSync(join(parent, 'postman-cli-'));
  const home = join(root, 'home');
  const work = join(root, 'work');
  mkdirSync(home);
  mkdirSync(work);
  const environment = `.ofm/env/local.${auth}.private.postman_environment.json`;
  const result = await runCliAsync(
    [
      'env',
      ...['--target', 'local', '--local-url', sandbox.issuer, '--auth', auth],
      ...['--signing-key', pki.paths.signingKey, '--encryption-key', pki.paths.encryptionKey],
      ...['--out', environment],
    ],
    { cwd: work },
  );
  if (result.status !== 0) throw new Error(`ofm-postman env failed:\n${result.stderr}`);
  return { home, work, environment };
}

/** `postman collection run` arguments for the committed collection of `auth` over mTLS. */
export function collectionRunArgs(
  folder: PostmanCliFolder,
  pki: EnsureKeysResult,
  auth: AuthMethod,
): string[] {
  const identity = pki.paths.transport[auth];
  return [
    ...['collection', 'run', join(REPO_ROOT, 'collections', collectionFileName(auth))],
    ...['-e', folder.environment],
    ...['--ssl-client-cert', identity.cert, '--ssl-client-key', identity.key],
    ...['--ssl-extra-ca-certs', pki.paths.caCert],
  ];
}

/** Where {@link REPORT_FLAGS} write, relative to the working folder. */
export const REPORT_FILES = {
  json: 'reports/postman-cli.json',
  junit: 'reports/postman-cli.xml',
  html: 'reports/postman-cli.html',
} as const;

/** The three report formats into `reports/`, each at a path of its own (no timestamped names). */
export const REPORT_EXPORTS = Object.entries(REPORT_FILES).flatMap(([format, path]) => [
  `--reporter-${format}-export`,
  path,
]);

/**
 * The report flags of docs/postman-cli.md: JSON (the CLI's own structure, never Newman's, which
 * copies the environment and its private keys into the report), JUnit and HTML, with every
 * request and response header and body left out of JSON and HTML (JUnit holds none).
 */
export const REPORT_FLAGS = [
  ...['-r', 'cli,json,junit,html'],
  ...REPORT_EXPORTS,
  '--reporter-json-omitAllHeadersAndBody',
  '--reporter-html-omitAllHeadersAndBody',
];

export interface PostmanCliResult {
  readonly code: number | null;
  /** stdout and stderr, interleaved as they came. */
  readonly output: string;
  readonly durationMs: number;
}

/**
 * Runs the binary with `args` in the folder's working folder and HOME (bounded: killed after
 * 3 minutes). The process environment is this one's, with HOME and the XDG folders moved.
 */
export function spawnPostmanCli(
  binary: string,
  folder: Pick<PostmanCliFolder, 'home' | 'work'>,
  args: readonly string[],
): Promise<PostmanCliResult> {
  const started = performance.now();
  return new Promise((resolve, reject) => {
    const child = spawn(binary, args, {
      cwd: folder.work,
      env: {
        ...process.env,
        HOME: folder.home,
        XDG_CONFIG_HOME: join(folder.home, '.config'),
        XDG_CACHE_HOME: join(folder.home, '.cache'),
        NO_COLOR: '1',
      },
      stdio: ['ignore', 'pipe', 'pipe'],
      // Its own process group: npm's `postman` is a Node wrapper around the native binary, and a
      // time-out must stop both.
      detached: true,
    });
    let output = '';
    child.stdout.on('data', (d: Buffer) => (output += d.toString()));
    child.stderr.on('data', (d: Buffer) => (output += d.toString()));
    const timer = setTimeout(() => process.kill(-child.pid!, 'SIGKILL'), 180_000);
    child.on('error', reject);
    child.on('close', (code) => {
      clearTimeout(timer);
      resolve({ code, output, durationMs: performance.now() - started });
    });
  });
}

/** The parts of the Postman CLI's own JSON report (its native structure) the tests read. */
export interface PostmanCliReport {
  run: {
    summary: {
      executedRequests: { executed: number; errors: number };
      tests: { executed: number; failed: number; passed: number; skipped: number };
    };
    executions: Array<{
      requestExecuted?: { name?: string };
      response?: { code?: number };
      tests?: Array<{ name: string; status: string; error?: { message?: string } }>;
    }>;
    runError: unknown;
  };
}

/**
 * A report's text with what it hides decoded: the native JSON report keeps every body as a Node
 * Buffer (`{"type":"Buffer","data":[123,34,…]}`), where no scan for a token would see it.
 */
export function readableReport(path: string): string {
  const text = readFileSync(path, 'utf8');
  if (!path.endsWith('.json')) return text;
  const decoded: string[] = [];
  JSON.parse(text, (key, value: unknown) => {
    const buffer = value as { type?: unknown; data?: unknown };
    if (buffer && buffer.type === 'Buffer' && Array.isArray(buffer.data))
      decoded.push(Buffer.from(buffer.data as number[]).toString('utf8'));
    return value;
  });
  return [text, ...decoded].join('\n');
}

/** What {@link runPostmanCliJourney} counted, for the runners' table (test/e2e/runners.test.ts). */
export interface PostmanCliCounts {
  /** Requests of the collection's items (the report's executions). */
  readonly requests: number;
  /** Every request sent, pm.sendRequest calls included (the report's executedRequests). */
  readonly allRequests: number;
  readonly passed: number;
  readonly failed: number;
  readonly durationMs: number;
}

/**
 * The journey of `auth` in the Postman CLI with {@link REPORT_FLAGS}, checked as a user needs it:
 * exit 0, every request run and answered with no failure, no weak-random warning, and no code,
 * token, signed JWT or key in any report or on the console (the PAR request_uri excepted: it is
 * in the Authorize URL, which no option removes). Asserts; returns the counts.
 */
export async function runPostmanCliJourney(
  binary: string,
  local: Pick<LocalSandbox, 'sandbox' | 'pki' | 'dir'>,
  auth: AuthMethod,
): Promise<PostmanCliCounts> {
  const { sandbox, pki } = local;
  const folder = await preparePostmanCliFolder(sandbox, pki, auth, local.dir);
  sandbox.record.clear();
  const run = await spawnPostmanCli(binary, folder, [
    ...collectionRunArgs(folder, pki, auth),
    ...REPORT_FLAGS,
  ]);
  assert.equal(run.code, 0, run.output.slice(-4000));
  const report = JSON.parse(readableReport(join(folder.work, REPORT_FILES.json))) as
    PostmanCliReport | undefined;
  const { summary, executions, runError } = report!.run;
  assert.equal(runError, null);
  assert.equal(summary.tests.failed, 0);
  assert.equal(summary.executedRequests.errors, 0);
  assert.deepEqual(
    [...new Set(executions.map((e) => e.requestExecuted?.name))],
    Object.values(REQUEST),
    'every request ran, in order, none skipped',
  );
  assert.ok(
    executions.every((e) => typeof e.response?.code === 'number'),
    'every response',
  );
  assert.doesNotMatch(run.output, /WARN_OFM/, 'no warning: its sandbox has a secure random');
  assertNoSecrets(folder, run.output, sandbox.record);
  return {
    requests: executions.length,
    allRequests: summary.executedRequests.executed,
    passed: summary.tests.passed,
    failed: summary.tests.failed,
    durationMs: run.durationMs,
  };
}

/** No secret in the reports or on the console, and only what the run was told to write. */
function assertNoSecrets(folder: PostmanCliFolder, output: string, record: SandboxRecord): void {
  const seen = secretsSeen(record);
  for (const kind of ['code', 'access_token', 'refresh_token', 'id_token', 'token'])
    assert.ok((seen.get(kind) ?? []).length > 0, `the sandbox saw no ${kind}`);
  for (const path of Object.values(REPORT_FILES)) {
    const text = readableReport(join(folder.work, path));
    assert.ok(text.includes(REQUEST.tokenExchange), `${path} reports the run`);
    assert.deepEqual(secretsIn(text, seen, IN_URLS), [], `${path} holds secrets`);
  }
  assert.deepEqual(secretsIn(output, seen, IN_URLS), [], 'the console shows secrets');
  assert.deepEqual(readdirSync(folder.work).sort(), ['.ofm', 'reports'], 'the working folder');
  assert.deepEqual(readdirSync(folder.home), ['.postman'], 'the temp HOME');
}

/**
 * The PAR request_uri stays in the Authorize request's URL, which no report option removes: it
 * is single-use and expires within a minute (docs/postman-cli.md says so).
 */
const IN_URLS = ['request_uri'];
