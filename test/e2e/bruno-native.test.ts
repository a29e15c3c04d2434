/**
 * Bruno as native as its own collections (issue 26, point 4). docs/bruno.md's recipe for the local
 * sandbox (the fenced block after `<!-- tested: bruno-local -->`), run as written by bash in a
 * fresh project that has ofm-postman installed, with Bruno's CLI as `bru` on the PATH and the one
 * value a user substitutes, SANDBOX, set to this sandbox's issuer: `bru run --env local` needs no
 * --env-var, sends every request and passes, and no key, token, code or signed JWT is in its
 * reports. Then a request the scripts refuse (client_id emptied) fails the run, with its ERR_OFM
 * line in the JSON and JUnit reports, while the requests skipped because of it stay skipped.
 *
 * The project is a Git repository, committed by one line put in just before the recipe's `bru
 * run` (after `generate` and `env` wrote the folder, as a user commits it), and the recipe's flags
 * are the CI ones: so this run also carries bruno-clean.test.ts's checks for private_key_jwt (Git
 * sees no change afterwards, no secret in the JUnit, JSON or HTML report or on the console),
 * instead of a run of its own. Newman's request and test counts for private_key_jwt are checked
 * on runners.test.ts's Bruno run, beside the Newman run that file makes anyway.
 */
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdirSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { before, describe, it } from 'node:test';
import { VAR } from '../../src/shared/variables.js';
import {
  assertLeftNothing,
  git,
  readReport,
  REPORT_MASKING_FLAGS,
  spawnBru,
} from '../helpers/bruno-run.js';
import { useLocalSandbox } from '../helpers/local-sandbox.js';
import { REPO_ROOT } from '../helpers/paths.js';

const local = useLocalSandbox('ofm-bruno-native-', { keysPath: 'project/.ofm/keys' });
const MARK = '<!-- tested: bruno-local -->';

/** The recipe: the first fenced block after the mark in docs/bruno.md. */
function recipe(): string {
  const doc = readFileSync(join(REPO_ROOT, 'docs', 'bruno.md'), 'utf8');
  const after = doc.slice(doc.indexOf(MARK));
  const block = /```sh\n([\s\S]*?)\n```/.exec(after)?.[1];
  assert.ok(doc.includes(MARK) && block, `docs/bruno.md has a sh block after ${MARK}`);
  return block;
}

/**
 * A user's project: ofm-postman installed as a dependency (this checkout, so `npx ofm-postman`
 * runs it without the registry), and `bru` on the PATH (Bruno's CLI from this checkout).
 */
function userProject(dir: string): { dir: string; path: string } {
  mkdirSync(join(dir, 'node_modules', '.bin'), { recursive: true });
  const deps = { name: 'my-data-consumer', private: true, devDependencies: { 'ofm-postman': '*' } };
  writeFileSync(join(dir, 'package.json'), `${JSON.stringify(deps)}\n`);
  // What a project keeps out of Git: its dependencies and its keys.
  writeFileSync(join(dir, '.gitignore'), 'node_modules/\n.ofm/\n');
  symlinkSync(REPO_ROOT, join(dir, 'node_modules', 'ofm-postman'));
  symlinkSync(
    join('..', 'ofm-postman', 'bin', 'ofm-postman.js'),
    join(dir, 'node_modules', '.bin', 'ofm-postman'),
  );
  const bin = join(dir, '..', 'bin');
  mkdirSync(bin);
  symlinkSync(join(REPO_ROOT, 'node_modules', '.bin', 'bru'), join(bin, 'bru'));
  return { dir, path: `${bin}:${process.env['PATH'] ?? ''}` };
}

