/** Test script of a token request: checks the response and keeps the client-credentials token. */
import { VAR } from '../../shared/variables.js';
import { expectNonEmptyString, expectStatus, expectTrue } from '../lib/expect.js';
import { check, finishStep, responseObject, store } from '../pm/checks.js';
import { learnServerClock } from '../pm/clock.js';

learnServerClock();

check('Token: HTTP 200', () => expectStatus(pm.response.code, 200));

check('Token: a Bearer access token (expires_in, when present, positive)', () => {
  const body = responseObject();
  const type = expectNonEmptyString(body['token_type'], 'token_type');
  // RFC 6749 section 5.1: token_type is case-insensitive.
  expectTrue(type.toLowerCase() === 'bearer', `token_type is ${type}, not Bearer`);
  const token = expectNonEmptyString(body['access_token'], 'access_token');
  const expiresIn = body['expires_in'];
  expectTrue(
    expiresIn === undefined || (typeof expiresIn === 'number' && expiresIn > 0),
    'expires_in is present but not a positive number',
  );
  store(VAR.ccAccessToken, token);
  // Without expires_in the lifetime is unknown: the next request that needs a token gets a new one.
  store(
    VAR.ccAccessTokenExpiresAt,
    typeof expiresIn === 'number' ? String(Date.now() + expiresIn * 1000) : '',
  );
});

check('Token: the x-fapi-interaction-id is echoed when the server echoes it', () => {
  const echoed = pm.response.headers.get('x-fapi-interaction-id');
  if (echoed === undefined) return;
  const sent = pm.request.headers.get('x-fapi-interaction-id');
  expectTrue(echoed === sent, `echoed ${echoed}, sent ${String(sent)}`);
});

if (!finishStep('credentials')) {
  store(VAR.ccAccessToken, '');
  store(VAR.ccAccessTokenExpiresAt, '');
}
