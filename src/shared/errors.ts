/**
 * Every error code with its hint and exit status, assembled from the families by import: nothing
 * is registered at run time, so a hint never depends on which modules loaded first.
 *
 * For Node code only. A script bundle imports the base and the families it raises from
 * `./errors/` instead, so it does not carry the hints of the CLI, builder, runner and server
 * (test/system/bundle.test.ts checks that).
 */
import type { ExitCode } from './errors/exit-codes.js';
import { FLOW_ERRORS } from './errors/flow-errors.js';
import { INPUT_ERRORS } from './errors/input-errors.js';
import { KEY_ERRORS } from './errors/key-errors.js';
import { INTERNAL_ERRORS, type ErrorCode, type ErrorEntry } from './errors/ofm-error.js';
import { SERVER_ERRORS } from './errors/server-errors.js';
import { USAGE_ERRORS } from './errors/usage-errors.js';

export * from './errors/exit-codes.js';
export * from './errors/ofm-error.js';
export * from './errors/input-errors.js';
export * from './errors/key-errors.js';
export * from './errors/flow-errors.js';
export * from './errors/usage-errors.js';
export * from './errors/server-errors.js';

/** The families by name, each with its table (docs/errors.md is written from this). */
export const ERROR_FAMILIES = {
  internal: INTERNAL_ERRORS,
  input: INPUT_ERRORS,
  key: KEY_ERRORS,
  flow: FLOW_ERRORS,
  usage: USAGE_ERRORS,
  server: SERVER_ERRORS,
} as const;

/** Every code with its entry, one table. */
export const ERRORS: Readonly<Record<ErrorCode, ErrorEntry>> = {
  ...INTERNAL_ERRORS,
  ...INPUT_ERRORS,
  ...KEY_ERRORS,
  ...FLOW_ERRORS,
  ...USAGE_ERRORS,
  ...SERVER_ERRORS,
};

/** The hint of every code. */
export const ERROR_HINTS: Readonly<Record<ErrorCode, string>> = Object.fromEntries(
  Object.entries(ERRORS).map(([code, { hint }]) => [code, hint]),
) as Record<ErrorCode, string>;

/** Whether a string is a code of one of the tables. */
export function isErrorCode(code: string): code is ErrorCode {
  return Object.prototype.hasOwnProperty.call(ERRORS, code);
}

/** The hint of a code. */
export function hintFor(code: ErrorCode): string {
  return ERRORS[code].hint;
}

/** The exit status of a CLI command that stops with this code. */
export function exitFor(code: ErrorCode): ExitCode {
  return ERRORS[code].exit;
}
