import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { describe, it } from 'node:test';
import { isOfmError } from '../../src/shared/errors.js';
import { checkIdTokenClaims } from '../../src/shared/id-token.js';
import {
  buildRequestObjectClaims,
  CONSENT_TYPE,
  pkceChallenge,
  readConsentSettings,
} from '../../src/shared/request-object.js';

const base: Record<string, string> = {
  client_id: 'c1',
  issuer: 'https://as.ofm.test',
  redirect_uri: 'https://app.ofm.test/cb',
  dc_id: '0f5a1c2e3d4b5a6978c0ffee',
  dp_id: 'DP9876543210',
};
const reader = (v: Record<string, string>) => (n: string) => v[n];
const NOW = Date.UTC(2026, 10, 23, 8, 0, 0);

describe('readConsentSettings', () => {
  it('applies the documented defaults', () => {
    const s = readConsentSettings(reader(base), NOW);
    assert.equal(s.scope, 'openid accounts profile');
    assert.equal(s.lifetime, 300);
    assert.equal(s.maxAge, 3600);
    assert.deepEqual(s.detail, {
      type: CONSENT_TYPE,
      consent: {
        dc_id: base['dc_id'],
        dp_id: base['dp_id'],
        consent_type: CONSENT_TYPE,
        consent_purpose: 'pfm',
        permissions: ['read_accounts', 'read_balances', 'read_transactions'],
        expiration_datetime: '2027-05-22T08:00:00Z',
      },
    });
    assert.deepEqual(Object.keys((s.claims as { userinfo: object }).userinfo), [
      'name',
      'email',
      'email_verified',
      'id_type',
      'hashed_id_number',
    ]);
  });

  it('names a missing input and refuses bad numbers and JSON', () => {
    for (const name of ['client_id', 'issuer', 'redirect_uri', 'dc_id', 'dp_id']) {
      assert.throws(
        () => readConsentSettings(reader({ ...base, [name]: '' }), NOW),
        (e: unknown) =>
          isOfmError(e) && e.code === 'ERR_OFM_VAR_MISSING' && e.message.startsWith(name),
      );
    }
    for (const [name, value] of [
      ['request_object_lifetime', '3601'],
      ['request_object_lifetime', '0'],
      ['consent_expiry_days', 'x'],
      ['claims_request', '[1]'],
      ['claims_request', '{'],
    ]) {
      assert.throws(
        () => readConsentSettings(reader({ ...base, [name as string]: value as string }), NOW),
        (e: unknown) => isOfmError(e) && e.code === 'ERR_OFM_VAR_INVALID',
        `${name}=${value}`,
      );
    }
  });
});

it('buildRequestObjectClaims: nbf = iat, exp = iat + lifetime, every claim in place', () => {
  const claims = buildRequestObjectClaims({
    clientId: 'c1',
    issuer: 'https://as.ofm.test',
    redirectUri: 'https://app.ofm.test/cb',
    scope: 'openid accounts',
    state: 's',
    nonce: 'n',
    codeChallenge: 'ch',
    maxAge: 3600,
    claims: { userinfo: {} },
    authorizationDetails: [],
    lifetime: 120,
    nowMs: 1_700_000_000_500,
    jti: 'j',
  });
  assert.deepEqual(claims, {
    iss: 'c1',
    aud: 'https://as.ofm.test',
    client_id: 'c1',
    response_type: 'code',
    redirect_uri: 'https://app.ofm.test/cb',
    scope: 'openid accounts',
    state: 's',
    nonce: 'n',
    code_challenge: 'ch',
    code_challenge_method: 'S256',
    max_age: 3600,
    claims: { userinfo: {} },
    authorization_details: [],
    nbf: 1_700_000_000,
    iat: 1_700_000_000,
    exp: 1_700_000_120,
    jti: 'j',
  });
});

it('pkceChallenge: RFC 7636 appendix B, and verifier length rules', () => {
  const s256 = (ascii: string) => createHash('sha256').update(ascii, 'ascii').digest('base64url');
  assert.equal(
    pkceChallenge('dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk', s256),
    'E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM',
  );
  assert.throws(() => pkceChallenge('short', s256));
  assert.throws(() => pkceChallenge('x'.repeat(129), s256));
});

describe('checkIdTokenClaims', () => {
  const now = 1_700_000_000_000;
  const good = {
    iss: 'https://as.ofm.test',
    aud: 'c1',
    exp: 1_700_000_600,
    iat: 1_700_000_000,
    nonce: 'n',
  };
  const expect = { issuer: 'https://as.ofm.test', clientId: 'c1', nonce: 'n', nowMs: now };
  it('accepts a valid token: aud as [client_id], azp the client_id, clocks 60 s apart', () => {
    checkIdTokenClaims(good, expect);
    checkIdTokenClaims({ ...good, aud: ['c1'] }, expect);
    checkIdTokenClaims({ ...good, aud: ['c1'], azp: 'c1' }, expect);
    checkIdTokenClaims({ ...good, iat: 1_700_000_060, exp: 1_699_999_940 }, expect);
  });
  it('names the claim that is wrong', () => {
    const cases: Array<[Record<string, unknown>, RegExp]> = [
      [{ ...good, iss: 'https://evil.test' }, /iss/],
      [{ ...good, aud: 'c2' }, /aud/],
      [{ ...good, exp: 1_700_000_000 - 61 }, /expired/],
      [{ ...good, iat: 1_700_000_000 + 61 }, /future/],
      [{ ...good, nonce: 'm' }, /nonce/],
      [{ ...good, aud: ['c1', 'c11'] }, /does not trust: \["c11"\]/],
      [{ ...good, aud: undefined }, /aud does not contain/],
      [{ ...good, iss: undefined }, /iss is undefined/],
      [{ ...good, azp: 'c2' }, /azp is "c2"/],
      [{ ...good, exp: undefined }, /has no exp/],
      [{ ...good, iat: undefined }, /has no iat/],
      [{ ...good, iat: 1_700_003_600 }, /3600 s in the future/],
      [{ ...good, nonce: undefined }, /has no nonce/],
    ];
    for (const [claims, message] of cases) {
      assert.throws(
        () => checkIdTokenClaims(claims, expect),
        (e: unknown) =>
          isOfmError(e) && e.code === 'ERR_OFM_ID_TOKEN_INVALID' && message.test(e.message),
      );
    }
  });
});
