/**
 * Every error code with its hint, assembled from the families by import: nothing is registered at
 * run time, so a hint never depends on which modules loaded first.
 *
 * For Node code only. A script bundle imports the base and the families it raises from
 * `./errors/` instead, so it does not carry the hints of the CLI, builder, runner and server
 * (test/system/bundle.test.ts checks that).
 */
import { FLOW_ERROR_HINTS } from './errors/flow-errors.js';
import { INPUT_ERROR_HINTS } from './errors/input-errors.js';
import { KEY_ERROR_HINTS } from './errors/key-errors.js';
import { INTERNAL_ERROR_HINTS, type ErrorCode } from './errors/ofm-error.js';
import { SERVER_ERROR_HINTS } from './errors/server-errors.js';
import { USAGE_ERROR_HINTS } from './errors/usage-errors.js';

export * from './errors/ofm-error.js';
export * from './errors/input-errors.js';
export * from './errors/key-errors.js';
export * from './errors/flow-errors.js';
export * from './errors/usage-errors.js';
export * from './errors/server-errors.js';

/** The hint of every code, one table. */
export const ERROR_HINTS: Readonly<Record<ErrorCode, string>> = {
  ...INTERNAL_ERROR_HINTS,
  ...INPUT_ERROR_HINTS,
  ...KEY_ERROR_HINTS,
  ...FLOW_ERROR_HINTS,
  ...USAGE_ERROR_HINTS,
  ...SERVER_ERROR_HINTS,
};

/** The hint of a code. */
export function hintFor(code: ErrorCode): string {
  return ERROR_HINTS[code];
}
