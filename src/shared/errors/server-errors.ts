/**
 * Errors with a server the CLI reaches, starts or waits for: the discovery document, the local
 * sandbox, the run's target, Newman itself, and the consent redirect. Raised by Node only: no
 * script bundle imports this module, so the scripts do not carry these hints.
 */
import { OfmError, type ErrorEntry, type ErrorTable, type OfmErrorOptions } from './ofm-error.js';

export const SERVER_ERRORS = {
  ERR_OFM_DISCOVERY_UNREACHABLE: {
    hint: 'check the discovery URL, the network, and --ca for a private CA',
    exit: 3,
  },
  ERR_OFM_DISCOVERY_INVALID: {
    hint: 'point --discovery at an OpenID Provider metadata document (/.well-known/openid-configuration)',
    exit: 2,
  },
  ERR_OFM_SANDBOX_CONFIG: {
    hint: 'run ofm-postman sandbox --help for the accepted values',
    exit: 2,
  },
  ERR_OFM_PORT_IN_USE: {
    hint: 'choose another --port, or --port 0 for a free one',
    exit: 3,
  },
  ERR_OFM_SERVER_UNREACHABLE: {
    hint: 'start the server (ofm-postman sandbox) or check the issuer in the environment',
    exit: 3,
  },
  ERR_OFM_RUN_FAILED: {
    hint: 'check the collection, environment and certificate files',
    exit: 3,
  },
  ERR_OFM_NOTHING_RAN: {
    hint: 'check the collection and --folder: a run must send a request and test it',
    exit: 1,
  },
  ERR_OFM_CONSENT_TIMEOUT: {
    hint: 'run ofm-postman consent again (--wait sets how long it waits), or pass --redirect-url',
    exit: 1,
  },
  ERR_OFM_STATE_LOCKED: {
    hint: 'wait for the other run or consent on this state to finish, or give this run its own --state FILE',
    exit: 3,
  },
  ERR_OFM_STATE_LOCK_FAILED: {
    hint: 'make the state folder writable by you, or give --state a path in a folder you can write',
    exit: 3,
  },
  ERR_OFM_JWKS_UNREACHABLE: {
    hint: 'check --jwks-uri, the network, and --ca for a JWKS served over a private CA',
    exit: 3,
  },
} as const satisfies ErrorTable;

export type ServerErrorCode = keyof typeof SERVER_ERRORS;

/** A server that cannot be reached, started or waited for. */
export class ServerError extends OfmError {
  /** Its codes' entries (a getter: a static field would put them in bundles that never throw one). */
  static get entries(): Readonly<Record<ServerErrorCode, ErrorEntry>> {
    return SERVER_ERRORS;
  }
  declare readonly code: ServerErrorCode;

  constructor(code: ServerErrorCode, message: string, options: OfmErrorOptions = {}) {
    super(code, message, {
      cause: options.cause,
      hint: options.hint ?? SERVER_ERRORS[code].hint,
    });
  }
}
