/** Hints of the error codes only the Node side raises; registered when this module loads. */
import { registerErrorHints, type NodeErrorCode } from './errors.js';
import './flow-error-hints.js';

export const NODE_ERROR_HINTS: Record<NodeErrorCode, string> = {
  ERR_OFM_FILE_NOT_FOUND: 'check the path',
  ERR_OFM_DISCOVERY_UNREACHABLE: 'check the discovery URL, the network, and --ca for a private CA',
  ERR_OFM_DISCOVERY_INVALID:
    'point --discovery at an OpenID Provider metadata document (/.well-known/openid-configuration)',
  ERR_OFM_KEYS_INCOMPLETE: 'run ofm-postman keys --force to replace the partial key set',
  ERR_OFM_SANDBOX_CONFIG: 'run ofm-postman sandbox --help for the accepted values',
  ERR_OFM_KEYS_MISSING: 'run ofm-postman keys first (or pass --keys DIR)',
  ERR_OFM_PORT_IN_USE: 'choose another --port, or --port 0 for a free one',
  ERR_OFM_RUN_FAILED: 'check the collection, environment and certificate files',
  ERR_OFM_SERVER_UNREACHABLE:
    'start the server (ofm-postman sandbox) or check the issuer in the environment',
  ERR_OFM_CONSENT_TIMEOUT:
    'run ofm-postman consent again (--wait sets how long it waits), or pass --redirect-url',
  ERR_OFM_STATE_INVALID:
    'give --state a state file of this issuer, client and auth method (or --fresh to replace such a file)',
  ERR_OFM_USAGE: 'run ofm-postman --help for the commands and their options',
  ERR_OFM_NOT_A_FILE: 'give the path of a file, not a folder',
  ERR_OFM_FILE_INVALID: 'give the file ofm-postman wrote, or one exported from Postman',
  ERR_OFM_FILE_KIND: 'check which file goes with which option (ofm-postman run --help)',
  ERR_OFM_FILE_EXISTS: 'choose another --out, or add --force to replace the file',
  ERR_OFM_CERT_KEY_MISMATCH:
    'give the key the certificate was issued for (ofm-postman keys writes matching pairs)',
  ERR_OFM_AUTH_MISMATCH:
    'use the collection, environment and state of one auth method (--auth picks all three)',
  ERR_OFM_NOTHING_RAN: 'check --folder and the collection: a run must send a request and test it',
  ERR_OFM_KEYS_REPLACED: 'write the environment again with ofm-postman env (the message says how)',
  ERR_OFM_NOTHING_PENDING:
    'start a new flow with ofm-postman consent (or --url-only), then finish it once',
};

registerErrorHints(NODE_ERROR_HINTS);
