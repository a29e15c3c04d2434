/**
 * Which form parameters client authentication puts into a token or PAR request.
 *
 * @see https://www.rfc-editor.org/rfc/rfc7523#section-2.2 (private_key_jwt)
 * @see https://www.rfc-editor.org/rfc/rfc8705#section-2.1 (tls_client_auth)
 */
import { CLIENT_ASSERTION_TYPE, type ClientAuthSettings } from '../../shared/client-assertion.js';

/** The body keys the script owns: any existing entry with one of these keys is replaced. */
export const CLIENT_AUTH_PARAMS = [
  'client_id',
  'client_assertion_type',
  'client_assertion',
] as const;

/**
 * Whether a request takes client authentication: a urlencoded body on a method other than GET or
 * HEAD. Everything else (discovery, JWKS, resource calls) passes through untouched, so the script
 * can sit at collection level.
 */
export function takesClientAuth(method: string, bodyMode: string | undefined): boolean {
  const verb = method.toUpperCase();
  return verb !== 'GET' && verb !== 'HEAD' && bodyMode === 'urlencoded';
}

/** The parameters to add, in order, after every {@link CLIENT_AUTH_PARAMS} key was removed. */
export function clientAuthParams(
  settings: ClientAuthSettings,
  assertion: string | undefined,
): Array<{ key: string; value: string }> {
  const params = [{ key: 'client_id', value: settings.clientId }];
  if (settings.method === 'private_key_jwt') {
    if (assertion === undefined) throw new Error('private_key_jwt needs a signed assertion');
    params.push(
      { key: 'client_assertion_type', value: CLIENT_ASSERTION_TYPE },
      { key: 'client_assertion', value: assertion },
    );
  }
  return params;
}
