/**
 * Folder-level pre-request script: makes sure a valid client-credentials token is in
 * `cc_access_token` before a request that needs one, fetching it with pm.sendRequest when it is
 * missing or about to expire. Client authentication comes from the collection-level bundle's API,
 * so there is one signer and one random source. On failure the request is not sent.
 */
import { OfmError } from '../../shared/errors.js';
import { VAR } from '../../shared/variables.js';
import { requireBundleApi } from '../lib/bundle-api.js';
import { failAndSkip } from '../pm/report.js';
import { store } from '../pm/checks.js';
import '../../shared/flow-error-hints.js';

/** Renew this long before expiry, so a token never expires in flight. */
const EXPIRY_MARGIN_MS = 30_000;

function tokenIsFresh(): boolean {
  const token = pm.variables.get(VAR.ccAccessToken);
  const expiresAt = Number(pm.variables.get(VAR.ccAccessTokenExpiresAt));
  return !!token && Number.isFinite(expiresAt) && expiresAt - EXPIRY_MARGIN_MS > Date.now();
}

function fetchToken(): void {
  const api = requireBundleApi();
  const get = (name: string) => pm.variables.get(name);
  const tokenEndpoint = pm.variables.get(VAR.tokenEndpoint);
  if (!tokenEndpoint || tokenEndpoint.includes('{{')) {
    throw new OfmError(
      'ERR_OFM_VAR_MISSING',
      `${VAR.tokenEndpoint} is not set; a token cannot be fetched.`,
      {
        hint: 'run the Discovery request first, or set token_endpoint',
      },
    );
  }
  const context = `ensure-token|${pm.info.requestId ?? ''}|${pm.info.iteration ?? ''}`;
  const form = [
    { key: 'grant_type', value: 'client_credentials' },
    { key: 'scope', value: pm.variables.get(VAR.ccScope) || 'accounts' },
    ...api.clientAuthForm(get, context),
  ];
  pm.sendRequest(
    {
      url: tokenEndpoint,
      method: 'POST',
      header: [
        { key: 'Content-Type', value: 'application/x-www-form-urlencoded' },
        { key: 'x-fapi-interaction-id', value: api.uuid(get, context) },
      ],
      body: { mode: 'urlencoded', urlencoded: form },
    },
    (error, response) => {
      try {
        if (error || response === undefined) {
          throw new OfmError('ERR_OFM_TOKEN_FAILED', 'the token endpoint could not be reached.', {
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
        const expiresIn = body['expires_in'];
        if (response.code !== 200 || typeof token !== 'string' || token === '') {
          const reason =
            typeof body['error'] === 'string' ? ` (${String(body['error']).slice(0, 60)})` : '';
          throw new OfmError(
            'ERR_OFM_TOKEN_FAILED',
            `the token endpoint answered HTTP ${response.code}${reason}.`,
            {
              hint: 'run the Client credentials request to see the full response',
            },
          );
        }
        store(VAR.ccAccessToken, token);
        // Without expires_in the lifetime is unknown: used for this request, renewed for the next.
        store(
          VAR.ccAccessTokenExpiresAt,
          typeof expiresIn === 'number' && expiresIn > 0
            ? String(Date.now() + expiresIn * 1000)
            : '',
        );
      } catch (failure) {
        failAndSkip(failure);
      }
    },
  );
}

try {
  if (!tokenIsFresh()) fetchToken();
} catch (error) {
  failAndSkip(error);
}
