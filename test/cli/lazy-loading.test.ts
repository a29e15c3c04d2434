/**
 * Commands load only what they use: help and the commands that neither run a collection nor serve
 * one never load newman or oidc-provider. The binary runs with a module-resolution hook
 * (test/helpers/load-recorder) that records every module URL the process resolves.
 *
 * The help, version and refused-argument lines load nothing past the command line's static imports,
 * so they run in ONE recorded process (load-recorder/command-lines.mjs: dist's runCommandLine, line
 * after line), each credited with its static imports and what it resolved itself; one recorded run
 * of the binary (`--help`) keeps bin/ honest and must load the very same packages. The commands
 * that do work load libraries of their own, so each runs as the binary in a process of its own.
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { after, before, describe, it } from 'node:test';
import { distIsFresh } from '../../src/builder/dist-fresh.js';
import { runCli, type CliResult } from '../helpers/cli.js';
import { REPO_ROOT } from '../helpers/paths.js';

const RECORDER_DIR = join(REPO_ROOT, 'test', 'helpers', 'load-recorder');
const RECORDER = pathToFileURL(join(RECORDER_DIR, 'register.mjs'));
const HEAVY = ['newman', 'oidc-provider'] as const;

let dir: string;
let runs = 0;

before(() => {
  dir = mkdtempSync(join(tmpdir(), 'ofm-lazy-'));
});
after(() => rmSync(dir, { recursive: true, force: true }));

/** The packages (under node_modules) of some module URLs. */
function packagesOf(urls: readonly string[]): Set<string> {
  return new Set(
    urls.flatMap((url) => {
      const match = /\/node_modules\/((?:@[^/]+\/)?[^/]+)\//.exec(url);
      return match ? [match[1]!] : [];
    }),
  );
}

function newLog(): string {
  const log = join(dir, `loads-${runs++}.txt`);
  writeFileSync(log, '');
  return log;
}

/** Runs the binary and returns its result and the packages (under node_modules) it resolved. */
function runRecorded(args: string[]) {
  const log = newLog();
  const result = runCli(args, {
    cwd: dir,
    env: { OFM_LOAD_LOG: log },
    nodeArgs: ['--import', RECORDER.href],
  });
  const urls = readFileSync(log, 'utf8').split('\n').filter(Boolean);
  return { ...result, urls, packages: packagesOf(urls) };
}

interface RecordedLine extends CliResult {
  readonly argv: string[];
  /** The static imports and what this line resolved itself. */
  readonly packages: Set<string>;
}

/**
 * Runs `lines` one after another in one recorded process (see the module comment); returns each
 * line's result, the packages the whole process resolved, and the process's own stderr.
 */
function runRecordedInOneProcess(lines: string[][]) {
  const log = newLog();
  const child = spawnSync(
    process.execPath,
    ['--import', RECORDER.href, join(RECORDER_DIR, 'command-lines.mjs')],
    {
      cwd: dir,
      encoding: 'utf8',
      env: { ...process.env, OFM_LOAD_LOG: log, OFM_COMMAND_LINES: JSON.stringify(lines) },
      timeout: 60_000,
    },
  );
  assert.equal(child.status, 0, child.stderr);
  const out = JSON.parse(child.stdout) as {
    loaded: string[];
    lines: Array<CliResult & { argv: string[]; urls: string[] }>;
  };
  const all = readFileSync(log, 'utf8')
    .split('\n')
    .filter((l) => l !== '' && !l.startsWith('#'));
  return {
    stderr: child.stderr,
    packages: packagesOf(all),
    lines: out.lines.map(({ urls, ...line }): RecordedLine => ({
      ...line,
      packages: packagesOf([...out.loaded, ...urls]),
    })),
  };
}

function assertNoHeavyPackage(args: string[], loaded: Set<string>): void {
  for (const name of HEAVY) {
    assert.ok(!loaded.has(name), `ofm-postman ${args.join(' ')} loaded ${name}`);
  }
}

