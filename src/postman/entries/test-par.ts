/** Test script of the PAR request: 201 with a request_uri, kept for the authorization request. */
import { VAR } from '../../shared/variables.js';
import { expectNonEmptyString, expectPositiveNumber, expectStatus } from '../lib/expect.js';
import { check, finishStep, responseObject, store } from '../pm/checks.js';

check('PAR: HTTP 201', () => expectStatus(pm.response.code, 201));

check('PAR: a request_uri and a positive expires_in', () => {
  const body = responseObject();
  const requestUri = expectNonEmptyString(body['request_uri'], 'request_uri');
  expectPositiveNumber(body['expires_in'], 'expires_in');
  store(VAR.requestUri, requestUri);
});

finishStep('par');
