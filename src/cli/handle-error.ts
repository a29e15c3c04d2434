/**
 * The one place that turns an error into output and an exit code. A user error prints one line
 * with its code and hint and no stack; anything else is a bug and prints the stack.
 */
import { type ErrorCode, formatError, isOfmError } from '../shared/errors.js';
import { EXIT } from './exit-codes.js';
import { io } from '../files/io.js';

/** Codes that mean "could not start" rather than "bad input". */
const CANNOT_START_CODES: ReadonlySet<ErrorCode> = new Set<ErrorCode>([
  'ERR_OFM_FILE_NOT_FOUND',
  'ERR_OFM_DISCOVERY_UNREACHABLE',
  'ERR_OFM_KEYS_MISSING',
  'ERR_OFM_PORT_IN_USE',
  'ERR_OFM_RUN_FAILED',
  'ERR_OFM_SERVER_UNREACHABLE',
  'ERR_OFM_STATE_LOCKED',
  'ERR_OFM_STATE_LOCK_FAILED',
  'ERR_OFM_JWKS_UNREACHABLE',
  'ERR_OFM_NOT_WRITABLE',
  'ERR_OFM_WRITE_FAILED',
]);

/** Codes that mean "ran, and the outcome is a failure" (a consent refused, a flow broken). */
const FAILED_CODES: ReadonlySet<ErrorCode> = new Set<ErrorCode>([
  'ERR_OFM_AUTHORIZATION_FAILED',
  'ERR_OFM_STATE_MISMATCH',
  'ERR_OFM_CONSENT_TIMEOUT',
  'ERR_OFM_NOTHING_RAN',
]);

export function exitCodeFor(error: unknown): number {
  if (isOfmError(error) && FAILED_CODES.has(error.code)) return EXIT.FAILED;
  if (isOfmError(error)) return CANNOT_START_CODES.has(error.code) ? EXIT.CANNOT_START : EXIT.USAGE;
  return EXIT.INTERNAL;
}

/** Prints the error the way its kind requires and returns the exit code. */
export function reportError(
  error: unknown,
  write: (line: string) => void = (l) => io.stderr.write(`${l}\n`),
): number {
  if (isOfmError(error)) {
    write(`ofm-postman: ${formatError(error)}`);
  } else {
    const stack = error instanceof Error ? (error.stack ?? error.message) : String(error);
    write(
      `ofm-postman: internal error (a bug: please report it with the command you ran)\n${stack}`,
    );
  }
  return exitCodeFor(error);
}
