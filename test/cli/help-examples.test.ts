/**
 * Every `--help` example of every command, run as printed against a local sandbox, in a fresh
 * folder whose `.ofm/keys` holds the test keys.
 *
 * The examples assume the sandbox on its default port 8443, and a build writes into the package.
 * Tests never take a fixed port nor write into the checkout, so these are the only changes made
 * to an example: commands with target options get `--local-url` for this test's sandbox (on a
 * port the OS chose), a sandbox example that names no port gets `--port 0`, and a build example
 * that names no folder (its default is the package's dist/, which other test files read) gets
 * `--out` in this test's temp folder. Examples that cannot run offline are listed below with their
 * reason; there must be few of them.
 */
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { before, describe, it } from 'node:test';
import { buildEnvironment } from '../../src/builder/environment.js';
import { localTarget } from '../../src/builder/targets.js';
import type { RunningSandbox } from '../../src/server/sandbox.js';
import { LOCAL_CLIENT_IDS } from '../../src/shared/local-sandbox.js';
import type { AuthMethod } from '../../src/shared/variables.js';
import { runCliAsync, type CliResult } from '../helpers/cli.js';
import { ASSERTION_TYPE, FapiClient } from '../helpers/fapi-client.js';
import { identityFrom } from '../helpers/http-client.js';
import { spawnSandbox, useLocalSandbox } from '../helpers/local-sandbox.js';

/** Examples that need something this test cannot provide, by a part of their text. */
const NOT_OFFLINE: ReadonlyArray<[string, string]> = [
  ['paynet-sandbox', "needs PayNet's sandbox and your own credentials"],
  ['example.com', 'needs a discovery document on the network'],
  ['ofm-postman demo', 'runs end to end in test/e2e/npm-start.test.ts'],
];

/**
 * Examples in which a person approves at the bank between two steps: test/e2e/consent.test.ts runs
 * each of their forms (loopback listener, pasted URL, --redirect-url) with a scripted person.
 */
const NEEDS_A_PERSON = 'ofm-postman consent';

/** Commands with target options, which take `--local-url`. */
const TARGET_COMMANDS = new Set(['generate', 'env', 'certs', 'assertion']);

/** The order commands' examples run in: each may use what an earlier one wrote. */
const ORDER = [
  'keys',
  'build',
  'generate',
  'env',
  'certs',
  'assertion',
  'sandbox',
  'run',
  'consent',
  'demo',
  'onboard',
  'doctor',
];

interface Example {
  readonly command: string;
  readonly text: string;
  readonly env: Record<string, string>;
  readonly args: string[];
}

// The sandbox's keys are the work folder's .ofm/keys, where the examples look for them.
const local = useLocalSandbox('ofm-help-', { keysPath: join('work', '.ofm', 'keys') });
const dir = local.dir;
const work = join(dir, 'work');
const keysWork = join(dir, 'keys-work');
/** Where a build example that names no folder writes (instead of the checkout's dist/). */
const buildOut = join(dir, 'dist');
let sandbox: RunningSandbox;
let examples: Example[] = [];
const helpTexts = new Map<string, string>();
const outputs = new Map<string, CliResult>();

function parseExamples(command: string, help: string): Example[] {
  const section = help.split(/^Examples:\n/m)[1] ?? '';
  const lines = section
    .split('\n\n')[0]!
    .split('\n')
    .filter((line) => line.trim() !== '');
  return lines.map((line) => {
    const text = line.trim().split(/\s{2,}/)[0]!;
    const words = text.split(' ');
    const env: Record<string, string> = {};
    while (/^[A-Z_]+=/.test(words[0]!)) {
      const [name, value] = words.shift()!.split(/=(.*)/s);
      env[name!] = value!;
    }
    assert.equal(words.shift(), 'ofm-postman', text);
    return { command, text, env, args: words };
  });
}

function reasonToSkip(example: Example): string | undefined {
  return NOT_OFFLINE.find(([part]) => example.text.includes(part))?.[1];
}

function needsAPerson(example: Example): boolean {
  return example.text.startsWith(NEEDS_A_PERSON);
}

