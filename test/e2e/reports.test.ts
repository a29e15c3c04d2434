/**
 * What a person and a CI system read after a run: JUnit that a JUnit consumer no one here wrote
 * counts the same way, an HTML report that explains failures offline, console lines that name the
 * cause, and no secret or account data anywhere. Runs against the real local sandbox.
 */
import assert from 'node:assert/strict';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { XMLParser } from 'fast-xml-parser';
import { chromium } from 'playwright-core';
import testResultsParser from 'test-results-parser';
import { executionLines, palette, summaryTable } from '../../src/runner/console.js';
import type { Execution } from '../../src/runner/record.js';
import type { RunResult } from '../../src/runner/run.js';
import { ACCOUNT_DATA_LOG_PREFIX, PRINT_ACCOUNT_DATA } from '../../src/shared/log-lines.js';
import { runCliAsync } from '../helpers/cli.js';
import { localCertList, localEnvironment, runLocal } from '../helpers/local-run.js';
import { useLocalSandbox } from '../helpers/local-sandbox.js';
import { rsaTestKey } from '../helpers/test-keys.js';

const local = useLocalSandbox('ofm-reports-');
const { dir, logs } = local;
interface JunitCase {
  '@_name': string;
  '@_classname': string;
  failure?: { '@_message': string; '#text'?: string };
  skipped?: unknown;
}
interface JunitSuite {
  '@_name': string;
  '@_tests': string;
  '@_failures': string;
  testcase: JunitCase[];
}
interface JunitDoc {
  testsuites: {
    '@_tests': string;
    '@_failures': string;
    '@_skipped': string;
    testsuite: JunitSuite[];
  };
}

function parseJunit(path: string): JunitDoc {
  return new XMLParser({
    ignoreAttributes: false,
    isArray: (name) => name === 'testsuite' || name === 'testcase',
  }).parse(readFileSync(path, 'utf8')) as JunitDoc;
}

function cases(doc: JunitDoc): Array<JunitCase & { suite: string }> {
  return doc.testsuites.testsuite.flatMap((s) =>
    s.testcase.map((c) => ({ ...c, suite: s['@_name'] })),
  );
}

/**
 * A legacy encrypted PKCS#1 key ("Proc-Type: 4,ENCRYPTED"): the sandbox script refuses it. The
 * run's shared test key written that way (no new key to make).
 */
async function legacyEncryptedKey(): Promise<string> {
  return (await rsaTestKey(2048)).privateKey.export({
    type: 'pkcs1',
    format: 'pem',
    cipher: 'aes-256-cbc',
    passphrase: 'pw',
  }) as string;
}

const JUNIT_PASS = 'junit-pass';
let passing: Promise<{ results: RunResult[]; logs: Array<Record<string, unknown>> }> | undefined;

/**
 * Both passing journeys, one after the other, with JUnit reports: made once for the file and
 * asserted on by the JUnit test and the sandbox-log test (the report changes nothing the sandbox
 * sees). `logs` is what the sandbox logged during those two runs alone.
 */
function passingJourneys() {
  passing ??= (async () => {
    const from = logs.length;
    const results: RunResult[] = [];
    for (const auth of ['private_key_jwt', 'tls_client_auth'] as const)
      results.push(
        await runLocal(local.sandbox, local.pki, auth, {
          reporters: ['junit'],
          reportDir: join(dir, JUNIT_PASS),
        }),
      );
    return { results, logs: logs.slice(from) };
  })();
  return passing;
}

