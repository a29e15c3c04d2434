/** Test script of the consent revocation (client-credentials token). */
import { VAR } from '../../shared/variables.js';
import { expectEqual, expectStatus } from '../lib/expect.js';
import { check, responseObject, store } from '../pm/checks.js';

check('Revoke consent: HTTP 200', () => expectStatus(pm.response.code, 200));
check('Revoke consent: the consent is revoked', () => {
  const body = responseObject();
  expectEqual(body['consent_id'], pm.variables.get(VAR.consentId), 'consent_id');
  expectEqual(body['status'], 'revoked', 'status');
  // Nothing may renew an access token of a revoked consent.
  store(VAR.refreshToken, '');
});
