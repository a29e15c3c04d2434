/**
 * Both collections against the sandbox playing every module of the OpenID Foundation's FAPI 2.0
 * client test plan (`ofm-postman sandbox --misbehave`), with the outcome the suite expects: the
 * faulty responses fail the right request, the requests that need them are skipped with one line
 * naming the prerequisite, and the sandbox's record shows that no refused code or token was ever
 * presented. One sandbox serves every module: the module is switched between runs.
 */
import assert from 'node:assert/strict';
import { before, describe, it } from 'node:test';
import type { EnsureKeysResult } from '../../src/keys/test-pki.js';
import type { RunResult } from '../../src/runner/run.js';
import { providers } from '../../src/server/fixtures.js';
import { MISBEHAVIOUR_NAMES, type Misbehaviour } from '../../src/server/misbehave.js';
import type { RunningSandbox } from '../../src/server/sandbox.js';
import { AUTH_METHODS, type AuthMethod } from '../../src/shared/variables.js';
import { runLocal } from '../helpers/local-run.js';
import { useLocalSandbox } from '../helpers/local-sandbox.js';

const local = useLocalSandbox('ofm-conformance-');
let pki: EnsureKeysResult;
let sandbox: RunningSandbox;
before(async () => {
  await local.ready();
  ({ pki, sandbox } = local);
});

/** Which request must fail, with which code, for each module; absent: the journey passes. */
const EXPECTED_FAILURE: Partial<Record<Misbehaviour, [string, RegExp]>> = {
  'discovery-issuer-mismatch': ['Discovery document', /ERR_OFM_ISSUER_MISMATCH/],
  'invalid-authorization-response-iss': ['Authorize', /ERR_OFM_ISSUER_MISMATCH: .*iss is/],
  'remove-authorization-response-iss': ['Authorize', /ERR_OFM_ISSUER_MISMATCH: .*has no iss/],
  'ensure-authorization-response-with-invalid-state-fails': [
    'Authorize',
    /ERR_OFM_STATE_MISMATCH: .*not the one/,
  ],
  'ensure-authorization-response-with-invalid-missing-state-fails': [
    'Authorize',
    /ERR_OFM_STATE_MISMATCH: .*has no state/,
  ],
  'invalid-iss': ['Token exchange', /ERR_OFM_ID_TOKEN_INVALID: ID token iss is/],
  'invalid-aud': ['Token exchange', /ERR_OFM_ID_TOKEN_INVALID: ID token aud does not contain/],
  'invalid-secondary-aud': ['Token exchange', /ERR_OFM_ID_TOKEN_INVALID: .*does not trust/],
  'invalid-null-alg': ['Token exchange', /ERR_OFM_ID_TOKEN_INVALID: .*"none", not PS256/],
  'invalid-alternate-alg': ['Token exchange', /ERR_OFM_ID_TOKEN_INVALID: .*"RS256", not PS256/],
  'invalid-expired-exp': ['Token exchange', /ERR_OFM_ID_TOKEN_INVALID: ID token expired 36\d s/],
  'invalid-missing-exp': ['Token exchange', /ERR_OFM_ID_TOKEN_INVALID: ID token has no exp/],
  'invalid-missing-aud': ['Token exchange', /ERR_OFM_ID_TOKEN_INVALID: ID token aud does not/],
  'invalid-missing-iss': ['Token exchange', /ERR_OFM_ID_TOKEN_INVALID: ID token iss is undef/],
  'invalid-nonce': ['Token exchange', /ERR_OFM_ID_TOKEN_INVALID: ID token nonce is not/],
  'invalid-missing-nonce': ['Token exchange', /ERR_OFM_ID_TOKEN_INVALID: ID token has no nonce/],
  'invalid-signature': ['Token exchange', /ERR_OFM_(ID_TOKEN|SIGNATURE)_INVALID: .*signature/],
  'invalid-future-iat': ['Token exchange', /ERR_OFM_ID_TOKEN_INVALID: .*s in the future \(iat\)/],
  'invalid-azp': ['Token exchange', /ERR_OFM_ID_TOKEN_INVALID: ID token azp is/],
};

/** The requests after the failing one, which must be skipped naming the failed prerequisite. */
const DEPENDANTS: Record<string, string[]> = {
  'Discovery document': ['PAR', 'Authorize', 'Token exchange', 'Refresh'],
  Authorize: ['Token exchange', 'Refresh', 'Balances'],
  'Token exchange': ['Refresh', 'Balances'],
};

