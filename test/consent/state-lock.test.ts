/**
 * src/runner/state/state-lock.ts and openLockedState: a held lock makes the next taker wait and then
 * read what the holder saved; a lock left by a killed process is taken over; a lock that cannot
 * be had in time, or made at all, is a coded error; a lost lock forbids saving.
 */
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import {
  existsSync,
  mkdirSync,
  mkdtempSync,
  rmSync,
  statSync,
  utimesSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { setTimeout as sleep } from 'node:timers/promises';
import { exitCodeFor } from '../../src/cli/handle-error.js';
import { lockPathOf, lockState } from '../../src/runner/state/state-lock.js';
import { openLockedState } from '../../src/runner/state/state-use.js';
import { writeState } from '../../src/runner/state/state.js';
import { isOfmError } from '../../src/shared/errors.js';
import { REPO_ROOT } from '../helpers/paths.js';

const dir = mkdtempSync(join(tmpdir(), 'ofm-state-lock-'));
after(() => rmSync(dir, { recursive: true, force: true }));

const owner = {
  issuer: 'https://as.one',
  clientId: 'client-1',
  auth: 'private_key_jwt',
  target: 'one',
};
let counter = 0;
const statePath = () => join(dir, `s${++counter}`, 'state.json');

/** Whether `promise` settled within `ms`. */
async function settlesWithin(promise: Promise<unknown>, ms: number): Promise<boolean> {
  const settled = await Promise.race([
    promise.then(
      () => true,
      () => true,
    ),
    sleep(ms).then(() => false),
  ]);
  return settled;
}

function assertCoded(error: unknown, code: string, message: RegExp): true {
  assert.ok(isOfmError(error), String(error));
  assert.equal(error.code, code);
  assert.match(error.message, message);
  assert.equal(exitCodeFor(error), 3, 'could not start: exit 3');
  return true;
}

describe('the lock on a state file', () => {
  it('a second taker waits for the holder, then reads the state it saved', async () => {
    const path = statePath();
    await writeState(path, owner, { access_token: 'old', refresh_token: 'rt-1' });
    const first = await openLockedState(path, owner, { fresh: false });
    assert.equal(first.values['access_token'], 'old');
    assert.ok(statSync(lockPathOf(path)).isDirectory(), 'the lock is a folder beside the state');

    const second = openLockedState(path, owner, { fresh: false, lock: { waitMs: 20_000 } });
    assert.equal(await settlesWithin(second, 700), false, 'the second taker waits');
    await writeState(path, owner, { access_token: 'new', refresh_token: 'rt-2' });
    await first.lock.release();

    const taken = await second;
    assert.equal(taken.values['access_token'], 'new', 'it read the state after the lock');
    assert.equal(taken.values['refresh_token'], 'rt-2');
    await taken.lock.release();
    assert.equal(existsSync(lockPathOf(path)), false, 'released: the lock folder is gone');
    await taken.lock.release(); // a second release is harmless
  });

  it('makes the owner-only state folder when it is missing', async () => {
    const path = statePath();
    const lock = await lockState(path);
    assert.equal(statSync(join(path, '..')).mode & 0o777, 0o700);
    assert.equal(existsSync(path), false, 'the lock writes no state');
    await lock.release();
  });

  it('a lock that cannot be had in time is ERR_OFM_STATE_LOCKED, naming the file', async () => {
    const path = statePath();
    const holder = await lockState(path);
    try {
      const started = Date.now();
      await assert.rejects(lockState(path, { waitMs: 600 }), (error) =>
        assertCoded(
          error,
          'ERR_OFM_STATE_LOCKED',
          /state file .*state\.json is in use by another ofm-postman run or consent .*nothing was sent/,
        ),
      );
      assert.ok(Date.now() - started >= 500, 'it waited before giving up');
    } finally {
      await holder.release();
    }
  });

  it('a lock left by a killed process is taken over once stale', async () => {
    const path = statePath();
    mkdirSync(join(path, '..'), { recursive: true });
    // Another process takes the lock and is killed without releasing it.
    const child = spawn(
      process.execPath,
      [
        '--import',
        'tsx',
        '-e',
        `import('./src/runner/state/state-lock.ts').then((m) => m.lockState(${JSON.stringify(path)}, { staleMs: 2000 })).then(() => { console.log('locked'); setInterval(() => {}, 1000); });`,
      ],
      { cwd: REPO_ROOT, stdio: ['ignore', 'pipe', 'inherit'] },
    );
    const killer = setTimeout(() => child.kill('SIGKILL'), 60_000);
    try {
      await new Promise<void>((resolve, reject) => {
        child.stdout.on(
          'data',
          (chunk: Buffer) => chunk.toString().includes('locked') && resolve(),
        );
        child.once('exit', (code) =>
          reject(new Error(`the child exited (${String(code)}) before locking`)),
        );
      });
      child.kill('SIGKILL');
      await new Promise((resolve) => child.once('exit', resolve));
    } finally {
      clearTimeout(killer);
    }
    assert.ok(existsSync(lockPathOf(path)), 'the killed process left its lock behind');
    const lock = await lockState(path, { staleMs: 2000, waitMs: 15_000 });
    lock.assertHeld();
    await lock.release();
  });

  it('an old lock folder is stale at once', async () => {
    const path = statePath();
    mkdirSync(lockPathOf(path), { recursive: true });
    const old = new Date(Date.now() - 60_000);
    utimesSync(lockPathOf(path), old, old);
    const lock = await lockState(path, { waitMs: 0 });
    await lock.release();
  });

  it('a state folder that cannot be made is ERR_OFM_NOT_WRITABLE at once, before anything is sent', async () => {
    const blocker = join(dir, 'a-file');
    writeFileSync(blocker, 'not a folder');
    const started = Date.now();
    await assert.rejects(lockState(join(blocker, 'state.json')), (error) =>
      assertCoded(
        error,
        'ERR_OFM_NOT_WRITABLE',
        /--state .*a-file\/state\.json: .*a-file is a file, not a folder; nothing was sent/,
      ),
    );
    // proper-lockfile retries any error until the wait is over; the folder check answers first.
    assert.ok(Date.now() - started < 5000, 'refused without waiting for the lock');
  });

  it('a lost lock forbids saving: assertHeld throws ERR_OFM_STATE_LOCKED', async () => {
    const path = statePath();
    const lock = await lockState(path, { staleMs: 2000 });
    rmSync(lockPathOf(path), { recursive: true });
    let lost: unknown;
    for (let i = 0; i < 40 && lost === undefined; i++) {
      await sleep(100);
      try {
        lock.assertHeld();
      } catch (error) {
        lost = error;
      }
    }
    assertCoded(
      lost,
      'ERR_OFM_STATE_LOCKED',
      /lock on state file .* was lost .*the state was not saved/,
    );
    await lock.release(); // not ours any more: nothing to remove, no error
  });
});
