/**
 * A token-endpoint request sent by a script (pm.sendRequest), with the collection bundle's client
 * authentication, one signer and one random source. Used to fetch a client-credentials token and
 * to renew an expired access token before a request that needs it.
 */
import { FlowError } from '../../shared/errors/flow-errors.js';
import { InputError } from '../../shared/errors/input-errors.js';
import { EXPIRY_MARGIN_MS } from '../../shared/token-expiry.js';
import { VAR } from '../../shared/variables.js';
import { requireBundleApi } from '../lib/bundle-api.js';

/** True when the token is set and, if its expiry is known, not about to expire. */
export function tokenIsFresh(
  token: string | undefined,
  expiresAtText: string | undefined,
): boolean {
  if (!token || token.includes('{{')) return false;
  if (!expiresAtText) return true; // lifetime unknown: use it until the server says otherwise
  const expiresAt = Number(expiresAtText);
  return Number.isFinite(expiresAt) && expiresAt - EXPIRY_MARGIN_MS > Date.now();
}

/**
 * POSTs `params` plus client authentication to the token endpoint; `onToken` gets the JSON body
 * of a 200 answer with an access token. Any other outcome calls `onFail` with ERR_OFM_TOKEN_FAILED.
 */
export function requestToken(
  params: ReadonlyArray<{ key: string; value: string }>,
  purpose: string,
  onToken: (body: Record<string, unknown>) => void,
  onFail: (error: unknown) => void,
): void {
  const api = requireBundleApi();
  const get = (name: string) => pm.variables.get(name);
  const tokenEndpoint = pm.variables.get(VAR.tokenEndpoint);
  if (!tokenEndpoint || tokenEndpoint.includes('{{')) {
    throw new InputError(
      'ERR_OFM_VAR_MISSING',
      `${VAR.tokenEndpoint} is not set; a token cannot be fetched.`,
      { hint: 'run the Discovery request first, or set token_endpoint' },
    );
  }
  const context = `${purpose}|${pm.info.requestId ?? ''}|${pm.info.iteration ?? ''}`;
  pm.sendRequest(
    {
      url: tokenEndpoint,
      method: 'POST',
      header: [
        { key: 'Content-Type', value: 'application/x-www-form-urlencoded' },
        { key: 'x-fapi-interaction-id', value: api.uuid(get, context) },
      ],
      body: {
        mode: 'urlencoded',
        urlencoded: [...params, ...api.clientAuthForm(get, context)],
      },
    },
    (error, response) => {
      try {
        if (error || response === undefined) {
          throw new FlowError('ERR_OFM_TOKEN_FAILED', 'the token endpoint could not be reached.', {
            hint: 'check token_endpoint and the client certificate settings for its host',
          });
        }
        let body: Record<string, unknown> = {};
        try {
          body = response.json() as Record<string, unknown>;
        } catch {
          // Not JSON: reported below with the status code.
        }
        const token = body['access_token'];
        if (response.code !== 200 || typeof token !== 'string' || token === '') {
          const reason = [body['error'], body['error_description']]
            .filter((part): part is string => typeof part === 'string')
            .join(': ')
            .slice(0, 160);
          throw new FlowError(
            'ERR_OFM_TOKEN_FAILED',
            `the token endpoint answered HTTP ${response.code}${reason ? ` (${reason})` : ''}.`,
            { hint: `the ${purpose} request was refused; the reason is in parentheses` },
          );
        }
        onToken(body);
      } catch (failure) {
        onFail(failure);
      }
    },
  );
}

/** The epoch-milliseconds expiry for a token response, or '' when it gave no expires_in. */
export function expiryOf(body: Record<string, unknown>, fallbackSeconds?: number): string {
  const expiresIn = body['expires_in'];
  const lifetime = typeof expiresIn === 'number' && expiresIn > 0 ? expiresIn : fallbackSeconds;
  return lifetime === undefined ? '' : String(Date.now() + lifetime * 1000);
}
