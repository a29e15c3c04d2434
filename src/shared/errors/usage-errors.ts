/**
 * Errors in how the CLI is called and in the files it is pointed at. Raised by Node only: no
 * script bundle imports this module, so the scripts do not carry these hints.
 */
import { OfmError, type ErrorEntry, type ErrorTable, type OfmErrorOptions } from './ofm-error.js';

export const USAGE_ERRORS = {
  ERR_OFM_USAGE: {
    hint: 'run ofm-postman --help for the commands and their options',
    exit: 2,
  },
  ERR_OFM_FILE_NOT_FOUND: { hint: 'check the path', exit: 3 },
  ERR_OFM_STATE_INVALID: {
    hint: 'give --state a state file of this issuer, client and auth method (or --fresh to replace such a file)',
    exit: 2,
  },
  ERR_OFM_KEYS_MISSING: {
    hint: 'run ofm-postman keys first (or pass --keys DIR)',
    exit: 3,
  },
  ERR_OFM_KEYS_INCOMPLETE: {
    hint: 'run ofm-postman keys --force to replace the partial key set',
    exit: 2,
  },
  ERR_OFM_KEYS_REPLACED: {
    hint: 'write the environment again with ofm-postman env (the message says how)',
    exit: 2,
  },
  ERR_OFM_NOT_A_FILE: { hint: 'give the path of a file, not a folder', exit: 2 },
  ERR_OFM_FILE_INVALID: {
    hint: 'give the file ofm-postman wrote, or one exported from Postman',
    exit: 2,
  },
  ERR_OFM_FILE_KIND: {
    hint: 'check which file goes with which option (ofm-postman run --help)',
    exit: 2,
  },
  ERR_OFM_FILE_EXISTS: {
    hint: 'choose another --out, or add --force to replace the file',
    exit: 2,
  },
  ERR_OFM_CERT_KEY_MISMATCH: {
    hint: 'give the key the certificate was issued for (ofm-postman keys writes matching pairs)',
    exit: 2,
  },
  ERR_OFM_AUTH_MISMATCH: {
    hint: 'use the collection, environment and state of one auth method (--auth picks all three)',
    exit: 2,
  },
  ERR_OFM_NOTHING_PENDING: {
    hint: 'start a new flow with ofm-postman consent (or --url-only), then finish it once',
    exit: 2,
  },
  ERR_OFM_CERT_EXPIRED: {
    hint: 'use a current certificate: ask your CA for a new one (the local sandbox: ofm-postman keys --force)',
    exit: 2,
  },
  ERR_OFM_CERT_NOT_YET_VALID: {
    hint: "check this machine's clock and time zone, or use the certificate once its notBefore has passed",
    exit: 2,
  },
  ERR_OFM_KIT_EXISTS: {
    hint: 'choose another --out, or add --force to replace the kit (its keys are then lost for good)',
    exit: 2,
  },
  ERR_OFM_KIT_FOREIGN_FILE: {
    hint: 'move the file out of the kit folder: a kit holds only what ofm-postman onboard wrote',
    exit: 2,
  },
  ERR_OFM_KIT_INVALID: {
    hint: 'give the folder ofm-postman onboard wrote (it holds kit.json)',
    exit: 2,
  },
  ERR_OFM_KIT_SUBJECT: {
    hint: 'give what the --profile needs (--org, --org-id, --client-id, --country) or a whole --subject',
    exit: 2,
  },
  ERR_OFM_KIT_POLICY: {
    hint: 'use --bits 2048, 3072 or 4096 and --days from 365 to 825',
    exit: 2,
  },
  ERR_OFM_KIT_ROTATION: {
    hint: 'rotate one role at a time, and retire a key only once its successor is in the kit',
    exit: 2,
  },
  ERR_OFM_NOT_WRITABLE: {
    hint: 'choose another path, or make its folder one you can write in',
    exit: 3,
  },
  ERR_OFM_WRITE_FAILED: {
    hint: 'check that the folder is writable and the disk has room, then run it again',
    exit: 3,
  },
  // Raised by bin/ofm-postman.js, which cannot import this table when dist/ is missing: it
  // prints this hint and exit status itself (test/shared/error-codes.test.ts holds them equal).
  ERR_OFM_NOT_BUILT: { hint: 'run npm run build', exit: 3 },
} as const satisfies ErrorTable;

export type UsageErrorCode = keyof typeof USAGE_ERRORS;

/** A command, option or file the CLI cannot work with. */
export class UsageError extends OfmError {
  /** Its codes' entries (a getter: a static field would put them in bundles that never throw one). */
  static get entries(): Readonly<Record<UsageErrorCode, ErrorEntry>> {
    return USAGE_ERRORS;
  }
  declare readonly code: UsageErrorCode;

  constructor(code: UsageErrorCode, message: string, options: OfmErrorOptions = {}) {
    super(code, message, { cause: options.cause, hint: options.hint ?? USAGE_ERRORS[code].hint });
  }
}
