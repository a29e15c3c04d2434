/** Fixed identifiers of the local sandbox, shared by the server and the builder's local target. */
import type { AuthMethod } from './variables.js';

/** Port of `ofm-postman sandbox` when none is given. */
export const LOCAL_SANDBOX_DEFAULT_PORT = 8443;

/** client_id of each sandbox client. */
export const LOCAL_CLIENT_IDS: Readonly<Record<AuthMethod, string>> = {
  private_key_jwt: 'ofm-local-private-key-jwt',
  tls_client_auth: 'ofm-local-tls-client-auth',
};

/** The data consumer id (dc_id) of the sandbox's clients: 24 hex characters, like PayNet's. */
export const LOCAL_DC_ID = '0f5a1c2e3d4b5a6978c0ffee';
