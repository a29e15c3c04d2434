/**
 * Documented exit codes of the ofm-postman CLI. Here, beside the error tables, because each error
 * code's entry names the exit status the CLI stops with (cli/handle-error.ts reads it from there).
 */
export const EXIT = {
  /** Everything ran and every assertion passed. */
  OK: 0,
  /** The command ran, but a request or assertion failed. */
  FAILED: 1,
  /** Bad arguments or input: the one-line message says which and how to fix it. */
  USAGE: 2,
  /** Could not start: a file is missing or a server is unreachable. */
  CANNOT_START: 3,
  /** A bug in ofm-postman: the stack trace is printed. */
  INTERNAL: 70,
} as const;

/** One of the documented exit codes. */
export type ExitCode = (typeof EXIT)[keyof typeof EXIT];
