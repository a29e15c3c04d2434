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

/**
 * Port of the loopback redirect URI every sandbox client has registered next to the sandbox's own
 * `/callback`: where a command-line listener (`ofm-postman consent`) receives the authorization
 * response. Registered redirect URIs match exactly, as at PayNet, so the port is fixed (the
 * sandbox's `--loopback-port` changes it).
 */
export const LOCAL_LOOPBACK_REDIRECT_PORT = 8765;

/** The loopback redirect URI for `port` (RFC 8252 section 7.3: http, 127.0.0.1, a path). */
export function localLoopbackRedirectUri(port = LOCAL_LOOPBACK_REDIRECT_PORT): string {
  return `http://127.0.0.1:${port}/callback`;
}