before(async () => {
  await local.ready();
  mkdirSync(keysWork);
  sandbox = local.sandbox;
  const top = await runCliAsync(['--help']);
  // completion's examples are shell lines (`>> ~/.bashrc`, `source <(…)`), not a command to run.
  const commands = [...top.stdout.matchAll(/^\s+ofm-postman (\w+)/gm)]
    .map((m) => m[1]!)
    .filter((command) => command !== 'completion');
  assert.deepEqual([...commands].sort(), [...ORDER].sort(), 'ORDER names every command');
  const helps = await Promise.all(commands.map((c) => runCliAsync([c, '--help'])));
  examples = commands
    .flatMap((command, i) => {
      helpTexts.set(command, helps[i]!.stdout);
      assert.match(helps[i]!.stdout, /Examples:/, `${command} --help has examples`);
      return parseExamples(command, helps[i]!.stdout);
    })
    .sort((a, b) => ORDER.indexOf(a.command) - ORDER.indexOf(b.command));
});

/**
 * The example's arguments with the port pointed at this test's sandbox, and a build's default
 * output folder (the package's dist/) replaced by this test's own.
 */
function localized(example: Example): string[] {
  const args = [...example.args];
  const local = args.includes('--target') && args[args.indexOf('--target') + 1] === 'local';
  if (local && TARGET_COMMANDS.has(example.command) && !args.includes('--local-url'))
    args.push('--local-url', sandbox.issuer);
  if (example.command === 'build' && !args.includes('--out')) args.push('--out', buildOut);
  return args;
}

async function startSandboxExample(example: Example): Promise<Record<string, unknown>> {
  const [command, ...args] = localized(example);
  assert.equal(command, 'sandbox', example.text);
  if (!args.includes('--port')) args.push('--port', '0');
  const { cli, ready } = await spawnSandbox(args, { cwd: work, timeoutMs: 30_000 });
  assert.equal(await cli.stop(), 0, `${example.text} stops cleanly`);
  return ready;
}

/** Runs `jobs` with at most `limit` at a time (the machine has two cores). */
async function pool<T>(jobs: Array<() => Promise<T>>, limit: number): Promise<T[]> {
  const results: T[] = [];
  let next = 0;
  const worker = async () => {
    while (next < jobs.length) {
      const i = next++;
      results[i] = await jobs[i]!();
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, jobs.length) }, worker));
  return results;
}

/**
 * Runs `examples` command by command in {@link ORDER} (a later command's example may read what an
 * earlier one wrote, e.g. `env --format bruno --out build/collections/bruno/…` needs the folder
 * `generate --format bruno --out ./build` writes), the examples of one command three at a time.
 */
async function inOrder(examples: readonly Example[]): Promise<void> {
  for (const command of ORDER)
    await pool(
      examples.filter((e) => e.command === command).map((e) => () => runExample(e)),
      3,
    );
}

