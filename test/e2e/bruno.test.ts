/**
 * The generated Bruno collections, run by Bruno's own CLI (`bru run`, @usebruno/cli 4.x) against
 * a misbehaving local sandbox over real mTLS: a failure is reported with its reason and what
 * depends on it is not sent. The runs against the well-behaved sandbox (every request sent, every
 * test passing, Newman's counts, no secret in the reports, nothing left behind) are
 * bruno-native.test.ts's (private_key_jwt, through docs/bruno.md's recipe), bruno-clean.test.ts's
 * (tls_client_auth) and runners.test.ts's (private_key_jwt, with Newman's counts).
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { Misbehaviour } from '../../src/server/misbehave.js';
import { prepareBrunoFolder, runBruno } from '../helpers/bruno-run.js';
import { useLocalSandbox } from '../helpers/local-sandbox.js';

const local = useLocalSandbox('ofm-bruno-e2e-');
const UP_TO_ACCOUNT_DATA = [
  '1. Discovery',
  '2. OFP JWKS',
  '3. Client credentials',
  '4. Providers',
  '5. Consent',
  '6. Account data',
];

// Two of the conformance-suite modules (test/e2e/conformance.test.ts plays them all in Newman):
// the ID-token check refuses in Bruno too, and what needs the refused tokens is not sent.
// The folders up to the account data are run (`bru run <folders>`): the consent needs the ones
// before it (PAR, the JWKS and the providers), the account data needs the consent's tokens; the
// consent management and the client-credentials token's introspection and revocation after them
// play no part here (bruno-clean.test.ts and bruno-native.test.ts run them).
const REFUSED: Array<[Misbehaviour, RegExp]> = [
  ['invalid-nonce', /ERR_OFM_ID_TOKEN_INVALID: ID token nonce is not/],
  ['invalid-signature', /ERR_OFM_(ID_TOKEN|SIGNATURE)_INVALID: .*signature/],
];

describe('the Bruno collection against a misbehaving sandbox', () => {
  for (const [module, reason] of REFUSED) {
    it(`${module}: the token exchange fails with its reason, its dependants are not sent`, async () => {
      local.sandbox.setMisbehaviour(module);
      try {
        const auth = 'private_key_jwt';
        const folder = prepareBrunoFolder(local.sandbox, local.pki, auth);
        const run = await runBruno(folder, local.sandbox, local.pki, auth, [], UP_TO_ACCOUNT_DATA);
        assert.equal(run.code, 1, 'bru run fails');
        const exchange = run.report.results.filter((r) =>
          r.test?.filename?.includes('Token exchange'),
        );
        const failed = exchange.flatMap((r) =>
          (r.testResults ?? []).filter((t) => t.status === 'fail'),
        );
        assert.ok(
          failed.some((t) => reason.test(`${t.description} ${t.error ?? ''}`)),
          JSON.stringify(failed),
        );
        // Balances and Transactions need the consent's tokens: skipped by the collection script.
        assert.ok(
          (run.report.summary['skippedRequests'] ?? 0) > 0,
          JSON.stringify(run.report.summary),
        );
        for (const name of ['Balances', 'Transactions'])
          assert.ok(
            run.report.results.some(
              (r) => r.test?.filename?.includes(name) && r.status === 'skipped',
            ),
            `${name} is skipped`,
          );
      } finally {
        local.sandbox.setMisbehaviour('happy-path');
      }
    });
  }
});
