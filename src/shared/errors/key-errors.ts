/**
 * Errors in a private key as the user gives it: the client-authentication script and the CLI
 * raise the same codes with the same hints, so these travel in every bundle. Problems with the key
 * files on disk (a missing or partial key set) are usage errors, raised by Node only.
 */
import { OfmError, type OfmErrorOptions } from './ofm-error.js';

export const KEY_ERROR_HINTS = {
  ERR_OFM_KEY_MALFORMED:
    'paste the whole PEM into signing_private_key, its BEGIN and END lines included',
  ERR_OFM_KEY_NOT_PRIVATE:
    'signing_private_key holds a certificate or public key: use the private key that belongs to signing_kid',
  ERR_OFM_KEY_NOT_RSA: 'PayNet requires PS256: use an RSA private key of 2048 bits or more',
  ERR_OFM_KEY_TOO_WEAK: 'FAPI 2.0 requires RSA keys of at least 2048 bits: generate a new key',
  ERR_OFM_KEY_PASSPHRASE_MISSING: 'the key is encrypted: set signing_key_passphrase',
  ERR_OFM_KEY_PASSPHRASE_WRONG: 'check signing_key_passphrase (or give the unencrypted key)',
  ERR_OFM_KEY_UNSUPPORTED:
    'give an RSA key as PKCS#8 (BEGIN PRIVATE KEY), PKCS#1 (BEGIN RSA PRIVATE KEY) or encrypted PKCS#8',
} as const;

export type KeyErrorCode = keyof typeof KEY_ERROR_HINTS;

/** A private key that cannot be used to sign; the message says why without quoting the key. */
export class KeyError extends OfmError {
  /** Its hints (a getter: a static field would put them in bundles that never throw one). */
  static get hints(): Readonly<Record<KeyErrorCode, string>> {
    return KEY_ERROR_HINTS;
  }
  declare readonly code: KeyErrorCode;

  constructor(code: KeyErrorCode, message: string, options: OfmErrorOptions = {}) {
    super(code, message, { cause: options.cause, hint: options.hint ?? KEY_ERROR_HINTS[code] });
  }
}
