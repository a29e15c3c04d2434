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
    'the state file is damaged or not one of ours: start clean with --fresh (or delete it)',
  ERR_OFM_USAGE: 'run ofm-postman --help for the commands and their options',
};

registerErrorHints(NODE_ERROR_HINTS);
