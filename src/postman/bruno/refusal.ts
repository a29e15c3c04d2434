/**
 * A request the scripts stop, in Bruno as in Newman: skipped on purpose when a skip line said so
 * (src/shared/skip.ts; a prerequisite failed and was counted there), refused otherwise, and a
 * refusal is a failure (docs/newman-ci.md). `bru run` counts every request stopped with
 * `bru.runner.skipRequest()` as skipped, whatever failed before (its summary passes over a skipped
 * request's tests, and the run exits 0), so a refusal leaves the pre-request script by an error
 * instead: Bruno files the request as failed with the message, the `ERR_OFM_*` line, in its JSON
 * and JUnit reports, runs none of the later scripts nor the request, and exits 1.
 *
 * The state is per script context: Bruno runs a request's pre-request scripts (collection, folders,
 * request) as one script in a fresh context, which evaluates this bundle once.
 */
import { SKIP_PREFIX } from '../../shared/skip.js';

/** Why a request stopped without a failing test or a skip line: a script's bug, never a skip. */
const NO_REASON = 'ERR_OFM_INTERNAL: a script stopped this request without saying why.';

let announced = false;
let skipped = false;
let reason: string | undefined;

/** Reads each console line of the scripts: a skip line announces the skip that follows. */
export function noteConsoleLine(line: unknown): void {
  if (typeof line === 'string' && line.startsWith(SKIP_PREFIX)) announced = true;
}

/** A pre-request test failed: its name (the error line) is the reason of a refusal that follows. */
export function noteFailedTest(name: string): void {
  reason = name;
}

/**
 * Whether the request was skipped on purpose. Newman runs no later script of a skipped request;
 * Bruno runs them all, so what they report (a test, a refusal) is left out, as in Newman.
 */
export function requestSkipped(): boolean {
  return skipped;
}

type Warn = ((...args: unknown[]) => void) & { ofmMuted?: true };

/**
 * The warnings of the later scripts of a request skipped on purpose are left out too: they are the
 * refusals of scripts Newman would not have run (no account_ids, no token), and would read as
 * failures of a request that was skipped. Wraps console.warn once per script context.
 */
export function muteWarningsAfterSkip(): void {
  const warn = console.warn as Warn;
  if (warn.ofmMuted) return;
  const muted: Warn = (...args) => {
    if (!skipped) warn(...args);
  };
  muted.ofmMuted = true;
  console.warn = muted;
}

/**
 * What a refusal throws: a plain object, not an Error, so that it carries no stack. Bruno prints a
 * thrown Error with the script lines around where it was thrown (here, the minified bundle); a
 * value without a stack, it prints as its message, the one `ERR_OFM_*` line.
 */
export interface RequestRefused {
  readonly name: 'RequestRefused';
  readonly message: string;
}

/** pm.execution.skipRequest() before the request: `skip` when announced, else a refusal. */
export function stopRequest(skip: () => void): void {
  if (skipped) return;
  if (!announced) {
    const refused: RequestRefused = { name: 'RequestRefused', message: reason ?? NO_REASON };
    throw refused;
  }
  skipped = true;
  skip();
}
