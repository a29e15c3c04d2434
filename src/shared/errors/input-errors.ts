/**
 * Errors in what a script is given: its variables, audience, lifetime and random seed. The
 * client-authentication script raises them, so their hints travel in every bundle that signs.
 */
import { OfmError, type OfmErrorOptions } from './ofm-error.js';

export const INPUT_ERROR_HINTS = {
  ERR_OFM_VAR_MISSING: 'set the variable in the environment (see the README variables table)',
  ERR_OFM_VAR_INVALID: 'correct the value as the README variables table describes',
  ERR_OFM_AUTH_METHOD_UNKNOWN: 'set auth_method to private_key_jwt or tls_client_auth',
  ERR_OFM_AUDIENCE_UNRESOLVED:
    'run the Discovery request first, or set the endpoint variable the audience refers to',
  ERR_OFM_AUDIENCE_INVALID:
    'set assertion_audience to token_endpoint, issuer, or an absolute https:// URL',
  ERR_OFM_LIFETIME_INVALID: 'set assertion_lifetime to a whole number of seconds from 1 to 3600',
  ERR_OFM_SEED_INVALID:
    'leave ofm_random_seed empty or set it to at least 64 hex characters (ofm-postman run does this for you)',
} as const;

export type InputErrorCode = keyof typeof INPUT_ERROR_HINTS;

/** A variable or setting the script cannot use; the message names it, never its value. */
export class InputError extends OfmError {
  /** Its hints (a getter: a static field would put them in bundles that never throw one). */
  static get hints(): Readonly<Record<InputErrorCode, string>> {
    return INPUT_ERROR_HINTS;
  }
  declare readonly code: InputErrorCode;

  constructor(code: InputErrorCode, message: string, options: OfmErrorOptions = {}) {
    super(code, message, { cause: options.cause, hint: options.hint ?? INPUT_ERROR_HINTS[code] });
  }
}
