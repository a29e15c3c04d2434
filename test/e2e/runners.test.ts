/**
 * One journey, every runner, one result (issue 26, point 5): the private_key_jwt collection run
 * once each in Newman (`ofm-postman run`'s runner, postman-runtime 7.39), the newest Postman
 * runtime (Newman 6.2.2 on postman-runtime 7.56, test/runtime-next), the Postman CLI and Bruno's
 * CLI, against one local sandbox over mTLS. Each run passes on its own terms, then the requests
 * sent and the tests passed are compared and printed as a table.
 *
 * These are the private_key_jwt runs of runtime-next.test.ts and postman-cli.test.ts (those files
 * run tls_client_auth), with their checks; Bruno's is a second one beside bruno-native.test.ts's,
 * which runs it with the CI flags. This one runs without them and with
 * `--env-var ofm_print_account_data=true` (the same requests and tests), and so also checks what
 * those flags keep out (a report without them carries JWTs), that the account data is printed, and
 * Newman's counts against the Newman row's run (bruno-clean.test.ts's check, for private_key_jwt).
 * The Postman CLI row needs OFM_POSTMAN_CLI (see postman-cli.test.ts): skipped without it, except
 * under CI.
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { collectionFileName } from '../../src/builder/collection.js';
import { withoutNewmanFsWarning } from '../../src/runner/newman.js';
import type { RunResult } from '../../src/runner/run.js';
import { PRINT_ACCOUNT_DATA } from '../../src/shared/log-lines.js';
import { REQUEST } from '../../src/shared/request-names.js';
import {
  assertNewmanCounts,
  FIRST_BALANCE,
  prepareBrunoFolder,
  runBruno,
} from '../helpers/bruno-run.js';
import { localCertList, localEnvironment, runLocal } from '../helpers/local-run.js';
import { useLocalSandbox } from '../helpers/local-sandbox.js';
import { runNewman, type NewmanLibrary } from '../helpers/newman-run.js';
import { REPO_ROOT } from '../helpers/paths.js';
import { SIGNED_JWT } from '../helpers/secret-scan.js';
import {
  locatePostmanCli,
  POSTMAN_CLI_VERSION,
  runPostmanCliJourney,
} from '../helpers/postman-cli-run.js';

const AUTH = 'private_key_jwt';
const local = useLocalSandbox('ofm-runners-');
const cli = locatePostmanCli();
const own = createRequire(import.meta.url);
const next = createRequire(join(REPO_ROOT, 'test', 'runtime-next', 'package.json'));
const versionOf = (name: string, from = own) =>
  (from(`${name}/package.json`) as { version: string }).version;
const runtimeOf = (from: NodeRequire) =>
  versionOf('postman-runtime', createRequire(from.resolve('newman/package.json')));

/** One runner's figures: what it sent and what its tests said. */
interface Row {
  readonly runner: string;
  /** Requests of the collection's items that were sent. */
  readonly requests: number;
  /** Requests scripts sent (pm.sendRequest), where the runner tells them apart. */
  readonly byScripts: number | undefined;
  /** Tests passed, and which of the runner's own figures that is. */
  readonly passed: number;
  readonly failed: number;
  readonly figure: string;
  readonly seconds: number;
}

const rows: Row[] = [];
/** The Newman row's run: the counts Bruno's row must match, its summary and console included. */
let newmanRun: RunResult | undefined;
const timed = async <T>(run: () => Promise<T>): Promise<[T, number]> => {
  const started = performance.now();
  const result = await run();
  return [result, (performance.now() - started) / 1000];
};

