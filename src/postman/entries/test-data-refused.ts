/** Test script of a data call after revocation: the platform must refuse it. */
import { CONSENT_TOKEN_VARIABLES } from '../../shared/flow-status.js';
import { VAR } from '../../shared/variables.js';
import { expectTrue } from '../lib/expect.js';
import { check, store } from '../pm/checks.js';

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

// The consent is gone: its tokens and ids are of no further use, and a saved state must not offer
// them to the next run.
for (const name of [...CONSENT_TOKEN_VARIABLES, VAR.accountIds, VAR.accountId]) store(name, '');
