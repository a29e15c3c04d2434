/**
 * Errors in a private key as the user gives it: the client-authentication script and the CLI
 * raise the same codes with the same hints, so these travel in every bundle. Problems with the key
 * files on disk (a missing or partial key set) are usage errors, raised by Node only.
 */
import { OfmError, type ErrorEntry, type ErrorTable, type OfmErrorOptions } from './ofm-error.js';

export const KEY_ERRORS = {
  ERR_OFM_KEY_MALFORMED: {
    hint: 'paste the whole PEM into signing_private_key, its BEGIN and END lines included',
    exit: 2,
  },
  ERR_OFM_KEY_NOT_PRIVATE: {
    hint: 'signing_private_key holds a certificate or public key: use the private key that belongs to signing_kid',
    exit: 2,
  },
  ERR_OFM_KEY_NOT_RSA: {
    hint: 'PayNet requires PS256: use an RSA private key of 2048 bits or more',
    exit: 2,
  },
  ERR_OFM_KEY_TOO_WEAK: {
    hint: 'FAPI 2.0 requires RSA keys of at least 2048 bits: generate a new key',
    exit: 2,
  },
  ERR_OFM_KEY_PASSPHRASE_MISSING: {
    hint: 'the key is encrypted: set signing_key_passphrase',
    exit: 2,
  },
  ERR_OFM_KEY_PASSPHRASE_WRONG: {
    hint: 'check signing_key_passphrase (or give the unencrypted key)',
    exit: 2,
  },
  ERR_OFM_KEY_UNSUPPORTED: {
    hint: 'give an RSA key as PKCS#8 (BEGIN PRIVATE KEY), PKCS#1 (BEGIN RSA PRIVATE KEY) or encrypted PKCS#8',
    exit: 2,
  },
} as const satisfies ErrorTable;

export type KeyErrorCode = keyof typeof KEY_ERRORS;

/** A private key that cannot be used to sign; the message says why without quoting the key. */
export class KeyError extends OfmError {
  /** Its codes' entries (a getter: a static field would put them in bundles that never throw one). */
  static get entries(): Readonly<Record<KeyErrorCode, ErrorEntry>> {
    return KEY_ERRORS;
  }
  declare readonly code: KeyErrorCode;

  constructor(code: KeyErrorCode, message: string, options: OfmErrorOptions = {}) {
    super(code, message, { cause: options.cause, hint: options.hint ?? KEY_ERRORS[code].hint });
  }
}
