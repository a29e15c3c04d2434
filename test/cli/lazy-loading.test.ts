/**
 * Commands load only what they use: help and the commands that neither run a collection nor serve
 * one never load newman or oidc-provider. The binary runs with a module-resolution hook
 * (test/helpers/load-recorder) that records every module URL the process resolves.
 */
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { after, before, describe, it } from 'node:test';
import { distIsFresh } from '../../src/builder/dist-fresh.js';
import { runCli } from '../helpers/cli.js';
import { REPO_ROOT } from '../helpers/paths.js';

const RECORDER = pathToFileURL(join(REPO_ROOT, 'test', 'helpers', 'load-recorder', 'register.mjs'));
const HEAVY = ['newman', 'oidc-provider'] as const;

let dir: string;
let runs = 0;

before(() => {
  dir = mkdtempSync(join(tmpdir(), 'ofm-lazy-'));
});
after(() => rmSync(dir, { recursive: true, force: true }));

/** Runs the binary and returns its result and the packages (under node_modules) it resolved. */
function runRecorded(args: string[]) {
  const log = join(dir, `loads-${runs++}.txt`);
  writeFileSync(log, '');
  const result = runCli(args, {
    cwd: dir,
    env: { OFM_LOAD_LOG: log },
    nodeArgs: ['--import', RECORDER.href],
  });
  const urls = readFileSync(log, 'utf8').split('\n').filter(Boolean);
  const packages = new Set(
    urls.flatMap((url) => {
      const match = /\/node_modules\/((?:@[^/]+\/)?[^/]+)\//.exec(url);
      return match ? [match[1]!] : [];
    }),
  );
  return { ...result, urls, packages };
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

describe('help', () => {
  it('covers every command ofm-postman --help lists', () => {
    const help = runCli(['--help']);
    assert.equal(help.status, 0, help.stderr);
    const listed = [...help.stdout.matchAll(/^\s+ofm-postman (\w+)/gm)].map((m) => m[1]!);
    assert.deepEqual([...listed].sort(), [...COMMANDS].sort());
  });
  for (const args of [['--help'], ['-h'], ['--version'], ...COMMANDS.map((c) => [c, '--help'])]) {
    it(`ofm-postman ${args.join(' ')} loads yargs and none of the libraries`, () => {
      const result = runRecorded(args);
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
    const args = ['generate', '--tagret', 'x'];
    const result = runRecorded(args);
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
