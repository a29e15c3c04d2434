/**
 * A run before anything is sent: every input resolved and checked once (inputs/resolve.ts), whose
 * run it is (issuer, client, auth method: the owner of its state), and the state file locked and
 * read (state/state-use.ts), its values under the caller's own overrides. `run` and `consent` both
 * start here.
 */
import { openLockedState, type LockedStateUse } from './state/state-use.js';
import type { StateLockOptions } from './state/state-lock.js';
import type { StateOwner } from './state/state.js';
import {
  resolveRunInputs,
  variableOf,
  withValues,
  type RunInputs,
  type RunRequest,
} from './inputs/resolve.js';
import { VAR, type AuthMethod } from '../shared/variables.js';

/** Which state file a run reads and saves, and whose state it is. */
export interface StateOptions {
  /** State file: the consent flow state read before and saved after the run (default: none). */
  readonly state?: string;
  /** Start clean: ignore what the state holds (it is replaced at the end). */
  readonly fresh?: boolean;
  /** The auth method the state is kept for (default: the one collection and environment name). */
  readonly auth?: AuthMethod;
  /** The target's name, recorded in the state and in the exported environment's name. */
  readonly target?: string;
  /** How long to wait for another run's lock on the state (state/state-lock.ts). */
  readonly stateLock?: StateLockOptions;
  /** The caller's own check of the resolved inputs, before the state is locked. */
  readonly checkInputs?: (inputs: RunInputs) => Promise<void> | void;
}

/** A run's checked inputs and its locked state. */
export interface PreparedRun {
  /** Every runner input, read and checked once (the state's values under the overrides). */
  readonly run: RunInputs;
  /** Issuer, client and auth method of this run: whose state it reads and writes. */
  readonly owner: StateOwner;
  /** The redirect URI the flow will use (an override, else the environment's). */
  readonly redirectUri: string | undefined;
  /**
   * What this run may do with the state file, and its lock, held from reading the state until
   * the caller releases it after saving (undefined: no state file).
   */
  readonly stateUse: LockedStateUse | undefined;
}

/**
 * Resolves and checks the inputs, then locks and reads the state (if any). The caller releases
 * `stateUse.lock` once it has saved the state, or decided not to.
 */
export async function prepareRun(options: RunRequest & StateOptions): Promise<PreparedRun> {
  const checked = await resolveRunInputs(options);
  await options.checkInputs?.(checked);
  const envVars = checked.envVars;
  const valueOf = (key: string) => envVars[key] || variableOf(checked.environment, key);
  const owner: StateOwner = {
    issuer: valueOf(VAR.issuer),
    clientId: valueOf(VAR.clientId),
    auth: options.auth ?? checked.authMethod,
    target: options.target,
  };
  const stateUse =
    options.state === undefined
      ? undefined
      : await openLockedState(options.state, owner, {
          fresh: options.fresh ?? false,
          ...(options.stateLock ? { lock: options.stateLock } : {}),
        });
  return {
    run: withValues(checked, { envVars: { ...stateUse?.values, ...envVars } }),
    owner,
    redirectUri: valueOf(VAR.redirectUri),
    stateUse,
  };
}
