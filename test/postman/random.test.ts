import assert from 'node:assert/strict';
import { createHash, createHmac } from 'node:crypto';
import { describe, it } from 'node:test';
import { isOfmError } from '../../src/shared/errors.js';
import { selectRandomSource, type RandomEnvironment } from '../../src/postman/lib/random.js';
import type { RunCache } from '../../src/postman/lib/run-cache.js';

const SEED = 'ab'.repeat(32);

function env(overrides: Partial<RandomEnvironment> = {}): RandomEnvironment {
  return {
    crypto: undefined,
    seedHex: SEED,
    requestContext: 'req-1',
    hmac: (k, d) =>
      createHmac('sha256', Buffer.from(k, 'hex')).update(Buffer.from(d, 'hex')).digest('hex'),
    sha256: (hex) => createHash('sha256').update(Buffer.from(hex, 'hex')).digest('hex'),
    now: () => 1_700_000_000_000,
    mathRandom: () => 0.5,
    ...overrides,
  };
}

describe('selectRandomSource', () => {
  it('uses crypto.getRandomValues when the runtime has it', () => {
    let calls = 0;
    const source = selectRandomSource(
      {},
      env({
        crypto: {
          getRandomValues: (a: Uint8Array) => {
            calls++;
            a.fill(7);
            return a;
          },
        },
      }),
    );
    assert.equal(source.kind, 'csprng');
    assert.deepEqual(source.bytes(3), [7, 7, 7]);
    assert.equal(calls, 1);
  });

  it('derives from the seed: a different seed gives different bytes, the same inputs the same bytes', () => {
    const a = selectRandomSource({}, env()).bytes(32);
    const again = selectRandomSource({}, env()).bytes(32);
    const other = selectRandomSource({}, env({ seedHex: 'cd'.repeat(32) })).bytes(32);
    assert.deepEqual(a, again, 'deterministic given identical inputs');
    assert.notDeepEqual(a, other);
    assert.equal(selectRandomSource({}, env()).kind, 'seeded');
  });

  it('keeps the generator in the run cache, so later requests continue rather than restart', () => {
    const cache: RunCache = {};
    const first = selectRandomSource(cache, env()).bytes(32);
    // Same clock, same Math.random, same request context: only the carried state can differ.
    const second = selectRandomSource(cache, env()).bytes(32);
    assert.notDeepEqual(first, second);
    assert.ok(!JSON.stringify(Object.keys(cache)).includes(SEED), 'the seed is not a cache key');
  });

  it('mixes the clock and the request context into a fresh generator', () => {
    const base = selectRandomSource({}, env()).bytes(16);
    assert.notDeepEqual(selectRandomSource({}, env({ now: () => 1 })).bytes(16), base);
    assert.notDeepEqual(selectRandomSource({}, env({ requestContext: 'req-2' })).bytes(16), base);
  });

  it('is weak without a seed, and refuses a malformed seed with ERR_OFM_SEED_INVALID', () => {
    assert.equal(selectRandomSource({}, env({ seedHex: '' })).kind, 'weak');
    for (const bad of ['xyz', 'ab'.repeat(31), `${'ab'.repeat(32)}a`, 'zz'.repeat(32)]) {
      assert.throws(
        () => selectRandomSource({}, env({ seedHex: bad })),
        (e: unknown) =>
          isOfmError(e) && e.code === 'ERR_OFM_SEED_INVALID' && !e.message.includes(bad),
      );
    }
  });
});
