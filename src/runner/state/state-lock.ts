/**
 * The lock a run or consent holds on its state file, from reading the state to saving what the
 * run learnt (a refreshed access token, a rotated refresh token, a new consent). Without it, two
 * runs started together both read the same expired access token, both redeem the one refresh
 * token, and a server that rotates refresh tokens revokes the whole consent on the second
 * redemption; with it, the second run waits, then reads the token the first one saved.
 *
 * proper-lockfile does the locking: an atomic `mkdir` of `<state>.lock` beside the state (inside
 * the same owner-only folder), whose mtime the holder refreshes, so the lock of a process that was
 * killed is taken over once it is older than `staleMs`. Works across processes and on network
 * file systems, which an in-process mutex or `flock` would not.
 */
import { dirname } from 'node:path';
import lockfile from 'proper-lockfile';
import { checkFolder } from '../../files/folder.js';
import { ensurePrivateFolder } from '../../files/private-folder.js';
import { ServerError } from '../../shared/errors.js';

/** How long a run waits for another run's lock before it gives up (a full journey takes ~20 s). */
export const STATE_LOCK_WAIT_MS = 120_000;

/**
 * Age after which a lock nobody refreshes is taken over: its holder was killed. The holder
 * refreshes it every `staleMs / 2`; a live process misses that only if its event loop stalls
 * this long.
 */
export const STATE_LOCK_STALE_MS = 20_000;

/** How often a waiting run tries again. */
const RETRY_EVERY_MS = 250;

export interface StateLockOptions {
  /** Longest wait for a lock another process holds (default {@link STATE_LOCK_WAIT_MS}). */
  readonly waitMs?: number;
  /** Age of an abandoned lock (default {@link STATE_LOCK_STALE_MS}; proper-lockfile's floor is 2 s). */
  readonly staleMs?: number;
}

/** A held lock on one state file. */
export interface StateLock {
  /** The state file it guards. */
  readonly path: string;
  /** The lock itself: a folder beside the state. */
  readonly lockPath: string;
  /**
   * Throws ERR_OFM_STATE_LOCKED if the lock was lost while held (its folder removed, or not
   * refreshed in time, so another process may have taken it): the state must not be saved then.
   */
  assertHeld(): void;
  /** Releases the lock; safe to call more than once. */
  release(): Promise<void>;
}

/** The lock folder of a state file. */
export function lockPathOf(statePath: string): string {
  return `${statePath}.lock`;
}

const seconds = (ms: number) => `${Math.round(ms / 1000)} s`;

function lockedError(path: string, waitMs: number, staleMs: number, cause: unknown): ServerError {
  return new ServerError(
    'ERR_OFM_STATE_LOCKED',
    `state file ${path} is in use by another ofm-postman run or consent (waited ${seconds(waitMs)} for its lock ${lockPathOf(path)}, which a killed run leaves behind for ${seconds(staleMs)} at most); nothing was sent.`,
    { cause },
  );
}

function unlockableError(path: string, cause: unknown): ServerError {
  const { code, path: where } = cause as NodeJS.ErrnoException;
  return new ServerError(
    'ERR_OFM_STATE_LOCK_FAILED',
    `cannot take the lock beside state file ${path} (${code ?? String(cause)} on ${where ?? lockPathOf(path)}); nothing was sent.`,
    { cause },
  );
}

/**
 * Takes the lock on `statePath`, waiting at most `waitMs` for another holder; makes the state's
 * folder (owner-only, self-ignoring) when it is missing. Read the state only after this resolves.
 */
export async function lockState(
  statePath: string,
  options: StateLockOptions = {},
): Promise<StateLock> {
  const waitMs = options.waitMs ?? STATE_LOCK_WAIT_MS;
  const staleMs = options.staleMs ?? STATE_LOCK_STALE_MS;
  let lost: Error | undefined;
  let release: () => Promise<void>;
  // A folder that cannot be written is the write plan's refusal (ERR_OFM_NOT_WRITABLE), said at
  // once: proper-lockfile would retry any error until waitMs has passed.
  await checkFolder(dirname(statePath), '--state', statePath);
  try {
    // Made as every private folder is: owner-only, and ignored by Git when it is new.
    await ensurePrivateFolder(dirname(statePath));
    release = await lockfile.lock(statePath, {
      // The state may not exist yet, and a link must not move the lock away from the state.
      realpath: false,
      stale: staleMs,
      retries: {
        retries: Math.ceil(waitMs / RETRY_EVERY_MS),
        factor: 1,
        minTimeout: RETRY_EVERY_MS,
        maxTimeout: RETRY_EVERY_MS,
      },
      // The default throws from a timer, which would end the process as a bug; the run instead
      // refuses to save (assertHeld) and says why.
      onCompromised: (error) => (lost = error),
    });
  } catch (cause) {
    if ((cause as NodeJS.ErrnoException).code === 'ELOCKED')
      throw lockedError(statePath, waitMs, staleMs, cause);
    throw unlockableError(statePath, cause);
  }
  let released = false;
  return {
    path: statePath,
    lockPath: lockPathOf(statePath),
    assertHeld() {
      if (lost !== undefined)
        throw new ServerError(
          'ERR_OFM_STATE_LOCKED',
          `the lock on state file ${statePath} was lost during the run (${lost.message}); the state was not saved, so another run's tokens were not overwritten.`,
          { cause: lost, hint: 'run again: the next run reads what the other one saved' },
        );
    },
    async release() {
      if (released) return;
      released = true;
      // A compromised lock is no longer ours to remove.
      if (lost === undefined) await release();
    },
  };
}
