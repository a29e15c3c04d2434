/** Test script of the refresh: a new access token; the refresh token is kept unless rotated. */
import { VAR } from '../../shared/variables.js';
import { expectNonEmptyString, expectStatus, expectTrue } from '../lib/expect.js';
import { check, responseObject, store } from '../pm/checks.js';

const previousAccess = pm.variables.get(VAR.accessToken);
const previousRefresh = pm.variables.get(VAR.refreshToken);

check('Refresh: HTTP 200', () => expectStatus(pm.response.code, 200));

check('Refresh: a new access token', () => {
  const token = expectNonEmptyString(responseObject()['access_token'], 'access_token');
  expectTrue(token !== previousAccess, 'the access token did not change');
  store(VAR.accessToken, token);
  const lifetime = responseObject()['expires_in'];
  // expires_in is optional (RFC 6749 5.1): without it the lifetime is unknown.
  store(
    VAR.accessTokenExpiresAt,
    typeof lifetime === 'number' && lifetime > 0 ? String(Date.now() + lifetime * 1000) : '',
  );
});

check('Refresh: the refresh token is unchanged (PayNet does not rotate it)', () => {
  const returned = responseObject()['refresh_token'];
  if (returned === undefined || returned === previousRefresh) return;
  // A rotating server: keep the new one so the flow goes on, and say so.
  store(VAR.refreshToken, String(returned));
  throw new Error('the server rotated the refresh token; PayNet does not');
});
