/**
 * Errors of the consent and data flows: what the authorization and resource servers answered, and
 * checks of their tokens and signed responses. The flow scripts and the consent command raise
 * them; the client-authentication script never does, so it does not carry these hints.
 */
import { OfmError, type ErrorEntry, type ErrorTable, type OfmErrorOptions } from './ofm-error.js';

export const FLOW_ERRORS = {
  ERR_OFM_CODE_MISSING: {
    hint: 'open the URL in authorization_url (the Authorize request prints it), approve, and paste the code from the redirect into authorization_code',
    exit: 2,
  },
  ERR_OFM_STATE_MISMATCH: {
    hint: 'start the journey again from the PAR request; never mix two flows',
    exit: 1,
  },
  ERR_OFM_AUTHORIZATION_FAILED: {
    hint: 'see the error and error_description the authorization server returned',
    exit: 1,
  },
  ERR_OFM_ID_TOKEN_INVALID: {
    hint: 'check issuer and client_id, and that the flow was not mixed with another',
    exit: 2,
  },
  ERR_OFM_SIGNATURE_INVALID: {
    hint: 'the response was not signed by the expected key, or was changed on the way: check the JWKS URL',
    exit: 2,
  },
  ERR_OFM_JWE_INVALID: {
    hint: 'check encryption_private_key: the data was encrypted to the encryption key in your JWKS',
    exit: 2,
  },
  ERR_OFM_JWE_UNSUPPORTED: {
    hint: 'the response must be encrypted with RSA-OAEP-256 and A256GCM',
    exit: 2,
  },
  ERR_OFM_RESPONSE_INVALID: {
    hint: 'see the message: the response is not what OFP sends',
    exit: 2,
  },
  ERR_OFM_JWKS_UNAVAILABLE: {
    hint: 'run the OFP JWKS request, or check jwks_uri',
    exit: 2,
  },
  ERR_OFM_BUNDLE_MISSING: {
    hint: 'the collection-level pre-request script must be the ofm-postman bundle: regenerate or re-import the collection',
    exit: 2,
  },
  ERR_OFM_TOKEN_FAILED: {
    hint: 'run the Client credentials request to see the full response',
    exit: 2,
  },
  ERR_OFM_ISSUER_MISMATCH: {
    hint: 'the response did not come from the configured issuer: check issuer, and never mix two authorization servers',
    exit: 2,
  },
} as const satisfies ErrorTable;

export type FlowErrorCode = keyof typeof FLOW_ERRORS;

/** A server answer or token the flow must not go on with. */
export class FlowError extends OfmError {
  /** Its codes' entries (a getter: a static field would put them in bundles that never throw one). */
  static get entries(): Readonly<Record<FlowErrorCode, ErrorEntry>> {
    return FLOW_ERRORS;
  }
  declare readonly code: FlowErrorCode;

  constructor(code: FlowErrorCode, message: string, options: OfmErrorOptions = {}) {
    super(code, message, { cause: options.cause, hint: options.hint ?? FLOW_ERRORS[code].hint });
  }
}
