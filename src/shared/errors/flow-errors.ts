/**
 * Errors of the consent and data flows: what the authorization and resource servers answered, and
 * checks of their tokens and signed responses. The flow scripts and the consent command raise
 * them; the client-authentication script never does, so it does not carry these hints.
 */
import { OfmError, type OfmErrorOptions } from './ofm-error.js';

export const FLOW_ERROR_HINTS = {
  ERR_OFM_CODE_MISSING:
    'open the URL in authorization_url (the Authorize request prints it), approve, and paste the code from the redirect into authorization_code',
  ERR_OFM_STATE_MISMATCH: 'start the journey again from the PAR request; never mix two flows',
  ERR_OFM_AUTHORIZATION_FAILED:
    'see the error and error_description the authorization server returned',
  ERR_OFM_ID_TOKEN_INVALID:
    'check issuer and client_id, and that the flow was not mixed with another',
  ERR_OFM_SIGNATURE_INVALID:
    'the response was not signed by the expected key, or was changed on the way: check the JWKS URL',
  ERR_OFM_JWE_INVALID:
    'check encryption_private_key: the data was encrypted to the encryption key in your JWKS',
  ERR_OFM_JWE_UNSUPPORTED: 'the response must be encrypted with RSA-OAEP-256 and A256GCM',
  ERR_OFM_RESPONSE_INVALID: 'see the message: the response is not what OFP sends',
  ERR_OFM_JWKS_UNAVAILABLE: 'run the OFP JWKS request, or check jwks_uri',
  ERR_OFM_BUNDLE_MISSING:
    'the collection-level pre-request script must be the ofm-postman bundle: regenerate or re-import the collection',
  ERR_OFM_TOKEN_FAILED: 'run the Client credentials request to see the full response',
  ERR_OFM_ISSUER_MISMATCH:
    'the response did not come from the configured issuer: check issuer, and never mix two authorization servers',
} as const;

export type FlowErrorCode = keyof typeof FLOW_ERROR_HINTS;

/** A server answer or token the flow must not go on with. */
export class FlowError extends OfmError {
  /** Its hints (a getter: a static field would put them in bundles that never throw one). */
  static get hints(): Readonly<Record<FlowErrorCode, string>> {
    return FLOW_ERROR_HINTS;
  }
  declare readonly code: FlowErrorCode;

  constructor(code: FlowErrorCode, message: string, options: OfmErrorOptions = {}) {
    super(code, message, { cause: options.cause, hint: options.hint ?? FLOW_ERROR_HINTS[code] });
  }
}
