/**
 * The generated Bruno collections, run by Bruno's own CLI (`bru run`, @usebruno/cli 4.x) against
 * the local sandbox over real mTLS, as docs/bruno.md tells a user: every request
 * sent, every test passing, the same request and test counts as Newman gives for the Postman
 * collection; and with its report flags, no signed JWT in Bruno's JSON report.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { Misbehaviour } from '../../src/server/misbehave.js';
import { AUTH_METHODS } from '../../src/shared/variables.js';
import { prepareBrunoFolder, REPORT_MASKING_FLAGS, runBruno } from '../helpers/bruno-run.js';
import { runLocal } from '../helpers/local-run.js';
import { useLocalSandbox } from '../helpers/local-sandbox.js';

const local = useLocalSandbox('ofm-bruno-e2e-');
const SIGNED_JWT = /eyJ[A-Za-z0-9_-]{8,}\.eyJ[A-Za-z0-9_-]{8,}\.[A-Za-z0-9_-]{20,}/;

describe('the Bruno collections in bru run against the local sandbox', () => {
  for (const auth of AUTH_METHODS) {
    // private_key_jwt runs with the report flags, tls_client_auth without: its report shows what
    // the flags keep out.
    const masked = auth === 'private_key_jwt';
    it(`${auth}: every request sent, every test passes, the counts Newman gives`, async () => {
      const folder = prepareBrunoFolder(local.sandbox, local.pki, auth);
      const run = await runBruno(
        folder,
        local.sandbox,
        local.pki,
        auth,
        masked ? REPORT_MASKING_FLAGS : [],
      );
      const s = run.report.summary;
      assert.equal(run.code, 0, run.stdout.slice(-3000));
      assert.equal(s['failedRequests'], 0);
      assert.equal(s['errorRequests'], 0);
      assert.equal(s['skippedRequests'], 0);
      assert.equal(s['failedTests'], 0);
      assert.equal(s['failedPostResponseTests'], 0);
      assert.equal(s['failedPreRequestTests'], 0);

      const newman = await runLocal(local.sandbox, local.pki, auth);
      assert.equal(newman.ok, true, JSON.stringify(newman.failures));
      assert.equal(s['totalRequests'], newman.requests, 'requests: Bruno and Newman');
      // The checks are Bruno tests (tests blocks), so its summary's Tests row counts them.
      assert.equal(s['passedTests'], newman.assertions, 'tests: Bruno and Newman');
      assert.equal(s['totalTests'], newman.assertions, 'tests: Bruno and Newman');
      assert.equal(s['totalPostResponseTests'] ?? 0, 0, 'no post-response tests left');
      assert.match(
        run.stdout,
        new RegExp(`Tests\\s*│\\s*${newman.assertions}/${newman.assertions}\\s`),
      );

      const jwt = SIGNED_JWT.exec(run.reportText)?.[0];
      if (masked) assert.equal(jwt, undefined, 'a signed JWT in the report');
      else assert.ok(jwt, 'without the flags the report carries JWTs');
    });
  }
});

// Two of the conformance-suite modules (test/e2e/conformance.test.ts plays them all in Newman):
// the ID-token check refuses in Bruno too, and what needs the refused tokens is not sent.
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
        const run = await runBruno(folder, local.sandbox, local.pki, auth);
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
      } finally {
        local.sandbox.setMisbehaviour('happy-path');
      }
    });
  }
});
