/**
 * The sandbox's oidc-provider storage keeps every live record, however many: oidc-provider's own
 * in-memory adapter is an LRU of about 1,000 entries and, under load, drops the replay record of
 * a client assertion. Checked here on the adapter itself, far past that size; test/server/
 * sandbox.test.ts checks the same over real token requests, and `npm run bench` with 1,100 of them.
 */
import assert from 'node:assert/strict';
import { after, describe, it } from 'node:test';
import { memoryAdapter, MemoryStore } from '../../src/server/store.js';

const store = new MemoryStore();
after(() => store.close());

describe('MemoryStore', () => {
  it('keeps the first live record after 5,000 later ones, and drops it once it expires', async () => {
    const Replay = memoryAdapter(store);
    const jti = new Replay('ReplayDetection');
    await jti.upsert('early', { iss: 'client' }, 60);
    const tokens = new Replay('ClientCredentials');
    for (let i = 0; i < 5000; i++) await tokens.upsert(`t${i}`, { n: i }, 60);
    assert.equal(store.size, 5001);
    assert.deepEqual(await jti.find('early'), { iss: 'client' });
    assert.deepEqual(await tokens.find('t0'), { n: 0 });
    await jti.upsert('gone', { iss: 'client' }, -1);
    assert.equal(await jti.find('gone'), undefined, 'an expired record is not returned');
  });
});
