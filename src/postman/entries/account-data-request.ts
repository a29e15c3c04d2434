/**
 * Pre-request script of the account-data requests: picks the consented account (and, for
 * transactions, the next page), then signs the `x-signature` over the request exactly as it will
 * be sent: its resolved URL, query parameters and x-fapi-interaction-id.
 */
import { InputError } from '../../shared/errors/input-errors.js';
import { buildXSignatureClaims, DEFAULT_X_SIGNATURE_LIFETIME } from '../../shared/x-signature.js';
import { clockOffsetMs } from '../../shared/clock.js';
import { VAR } from '../../shared/variables.js';
import { requireBundleApi } from '../lib/bundle-api.js';
import { store } from '../pm/checks.js';
import { get, requestContext } from '../pm/flow.js';
import { failAndSkip } from '../pm/report.js';
import { expiryOf, requestToken, tokenIsFresh } from '../pm/token-request.js';

function need(name: string): string {
  const value = pm.variables.get(name);
  if (!value || value.includes('{{')) {
    throw new InputError(
      'ERR_OFM_VAR_MISSING',
      `${name} is not set; it is required for account data.`,
      {
        hint:
          name === VAR.accountIds || name === VAR.consentId
            ? 'run the Consent folder first'
            : `set ${name} in the environment`,
      },
    );
  }
  return value;
}

/**
 * An access token found expired (say, in a state saved by an earlier run) is renewed with the
 * refresh token before the request goes out; the Authorization header resolves afterwards.
 */
function renewAccessTokenIfExpired(): void {
  const accessToken = pm.variables.get(VAR.accessToken);
  if (tokenIsFresh(accessToken, pm.variables.get(VAR.accessTokenExpiresAt))) return;
  const refreshToken = pm.variables.get(VAR.refreshToken);
  const hasRefresh = !!refreshToken && !refreshToken.includes('{{');
  // No token at all and nothing to renew with: the request says so itself (401), as before.
  if (!accessToken && !hasRefresh) return;
  if (!hasRefresh) {
    throw new InputError(
      'ERR_OFM_VAR_MISSING',
      `${VAR.accessToken} has expired and there is no ${VAR.refreshToken} to renew it.`,
      { hint: 'give a new consent: ofm-postman consent, or run the Consent folder' },
    );
  }
  requestToken(
    [
      { key: 'grant_type', value: 'refresh_token' },
      { key: 'refresh_token', value: refreshToken as string },
    ],
    'refresh',
    (body) => {
      store(VAR.accessToken, String(body['access_token']));
      store(VAR.accessTokenExpiresAt, expiryOf(body));
      // A server that rotates refresh tokens: keep the new one.
      if (typeof body['refresh_token'] === 'string') store(VAR.refreshToken, body['refresh_token']);
    },
    failAndSkip,
  );
}

try {
  const api = requireBundleApi();
  renewAccessTokenIfExpired();
  // The account this request is for: account_ids[data_account_index].
  const ids = JSON.parse(need(VAR.accountIds)) as string[];
  const index = Number(pm.variables.get(VAR.dataAccountIndex) || '0');
  store(VAR.dataAccountId, ids[index < ids.length ? index : 0] ?? '');
  // Transactions: ask for the next page when one is pending.
  const query = pm.request.url.query;
  if (query.has('page_size')) {
    query.remove((p) => p.key === 'next_page_params', undefined);
    const cursor = pm.variables.get(VAR.transactionsNextPage);
    if (cursor && Number(pm.variables.get(VAR.transactionsPageCount) || '0') > 0)
      query.add({ key: 'next_page_params', value: cursor });
  }
  const subChoice = pm.variables.get(VAR.xSignatureSub) || 'consent_id';
  if (subChoice !== 'consent_id' && subChoice !== 'dc_id') {
    throw new InputError(
      'ERR_OFM_VAR_INVALID',
      `${VAR.xSignatureSub} is "${subChoice.slice(0, 20)}", not consent_id or dc_id.`,
    );
  }
  const lifetimeText =
    pm.variables.get(VAR.xSignatureLifetime) || String(DEFAULT_X_SIGNATURE_LIFETIME);
  if (!/^[0-9]+$/.test(lifetimeText) || Number(lifetimeText) < 1 || Number(lifetimeText) > 3600) {
    throw new InputError(
      'ERR_OFM_VAR_INVALID',
      `${VAR.xSignatureLifetime} is not a whole number of seconds from 1 to 3600.`,
    );
  }
  const dcId = need(VAR.dcId);
  const claims = buildXSignatureClaims({
    dcId,
    sub: subChoice === 'dc_id' ? dcId : need(VAR.consentId),
    dpId: need(VAR.dpId),
    // Resolved now, with the data_account_id set above: exactly what goes on the wire.
    requestUrl: pm.variables.replaceIn(pm.request.url.toString()),
    jti:
      pm.request.headers.get('x-fapi-interaction-id') ??
      api.uuid(get, requestContext('x-signature')),
    nowMs: Date.now() + clockOffsetMs(get),
    lifetime: Number(lifetimeText),
  });
  const signature = api.signJws(get, requestContext('x-signature'), claims);
  pm.request.headers.remove((h) => h.key.toLowerCase() === 'x-signature', undefined);
  pm.request.headers.add({ key: 'x-signature', value: signature });
  // Request-scoped, like client_assertion: the header's {{x_signature}} placeholder names it.
  pm.variables.set(VAR.xSignature, signature);
} catch (error) {
  failAndSkip(error);
}