/** Runs `script` with bash -e in `cwd` (bounded: killed after 5 minutes). */
function bash(
  script: string,
  cwd: string,
  env: Record<string, string>,
): Promise<{ code: number | null; output: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn('bash', ['-e', '-c', script], {
      cwd,
      env: { ...process.env, ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    child.stdout.on('data', (d: Buffer) => (output += d.toString()));
    child.stderr.on('data', (d: Buffer) => (output += d.toString()));
    const timer = setTimeout(() => child.kill('SIGKILL'), 300_000);
    child.on('error', reject);
    child.on('close', (code) => {
      clearTimeout(timer);
      resolve({ code, output });
    });
  });
}

/**
 * The recipe with one line put in before its `bru run`: what `generate` and `env` wrote is
 * committed in the project's repository (`$OFM_TEST_REPO`), as a user commits the folder.
 */
function recipeInCommittedRepo(): string {
  const lines = recipe().split('\n');
  const bru = lines.findIndex((line) => line.startsWith('bru run '));
  assert.ok(bru > 0, 'the recipe ends with a bru run');
  const identity = '-c user.name=ofm -c user.email=ofm@example.invalid -c commit.gpgsign=false';
  const commit = `git -C "$OFM_TEST_REPO" add -A && git -C "$OFM_TEST_REPO" ${identity} commit -q -m 'the Bruno collection'`;
  return [...lines.slice(0, bru), commit, ...lines.slice(bru)].join('\n');
}

/** The private keys' base64 lines. */
function keyLines(): string[] {
  return [local.pki.paths.signingKey, local.pki.paths.encryptionKey].flatMap((path) =>
    readFileSync(path, 'utf8')
      .split('\n')
      .filter((line) => line.length > 40 && !line.startsWith('-----')),
  );
}

const state = {} as {
  project: string;
  folder: string;
  run: { code: number | null; output: string };
};

before(async () => {
  await local.ready();
  const project = userProject(join(local.dir, 'project'));
  git(project.dir, 'init', '-q');
  local.sandbox.record.clear();
  state.project = project.dir;
  state.run = await bash(recipeInCommittedRepo(), project.dir, {
    OFM_TEST_REPO: project.dir,
    PATH: project.path,
    SANDBOX: local.sandbox.issuer,
    NO_COLOR: '1',
    npm_config_offline: 'true',
    npm_config_update_notifier: 'false',
  });
  state.folder = join(project.dir, 'collections', 'bruno', 'paynet-ofp.private_key_jwt');
});

describe("docs/bruno.md's local sandbox recipe, as written", () => {
  it('bru run --env local: exit 0, every request sent and passed, with no --env-var', () => {
    assert.equal(state.run.code, 0, state.run.output.slice(-4000));
    assert.doesNotMatch(recipe(), /--env-var/, 'the recipe needs no --env-var');
    const report = readReport(join(state.folder, 'reports', 'results.json'));
    const s = report.summary;
    assert.ok((s['totalRequests'] ?? 0) >= 14, JSON.stringify(s));
    assert.equal(s['passedRequests'], s['totalRequests'], JSON.stringify(s));
    for (const result of report.results) assert.notEqual(result.status, 'skipped');
    // Our checks are Bruno tests (its summary's Tests row), every one passing.
    assert.ok((s['passedTests'] ?? 0) > 0, `the checks ran: ${JSON.stringify(s)}`);
    assert.equal(s['failedTests'], 0, JSON.stringify(s));

    // client_id and signing_kid are in the environment, as plain values; no secret is.
    const environment = readFileSync(join(state.folder, 'environments', 'local.bru'), 'utf8');
    assert.match(environment, new RegExp(`^  ${VAR.clientId}: ofm-local-private-key-jwt$`, 'm'));
    assert.match(
      environment,
      new RegExp(`^  ${VAR.signingKid}: ${local.pki.manifest.signingKid}$`, 'm'),
    );
    assert.ok(environment.includes(`${VAR.issuer}: ${local.sandbox.issuer}`));
    assert.doesNotMatch(environment, /PRIVATE KEY/);
    const dotenv = readFileSync(join(state.folder, '.env'), 'utf8');
    assert.doesNotMatch(dotenv, new RegExp(`^${VAR.clientId}=`, 'm'));
  });

  it('in a committed repository: git status clean; no key, token, code, request_uri or signed JWT in the JUnit, JSON or HTML report or on the console; no account data printed', () => {
    assert.equal(state.run.code, 0, state.run.output.slice(-4000));
    const dotenv = 'collections/bruno/paynet-ofp.private_key_jwt/.env';
    assert.equal(git(state.project, 'ls-files', '--', dotenv), '', '.env is not committed');
    assert.notEqual(git(state.project, 'ls-files', '--', 'collections'), '', 'the folder is');
    const reports = join(state.folder, 'reports');
    assertLeftNothing(state.project, reports, state.run.output, local.sandbox.record, keyLines());
  });
});

describe('a request the scripts refuse fails the Bruno run', () => {
  it('client_id emptied: exit 1, ERR_OFM_VAR_MISSING in both reports, nothing unauthenticated sent', async () => {
    const logged = local.logs.length;
    const run = await spawnBru(state.folder, [
      'run',
      '--env',
      'local',
      '--cacert',
      local.pki.paths.caCert,
      '--env-var',
      `${VAR.clientId}=`,
      '--reporter-json',
      'reports/refused.json',
      '--reporter-junit',
      'reports/refused.xml',
      ...REPORT_MASKING_FLAGS,
    ]);
    assert.equal(run.code, 1, run.stdout.slice(-3000));
    const report = readReport(join(state.folder, 'reports', 'refused.json'));
    const refused = report.results.filter((r) => r.status === 'error');
    assert.ok(refused.length > 0, JSON.stringify(report.summary));
    for (const r of refused) assert.match(r.error ?? '', /^ERR_OFM_VAR_MISSING: client_id /);
    assert.ok(
      refused.some((r) => r.test?.filename?.includes('Client credentials token')),
      'the client-credentials request is refused',
    );
    const junit = readFileSync(join(state.folder, 'reports', 'refused.xml'), 'utf8');
    assert.match(junit, /<error [^>]*message="ERR_OFM_VAR_MISSING: client_id /);

    // What needs a refused request is skipped on purpose: skipped, with no failure of its own.
    const skipped = report.results.filter((r) => r.status === 'skipped');
    assert.ok(skipped.length > 0, 'the dependants are skipped');
    for (const r of skipped)
      assert.deepEqual(
        (r as { preRequestTestResults?: unknown[] }).preRequestTestResults ?? [],
        [],
        `${r.test?.filename} is skipped, not refused`,
      );
    assert.equal(report.summary['skippedRequests'], skipped.length);
    // The sandbox never had to refuse anything: no request reached it without client_id.
    const refusals = local.logs.slice(logged).filter((e) => 'error' in e);
    assert.deepEqual(refusals, []);
  });
});
