/**
 * Errors in how the CLI is called and in the files it is pointed at. Raised by Node only: no
 * script bundle imports this module, so the scripts do not carry these hints.
 */
import { OfmError, type OfmErrorOptions } from './ofm-error.js';

export const USAGE_ERROR_HINTS = {
  ERR_OFM_USAGE: 'run ofm-postman --help for the commands and their options',
  ERR_OFM_FILE_NOT_FOUND: 'check the path',
  ERR_OFM_STATE_INVALID:
    'the state file is damaged or not one of ours: start clean with --fresh (or delete it)',
  ERR_OFM_KEYS_MISSING: 'run ofm-postman keys first (or pass --keys DIR)',
  ERR_OFM_KEYS_INCOMPLETE: 'run ofm-postman keys --force to replace the partial key set',
} as const;

export type UsageErrorCode = keyof typeof USAGE_ERROR_HINTS;

/** A command, option or file the CLI cannot work with. */
export class UsageError extends OfmError {
  /** Its hints (a getter: a static field would put them in bundles that never throw one). */
  static get hints(): Readonly<Record<UsageErrorCode, string>> {
    return USAGE_ERROR_HINTS;
  }
  declare readonly code: UsageErrorCode;

  constructor(code: UsageErrorCode, message: string, options: OfmErrorOptions = {}) {
    super(code, message, { cause: options.cause, hint: options.hint ?? USAGE_ERROR_HINTS[code] });
  }
}
