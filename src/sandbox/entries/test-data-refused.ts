/** Test script of a data call after revocation: the platform must refuse it. */
import { expectTrue } from '../lib/expect.js';
import { check } from '../pm/checks.js';

check('Data after revocation: refused (401 or 403), no data', () => {
  expectTrue(
    pm.response.code === 401 || pm.response.code === 403,
    `HTTP ${pm.response.code}: the revoked consent still gives data`,
  );
  expectTrue(
    !/^application\/jose/i.test(pm.response.headers.get('Content-Type') ?? ''),
    'the response carries account data',
  );
});