describe('one journey (private_key_jwt), every runner', () => {
  it(`Newman ${versionOf('newman')} on postman-runtime ${runtimeOf(own)} (ofm-postman run)`, async () => {
    const [result, seconds] = await timed(() => runLocal(local.sandbox, local.pki, AUTH));
    newmanRun = result;
    assert.equal(result.ok, true, JSON.stringify(result.failures));
    assert.deepEqual([...new Set(result.executions.map((e) => e.name))], Object.values(REQUEST));
    rows.push({
      runner: `Newman ${versionOf('newman')} (runtime ${runtimeOf(own)})`,
      requests: result.requests,
      byScripts: result.scriptRequests,
      passed: result.assertions - result.failedAssertions,
      failed: result.failedAssertions,
      figure: 'assertions',
      seconds,
    });
  });

  it(`Newman on postman-runtime ${runtimeOf(next)} (test/runtime-next), with no seed`, async () => {
    // Without test/runtime-next/node_modules, `next` resolves the project's own newman: that row
    // would be a second run of the old runtime under the newest runtime's name.
    assert.notEqual(
      next.resolve('newman'),
      own.resolve('newman'),
      'the newest runtime stack is not installed: run npm ci --prefix test/runtime-next',
    );
    const newmanNext = (await withoutNewmanFsWarning(() => next('newman'))) as NewmanLibrary;
    const collection = JSON.parse(
      readFileSync(join(REPO_ROOT, 'collections', collectionFileName(AUTH)), 'utf8'),
    ) as object;
    const [result, seconds] = await timed(() =>
      runNewman(
        {
          collection: collection as never,
          // No ofm_random_seed: the sandbox's own CSPRNG must be used.
          environment: localEnvironment(local.sandbox, local.pki, AUTH) as never,
          sslClientCertList: localCertList(local.sandbox, local.pki, AUTH) as never,
          sslExtraCaCerts: local.pki.paths.caCert,
        },
        newmanNext,
      ),
    );
    assert.deepEqual(
      result.summary.run.failures.map((f) => f.error.message),
      [],
    );
    const sent = result.requests.filter((r) => !r.fromScript);
    assert.deepEqual([...new Set(sent.map((r) => r.item))], Object.values(REQUEST));
    assert.ok(
      sent.every((r) => r.code !== undefined),
      'every request got a response',
    );
    assert.deepEqual(
      result.consoleLines.filter((l) => l.includes('WARN_OFM')),
      [],
      'no weak-random warning: the CSPRNG path was taken',
    );
    rows.push({
      runner: `Newman ${versionOf('newman', next)} (runtime ${runtimeOf(next)})`,
      requests: sent.length,
      byScripts: result.requests.length - sent.length,
      passed: result.assertions.filter((a) => a.passed).length,
      failed: result.assertions.filter((a) => !a.passed).length,
      figure: 'assertions',
      seconds,
    });
  });

  it(`the Postman CLI ${POSTMAN_CLI_VERSION}`, { skip: cli.skip }, async () => {
    assert.ok(cli.binary, cli.missing);
    const counts = await runPostmanCliJourney(cli.binary, local, AUTH);
    rows.push({
      runner: `Postman CLI ${POSTMAN_CLI_VERSION}`,
      requests: counts.requests,
      byScripts: counts.allRequests - counts.requests,
      passed: counts.passed,
      failed: counts.failed,
      figure: 'tests.passed',
      seconds: counts.durationMs / 1000,
    });
  });

  it(`Bruno CLI ${versionOf('@usebruno/cli')}, with --env-var ${PRINT_ACCOUNT_DATA}=true and no report flags`, async () => {
    const folder = prepareBrunoFolder(local.sandbox, local.pki, AUTH);
    const print = ['--env-var', `${PRINT_ACCOUNT_DATA}=true`];
    const [run, seconds] = await timed(() =>
      runBruno(folder, local.sandbox, local.pki, AUTH, print),
    );
    const s = run.report.summary;
    assert.equal(run.code, 0, run.stdout.slice(-3000));
    // What docs/bruno.md's --reporter-skip flags keep out: a report without them carries JWTs.
    assert.ok(SIGNED_JWT.test(run.reportText), 'without the flags the report carries JWTs');
    assert.ok(run.stdout.includes(FIRST_BALANCE), 'the decrypted balance is printed');
    // Every request and test as in Newman, as bruno-clean.test.ts checks for tls_client_auth: the
    // summary's and the console's Tests rows (this run is the private_key_jwt journey's in Bruno
    // that runs beside an in-process Newman one; bruno-native.test.ts's checks the rest).
    assert.ok(newmanRun, 'the Newman row ran first');
    assertNewmanCounts(run.report, run.stdout, newmanRun);
    for (const field of ['failedRequests', 'errorRequests', 'skippedRequests'])
      assert.equal(s[field], 0, field);
    // Our checks are Bruno tests (its summary's Tests row, as its own collections' tests are);
    // none is left in a pre-request or post-response script.
    for (const row of ['PostResponseTests', 'PreRequestTests'])
      assert.equal(s[`total${row}`] ?? 0, 0, `no ${row}`);
    rows.push({
      runner: `Bruno CLI ${versionOf('@usebruno/cli')}`,
      requests: s['totalRequests'] ?? 0,
      // Bruno's report does not count what scripts send.
      byScripts: undefined,
      passed: s['passedTests'] ?? 0,
      failed: s['failedTests'] ?? 0,
      figure: 'summary.passedTests',
      seconds,
    });
  });

  it('every runner sent the same requests and passed the same tests', () => {
    console.log(table(rows));
    const expected = cli.skip ? 3 : 4;
    assert.equal(rows.length, expected, 'a row for every runner that ran');
    const [newman] = rows;
    assert.equal(newman!.requests, 22, 'the 22 requests of the journey');
    for (const row of rows) {
      assert.equal(row.failed, 0, `${row.runner}: failed tests`);
      assert.equal(row.requests, newman!.requests, `${row.runner}: requests, as Newman`);
      if (row.byScripts !== undefined)
        assert.equal(row.byScripts, newman!.byScripts, `${row.runner}: by scripts, as Newman`);
      assert.equal(row.passed, newman!.passed, `${row.runner}: tests passed, as Newman`);
    }
  });
});

function table(all: readonly Row[]): string {
  const lines = [
    ['runner', 'requests', 'by scripts', 'passed', 'failed', 'seconds', 'the passed figure'],
    ...all.map((r) => [
      r.runner,
      String(r.requests),
      r.byScripts === undefined ? '–' : String(r.byScripts),
      String(r.passed),
      String(r.failed),
      r.seconds.toFixed(1),
      r.figure,
    ]),
  ];
  const widths = lines[0]!.map((_, i) => Math.max(...lines.map((l) => l[i]!.length)));
  return lines.map((l) => l.map((cell, i) => cell.padEnd(widths[i]!)).join('  ')).join('\n');
}
