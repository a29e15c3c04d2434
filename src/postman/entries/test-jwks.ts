/** Test script of the OFP JWKS request: the key set can verify the platform's signatures. */
import { expectStatus, expectTrue } from '../lib/expect.js';
import { VAR } from '../../shared/variables.js';
import { check, responseObject, store } from '../pm/checks.js';

check('JWKS: HTTP 200 with a JSON key set', () => {
  expectStatus(pm.response.code, 200);
  const keys = responseObject()['keys'];
  expectTrue(Array.isArray(keys) && keys.length > 0, 'keys is missing or empty');
});

check('JWKS: has a signature key with a kid, and kids are unique', () => {
  const keys = (responseObject()['keys'] ?? []) as Array<Record<string, unknown>>;
  const kids = keys.map((k) => k['kid']);
  expectTrue(new Set(kids).size === kids.length, 'two keys share a kid');
  const usable = keys.filter(
    (k) =>
      k['use'] !== 'enc' &&
      typeof k['kid'] === 'string' &&
      ((k['kty'] === 'RSA' && typeof k['n'] === 'string' && typeof k['e'] === 'string') ||
        (k['kty'] === 'EC' && typeof k['x'] === 'string' && typeof k['y'] === 'string') ||
        (k['kty'] === 'OKP' && typeof k['x'] === 'string')),
  );
  expectTrue(usable.length > 0, 'no public signature key (RSA, EC or OKP with kid) in the set');
  for (const key of keys) {
    expectTrue(key['d'] === undefined, `key ${String(key['kid'])} carries private material`);
  }
  // Kept for verifying ID tokens and signed responses later in the run.
  store(VAR.ofpJwks, JSON.stringify({ keys }));
});
