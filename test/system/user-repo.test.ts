/**
 * Issue 23, point 1, in the user's place: a fresh Git repository outside the checkout, the
 * everyday commands from the built binary (keys, env, certs, run and consent against the local
 * sandbox, generate for Postman and Bruno, env for Bruno), then `git add -n -A` stages no private key,
 * token, state or private environment, by path and by content, while the shareable files are
 * staged. Files with secrets are owner-only. A secret written into a folder of the user's that Git
 * would commit gets one warning line, which goes once the user follows its hint.
 *
 * One PKI (made by `keys` itself) and one in-process sandbox on a port from the OS. Git runs
 * without the machine's global or system configuration, so no excludes file of this machine can
 * hide a file this test must see.
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { RunningSandbox } from '../../src/server/sandbox.js';
import { runCliAsync, type CliResult } from '../helpers/cli.js';
import { approveInLoginPage } from '../helpers/login-page.js';

const repo = mkdtempSync(join(tmpdir(), 'ofm-user-repo-'));
const GIT_ENV = { GIT_CONFIG_GLOBAL: '/dev/null', GIT_CONFIG_NOSYSTEM: '1' };
const KEYS = join('.ofm', 'keys');
let sandbox: RunningSandbox | undefined;

function git(...args: string[]): string {
  const result = spawnSync('git', args, {
    cwd: repo,
    encoding: 'utf8',
    env: { ...process.env, ...GIT_ENV },
    timeout: 30_000,
  });
  assert.equal(result.status, 0, `git ${args.join(' ')}: ${result.stderr}`);
  return result.stdout;
}

/** The binary in the repository, as the user runs it (async: the sandbox is in this process). */
async function ofm(args: string[], env: Record<string, string> = {}): Promise<CliResult> {
  const result = await runCliAsync(args, { cwd: repo, env: { ...GIT_ENV, ...env } });
  assert.equal(result.status, 0, `ofm-postman ${args[0]}: ${result.stdout}\n${result.stderr}`);
  return result;
}

const modeOf = (path: string) => statSync(join(repo, path)).mode & 0o777;

before(async () => {
  git('init', '-q');
  const keys = await runCliAsync(['keys'], { cwd: repo, env: GIT_ENV });
  assert.equal(keys.status, 0, keys.stderr);
  const { startSandbox } = await import('../../src/server/sandbox.js');
  sandbox = await startSandbox({ port: 0, keysDir: join(repo, KEYS), log: () => undefined });
});

after(async () => {
  await sandbox?.close();
  rmSync(repo, { recursive: true, force: true });
});

