/**
 * Errors in how the CLI is called and in the files it is pointed at. Raised by Node only: no
 * script bundle imports this module, so the scripts do not carry these hints.
 */
import { OfmError, type OfmErrorOptions } from './ofm-error.js';

export const USAGE_ERROR_HINTS = {
  ERR_OFM_USAGE: 'run ofm-postman --help for the commands and their options',
  ERR_OFM_FILE_NOT_FOUND: 'check the path',
  ERR_OFM_STATE_INVALID:
    'give --state a state file of this issuer, client and auth method (or --fresh to replace such a file)',
  ERR_OFM_KEYS_MISSING: 'run ofm-postman keys first (or pass --keys DIR)',
  ERR_OFM_KEYS_INCOMPLETE: 'run ofm-postman keys --force to replace the partial key set',
  ERR_OFM_KEYS_REPLACED: 'write the environment again with ofm-postman env (the message says how)',
  ERR_OFM_NOT_A_FILE: 'give the path of a file, not a folder',
  ERR_OFM_FILE_INVALID: 'give the file ofm-postman wrote, or one exported from Postman',
  ERR_OFM_FILE_KIND: 'check which file goes with which option (ofm-postman run --help)',
  ERR_OFM_FILE_EXISTS: 'choose another --out, or add --force to replace the file',
  ERR_OFM_CERT_KEY_MISMATCH:
    'give the key the certificate was issued for (ofm-postman keys writes matching pairs)',
  ERR_OFM_AUTH_MISMATCH:
    'use the collection, environment and state of one auth method (--auth picks all three)',
  ERR_OFM_NOTHING_PENDING:
    'start a new flow with ofm-postman consent (or --url-only), then finish it once',
  ERR_OFM_CERT_EXPIRED:
    'use a current certificate: ask your CA for a new one (the local sandbox: ofm-postman keys --force)',
  ERR_OFM_CERT_NOT_YET_VALID:
    "check this machine's clock and time zone, or use the certificate once its notBefore has passed",
  ERR_OFM_KIT_EXISTS:
    'choose another --out, or add --force to replace the kit (its keys are then lost for good)',
  ERR_OFM_KIT_FOREIGN_FILE:
    'move the file out of the kit folder: a kit holds only what ofm-postman onboard wrote',
  ERR_OFM_KIT_INVALID: 'give the folder ofm-postman onboard wrote (it holds kit.json)',
  ERR_OFM_KIT_SUBJECT:
    'give what the --profile needs (--org, --org-id, --client-id, --country) or a whole --subject',
  ERR_OFM_KIT_POLICY: 'use --bits 2048, 3072 or 4096 and --days from 365 to 825',
  ERR_OFM_KIT_ROTATION:
    'rotate one role at a time, and retire a key only once its successor is in the kit',
  ERR_OFM_NOT_WRITABLE: 'choose another path, or make its folder one you can write in',
  ERR_OFM_WRITE_FAILED:
    'check that the folder is writable and the disk has room, then run it again',
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
