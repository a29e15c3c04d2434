/**
 * Errors in what a script is given: its variables, audience, lifetime and random seed. The
 * client-authentication script raises them, so their hints travel in every bundle that signs.
 */
import { OfmError, type ErrorEntry, type ErrorTable, type OfmErrorOptions } from './ofm-error.js';

export const INPUT_ERRORS = {
  ERR_OFM_VAR_MISSING: {
    hint: 'set the variable in the environment (see the README variables table)',
    exit: 2,
  },
  ERR_OFM_VAR_INVALID: {
    hint: 'correct the value as the README variables table describes',
    exit: 2,
  },
  ERR_OFM_AUTH_METHOD_UNKNOWN: {
    hint: 'set auth_method to private_key_jwt or tls_client_auth',
    exit: 2,
  },
  ERR_OFM_AUDIENCE_UNRESOLVED: {
    hint: 'run the Discovery request first, or set the endpoint variable the audience refers to',
    exit: 2,
  },
  ERR_OFM_AUDIENCE_INVALID: {
    hint: 'set assertion_audience to token_endpoint, issuer, or an absolute https:// URL',
    exit: 2,
  },
  ERR_OFM_LIFETIME_INVALID: {
    hint: 'set assertion_lifetime to a whole number of seconds from 1 to 3600',
    exit: 2,
  },
  ERR_OFM_SEED_INVALID: {
    hint: 'leave ofm_random_seed empty or set it to at least 64 hex characters (ofm-postman run does this for you)',
    exit: 2,
  },
} as const satisfies ErrorTable;

export type InputErrorCode = keyof typeof INPUT_ERRORS;

/** A variable or setting the script cannot use; the message names it, never its value. */
export class InputError extends OfmError {
  /** Its codes' entries (a getter: a static field would put them in bundles that never throw one). */
  static get entries(): Readonly<Record<InputErrorCode, ErrorEntry>> {
    return INPUT_ERRORS;
  }
  declare readonly code: InputErrorCode;

  constructor(code: InputErrorCode, message: string, options: OfmErrorOptions = {}) {
    super(code, message, { cause: options.cause, hint: options.hint ?? INPUT_ERRORS[code].hint });
  }
}
