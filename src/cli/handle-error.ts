/**
 * The one place that turns an error into output and an exit code. A user error prints one line
 * with its code and hint and no stack; anything else is a bug and prints the stack. The exit code
 * of a user error is its entry's in the family table (src/shared/errors/), beside its hint.
 */
import { exitFor, formatError, isErrorCode, isOfmError } from '../shared/errors.js';
import { EXIT } from './exit-codes.js';
import { io } from '../files/io.js';

/** The exit status for an error: its code's entry, or 70 for a bug. */
export function exitCodeFor(error: unknown): number {
  if (!isOfmError(error)) return EXIT.INTERNAL;
  // A code in no table can only come from another copy of ofm-postman (isOfmError works across
  // realms): it is still a user error, so bad input.
  return isErrorCode(error.code) ? exitFor(error.code) : EXIT.USAGE;
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
