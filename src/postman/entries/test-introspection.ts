/** Test script of the Introspection request: the client-credentials token is active and bound. */
import { clockOffsetMs } from '../../shared/clock.js';
import { VAR } from '../../shared/variables.js';
import { expectEqual, expectStatus, expectTrue } from '../lib/expect.js';
import { check, responseObject } from '../pm/checks.js';

check('Introspection: HTTP 200', () => expectStatus(pm.response.code, 200));

check('Introspection: the token is active, ours, and unexpired', () => {
  const body = responseObject();
  expectEqual(body['active'], true, 'active');
  if (body['client_id'] !== undefined)
    expectEqual(body['client_id'], pm.variables.get(VAR.clientId), 'client_id');
  if (body['exp'] !== undefined) {
    expectTrue(
      typeof body['exp'] === 'number' &&
        body['exp'] * 1000 > Date.now() + clockOffsetMs((n) => pm.variables.get(n)),
      'exp is in the past',
    );
  }
});

check('Introspection: the token is bound to the client certificate (cnf.x5t#S256)', () => {
  const cnf = responseObject()['cnf'] as Record<string, unknown> | undefined;
  expectTrue(
    typeof cnf?.['x5t#S256'] === 'string',
    'no cnf.x5t#S256 in the introspection response',
  );
});