describe('JUnit', () => {
  it('has one case per assertion, suites and classes per auth method and folder, and a consumer reads the same totals', async () => {
    const reportDir = join(dir, JUNIT_PASS);
    const seen = new Map<string, Set<string>>();
    const { results } = await passingJourneys();
    for (const [i, auth] of (['private_key_jwt', 'tls_client_auth'] as const).entries()) {
      const result = results[i]!;
      assert.equal(result.ok, true, JSON.stringify(result.failures));
      const path = join(reportDir, `paynet-ofp.${auth}.junit.xml`);
      const doc = parseJunit(path);
      const all = cases(doc);
      assert.equal(all.length, result.assertions, 'one test case per assertion');
      assert.equal(Number(doc.testsuites['@_tests']), result.assertions);
      for (const testCase of all) {
        assert.ok(testCase.suite.startsWith(`${auth} / `), testCase.suite);
        assert.ok(testCase['@_classname'].startsWith(`${auth}.`), testCase['@_classname']);
        assert.doesNotMatch(testCase['@_name'], /request_uri=|https?:\/\/|urn:/, 'no run data');
      }
      assert.ok(all.some((c) => c.suite === `${auth} / 4. Providers`));
      assert.ok(all.some((c) => c['@_classname'] === `${auth}.Consent.Token_exchange`));
      // Paged requests keep every page's assertions.
      assert.ok(all.filter((c) => c['@_classname'].endsWith('.Transactions')).length >= 12);
      seen.set(auth, new Set(all.map((c) => c.suite)));
      const consumer = testResultsParser.parse({ type: 'junit', files: [path] });
      assert.equal(consumer.total, result.assertions);
      assert.equal(consumer.failed, 0);
      assert.equal(consumer.status, 'PASS');
    }
    const [a, b] = [...seen.values()];
    assert.ok(
      [...a!].every((name) => !b!.has(name)),
      'the two auth methods never share a suite',
    );
  });

  it('counts a request the script refused as a failing case with its code, without stack noise', async () => {
    const reportDir = join(dir, 'junit-refused');
    const result = await runLocal(local.sandbox, local.pki, 'private_key_jwt', {
      values: { signing_private_key: await legacyEncryptedKey(), signing_key_passphrase: 'pw' },
      folder: ['3. Client credentials'],
      reporters: ['junit'],
      reportDir,
    });
    assert.equal(result.ok, false);
    assert.equal(result.requests, 0, 'nothing was sent');
    const path = join(reportDir, 'paynet-ofp.private_key_jwt.junit.xml');
    const doc = parseJunit(path);
    const failing = cases(doc).filter((c) => c.failure !== undefined);
    assert.equal(failing.length, 1, readFileSync(path, 'utf8'));
    assert.match(failing[0]!['@_name'], /^ERR_OFM_KEY_UNSUPPORTED: /);
    assert.match(failing[0]!.failure!['#text'] ?? '', /request: not sent/);
    // The refusal is the script's own failing test: the totals are the assertions, and equal
    // the runner's count.
    assert.equal(result.refused, 1);
    assert.equal(Number(doc.testsuites['@_tests']), result.assertions);
    assert.equal(Number(doc.testsuites['@_tests']), result.tests);
    assert.equal(Number(doc.testsuites['@_failures']), 1);
    assert.doesNotMatch(readFileSync(path, 'utf8'), /\n\s+at /, 'no stack trace');
    const consumer = testResultsParser.parse({ type: 'junit', files: [path] });
    assert.equal(consumer.failed, 1);
    assert.equal(consumer.status, 'FAIL');
  });
});

