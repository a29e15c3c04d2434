import assert from 'node:assert/strict';
import { constants, privateEncrypt, randomBytes } from 'node:crypto';
import { it } from 'node:test';
import { bigFromHex, modPow, rsaPrivate, type CrtKey } from '../../src/postman/lib/rsa-crt.js';
import { rsaTestKey } from '../helpers/test-keys.js';

/** The run's shared RSA test key of `bits` bits, as CRT numbers and as PEM. */
async function crtKey(bits: number): Promise<{ key: CrtKey; pem: string }> {
  const { privateKey } = await rsaTestKey(bits);
  const jwk = privateKey.export({ format: 'jwk' });
  const big = (b64u: string | undefined) =>
    bigFromHex(Buffer.from(b64u ?? '', 'base64url').toString('hex'));
  return {
    key: {
      n: big(jwk.n),
      e: big(jwk.e),
      p: big(jwk.p),
      q: big(jwk.q),
      dp: big(jwk.dp),
      dq: big(jwk.dq),
      qInv: big(jwk.qi),
    },
    pem: privateKey.export({ type: 'pkcs8', format: 'pem' }) as string,
  };
}

it('modPow agrees with repeated multiplication on small numbers', () => {
  for (let b = 0n; b < 20n; b++) {
    for (let e = 0n; e < 40n; e += 3n) {
      let expected = 1n;
      for (let i = 0n; i < e; i++) expected = (expected * b) % 97n;
      assert.equal(modPow(b, e, 97n), expected, `${b}^${e} mod 97`);
    }
  }
  assert.equal(modPow(5n, 3n, 1n), 0n);
});

for (const bits of [2048, 3072]) {
  it(`RSA-${bits}: the CRT private operation equals Node's raw RSA`, async () => {
    const { key, pem } = await crtKey(bits);
    const bytes = bits / 8;
    for (let i = 0; i < 5; i++) {
      const m = randomBytes(bytes);
      m[0] = 0; // below n
      const expected = privateEncrypt({ key: pem, padding: constants.RSA_NO_PADDING }, m).toString(
        'hex',
      );
      const actual = rsaPrivate(key, bigFromHex(m.toString('hex')))
        .toString(16)
        .padStart(bytes * 2, '0');
      assert.equal(actual, expected);
    }
  });
}

it('refuses to return a result that the public exponent does not confirm', async () => {
  const { key } = await crtKey(2048);
  assert.throws(() => rsaPrivate({ ...key, dp: key.dp + 2n }, 12345n), /self-check failed/);
});
