/**
 * Folder-level pre-request script: makes sure a valid client-credentials token is in
 * `cc_access_token` before a request that needs one, fetching it with pm.sendRequest when it is
 * missing or about to expire. Client authentication comes from the collection-level bundle's API,
 * so there is one signer and one random source. On failure the request is not sent.
 */
import { VAR } from '../../shared/variables.js';
import { failAndSkip } from '../pm/report.js';
import { store } from '../pm/checks.js';
import { expiryOf, requestToken, tokenIsFresh } from '../pm/token-request.js';

try {
  const token = pm.variables.get(VAR.ccAccessToken);
  // A client-credentials token without a known expiry is renewed: it is cheap to get another.
  const expiresAt = pm.variables.get(VAR.ccAccessTokenExpiresAt) || '0';
  if (!tokenIsFresh(token, expiresAt)) {
    requestToken(
      [
        { key: 'grant_type', value: 'client_credentials' },
        { key: 'scope', value: pm.variables.get(VAR.ccScope) || 'accounts' },
      ],
      'client-credentials',
      (body) => {
        store(VAR.ccAccessToken, String(body['access_token']));
        // Without expires_in the lifetime is unknown: used for this request, renewed for the next.
        store(VAR.ccAccessTokenExpiresAt, expiryOf(body));
      },
      failAndSkip,
    );
  }
} catch (error) {
  failAndSkip(error);
}
