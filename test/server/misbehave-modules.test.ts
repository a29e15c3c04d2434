/**
 * The table of --misbehave modules: every entry says what the server does and carries the effect
 * that does it (test/e2e/conformance.test.ts shows each effect against a real client).
 */
import assert from 'node:assert/strict';
import { it } from 'node:test';
import {
  effectOf,
  MISBEHAVIOUR_NAMES,
  MISBEHAVIOURS,
  type Json,
  type MisbehaviourModule,
} from '../../src/server/misbehave-modules.js';

// @ts-expect-error an entry without its effect does not type-check: no name behaves by accident
const withoutEffect: MisbehaviourModule = { description: 'the ID token is odd' };
void withoutEffect;

it('gives only happy-path no effect, and every module a description', () => {
  for (const name of MISBEHAVIOUR_NAMES) {
    assert.ok(MISBEHAVIOURS[name].description.length > 0, name);
    assert.equal(effectOf(name).on === 'nothing', name === 'happy-path', name);
  }
});

/** What a module's effect makes of a sample, or undefined where it re-signs or rotates only. */
function applied(name: (typeof MISBEHAVIOUR_NAMES)[number]): string | undefined {
  const effect = effectOf(name);
  const sample: Json = { iss: 'https://as', aud: 'client', exp: 2, iat: 1, nonce: 'n' };
  if (effect.on === 'id-token' && effect.claims) effect.claims(sample, 100);
  else if (effect.on === 'discovery') effect.change(sample);
  else if (effect.on === 'token-response')
    effect.change(Object.assign(sample, { token_type: 'Bearer', expires_in: 60 }));
  else if (effect.on === 'authorization-response') {
    const query = new URLSearchParams({ code: 'c', state: 's', iss: 'https://as' });
    effect.change(query);
    return query.toString() === 'code=c&state=s&iss=https%3A%2F%2Fas' ? '' : query.toString();
  } else return undefined;
  return JSON.stringify(sample);
}

it('changes what its effect names: no effect is a no-op', () => {
  const untouched = JSON.stringify({
    iss: 'https://as',
    aud: 'client',
    exp: 2,
    iat: 1,
    nonce: 'n',
  });
  const seen = new Set<string>();
  for (const name of MISBEHAVIOUR_NAMES) {
    const result = applied(name);
    if (result === undefined) continue;
    assert.notEqual(result, '', `${name} changes the authorization response`);
    assert.notEqual(result, untouched, `${name} changes the document`);
    assert.ok(!seen.has(result), `${name} differs from every other module`);
    seen.add(result);
  }
  assert.ok(seen.size >= 18, `${seen.size} modules compared`);
});

it('re-signs the ID token without changing claims only where alg or signer says so', () => {
  for (const name of ['invalid-null-alg', 'invalid-alternate-alg', 'invalid-signature'] as const) {
    const effect = effectOf(name);
    assert.equal(effect.on, 'id-token', name);
    if (effect.on === 'id-token') assert.ok(effect.alg ?? effect.signer, name);
  }
  assert.equal(effectOf('refresh-token-test').on, 'refresh-token-rotation');
});
