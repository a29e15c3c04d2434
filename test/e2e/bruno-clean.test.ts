/**
 * A Bruno run leaves nothing behind (issue 23, point 7), for tls_client_auth: the generated
 * collection folder committed in a fresh Git repository, its `.env` beside it, `bru run` with the CI
 * flags of docs/bruno.md against the local sandbox. Every request is sent and every test passes,
 * with Newman's counts; afterwards Git sees no change (flow values are runtime variables, reports
 * go to the git-ignored reports/), no report holds a code, request_uri, token or signed JWT the
 * sandbox saw, and the console holds none of them, nor a decrypted balance or transaction.
 *
 * The same checks for private_key_jwt ride on bruno-native.test.ts's run of docs/bruno.md's recipe
 * (made in a committed repository, with the same flags); `ofm_print_account_data=true`, and a
 * report without the flags, on runners.test.ts's Bruno run.
 */
import assert from 'node:assert/strict';
import { mkdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { describe, it } from 'node:test';
import {
  assertLeftNothing,
  assertNewmanCounts,
  bruRunArgs,
  git,
  prepareBrunoFolder,
  readReport,
  README_REPORT_FLAGS,
  spawnBru,
} from '../helpers/bruno-run.js';
import { runLocal } from '../helpers/local-run.js';
import { useLocalSandbox } from '../helpers/local-sandbox.js';

const local = useLocalSandbox('ofm-bruno-clean-');
const AUTH = 'tls_client_auth';

/** The collection folder committed in a fresh repository, its `.env` written but ignored. */
function committedFolder(): string {
  const folder = prepareBrunoFolder(local.sandbox, local.pki, AUTH);
  const repo = dirname(folder);
  git(repo, 'init', '-q');
  git(repo, 'add', '-A');
  git(repo, 'commit', '-q', '-m', 'the generated Bruno collection');
  assert.equal(git(repo, 'ls-files', '--', 'collection/.env'), '', '.env is not committed');
  mkdirSync(join(folder, 'reports'));
  return folder;
}

describe('bru run in the user’s repository: every request and test as in Newman, nothing left behind', () => {
  it(`${AUTH}: git status clean, no secret in the reports, no account data printed`, async () => {
    const folder = committedFolder();
    local.sandbox.record.clear();
    const run = await spawnBru(folder, [
      ...bruRunArgs(local.sandbox, local.pki, AUTH),
      ...README_REPORT_FLAGS,
    ]);
    assert.equal(run.code, 0, run.stdout.slice(-3000));
    const report = readReport(join(folder, 'reports', 'results.json'));
    assertLeftNothing(dirname(folder), join(folder, 'reports'), run.stdout, local.sandbox.record);
    assertNewmanCounts(report, run.stdout, await runLocal(local.sandbox, local.pki, AUTH));
  });
});
