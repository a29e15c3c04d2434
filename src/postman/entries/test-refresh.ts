/**
 * Test script of the refresh: a new access token. The refresh token is kept, or replaced when the
 * server rotates it (PayNet does not; both are correct OAuth behaviour).
 */
import { VAR } from '../../shared/variables.js';
import { expectNonEmptyString, expectStatus, expectTrue } from '../lib/expect.js';
import { check, responseObject, store } from '../pm/checks.js';

const previousAccess = pm.variables.get(VAR.accessToken);

check('Refresh: HTTP 200', () => expectStatus(pm.response.code, 200));

check('Refresh: a new Bearer access token (the refresh token kept or rotated)', () => {
  const body = responseObject();
  const type = expectNonEmptyString(body['token_type'], 'token_type');
  expectTrue(type.toLowerCase() === 'bearer', `token_type is ${type}, not Bearer`);
  const token = expectNonEmptyString(body['access_token'], 'access_token');
  expectTrue(token !== previousAccess, 'the access token did not change');
  const rotated = body['refresh_token'];
  if (rotated !== undefined) expectNonEmptyString(rotated, 'refresh_token');
  store(VAR.accessToken, token);
  // expires_in is optional (RFC 6749 5.1): without it the lifetime is unknown.
  const lifetime = body['expires_in'];
  store(
    VAR.accessTokenExpiresAt,
    typeof lifetime === 'number' && lifetime > 0 ? String(Date.now() + lifetime * 1000) : '',
  );
  if (typeof rotated === 'string') store(VAR.refreshToken, rotated);
});
