/**
 * The binary and the in-process command line the other tests call agree: every command once
 * through bin/ofm-postman.js in a process of its own (what keeps the binary honest), with the
 * same output and exit code as in-process: help, coded errors of each exit class, and a command
 * that ran and failed (exit 1 set by its handler).
 */
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { errorCodeOf, runCliAsync, type CliResult } from '../helpers/cli.js';
import { runInProcess } from '../helpers/cli-in-process.js';
import { testPki } from '../helpers/shared-pki.js';

const work = mkdtempSync(join(tmpdir(), 'ofm-binary-'));
let commands: string[] = [];

before(async () => {
  const top = await runCliAsync(['--help'], { spawned: true });
  assert.equal(top.status, 0, top.stderr);
  commands = [...top.stdout.matchAll(/^\s+ofm-postman (\w+)/gm)].map((m) => m[1]!);
  assert.ok(commands.length >= 12, `the commands are listed:\n${top.stdout}`);
});

after(() => rmSync(work, { recursive: true, force: true }));

/** The same command line both ways; returns the spawned result after checking they agree. */
async function bothWays(args: string[]): Promise<CliResult> {
  const options = { cwd: work, env: { NO_COLOR: '1' } };
  const spawned = await runCliAsync(args, { ...options, spawned: true });
  // Straight to the in-process runner: the sandbox's --help needs no process of its own.
  const inProcess = await runInProcess(args, options);
  const shown = args.join(' ');
  assert.equal(inProcess.status, spawned.status, `${shown}: the same exit code`);
  assert.equal(inProcess.stdout, spawned.stdout, `${shown}: the same stdout`);
  assert.equal(inProcess.stderr, spawned.stderr, `${shown}: the same stderr`);
  return spawned;
}

describe('the binary and the in-process command line', () => {
  it('every command: --help through the binary, as in-process', async () => {
    for (const command of commands) {
      const help = await bothWays([command, '--help']);
      assert.equal(help.status, 0, `${command} --help`);
      assert.match(help.stdout, new RegExp(`^ofm-postman ${command}\\b`), `${command} --help`);
      assert.equal(help.stderr, '');
    }
  });

  it('coded errors: one line, the same exit code (usage 2, cannot start 3)', async () => {
    const usage = await bothWays(['nope']);
    assert.equal(usage.status, 2);
    assert.equal(errorCodeOf(usage), 'ERR_OFM_USAGE');
    const missing = await bothWays(['run', '--collection', join(work, 'none.json')]);
    assert.equal(missing.status, 3, missing.stderr);
    assert.equal(errorCodeOf(missing), 'ERR_OFM_FILE_NOT_FOUND');
  });

  it('a command that ran and failed: exit 1 from its handler, the same report', async () => {
    // A signing certificate that does not belong to its key: the run's test PKI, copied (a kit
    // of its own would make three RSA keys; doctor's kit checks are test/onboard/doctor's).
    await testPki(join(work, 'pki'));
    const files = ['--signing-key', 'pki/encryption.key', '--signing-cert', 'pki/signing.crt'];
    const doctor = await bothWays(['doctor', ...files]);
    assert.equal(doctor.status, 1, doctor.stdout + doctor.stderr);
    assert.match(doctor.stdout, /^fail CERT_KEY_MISMATCH +signing /m);
  });
});
