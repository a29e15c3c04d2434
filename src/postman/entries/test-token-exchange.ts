/**
 * Test script of the token exchange: the tokens, the ID token (PS256 against the issuer's JWKS,
 * iss, aud, azp, exp, iat, nonce), and the consent PayNet returns in authorization_details.
 *
 * Nothing of the response is kept unless every check passes: when the ID token (or anything else)
 * is wrong, the access, refresh and ID tokens are cleared, so no later request can use them, and
 * the requests that need the token exchange are skipped.
 */
import { CONSENT_TOKEN_VARIABLES } from '../../shared/flow-status.js';
import { VAR } from '../../shared/variables.js';
import { expectNonEmptyString, expectStatus, expectTrue } from '../lib/expect.js';
import { check, finishStep, responseObject, store } from '../pm/checks.js';
import { learnServerClock } from '../pm/clock.js';
import { verifyIdToken, withOfpJwks } from '../pm/id-token.js';
import { errorLine } from '../pm/report.js';

learnServerClock();
// A code is good for one exchange only, and so is the pushed request that led to it.
store(VAR.authorizationCode, '');
store(VAR.requestUri, '');

/** What the response yields, stored only if the whole response is good. */
const results: Array<[string, string]> = [];

check('Token exchange: HTTP 200', () => expectStatus(pm.response.code, 200));

let body: Record<string, unknown> = {};
try {
  body = responseObject();
} catch {
  // reported by the checks below
}

check('Token exchange: access, refresh and ID tokens', () => {
  const type = expectNonEmptyString(body['token_type'], 'token_type');
  // RFC 6749 section 5.1: token_type is case-insensitive.
  expectTrue(type.toLowerCase() === 'bearer', `token_type is ${type}, not Bearer`);
  results.push([VAR.accessToken, expectNonEmptyString(body['access_token'], 'access_token')]);
  results.push([VAR.refreshToken, expectNonEmptyString(body['refresh_token'], 'refresh_token')]);
  results.push([VAR.idToken, expectNonEmptyString(body['id_token'], 'id_token')]);
  // expires_in is optional (RFC 6749 section 5.1): absent, the lifetime is unknown.
  const expiresIn = body['expires_in'];
  expectTrue(
    expiresIn === undefined || (typeof expiresIn === 'number' && expiresIn > 0),
    'expires_in is present but not a positive number',
  );
  results.push([
    VAR.accessTokenExpiresAt,
    typeof expiresIn === 'number' ? String(Date.now() + expiresIn * 1000) : '',
  ]);
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
  results.push([VAR.consentId, consentId]);
  results.push([VAR.accountIds, JSON.stringify(ids)]);
  results.push([VAR.accountId, ids[0] as string]);
  if (typeof consent['dp_id'] === 'string') results.push([VAR.dpId, consent['dp_id']]);
});

/** Keeps the results when every check passed; otherwise clears every token of the consent. */
function finish(): void {
  if (finishStep('token')) {
    for (const [name, value] of results) store(name, value);
    return;
  }
  for (const name of CONSENT_TOKEN_VARIABLES) store(name, '');
}

if (typeof body['id_token'] === 'string') {
  const idToken = body['id_token'];
  withOfpJwks((error, jwks) => {
    check(
      'Token exchange: the ID token is valid (PS256 signature, iss, aud, azp, exp, iat, nonce)',
      () => {
        if (error || jwks === undefined) throw new Error(errorLine(error));
        try {
          verifyIdToken(idToken, jwks);
        } catch (failure) {
          throw new Error(errorLine(failure), { cause: failure });
        }
      },
    );
    finish();
  });
} else {
  finish();
}
