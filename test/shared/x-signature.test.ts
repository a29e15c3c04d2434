import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { it } from 'node:test';
import { base64urlDecode, utf8Decode } from '../../src/shared/encoding.js';
import { buildXSignatureClaims, queryParameterMap } from '../../src/shared/x-signature.js';

it('builds PayNet x-signature claims from the resolved request URL', () => {
  const claims = buildXSignatureClaims({
    dcId: 'dc',
    sub: 'consent',
    dpId: 'DP1',
    requestUrl:
      'https://rs.ofm.test/v1/accounts/a%201/transactions?page_size=5&next_page_params=offset%3D5%26page_size%3D5',
    jti: 'j',
    nowMs: 1_700_000_000_900,
    lifetime: 300,
  });
  assert.deepEqual(claims, {
    iss: 'dc',
    sub: 'consent',
    aud: ['DP1', 'Paynet OFP'],
    iat: 1_700_000_000,
    nbf: 1_700_000_000,
    exp: 1_700_000_300,
    jti: 'j',
    qpm: { page_size: '5', next_page_params: 'offset=5&page_size=5' },
    url: 'https://rs.ofm.test/v1/accounts/a%201/transactions',
  });
  assert.deepEqual(queryParameterMap('https://x.test/p'), {});
  assert.deepEqual(queryParameterMap('https://x.test/p?a=1&b&c=%20x+y'), {
    a: '1',
    b: '',
    c: ' x y',
  });
  assert.throws(
    () =>
      buildXSignatureClaims({
        dcId: 'd',
        sub: 's',
        dpId: 'p',
        requestUrl: '{{rs_base_url}}/v1',
        jti: 'j',
        nowMs: 0,
        lifetime: 1,
      }),
    /not absolute/,
  );
});

it('decodes base64url and UTF-8 like Buffer', () => {
  for (let n = 0; n < 50; n++) {
    const bytes = randomBytes(n);
    assert.deepEqual(base64urlDecode(bytes.toString('base64url')), [...bytes]);
  }
  for (const text of ['', 'abc', 'RM 10.50', 'é中😀'])
    assert.equal(utf8Decode([...Buffer.from(text)]), text);
  assert.throws(() => base64urlDecode('a+b'));
  assert.throws(() => utf8Decode([0xff]));
});
