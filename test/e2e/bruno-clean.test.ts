/**
 * A Bruno run leaves nothing behind (issue 23, point 7): the generated collection folder committed
 * in a fresh Git repository, its `.env` beside it, `bru run` with the CI flags of docs/bruno.md against the
 * local sandbox. Afterwards Git sees no change (flow values are runtime variables, reports go to
 * the git-ignored reports/), no report holds a code, request_uri, token or signed JWT the sandbox
 * saw, and the console holds none of them, nor a decrypted balance or transaction unless
 * ofm_print_account_data.
 */
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdirSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { describe, it } from 'node:test';
import { ACCOUNTS, balanceOf, transactionsOf } from '../../src/server/fixtures.js';
import { PRINT_ACCOUNT_DATA } from '../../src/shared/log-lines.js';
import { AUTH_METHODS, type AuthMethod } from '../../src/shared/variables.js';
import {
  bruRunArgs,
  prepareBrunoFolder,
  README_REPORT_FLAGS,
  spawnBru,
  type BrunoReport,
} from '../helpers/bruno-run.js';
import { runLocal } from '../helpers/local-run.js';
import { useLocalSandbox } from '../helpers/local-sandbox.js';
import { secretsSeen, SIGNED_JWT } from '../helpers/secret-scan.js';

const local = useLocalSandbox('ofm-bruno-clean-');
const REPORTS = ['results.xml', 'results.json', 'results.html'];

function git(cwd: string, ...args: string[]): string {
  const identity = ['-c', 'user.name=ofm', '-c', 'user.email=ofm@example.invalid'];
  return execFileSync('git', [...identity, '-c', 'commit.gpgsign=false', ...args], {
    cwd,
    encoding: 'utf8',
  });
}

/** The collection folder committed in a fresh repository, its `.env` written but ignored. */
function committedFolder(auth: (typeof AUTH_METHODS)[number]): string {
  const folder = prepareBrunoFolder(local.sandbox, local.pki, auth);
  const repo = dirname(folder);
  git(repo, 'init', '-q');
  git(repo, 'add', '-A');
  git(repo, 'commit', '-q', '-m', 'the generated Bruno collection');
  assert.equal(git(repo, 'ls-files', '--', 'collection/.env'), '', '.env is not committed');
  mkdirSync(join(folder, 'reports'));
  return folder;
}

/** A report's text; Bruno's HTML report carries its results as base64 JSON, decoded here. */
function reportText(path: string): string {
  const text = readFileSync(path, 'utf8');
  const embedded = /decodeBase64\('([A-Za-z0-9+/=]+)'\)/.exec(text)?.[1];
  if (path.endsWith('.html')) assert.ok(embedded, 'the HTML report embeds its results');
  return embedded === undefined ? text : `${text}\n${Buffer.from(embedded, 'base64').toString()}`;
}

/** Strings of the account data the sandbox serves: balances and transaction ids. */
const ACCOUNT_DATA = ACCOUNTS.flatMap((a) => {
  const balance = balanceOf(a.account_id) as { current_balance: { amount: { amount: string } } };
  return [
    balance.current_balance.amount.amount,
    ...transactionsOf(a.account_id).map((t) => String(t['transaction_id'])),
  ];
});

/**
 * Every request sent, every check passing, and the same counts as Newman gives for the Postman
 * collection: our checks are Bruno tests (tests blocks), so its summary's Tests row counts them.
 */
async function assertNewmanCounts(folder: string, stdout: string, auth: AuthMethod) {
  const parsed = JSON.parse(readFileSync(join(folder, 'reports', 'results.json'), 'utf8')) as
    BrunoReport[] | BrunoReport;
  const s = (Array.isArray(parsed) ? parsed[0]! : parsed).summary;
  for (const field of ['failedRequests', 'errorRequests', 'skippedRequests', 'failedTests'])
    assert.equal(s[field], 0, `${field}: ${JSON.stringify(s)}`);
  const newman = await runLocal(local.sandbox, local.pki, auth);
  assert.equal(newman.ok, true, JSON.stringify(newman.failures));
  assert.equal(s['totalRequests'], newman.requests, 'requests: Bruno and Newman');
  assert.equal(s['passedTests'], newman.assertions, 'tests: Bruno and Newman');
  assert.equal(s['totalTests'], newman.assertions, 'tests: Bruno and Newman');
  for (const row of ['PostResponseTests', 'PreRequestTests'])
    assert.equal(s[`total${row}`] ?? 0, 0, `no ${row} left`);
  assert.match(stdout, new RegExp(`Tests\\s*│\\s*${newman.assertions}/${newman.assertions}\\s`));
}

describe('bru run in the user’s repository: every request and test as in Newman, nothing left behind', () => {
  for (const auth of AUTH_METHODS) {
    it(`${auth}: git status clean, no secret in the reports, no account data printed`, async () => {
      const folder = committedFolder(auth);
      local.sandbox.record.clear();
      const run = await spawnBru(folder, [
        ...bruRunArgs(local.sandbox, local.pki, auth),
        ...README_REPORT_FLAGS,
      ]);
      assert.equal(run.code, 0, run.stdout.slice(-3000));
      await assertNewmanCounts(folder, run.stdout, auth);

      const status = git(dirname(folder), 'status', '--porcelain', '--untracked-files=all');
      assert.equal(status, '', 'bru run changed or added files Git sees');

      const secrets = secretsSeen(local.sandbox.record);
      for (const kind of ['request_uri', 'code', 'access_token', 'refresh_token', 'id_token'])
        assert.ok((secrets.get(kind) ?? []).length > 0, `the sandbox saw no ${kind}`);
      for (const name of REPORTS) {
        const text = reportText(join(folder, 'reports', name));
        assert.ok(text.includes('Authorize'), `${name} reports the run`);
        for (const [kind, values] of secrets)
          for (const value of values) assert.ok(!text.includes(value), `${name} holds a ${kind}`);
        assert.equal(SIGNED_JWT.exec(text)?.[0], undefined, `${name} holds a signed JWT`);
      }

      for (const [kind, values] of secrets)
        for (const value of values)
          assert.ok(!run.stdout.includes(value), `the console shows a ${kind}`);
      for (const value of ACCOUNT_DATA)
        assert.ok(!run.stdout.includes(value), `the console shows account data (${value})`);
      assert.match(run.stdout, new RegExp(`${PRINT_ACCOUNT_DATA}=true prints it`));
    });
  }

  it(`--env-var ${PRINT_ACCOUNT_DATA}=true prints the decrypted account data; without the report flags, JWTs reach the report`, async () => {
    const auth = 'private_key_jwt';
    const folder = committedFolder(auth);
    const run = await spawnBru(folder, [
      ...bruRunArgs(local.sandbox, local.pki, auth),
      '--env-var',
      `${PRINT_ACCOUNT_DATA}=true`,
      '--reporter-json',
      'reports/unmasked.json',
    ]);
    assert.equal(run.code, 0, run.stdout.slice(-3000));
    // What the README's --reporter-skip flags keep out: a report without them carries JWTs.
    assert.ok(
      SIGNED_JWT.test(reportText(join(folder, 'reports', 'unmasked.json'))),
      'without the flags the report carries JWTs',
    );
    const balance = balanceOf(ACCOUNTS[0]!.account_id) as {
      current_balance: { amount: { amount: string } };
    };
    assert.ok(run.stdout.includes(balance.current_balance.amount.amount), 'the balance printed');
  });
});