/** Every command: the test below checks that `ofm-postman --help` lists exactly these. */
const COMMANDS = [
  'build',
  'generate',
  'env',
  'assertion',
  'certs',
  'keys',
  'sandbox',
  'run',
  'consent',
  'demo',
  'completion',
  'onboard',
  'doctor',
];

const HELP_LINES = [['--help'], ['-h'], ['--version'], ...COMMANDS.map((c) => [c, '--help'])];
/** A mistake in the arguments of a command that neither runs nor serves a collection. */
const MISTAKE = ['generate', '--tagret', 'x'];

let oneProcess: ReturnType<typeof runRecordedInOneProcess> | undefined;
/** The help lines and the mistake, recorded in one process (run once, by the first test asking). */
function recordedLine(args: readonly string[]): RecordedLine {
  oneProcess ??= runRecordedInOneProcess([...HELP_LINES, MISTAKE]);
  const line = oneProcess.lines.find((l) => l.argv.join(' ') === args.join(' '));
  assert.ok(line, `recorded ${args.join(' ')}`);
  return line;
}

describe('help', () => {
  let binaryHelp: ReturnType<typeof runRecorded>;
  before(() => {
    binaryHelp = runRecorded(['--help']);
  });

  it('covers every command ofm-postman --help lists', () => {
    assert.equal(binaryHelp.status, 0, binaryHelp.stderr);
    const listed = [...binaryHelp.stdout.matchAll(/^\s+ofm-postman (\w+)/gm)].map((m) => m[1]!);
    assert.deepEqual([...listed].sort(), [...COMMANDS].sort());
  });

  it('the binary and the one-process record of --help print the same and load the same packages', () => {
    assert.equal(binaryHelp.stderr, '', 'no warning');
    const inProcess = recordedLine(['--help']);
    assert.equal(inProcess.stdout, binaryHelp.stdout);
    assert.deepEqual([...inProcess.packages].sort(), [...binaryHelp.packages].sort());
    // Nothing a line printed escaped to the process's own stderr (a library's warning).
    assert.equal(oneProcess?.stderr, '', 'no warning from the process running the lines');
    // Whatever line loaded it, no help line nor the mistake loaded a heavy package.
    assertNoHeavyPackage(['(all of them)'], oneProcess?.packages ?? new Set());
  });

  it('ofm-postman --version through the binary prints what yargs prints, loading no package', () => {
    // bin's main.js answers `--version` alone before it imports the command line.
    for (const flag of ['--version', '-v']) {
      const binary = runRecorded([flag]);
      assert.equal(binary.status, 0, binary.stderr);
      assert.equal(binary.stderr, '');
      assert.equal(binary.stdout, recordedLine(['--version']).stdout, flag);
      assert.ok(binary.urls.length > 0, 'the recorder saw the process');
      assert.deepEqual([...binary.packages], [], `${flag} loaded packages`);
    }
  });

  for (const args of HELP_LINES) {
    it(`ofm-postman ${args.join(' ')} loads yargs and none of the libraries`, () => {
      const result = recordedLine(args);
      assert.equal(result.status, 0, result.stderr);
      assert.equal(result.stderr, '', 'no warning');
      // The recorder saw the process's imports (else this test proves nothing).
      assert.ok(result.packages.has('yargs'), `recorded: ${[...result.packages].join(', ')}`);
      assertNoHeavyPackage(args, result.packages);
      for (const library of ['postman-collection', 'esbuild', 'jsrsasign', 'jose']) {
        assert.ok(!result.packages.has(library), `${args.join(' ')} loaded ${library}`);
      }
    });
  }
});

