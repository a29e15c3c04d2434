/**
 * Test script of the token exchange: the tokens, the ID token (PS256 against the issuer's JWKS,
 * iss, aud, exp/iat, nonce), and the consent PayNet returns in authorization_details.
 */
import { VAR } from '../../shared/variables.js';
import {
  expectNonEmptyString,
  expectPositiveNumber,
  expectStatus,
  expectTrue,
} from '../lib/expect.js';
import { check, responseObject, store } from '../pm/checks.js';
import { verifyIdToken, withOfpJwks } from '../pm/id-token.js';
import { errorLine } from '../pm/report.js';

check('Token exchange: HTTP 200', () => expectStatus(pm.response.code, 200));

let body: Record<string, unknown> = {};
try {
  body = responseObject();
} catch {
  // reported by the checks below
}

check('Token exchange: access, refresh and ID tokens', () => {
  const type = expectNonEmptyString(body['token_type'], 'token_type');
  expectTrue(type.toLowerCase() === 'bearer', `token_type is ${type}, not Bearer`);
  store(VAR.accessToken, expectNonEmptyString(body['access_token'], 'access_token'));
  store(VAR.refreshToken, expectNonEmptyString(body['refresh_token'], 'refresh_token'));
  store(VAR.idToken, expectNonEmptyString(body['id_token'], 'id_token'));
  const lifetime = expectPositiveNumber(body['expires_in'], 'expires_in');
  store(VAR.accessTokenExpiresAt, String(Date.now() + lifetime * 1000));
  // A code is good for one exchange only.
  store(VAR.authorizationCode, '');
});

check('Token exchange: the consent with its consent_id and accounts', () => {
  const details = body['authorization_details'];
  expectTrue(
    Array.isArray(details) && details.length > 0,
    'no authorization_details in the response',
  );
  const detail = (details as Array<Record<string, unknown>>)[0] as Record<string, unknown>;
  const consent = (detail['consent'] ?? {}) as Record<string, unknown>;
  const consentId = expectNonEmptyString(
    consent['consent_id'],
    'authorization_details[0].consent.consent_id',
  );
  const accounts = detail['accounts'];
  expectTrue(Array.isArray(accounts) && accounts.length > 0, 'no consented accounts');
  const ids = (accounts as Array<Record<string, unknown>>).map((a, i) =>
    expectNonEmptyString(a['account_id'], `accounts[${i}].account_id`),
  );
  store(VAR.consentId, consentId);
  store(VAR.accountIds, JSON.stringify(ids));
  store(VAR.accountId, ids[0] as string);
  if (typeof consent['dp_id'] === 'string') store(VAR.dpId, consent['dp_id']);
});

if (typeof body['id_token'] === 'string') {
  const idToken = body['id_token'];
  withOfpJwks((error, jwks) => {
    check(
      'Token exchange: the ID token is valid (PS256 signature, iss, aud, exp, iat, nonce)',
      () => {
        if (error || jwks === undefined) throw new Error(errorLine(error));
        try {
          verifyIdToken(idToken, jwks);
        } catch (failure) {
          throw new Error(errorLine(failure), { cause: failure });
        }
      },
    );
  });
}
