/**
 * Whether a run may use a state file, and replace it at its end. A state is only read by, and
 * only replaced by, a run of the same issuer, client and auth method; a file that cannot be used
 * (another owner's, unreadable, not a state at all) is left byte for byte as it was, and the run
 * says so in one line. `--fresh` ignores what the state holds and replaces it at the end, even when
 * it was another owner's; a file that is not a state is never replaced.
 *
 * `run` goes on without such a file (a warning line); `consent` stops before anything is sent,
 * since the consent it would get could not be saved anywhere.
 */
import { OfmError, type ErrorCode, UsageError } from '../../shared/errors.js';
import { lockState, type StateLock, type StateLockOptions } from './state-lock.js';
import { flowOf, readState, type FlowState, type StateOwner } from './state.js';

/** The one warning line of a run that goes on without its state file. */
export const STATE_UNUSED_WARNING = 'WARN_OFM_STATE_UNUSED';

export interface StateProblem {
  /** The code `consent` stops with. */
  readonly code: ErrorCode;
  /** What is wrong, after the file name: "was saved for issuer A, not B". */
  readonly reason: string;
  readonly hint: string;
}

export interface StateUse {
  readonly path: string;
  /** The state this run reads (undefined: none, --fresh, or one it may not use). */
  readonly state: FlowState | undefined;
  readonly values: Readonly<Record<string, string>>;
  /** Why the file at `path` is not used; undefined when it is (or there is none). */
  readonly problem: StateProblem | undefined;
  /** Whether the run may replace the file at its end. */
  readonly writable: boolean;
}

const OTHER_OWNER_HINT = 'give this run its own --state FILE, or add --fresh to replace that file';

/** Why `state` is not `owner`'s; undefined when it is (a field the state lacks is not checked). */
export function ownerMismatch(state: FlowState, owner: StateOwner): StateProblem | undefined {
  const differs = (saved: string | undefined, now: string | undefined) =>
    saved !== undefined && now !== undefined && saved !== now;
  if (differs(state.auth, owner.auth))
    return {
      code: 'ERR_OFM_AUTH_MISMATCH',
      reason: `was saved for ${state.auth ?? ''}, not ${owner.auth ?? ''}`,
      hint: OTHER_OWNER_HINT,
    };
  if (differs(state.issuer, owner.issuer))
    return {
      code: 'ERR_OFM_STATE_INVALID',
      reason: `was saved for issuer ${state.issuer ?? ''}, not ${owner.issuer ?? ''}`,
      hint: OTHER_OWNER_HINT,
    };
  if (differs(state.client_id, owner.clientId))
    return {
      code: 'ERR_OFM_STATE_INVALID',
      reason: `was saved for client ${state.client_id ?? ''}, not ${owner.clientId ?? ''}`,
      hint: OTHER_OWNER_HINT,
    };
  return undefined;
}

/** Reads the state at `path` and decides what this run may do with it. */
export async function openState(
  path: string,
  owner: StateOwner,
  options: { readonly fresh: boolean },
): Promise<StateUse> {
  const read = await readState(path);
  const unused = (problem: StateProblem, writable: boolean): StateUse => ({
    path,
    state: undefined,
    values: {},
    problem,
    writable,
  });
  if (read.found === 'none')
    return { path, state: undefined, values: {}, problem: undefined, writable: true };
  if (read.found === 'unreadable')
    return unused(
      {
        code: 'ERR_OFM_FILE_NOT_FOUND',
        reason: read.reason,
        hint: 'check its permissions, or give --state another path',
      },
      false,
    );
  if (read.found === 'not-state')
    return unused(
      {
        code: 'ERR_OFM_STATE_INVALID',
        reason: read.reason,
        hint: 'give --state another path: a file that is not a state is never written',
      },
      false,
    );
  if (options.fresh)
    return { path, state: undefined, values: {}, problem: undefined, writable: true };
  const mismatch = ownerMismatch(read.state, owner);
  if (mismatch !== undefined) return unused(mismatch, false);
  return {
    path,
    state: read.state,
    values: { ...read.state.values },
    problem: undefined,
    writable: true,
  };
}

/** A state this run holds the lock of, until it has saved what it learnt (state-lock.ts). */
export interface LockedStateUse extends StateUse {
  readonly lock: StateLock;
}

/**
 * Takes the lock on the state file, then reads it ({@link openState}): read after the lock, so a
 * run that waited for another one sees the tokens that one saved. The caller releases the lock
 * once it has saved the state (or decided not to).
 */
export async function openLockedState(
  path: string,
  owner: StateOwner,
  options: { readonly fresh: boolean; readonly lock?: StateLockOptions },
): Promise<LockedStateUse> {
  const lock = await lockState(path, options.lock);
  try {
    return { ...(await openState(path, owner, options)), lock };
  } catch (error) {
    await lock.release();
    throw error;
  }
}

/** The warning line of a run that goes on without the file. */
export function stateUnusedLine(use: StateUse): string {
  const problem = use.problem as StateProblem;
  return `ofm-postman: ${STATE_UNUSED_WARNING}: state file ${use.path} ${problem.reason}; this run starts without it and leaves it as it is (hint: ${problem.hint})`;
}

/** The error `consent` stops with when it cannot use the state file. */
export function stateUnusableError(use: StateUse): OfmError {
  const problem = use.problem as StateProblem;
  return new OfmError(
    problem.code,
    `state file ${use.path} ${problem.reason}; nothing was sent and the file was left as it is.`,
    { hint: problem.hint },
  );
}

/**
 * Refuses, before anything is sent, to finish a flow that is not waiting: a code is redeemed once,
 * and a server that sees it again revokes the whole grant (RFC 6749 section 4.1.2), so the consent
 * just saved would stop working.
 */
export function assertPending(use: StateUse, values: Readonly<Record<string, string>>): void {
  const flow = flowOf(values);
  if (flow === 'pending') return;
  throw new UsageError(
    'ERR_OFM_NOTHING_PENDING',
    flow === 'finished'
      ? `the flow in ${use.path} is finished (its code was redeemed${use.state ? ` by the run of ${use.state.savedAt}` : ''}); a code is redeemed once, so nothing was sent.`
      : `${use.path} holds no pushed authorization waiting for --redirect-url or --code; nothing was sent.`,
  );
}