describe('commands that neither run nor serve a collection', () => {
  it('keys, build, generate, env, certs and assertion do their work without newman or oidc-provider', () => {
    const keysDir = join(dir, 'keys');
    // With dist/postman/ up to date (after npm run build), the scripts are read, not bundled.
    const bundles = !distIsFresh(REPO_ROOT, 'postman');
    const steps: Array<{ args: string[]; loads: string; skips?: string }> = [
      { args: ['keys', '--dir', keysDir], loads: 'jsrsasign' },
      {
        args: ['build', '--out', join(dir, 'build')],
        ...(bundles ? { loads: 'esbuild' } : { loads: 'yargs', skips: 'esbuild' }),
      },
      {
        args: ['generate', '--out', join(dir, 'gen'), '--target', 'local'],
        ...(bundles ? { loads: 'esbuild' } : { loads: 'postman-collection', skips: 'esbuild' }),
      },
      {
        args: [
          'env',
          ...['--target', 'local'],
          ...['--signing-key', join(keysDir, 'signing.key'), '--out', join(dir, 'env.json')],
        ],
        loads: 'postman-collection',
      },
      {
        args: [
          'certs',
          ...['--target', 'local', '--out', join(dir, 'certs.json')],
          ...['--cert', join(keysDir, 'transport-private_key_jwt.crt')],
          ...['--key', join(keysDir, 'transport-private_key_jwt.key')],
        ],
        loads: 'postman-collection',
      },
      {
        args: [
          'assertion',
          ...['--target', 'local'],
          ...['--signing-key', join(keysDir, 'signing.key')],
        ],
        loads: 'jose',
      },
    ];
    for (const { args, loads, skips } of steps) {
      const result = runRecorded(args);
      assert.equal(result.status, 0, `${args[0]}: ${result.stderr}`);
      // assertion says on stderr which audience it signed for (a `# ` line); nothing else.
      const other = result.stderr.split('\n').filter((l) => l !== '' && !l.startsWith('# '));
      assert.deepEqual(other, [], `${args[0]} prints no warning`);
      // The library the command needs did load: the recorder follows dynamic imports too.
      assert.ok(result.packages.has(loads), `${args[0]} loaded ${loads}`);
      if (skips) assert.ok(!result.packages.has(skips), `${args[0]} did not load ${skips}`);
      assertNoHeavyPackage(args, result.packages);
    }
  });

  it('a mistake in their arguments is reported without loading anything heavy', () => {
    const args = MISTAKE;
    const result = recordedLine(args);
    assert.equal(result.status, 2);
    assert.match(result.stderr, /^ofm-postman: ERR_OFM_USAGE: Unknown argument: tagret/);
    assertNoHeavyPackage(args, result.packages);
  });
});

describe('the commands that need them', () => {
  it('run loads newman, and sandbox loads oidc-provider', () => {
    const collection = join(dir, 'empty.postman_collection.json');
    writeFileSync(
      collection,
      JSON.stringify({
        info: {
          name: 'empty',
          schema: 'https://schema.getpostman.com/json/collection/v2.1.0/collection.json',
        },
        item: [],
      }),
    );
    const run = runRecorded(['run', '--collection', collection, '--no-preflight', '--quiet']);
    // An empty collection checks nothing: no pass, one coded line, and no other warning.
    assert.equal(run.status, 1, run.stderr);
    assert.match(
      run.stderr,
      /^ofm-postman: ERR_OFM_NOTHING_RAN: no request was sent, .+\(hint: .+\)\n$/,
    );
    assert.ok(run.packages.has('newman'), 'run loaded newman');
    assert.ok(!run.packages.has('oidc-provider'), 'run did not load oidc-provider');

    // No keys in the folder: the sandbox loads, then refuses to start with a coded error.
    const sandbox = runRecorded(['sandbox', '--port', '0', '--keys', join(dir, 'no-keys')]);
    assert.equal(sandbox.status, 3, sandbox.stderr);
    assert.match(sandbox.stderr, /ERR_OFM_KEYS_MISSING/);
    assert.ok(sandbox.packages.has('oidc-provider'), 'sandbox loaded oidc-provider');
    assert.ok(!sandbox.packages.has('newman'), 'sandbox did not load newman');
  });
});
