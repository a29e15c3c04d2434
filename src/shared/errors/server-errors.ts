/**
 * Errors with a server the CLI reaches, starts or waits for: the discovery document, the local
 * sandbox, the run's target, Newman itself, and the consent redirect. Raised by Node only: no
 * script bundle imports this module, so the scripts do not carry these hints.
 */
import { OfmError, type OfmErrorOptions } from './ofm-error.js';

export const SERVER_ERROR_HINTS = {
  ERR_OFM_DISCOVERY_UNREACHABLE: 'check the discovery URL, the network, and --ca for a private CA',
  ERR_OFM_DISCOVERY_INVALID:
    'point --discovery at an OpenID Provider metadata document (/.well-known/openid-configuration)',
  ERR_OFM_SANDBOX_CONFIG: 'run ofm-postman sandbox --help for the accepted values',
  ERR_OFM_PORT_IN_USE: 'choose another --port, or --port 0 for a free one',
  ERR_OFM_SERVER_UNREACHABLE:
    'start the server (ofm-postman sandbox) or check the issuer in the environment',
  ERR_OFM_RUN_FAILED: 'check the collection, environment and certificate files',
  ERR_OFM_NOTHING_RAN: 'check the collection and --folder: a run must send a request and test it',
  ERR_OFM_CONSENT_TIMEOUT:
    'run ofm-postman consent again (--wait sets how long it waits), or pass --redirect-url',
  ERR_OFM_STATE_LOCKED:
    'wait for the other run or consent on this state to finish, or give this run its own --state FILE',
  ERR_OFM_STATE_LOCK_FAILED:
    'make the state folder writable by you, or give --state a path in a folder you can write',
  ERR_OFM_JWKS_UNREACHABLE:
    'check --jwks-uri, the network, and --ca for a JWKS served over a private CA',
} as const;

export type ServerErrorCode = keyof typeof SERVER_ERROR_HINTS;

/** A server that cannot be reached, started or waited for. */
export class ServerError extends OfmError {
  /** Its hints (a getter: a static field would put them in bundles that never throw one). */
  static get hints(): Readonly<Record<ServerErrorCode, string>> {
    return SERVER_ERROR_HINTS;
  }
  declare readonly code: ServerErrorCode;

  constructor(code: ServerErrorCode, message: string, options: OfmErrorOptions = {}) {
    super(code, message, {
      cause: options.cause,
      hint: options.hint ?? SERVER_ERROR_HINTS[code],
    });
  }
}
