/** Test script of a token request: checks the response and keeps the client-credentials token. */
import { VAR } from '../../shared/variables.js';
import {
  expectNonEmptyString,
  expectPositiveNumber,
  expectStatus,
  expectTrue,
} from '../lib/expect.js';
import { check, responseObject, store } from '../pm/checks.js';

check('Token: HTTP 200', () => expectStatus(pm.response.code, 200));

check('Token: a Bearer access token with a positive expires_in', () => {
  const body = responseObject();
  const type = expectNonEmptyString(body['token_type'], 'token_type');
  expectTrue(type.toLowerCase() === 'bearer', `token_type is ${type}, not Bearer`);
  const token = expectNonEmptyString(body['access_token'], 'access_token');
  const expiresIn = expectPositiveNumber(body['expires_in'], 'expires_in');
  store(VAR.ccAccessToken, token);
  store(VAR.ccAccessTokenExpiresAt, String(Date.now() + expiresIn * 1000));
});

check('Token: the x-fapi-interaction-id is echoed when the server echoes it', () => {
  const echoed = pm.response.headers.get('x-fapi-interaction-id');
  if (echoed === undefined) return;
  const sent = pm.request.headers.get('x-fapi-interaction-id');
  expectTrue(echoed === sent, `echoed ${echoed}, sent ${String(sent)}`);
});