describe('the everyday commands in a fresh Git repository', () => {
  const auth = 'private_key_jwt';
  const certs = join('.ofm', 'certs', 'local.cert-list.json');
  const flow = () => ['--auth', auth, '--target', 'local', '--cert-list', certs];
  const keyArgs = ['--signing-key', join(KEYS, 'signing.key')];
  let stderr = '';

  before(async () => {
    const origin = sandbox!.issuer;
    const local = ['--target', 'local', '--local-url', origin];
    const transport = [
      '--cert',
      join(KEYS, `transport-${auth}.crt`),
      '--key',
      join(KEYS, `transport-${auth}.key`),
    ];
    const run = (...more: string[]) => ofm(['env', ...local, ...keyArgs, ...more]);
    stderr += (await run('--encryption-key', join(KEYS, 'encryption.key'))).stderr;
    stderr += (await ofm(['certs', ...local, ...transport])).stderr;
    // The signing key from the process environment, flattened as a CI secret often is (point 5).
    const flattened = readFileSync(join(repo, KEYS, 'signing.key'), 'utf8')
      .trimEnd()
      .replace(/\n/g, '\\n');
    const ran = await ofm(
      ['run', ...flow(), '--ca', join(KEYS, 'ca.crt'), '--reporters', 'junit', 'json', 'html'],
      { OFM_SIGNING_PRIVATE_KEY: `\ufeff${flattened}` },
    );
    stderr += ran.stderr;
    const pushed = await ofm(['consent', ...flow(), '--ca', join(KEYS, 'ca.crt'), '--url-only']);
    const url = pushed.stdout.split('\n').find((line) => /^https:\/\/\S+request_uri=/.test(line));
    assert.ok(url, pushed.stdout);
    const ca = readFileSync(join(repo, KEYS, 'ca.crt'), 'utf8');
    const landed = await approveInLoginPage(url, { ca });
    stderr += (
      await ofm(['consent', ...flow(), '--ca', join(KEYS, 'ca.crt'), '--redirect-url', landed])
    ).stderr;
    // Postman's and Bruno's collections in one command.
    stderr += (await ofm(['generate', '--format', 'all'])).stderr;
    const bruno = join('collections', 'bruno', `paynet-ofp.${auth}`);
    stderr += (await run('--format', 'bruno', '--out', bruno, ...transport)).stderr;
  });

  it('ran: the run passed with the flattened key, and the consent is saved with its tokens', () => {
    const state = stateValues();
    assert.ok(state['access_token'] && state['refresh_token'] && state['consent_id'], 'a consent');
    assert.doesNotMatch(stderr, /WARN_OFM_NOT_IGNORED/, 'nothing was written where Git sees it');
  });

  it('git add -A stages no key, token, state, report or private environment', () => {
    const staged = stagedPaths();
    const secret = staged.filter(
      (path) =>
        path.startsWith('.ofm/') ||
        /(^|\/)\.env$|\.key$|\.private\.|cert-list|(^|\/)(state|reports)\//.test(path),
    );
    assert.deepEqual(secret, []);
    // The shareable files are still staged: the folders ignore themselves, not the project.
    for (const shared of [
      `collections/paynet-ofp.${auth}.postman_collection.json`,
      `environments/local.${auth}.postman_environment.json`,
      `collections/bruno/paynet-ofp.${auth}/collection.bru`,
      `collections/bruno/paynet-ofp.${auth}/.gitignore`,
    ])
      assert.ok(staged.includes(shared), `${shared} is staged: ${staged.join(', ')}`);
  });

  it('no staged file holds a private key, a token or a key body', () => {
    const state = stateValues();
    const signingKey = readFileSync(join(repo, KEYS, 'signing.key'), 'utf8');
    const keyBody = signingKey.split('\n')[1]!;
    const secrets = ['access_token', 'refresh_token', 'id_token', 'consent_id']
      .map((name) => state[name])
      .filter((value): value is string => typeof value === 'string' && value.length > 8);
    assert.ok(secrets.length >= 3, 'the state holds the tokens looked for');
    for (const path of stagedPaths()) {
      const text = readFileSync(join(repo, path), 'utf8');
      assert.doesNotMatch(text, /-----BEGIN [A-Z ]*PRIVATE KEY-----/, path);
      assert.ok(!text.includes(keyBody), `${path} holds the signing key's body`);
      for (const value of secrets) assert.ok(!text.includes(value), `${path} holds a token`);
    }
  });

  it('every folder of secrets ignores itself, saying why, and is owner-only; so are its files', () => {
    const ignore = readFileSync(join(repo, '.ofm', '.gitignore'), 'utf8');
    assert.match(ignore, /^# Written by ofm-postman: .*\n(#.*\n)*\*\n$/);
    for (const folder of ['.ofm', KEYS, '.ofm/env', '.ofm/certs', '.ofm/state', '.ofm/reports'])
      assert.equal(modeOf(folder), 0o700, folder);
    for (const file of [
      join(KEYS, 'ca.key'),
      join(KEYS, 'signing.key'),
      join(KEYS, 'encryption.key'),
      join(KEYS, `transport-${auth}.key`),
      `.ofm/env/local.${auth}.private.postman_environment.json`,
      certs,
      `.ofm/state/local.${auth}.json`,
      `.ofm/reports/paynet-ofp.${auth}.junit.xml`,
      `.ofm/reports/paynet-ofp.${auth}.json`,
      `.ofm/reports/paynet-ofp.${auth}.html`,
      `collections/bruno/paynet-ofp.${auth}/.env`,
    ])
      assert.equal(modeOf(file), 0o600, file);
  });

  it("a secret in the user's own folder: one warning with the fix; after the fix, none", async () => {
    const args = ['env', '--target', 'local', ...keyArgs, '--out', 'my-env.json'];
    const first = await ofm(args);
    const warning = first.stderr
      .trim()
      .split('\n')
      .filter((l) => l.includes('WARN_OFM_'));
    assert.equal(warning.length, 1, first.stderr);
    assert.match(
      warning[0]!,
      /^ofm-postman: WARN_OFM_NOT_IGNORED: .*my-env\.json holds secrets and Git does not ignore it.*\(hint: printf '\/%s\\n' my-env\.json >> \.gitignore; or write under \.ofm\/, which ignores itself\)$/,
    );
    assert.ok(stagedPaths().includes('my-env.json'), 'as the warning says, Git would commit it');
    assert.throws(() => statSync(join(repo, '.gitignore')), 'no .gitignore is put in the project');
    // The user follows the hint, and runs the same command again: no warning, nothing staged.
    spawnSync('sh', ['-c', /hint: (printf .*); or write/.exec(warning[0]!)![1]!], { cwd: repo });
    const again = await ofm(args);
    assert.doesNotMatch(again.stderr, /WARN_OFM/);
    assert.ok(!stagedPaths().includes('my-env.json'));
  });
});

function stagedPaths(): string[] {
  return git('add', '-n', '-A')
    .split('\n')
    .map((line) => /^add '(.+)'$/.exec(line)?.[1])
    .filter((path): path is string => path !== undefined);
}

function stateValues(): Record<string, string> {
  const path = join(repo, '.ofm', 'state', 'local.private_key_jwt.json');
  return (JSON.parse(readFileSync(path, 'utf8')) as { values: Record<string, string> }).values;
}