async function runExample(example: Example): Promise<void> {
  assert.doesNotMatch(example.text, /["'…]/, `runs as printed, no quotes or …: ${example.text}`);
  if (example.command === 'sandbox') {
    const ready = await startSandboxExample(example);
    assert.match(String(ready['issuer']), /^https:\/\/127\.0\.0\.1:\d+$/, example.text);
    if (example.args.includes('manual'))
      assert.ok(ready['test_user'], `${example.text}: the ready line names the test user`);
    return;
  }
  const result = await runCliAsync(localized(example), {
    cwd: example.command === 'keys' ? keysWork : work,
    env: example.env,
  });
  assert.equal(result.status, 0, `${example.text}\n${result.stdout}\n${result.stderr}`);
  outputs.set(example.text, result);
}

describe('every --help example', () => {
  it('runs as printed against the local sandbox (offline ones)', async () => {
    const offline = examples.filter((e) => reasonToSkip(e) === undefined && !needsAPerson(e));
    const skipped = examples.filter((e) => reasonToSkip(e) !== undefined && !needsAPerson(e));
    assert.ok(
      examples.filter(needsAPerson).length >= 3,
      'consent shows its loopback, paste and non-interactive forms',
    );
    // The keys examples work in their own folder (one replaces the key set); run uses what the
    // env, certs and generate examples wrote, so it goes last, with the sandbox examples.
    // doctor checks the kit an onboard example wrote.
    const later = new Set(['run', 'sandbox', 'doctor']);
    const keys = offline.filter((e) => e.command === 'keys');
    const first = offline.filter((e) => e.command !== 'keys' && !later.has(e.command));
    await Promise.all([
      pool(
        keys.map((e) => () => runExample(e)),
        1,
      ),
      inOrder(first),
    ]);
    await pool(
      offline.filter((e) => later.has(e.command)).map((e) => () => runExample(e)),
      3,
    );
    if (offline.some((e) => e.command === 'build' && !e.args.includes('--out'))) {
      // It ran with --out in the temp folder; its own default is a folder of the working folder.
      assert.ok(existsSync(join(buildOut, 'prerequest.js')), 'the build example wrote the script');
      assert.ok(
        helpTexts.get('build')?.includes('[default: "ofm-scripts"]'),
        `build writes into ./ofm-scripts by default:\n${helpTexts.get('build')}`,
      );
    }
    assert.ok(
      offline.length >= 14,
      `ran ${offline.length} examples:\n${offline.map((e) => e.text).join('\n')}`,
    );
    assert.ok(
      skipped.length <= 3,
      `too many examples cannot run offline:\n${skipped.map((e) => `${e.text}: ${reasonToSkip(e)}`).join('\n')}`,
    );
  });

  it('assertion examples: the printed assertion and cURL requests get tokens from the sandbox', async () => {
    const client = new FapiClient(
      sandbox.issuer,
      readFileSync(join(work, '.ofm', 'keys', 'ca.crt'), 'utf8'),
    );
    const assertionExamples = examples.filter((e) => e.command === 'assertion');
    assert.ok(assertionExamples.length >= 3);
    for (const example of assertionExamples) {
      assert.ok(outputs.has(example.text), `ran in the test before: ${example.text}`);
      const out = outputs.get(example.text)?.stdout ?? '';
      if (!example.args.includes('--curl')) {
        const token = await client.request('/token', {
          identity: identityFrom(
            join(work, '.ofm', 'keys', 'transport-private_key_jwt.crt'),
            join(work, '.ofm', 'keys', 'transport-private_key_jwt.key'),
          ),
          form: {
            grant_type: 'client_credentials',
            scope: 'accounts',
            client_id: LOCAL_CLIENT_IDS.private_key_jwt,
            client_assertion_type: ASSERTION_TYPE,
            client_assertion: out.trim(),
          },
        });
        assert.equal(token.status, 200, `${example.text}: ${token.text}`);
        continue;
      }
      // Asynchronously: the sandbox answering it runs in this process.
      const curl = await new Promise<{ status: number; stdout: string; stderr: string }>(
        (resolve) => {
          execFile('sh', ['-c', out], { cwd: work, timeout: 30_000 }, (error, stdout, stderr) =>
            resolve({ status: error ? 1 : 0, stdout, stderr }),
          );
        },
      );
      assert.equal(curl.status, 0, `${example.text}: ${curl.stderr}`);
      const body = JSON.parse(curl.stdout) as Record<string, unknown>;
      assert.equal(body['token_type'], 'Bearer', `${example.text}: ${curl.stdout}`);
      assert.equal(typeof body['access_token'], 'string');
    }
  });

  it('env --print-env-vars: the CI form runs the whole tls collection, secrets only in the process environment', async () => {
    const example = examples.find(
      (e) => e.command === 'env' && e.args.includes('--print-env-vars'),
    );
    assert.ok(example, 'an env example shows the CI form');
    const out = outputs.get(example.text)?.stdout ?? '';
    const flags = [...out.matchAll(/--env-var "([^"]+)"/g)].map((m) => ['--env-var', m[1]!]);
    assert.ok(flags.length >= 3, out);
    const auth = example.args[example.args.indexOf('--auth') + 1]!;
    // The shareable environment (no secret in it), pointed at this test's sandbox.
    const shareable = join(dir, `local.${auth}.postman_environment.json`);
    writeFileSync(
      shareable,
      JSON.stringify(buildEnvironment(localTarget(sandbox.issuer), auth as AuthMethod)),
    );
    const keys = join(work, '.ofm', 'keys');
    const run = await runCliAsync(
      [
        'run',
        '--auth',
        auth,
        '--environment',
        shareable,
        ...flags.flat(),
        '--cert',
        join(keys, `transport-${auth}.crt`),
        '--key',
        join(keys, `transport-${auth}.key`),
        '--ca',
        join(keys, 'ca.crt'),
      ],
      {
        cwd: work,
        env: {
          OFM_SIGNING_KEY_FILE: join(keys, 'signing.key'),
          OFM_ENCRYPTION_KEY_FILE: join(keys, 'encryption.key'),
        },
      },
    );
    assert.equal(run.status, 0, run.stdout + run.stderr);
    assert.match(run.stdout, /Balances/, 'account data ran, decrypted with the encryption key');
  });
});