describe('HTML report', () => {
  it('renders styled and offline in Chromium, and shows the server error next to the failure', async () => {
    const reportDir = join(dir, 'html');
    const result = await runLocal(local.sandbox, local.pki, 'private_key_jwt', {
      values: { client_id: 'nobody-registered-this' },
      folder: ['1. Discovery', '3. Client credentials'],
      reporters: ['html'],
      reportDir,
    });
    assert.equal(result.ok, false);
    const path = join(reportDir, 'paynet-ofp.private_key_jwt.html');
    const html = readFileSync(path, 'utf8');
    assert.doesNotMatch(html, /<script|<link|src=|@import|url\(/i, 'nothing to fetch');
    const executablePath = process.env['CHROMIUM_PATH'] ?? '/usr/bin/chromium';
    assert.ok(
      existsSync(executablePath),
      `this test needs Chromium at ${executablePath}: apt-get install chromium (.ci/run does), or set CHROMIUM_PATH`,
    );
    const browser = await chromium.launch({
      executablePath,
      args: [
        '--no-sandbox',
        '--disable-gpu',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
        '--no-first-run',
      ],
    });
    try {
      const page = await browser.newPage();
      const fetched: string[] = [];
      await page.route('**/*', async (route) => {
        const url = route.request().url();
        if (url.startsWith('file://')) return route.continue();
        fetched.push(url);
        return route.abort();
      });
      await page.goto(`file://${path}`);
      assert.deepEqual(fetched, [], 'the page fetched nothing from the network');
      const bodyText = await page.locator('body').innerText();
      assert.match(bodyText, /client authentication failed/);
      assert.match(bodyText, /sandbox log: client not found/);
      const cause = page.locator('.failures .cause').first();
      assert.match(
        await cause.innerText(),
        /HTTP 401 invalid_client: client authentication failed/,
      );
      // Styled: the inline stylesheet applied (a red cause box, a dark header, not the defaults).
      const style = await cause.evaluate((el) => {
        const s = (
          globalThis as unknown as {
            getComputedStyle(e: unknown): { backgroundColor: string; borderTopStyle: string };
          }
        ).getComputedStyle(el);
        return { background: s.backgroundColor, border: s.borderTopStyle };
      });
      assert.equal(style.background, 'rgb(255, 235, 233)');
      assert.equal(style.border, 'solid');
      const header = await page.locator('header').evaluate(
        (el) =>
          (
            globalThis as unknown as {
              getComputedStyle(e: unknown): { backgroundColor: string; borderTopStyle: string };
            }
          ).getComputedStyle(el).backgroundColor,
      );
      assert.equal(header, 'rgb(36, 41, 47)');
    } finally {
      await browser.close();
    }
  });
});

/** Every secret value a run produced, read from the raw record (never written anywhere). */
function secretsOf(executions: readonly Execution[]): Map<string, string[]> {
  const out = new Map<string, string[]>();
  const add = (kind: string, value: string | undefined | null) => {
    if (typeof value === 'string' && value.length >= 8)
      out.set(kind, [...(out.get(kind) ?? []), value]);
  };
  for (const execution of executions) {
    for (const exchange of execution.exchanges) {
      const form = new URLSearchParams(exchange.requestBody ?? '');
      add('authorization code', form.get('code'));
      add('code verifier', form.get('code_verifier'));
      add('client assertion', form.get('client_assertion'));
      add('request object', form.get('request'));
      add('refresh token (request)', form.get('refresh_token'));
      add(
        'x-signature',
        exchange.requestHeaders.find((h) => h.key.toLowerCase() === 'x-signature')?.value,
      );
      add(
        'request_uri (query)',
        new URLSearchParams(exchange.url.split('?')[1] ?? '').get('request_uri'),
      );
      // Cookie values, read here with a parser of the test's own (not the one under test).
      for (const header of [...exchange.requestHeaders, ...exchange.responseHeaders]) {
        const key = header.key.toLowerCase();
        if (key !== 'cookie' && key !== 'set-cookie') continue;
        const pairs = key === 'cookie' ? header.value.split(';') : [header.value.split(';')[0]!];
        for (const pair of pairs) add(`${key} value`, pair.slice(pair.indexOf('=') + 1).trim());
      }
      if (exchange.responseBody?.trimStart().startsWith('{')) {
        const json = JSON.parse(exchange.responseBody) as Record<string, unknown>;
        for (const key of ['access_token', 'refresh_token', 'id_token', 'code', 'request_uri'])
          add(key, typeof json[key] === 'string' ? (json[key] as string) : undefined);
      }
    }
    for (const line of execution.console)
      if (line.message.startsWith(ACCOUNT_DATA_LOG_PREFIX)) {
        const data = line.message.slice(line.message.indexOf('{'));
        add('decrypted account data', data);
        // Single values from it too (account ids are in the request URLs, so not these).
        for (const match of data.matchAll(/"(amount|transaction_id|description)":"([^"]{6,})"/g))
          add(`account data ${match[1]}`, match[2]);
      }
  }
  return out;
}

describe('secrets and account data', () => {
  it('are masked in JUnit, JSON, HTML and console output of a run that produces all of them', async () => {
    const reportDir = join(dir, 'masked');
    const consoleOut: string[] = [];
    const result = await runLocal(local.sandbox, local.pki, 'private_key_jwt', {
      // The scripts print decrypted account data, so that the reports are seen to keep it out.
      envVars: { [PRINT_ACCOUNT_DATA]: 'true' },
      reporters: ['junit', 'json', 'html'],
      reportDir,
      onExecution: (execution, mask) =>
        consoleOut.push(
          ...executionLines(execution, { palette: palette(false), mask, verbose: false }),
        ),
    });
    assert.equal(result.ok, true, JSON.stringify(result.failures));
    consoleOut.push(summaryTable([{ label: 'private_key_jwt', result }]));
    const secrets = secretsOf(result.executions);
    for (const kind of [
      'authorization code',
      'code verifier',
      'client assertion',
      'request object',
      'access_token',
      'refresh_token',
      'id_token',
      'x-signature',
      'request_uri',
      'request_uri (query)',
      'cookie value',
      'decrypted account data',
      'account data amount',
    ])
      assert.ok(secrets.has(kind), `the run produced a ${kind}`);
    const outputs: Array<[string, string]> = [
      ['console', consoleOut.join('\n')],
      ...(['junit.xml', 'json', 'html'] as const).map(
        (ext) =>
          [ext, readFileSync(join(reportDir, `paynet-ofp.private_key_jwt.${ext}`), 'utf8')] as [
            string,
            string,
          ],
      ),
    ];
    // The JSON report keeps response bodies as byte arrays: read them as text too.
    const json = JSON.parse(outputs[2]![1]) as {
      run: { executions: Array<{ response?: { stream?: { data: number[] } } }> };
    };
    const bodies = json.run.executions
      .map((e) => Buffer.from(e.response?.stream?.data ?? []).toString('utf8'))
      .join('\n');
    outputs.push(['json response bodies', bodies]);
    // The collection's own documentation (in the JSON report too) shows example account data
    // from the local sandbox's fixtures, the same values this run decrypts: account data is
    // looked for in what the run produced, everything else in the whole file.
    const withoutDocs = (value: unknown): unknown =>
      Array.isArray(value)
        ? value.map(withoutDocs)
        : typeof value === 'object' && value !== null
          ? Object.fromEntries(
              Object.entries(value)
                .filter(([key]) => key !== 'collection' && key !== 'item' && key !== 'description')
                .map(([key, v]) => [key, withoutDocs(v)]),
            )
          : value;
    const runPart = JSON.stringify(withoutDocs(JSON.parse(outputs[2]![1])));
    for (const [where, text] of outputs)
      for (const [kind, values] of secrets) {
        const checked = where === 'json' && kind.includes('account data') ? runPart : text;
        for (const value of values)
          assert.ok(!checked.includes(value), `${where} holds a ${kind}: ${value.slice(0, 12)}…`);
      }
  });
});

describe('console', () => {
  const envFile = () => {
    const path = join(dir, 'cli.env.json');
    writeFileSync(
      path,
      JSON.stringify(localEnvironment(local.sandbox, local.pki, 'private_key_jwt')),
    );
    return path;
  };
  const certList = () => {
    const path = join(dir, 'cli.certs.json');
    writeFileSync(path, JSON.stringify(localCertList(local.sandbox, local.pki, 'private_key_jwt')));
    return path;
  };

  const runArgs = () => [
    'run',
    '--auth',
    'private_key_jwt',
    '--environment',
    envFile(),
    '--cert-list',
    certList(),
    '--ca',
    local.pki.paths.caCert,
  ];

  it('shows an expected refusal as passing, prints a line per request, and account data only with --verbose', async () => {
    const args = runArgs();
    const plain = await runCliAsync(args, { timeoutMs: 120_000 });
    assert.equal(plain.status, 0, plain.stdout + plain.stderr);
    assert.match(plain.stdout, /✓ 401 .* GET +Data after revocation/);
    assert.doesNotMatch(plain.stdout, /✗/);
    const requestLines = plain.stdout.split('\n').filter((l) => /^ {2}[✓✗–] /.test(l));
    const scriptLines = plain.stdout.split('\n').filter((l) => /^ {6}↳ /.test(l));
    assert.match(
      plain.stdout,
      new RegExp(`private_key_jwt +${requestLines.length} +${scriptLines.length} `),
    );
    assert.doesNotMatch(plain.stdout, /current_balance|transaction_id/, 'no account data');
    assert.match(plain.stdout, /decrypted account data: 8 responses checked, not printed/);
    const verbose = await runCliAsync(
      [
        ...args,
        '--verbose',
        '--folder',
        'Discovery',
        'Client credentials',
        'Providers',
        'Consent',
        'Account data',
      ],
      {
        timeoutMs: 120_000,
      },
    );
    assert.equal(verbose.status, 0, verbose.stdout + verbose.stderr);
    assert.match(verbose.stdout, /current_balance/);
  });

  it("has no colour when piped or with NO_COLOR, in its lines and the cli reporter's, and colour with FORCE_COLOR", async () => {
    const args = [...runArgs(), '--folder', 'Discovery', '--reporters', 'cli'];
    const env: Record<string, string> = {};
    for (const [key, value] of Object.entries(process.env))
      if (value !== undefined && key !== 'FORCE_COLOR' && key !== 'NO_COLOR') env[key] = value;
    const ESC = String.fromCharCode(27);
    const piped = await runCliAsync(args, { env, replaceEnv: true });
    assert.equal(piped.status, 0, piped.stdout);
    assert.match(piped.stdout, /Discovery document/);
    assert.ok(!piped.stdout.includes(`${ESC}[`), 'no escape codes in a pipe');
    const noColor = await runCliAsync(args, {
      env: { ...env, NO_COLOR: '1' },
      replaceEnv: true,
    });
    assert.ok(!noColor.stdout.includes(`${ESC}[`), 'no escape codes with NO_COLOR');
    const forced = await runCliAsync(args, {
      env: { ...env, FORCE_COLOR: '1' },
      replaceEnv: true,
    });
    assert.ok(forced.stdout.includes(`${ESC}[32m✓${ESC}[39m`), 'our lines are coloured');
  });
});

describe('the sandbox log of a passing journey', () => {
  it('has no refusal but the one the journey expects, and that one with its reason', async () => {
    const { results, logs: journeyLogs } = await passingJourneys();
    for (const result of results) assert.equal(result.ok, true, JSON.stringify(result.failures));
    const refusals = journeyLogs.filter(
      (e) => e['error'] !== undefined || e['status'] !== undefined,
    );
    assert.deepEqual(
      refusals.map((e) => `${String(e['event'])}: ${String(e['detail'])}`),
      [
        'resource.refused: the access token is not active',
        'resource.refused: the access token is not active',
      ],
      'only "Data after revocation", once per auth method',
    );
  });
});
