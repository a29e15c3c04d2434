/** Test script of the Revocation request: the token is revoked, so it is dropped from the run. */
import { VAR } from '../../shared/variables.js';
import { expectStatus } from '../lib/expect.js';
import { check, store } from '../pm/checks.js';

check('Revocation: HTTP 200', () => expectStatus(pm.response.code, 200));

// The token is no longer usable: the next request that needs one fetches a fresh token.
if (pm.response.code === 200) {
  store(VAR.ccAccessToken, '');
  store(VAR.ccAccessTokenExpiresAt, '');
}
