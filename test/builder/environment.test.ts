import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { buildEnvironment, buildPostmanEnvironment } from '../../src/builder/environment.js';
import { BUILT_IN_TARGETS, localTarget } from '../../src/builder/targets.js';
import { ALL_VARIABLES } from '../../src/shared/variable-specs.js';
import { AUTH_METHODS } from '../../src/shared/variables.js';

describe('buildEnvironment', () => {
  for (const target of Object.values(BUILT_IN_TARGETS)) {
    for (const auth of AUTH_METHODS) {
      it(`${target.name}/${auth}: every variable, described; secrets empty and typed secret`, () => {
        const env = buildEnvironment(target, auth);
        assert.deepEqual(
          env.values.map((v) => v.key),
          ALL_VARIABLES.map((s) => s.name),
        );
        for (const value of env.values) {
          const spec = ALL_VARIABLES.find((s) => s.name === value.key)!;
          assert.ok(value.description.length > 10, `${value.key} has a description`);
          assert.equal(value.type, spec.secret ? 'secret' : 'default');
          if (spec.secret) assert.equal(value.value, '', `${value.key} is empty`);
        }
        const get = (key: string) => env.values.find((v) => v.key === key)?.value;
        assert.equal(get('auth_method'), auth);
        assert.equal(get('issuer'), target.issuer);
        assert.equal(get('token_endpoint'), target.endpoints['token_endpoint']);
      });
    }
  }

  it('uses the reference hosts for the PayNet sandbox', () => {
    const get = (key: string) =>
      buildEnvironment(BUILT_IN_TARGETS['paynet-sandbox']!, 'private_key_jwt').values.find(
        (v) => v.key === key,
      )?.value;
    assert.equal(get('issuer'), 'https://auth1.sandbox.mya.ozoneapi.io');
    assert.equal(get('token_endpoint'), 'https://as1.sandbox.mya.ozoneapi.io/token');
    assert.equal(get('rs_base_url'), 'https://rs1.sandbox.mya.ozoneapi.io');
  });

  it('Postman environments leave out an empty per-run seed (it would hide a global one), and keep a given one', () => {
    for (const auth of AUTH_METHODS) {
      const target = BUILT_IN_TARGETS['paynet-sandbox']!;
      const keys = buildPostmanEnvironment(target, auth).values.map((v) => v.key);
      assert.ok(!keys.includes('ofm_random_seed'), `${auth}: no ofm_random_seed`);
      assert.deepEqual(
        keys,
        ALL_VARIABLES.map((s) => s.name as string).filter((name) => name !== 'ofm_random_seed'),
        'every other variable, in order',
      );
      const seeded = buildPostmanEnvironment(target, auth, { ofm_random_seed: 'ab'.repeat(32) });
      assert.equal(seeded.values.find((v) => v.key === 'ofm_random_seed')?.value, 'ab'.repeat(32));
      assert.ok(
        buildEnvironment(target, auth).values.some((v) => v.key === 'ofm_random_seed'),
        'the full variable set (Bruno starts from it) still has it',
      );
    }
  });

  it('refuses an override for a variable that does not exist', () => {
    assert.throws(
      () => buildEnvironment(localTarget(), 'private_key_jwt', { nope: 'x' }),
      /unknown environment variables: nope/,
    );
  });
});