const FOLDERS = ['1. Discovery', '5. Consent'];
/** Modules also run with the data calls, to show those skipped too (the rest stop at Refresh). */
const WITH_DATA = new Set<Misbehaviour>(['invalid-nonce', 'remove-authorization-response-iss']);

function play(module: Misbehaviour, auth: AuthMethod): Promise<RunResult> {
  return runLocal(sandbox, pki, auth, {
    // dp_id is what the Providers request would store; the passing journeys stop at the refresh;
    // a foreign discovery document is tried with the whole collection: nothing else may go out.
    values: { dp_id: providers(sandbox.issuer)[0]!.dp_id },
    ...(module === 'discovery-issuer-mismatch'
      ? {}
      : { folder: WITH_DATA.has(module) ? [...FOLDERS, '6. Account data'] : FOLDERS }),
  });
}

describe('the collections against the conformance-suite modules (sandbox --misbehave)', () => {
  it('knows every module of the suite plan it claims, plus its own three', () => {
    assert.equal(MISBEHAVIOUR_NAMES.length, 24);
    assert.equal(MISBEHAVIOUR_NAMES[0], 'happy-path');
  });

  for (const module of MISBEHAVIOUR_NAMES) {
    const expected = EXPECTED_FAILURE[module];
    it(`${module}: ${expected ? `${expected[0]} fails, its dependants skip` : 'passes, refresh included'}`, async () => {
      // Both collections at once against the module (the record holds what both presented).
      sandbox.setMisbehaviour(module);
      sandbox.record.clear();
      const results = await Promise.all(AUTH_METHODS.map((auth) => play(module, auth)));
      const { record } = sandbox;
      for (const [i, result] of results.entries()) {
        const where = `${AUTH_METHODS[i]}: ${JSON.stringify(result.failures)}`;
        if (!expected) {
          assert.deepEqual(result.failures, [], where);
          assert.equal(result.ok, true, where);
          continue;
        }
        const [request, reason] = expected;
        const own = result.failures.filter((f) => f.request === request);
        assert.ok(
          own.some((f) => reason.test(`${f.test} ${f.message}`)),
          `${request} fails with ${String(reason)}: ${where}`,
        );
        if (module === 'discovery-issuer-mismatch') {
          const others = result.failures.filter((f) => f.request !== request);
          assert.deepEqual(others, [], `one root cause, one failure: ${where}`);
          assert.ok(result.skips.length >= 10, `every later request is skipped: ${where}`);
          assert.equal(result.scriptRequests, 0, 'no script sent anything either');
          for (const skip of result.skips)
            assert.match(skip.message, /^needs Discovery document, which failed$/);
        }
        for (const dependant of (DEPENDANTS[request] ?? []).filter(
          (name) => name !== 'Balances' || WITH_DATA.has(module),
        )) {
          const skips = result.skips.filter((f) => f.request === dependant);
          assert.equal(skips.length, 1, `${dependant}: one line (${where})`);
          assert.match(skips[0]!.message, /^needs .+, which (failed|was skipped)$/);
          assert.equal(
            result.failures.filter((f) => f.request === dependant).length,
            0,
            `${dependant} is skipped, not failed (${where})`,
          );
        }
        assert.equal(result.requests, requestsSent(request), where);
      }
      if (!expected) {
        // Each collection redeemed its code once and refreshed with the refresh token it got.
        assert.equal(record.issued.length, 2);
        for (const issued of record.issued) {
          assert.ok(issued.refreshToken, 'a refresh token was issued');
          assert.ok(
            record.presented.some(
              (p) => p.kind === 'refresh_token' && p.value === issued.refreshToken,
            ),
            'the refresh request used it',
          );
        }
        return;
      }
      // Nothing of a refused response was stored or used; a refused code was never redeemed.
      for (const issued of record.issued) {
        assert.equal(record.wasPresented(issued.accessToken), false, 'access token used');
        assert.equal(record.wasPresented(issued.refreshToken), false, 'refresh token used');
      }
      const codes = record.presented.filter((p) => p.kind === 'code').length;
      if (expected[0] === 'Token exchange') {
        assert.equal(record.issued.length, 2, 'one token response per collection');
        assert.equal(codes, 2);
      } else {
        assert.equal(codes, 0, 'no code was redeemed');
      }
    });
  }
});

/** Requests that go out before and including the failing one. */
function requestsSent(failing: string): number {
  return { 'Discovery document': 1, Authorize: 3, 'Token exchange': 4 }[failing] ?? -1;
}
