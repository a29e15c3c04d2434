/**
 * The generated Bruno collections, run by Bruno's own CLI (`bru run`, @usebruno/cli 4.x) against
 * the local sandbox over real mTLS, as the README's "Use with Bruno" tells a user: every request
 * sent, every test passing, the same request and test counts as Newman gives for the Postman
 * collection; and with the README's report flags, no signed JWT in Bruno's JSON report.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
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
      assert.equal(s['failedPostResponseTests'], 0);
      assert.equal(s['failedPreRequestTests'], 0);

      const newman = await runLocal(local.sandbox, local.pki, auth);
      assert.equal(newman.ok, true, JSON.stringify(newman.failures));
      assert.equal(s['totalRequests'], newman.requests, 'requests: Bruno and Newman');
      assert.equal(s['passedPostResponseTests'], newman.assertions, 'tests: Bruno and Newman');

      const jwt = SIGNED_JWT.exec(run.reportText)?.[0];
      if (masked) assert.equal(jwt, undefined, 'a signed JWT in the report');
      else assert.ok(jwt, 'without the flags the report carries JWTs');
    });
  }
});
