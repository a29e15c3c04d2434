import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { it } from 'node:test';
import {
  base64url,
  base64urlText,
  fromHex,
  toHex,
  utf8Bytes,
  uuidV4,
} from '../../src/shared/encoding.js';

it('base64url and hex agree with Buffer for every length up to 70', () => {
  for (let n = 0; n <= 70; n++) {
    const bytes = randomBytes(n);
    assert.equal(base64url(bytes), bytes.toString('base64url'));
    assert.equal(toHex(bytes), bytes.toString('hex'));
    assert.deepEqual(fromHex(bytes.toString('hex')), [...bytes]);
  }
  assert.throws(() => fromHex('abc'));
  assert.throws(() => fromHex('zz'));
});

it('UTF-8 encodes like Buffer, surrogate pairs included', () => {
  for (const text of ['', 'ascii', 'Ringgit RM', 'é ü ß', '中文', '😀 x 😀', 'a\u0000b']) {
    assert.deepEqual(utf8Bytes(text), [...Buffer.from(text, 'utf8')]);
    assert.equal(base64urlText(text), Buffer.from(text, 'utf8').toString('base64url'));
  }
});

it('formats RFC 9562 version 4 UUIDs', () => {
  const uuid = uuidV4(new Array(16).fill(0xff));
  assert.equal(uuid, 'ffffffff-ffff-4fff-bfff-ffffffffffff');
  assert.match(
    uuidV4([...randomBytes(16)]),
    /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/,
  );
  assert.throws(() => uuidV4([1, 2, 3]));
});
