import assert from 'node:assert/strict';
import { createHmac, randomBytes } from 'node:crypto';
import { it } from 'node:test';
import hash from 'hash.js';
import IndutnyDrbg from 'hmac-drbg';
import { HmacDrbg } from '../../src/postman/lib/hmac-drbg.js';

const hmac = (keyHex: string, dataHex: string) =>
  createHmac('sha256', Buffer.from(keyHex, 'hex'))
    .update(Buffer.from(dataHex, 'hex'))
    .digest('hex');

it('matches the independent hmac-drbg implementation, with and without additional input', () => {
  for (let round = 0; round < 20; round++) {
    const entropy = randomBytes(32).toString('hex');
    const nonce = randomBytes(16).toString('hex');
    const pers = randomBytes(round % 3 === 0 ? 0 : 8).toString('hex');
    const ours = new HmacDrbg(hmac, entropy, nonce, pers);
    const theirs = new IndutnyDrbg({
      hash: hash.sha256,
      entropy,
      entropyEnc: 'hex',
      nonce,
      nonceEnc: 'hex',
      pers,
      persEnc: 'hex',
    });
    for (let draw = 0; draw < 5; draw++) {
      const length = 1 + ((round * 7 + draw * 13) % 70);
      const additional = draw % 2 === 0 ? '' : randomBytes(12).toString('hex');
      const expected = theirs.generate(
        length,
        'hex',
        additional === '' ? undefined : additional,
        'hex',
      );
      assert.equal(ours.generateHex(length, additional), expected, `round ${round} draw ${draw}`);
    }
  }
});

it('changes its output after a reseed', () => {
  const a = new HmacDrbg(hmac, 'aa'.repeat(32), '01', '');
  const b = new HmacDrbg(hmac, 'aa'.repeat(32), '01', '');
  b.reseed('02');
  assert.notEqual(a.generateHex(32), b.generateHex(32));
});
