/**
 * The collections run by the Postman CLI (`postman collection run`, npm `postman-cli`, pinned in
 * `.ci/run`, no login) against the local sandbox over real mTLS, as docs/postman-cli.md tells a
 * user: the private environment of `ofm-postman env`, the client certificate and CA as flags.
 * Every request runs and every assertion passes, no seed is needed (its sandbox has a secure
 * random source), and with the report flags of the docs no report holds a token, a signed JWT or a
 * key (test/helpers/postman-cli-run.ts checks all of it). Against a failing server it exits 1, and
 * without those flags its reports hold JWTs: the scan sees what it looks for. Nothing lands in the
 * checkout or the real home.
 *
 * This file runs tls_client_auth; private_key_jwt runs, with the same checks, in
 * test/e2e/runners.test.ts, which compares its counts with the other runners' (one run each).
 *
 * The binary is named by OFM_POSTMAN_CLI. Not set: the tests skip, saying how to install it,
 * except under CI, where they fail.
 */
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { useLocalSandbox } from '../helpers/local-sandbox.js';
import {
  collectionRunArgs,
  locatePostmanCli,
  POSTMAN_CLI_VERSION,
  preparePostmanCliFolder,
  readableReport,
  REPORT_EXPORTS,
  REPORT_FILES,
  runPostmanCliJourney,
  spawnPostmanCli,
} from '../helpers/postman-cli-run.js';
import { secretsIn } from '../helpers/secret-scan.js';

const cli = locatePostmanCli();
// A skipped file starts no sandbox (its hooks are registered only when the tests run).
const local = cli.skip ? (undefined as never) : useLocalSandbox('ofm-postman-cli-e2e-');

/** The CLI's binary; fails the test (in CI) when it is missing. */
function binary(): string {
  assert.ok(cli.binary, cli.missing);
  return cli.binary;
}

describe(`the Postman CLI ${POSTMAN_CLI_VERSION}`, { skip: cli.skip }, () => {
  it('is the version .ci/run pins', async () => {
    const home = mkdtempSync(join(local.dir, 'version-'));
    const run = await spawnPostmanCli(binary(), { home, work: home }, ['--version']);
    assert.equal(run.code, 0, run.output);
    assert.equal(run.output.trim(), POSTMAN_CLI_VERSION);
  });

  it('tls_client_auth: every request and assertion passes over mTLS; no secret in the reports', async () => {
    const counts = await runPostmanCliJourney(binary(), local, 'tls_client_auth');
    assert.equal(counts.requests, 22, 'the 22 requests of the journey');
    assert.ok(counts.passed >= 80, `${counts.passed} assertions passed`);
  });

  it('exits 1 when the server misbehaves, and without the omit flags its reports hold JWTs', async () => {
    const auth = 'private_key_jwt';
    const folder = await preparePostmanCliFolder(local.sandbox, local.pki, auth, local.dir);
    local.sandbox.setMisbehaviour('invalid-nonce');
    try {
      const run = await spawnPostmanCli(binary(), folder, [
        ...collectionRunArgs(folder, local.pki, auth),
        ...['-r', 'cli,json,html', ...REPORT_EXPORTS],
      ]);
      assert.equal(run.code, 1, run.output.slice(-4000));
      assert.match(run.output, /ERR_OFM_ID_TOKEN_INVALID: ID token nonce is not/);
      for (const path of [REPORT_FILES.json, REPORT_FILES.html]) {
        const found = secretsIn(readableReport(join(folder.work, path)), new Map());
        assert.ok(found.includes('signed JWT'), `${path}: ${found.join(', ')}`);
      }
      assert.equal(existsSync(join(folder.work, 'postman-cli-reports')), false);
    } finally {
      local.sandbox.setMisbehaviour('happy-path');
    }
  });
});
