/**
 * Runs a generated Bruno collection with Bruno's own CLI (`bru run`) against a local sandbox, the
 * way docs/bruno.md tells a user to: a copy of the folder with an owner-only `.env` for the keys and
 * the client certificate, `--env local`, the sandbox's URLs with `--env-var`, and `--cacert`.
 */
import { spawn } from 'node:child_process';
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
import type { RunningSandbox } from '../../src/server/sandbox.js';
import type { AuthMethod } from '../../src/shared/variables.js';
import { REPO_ROOT } from './paths.js';

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

export async function runBruno(
  folder: string,
  sandbox: RunningSandbox,
  pki: EnsureKeysResult,
  auth: AuthMethod,
  extra: readonly string[] = [],
): Promise<BrunoRunResult> {
  const reportPath = join(dirname(folder), 'report.json');
  const args = [...bruRunArgs(sandbox, pki, auth), '--reporter-json', reportPath, ...extra];
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
