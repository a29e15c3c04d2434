/**
 * Both collections run by the Postman CLI (`postman collection run`, npm `postman-cli`, pinned in
 * `.ci/run`, no login) against the local sandbox over real mTLS, as docs/postman-cli.md tells a
 * user: the private environment of `ofm-postman env`, the client certificate and CA as flags.
 * Every request runs and every assertion passes, no seed is needed (its sandbox has a secure
 * random source), and with the report flags of the docs no report holds a token, a signed JWT or a
 * key. Against a failing server it exits 1, and without those flags its reports hold JWTs: the
 * scan sees what it looks for. Nothing lands in the checkout or the real home.
 *
 * The binary is named by OFM_POSTMAN_CLI. Not set: the tests skip, saying how to install it,
 * except under CI, where they fail.
 */
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { REQUEST } from '../../src/shared/request-names.js';
import { AUTH_METHODS } from '../../src/shared/variables.js';
import { useLocalSandbox } from '../helpers/local-sandbox.js';
import {
  collectionRunArgs,
  locatePostmanCli,
  POSTMAN_CLI_VERSION,
  preparePostmanCliFolder,
  readableReport,
  REPORT_EXPORTS,
  REPORT_FILES,
  REPORT_FLAGS,
  spawnPostmanCli,
  type PostmanCliReport,
} from '../helpers/postman-cli-run.js';
import { secretsIn, secretsSeen } from '../helpers/secret-scan.js';

const cli = locatePostmanCli();
// A skipped file starts no sandbox (its hooks are registered only when the tests run).
const local = cli.skip ? (undefined as never) : useLocalSandbox('ofm-postman-cli-e2e-');

/** The CLI's binary; fails the test (in CI) when it is missing. */
function binary(): string {
  assert.ok(cli.binary, cli.missing);
  return cli.binary;
}

/**
 * The PAR request_uri stays in the Authorize request's URL, which no report option removes: it
 * is single-use and expires within a minute (docs/postman-cli.md says so). Everything else is
 * checked.
 */
const IN_URLS = ['request_uri'];

describe(`the Postman CLI ${POSTMAN_CLI_VERSION}`, { skip: cli.skip }, () => {
  it(`is the version .ci/run pins`, async () => {
    const home = mkdtempSync(join(tmpdir(), 'ofm-postman-cli-version-'));
    const run = await spawnPostmanCli(binary(), { home, work: home }, ['--version']);
    assert.equal(run.code, 0, run.output);
    assert.equal(run.output.trim(), POSTMAN_CLI_VERSION);
  });

  for (const auth of AUTH_METHODS) {
    it(`${auth}: every request and assertion passes over mTLS; no secret in the reports`, async () => {
      const folder = await preparePostmanCliFolder(local.sandbox, local.pki, auth);
      local.sandbox.record.clear();
      const run = await spawnPostmanCli(binary(), folder, [
        ...collectionRunArgs(folder, local.pki, auth),
        ...REPORT_FLAGS,
      ]);
      assert.equal(run.code, 0, run.output.slice(-4000));

      const report = JSON.parse(readableReport(join(folder.work, REPORT_FILES.json))) as
        | PostmanCliReport
        | undefined;
      const { summary, executions, runError } = report!.run;
      assert.equal(runError, null);
      assert.equal(summary.tests.failed, 0);
      assert.ok(summary.tests.passed >= 80, `${summary.tests.passed} assertions passed`);
      assert.equal(summary.executedRequests.errors, 0);
      assert.equal(executions.length, 22, 'the 22 requests of the journey');
      assert.deepEqual(
        [...new Set(executions.map((e) => e.requestExecuted?.name))],
        Object.values(REQUEST),
        'every request ran, in order, none skipped',
      );
      assert.ok(
        executions.every((e) => typeof e.response?.code === 'number'),
        'every request got a response',
      );
      assert.doesNotMatch(run.output, /WARN_OFM/, 'no warning: its sandbox has a secure random');

      const seen = secretsSeen(local.sandbox.record);
      for (const kind of ['code', 'access_token', 'refresh_token', 'id_token', 'token'])
        assert.ok((seen.get(kind) ?? []).length > 0, `the sandbox saw no ${kind}`);
      for (const path of Object.values(REPORT_FILES)) {
        const text = readableReport(join(folder.work, path));
        assert.ok(text.includes(REQUEST.tokenExchange), `${path} reports the run`);
        assert.deepEqual(secretsIn(text, seen, IN_URLS), [], `${path} holds secrets`);
      }
      assert.deepEqual(secretsIn(run.output, seen, IN_URLS), [], 'the console shows secrets');

      // Only what the run was told to write: the environment and the reports; the home's .postman.
      assert.deepEqual(readdirSync(folder.work).sort(), ['.ofm', 'reports']);
      assert.deepEqual(readdirSync(folder.home), ['.postman']);
    });
  }

  it('exits 1 when the server misbehaves, and without the omit flags its reports hold JWTs', async () => {
    const auth = 'private_key_jwt';
    const folder = await preparePostmanCliFolder(local.sandbox, local.pki, auth);
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
