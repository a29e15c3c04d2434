/** Static checks of the built sandbox scripts: self-contained, traceable, no code loading. */
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { it } from 'node:test';
import { collectionFileName } from '../../src/builder/collection.js';
import { SCRIPT_NAMES } from '../../src/builder/scripts.js';
import { FLOW_ERRORS, SERVER_ERRORS, USAGE_ERRORS } from '../../src/shared/errors.js';
import { AUTH_METHODS } from '../../src/shared/variables.js';
import { REPO_ROOT } from '../helpers/paths.js';

const pkg = JSON.parse(
  readFileSync(join(import.meta.dirname, '..', '..', 'package.json'), 'utf8'),
) as { version: string };

/** Size budget of the client-authentication script (issue: at most 100 KB minified). */
const PREREQUEST_BUDGET_BYTES = 100_000;

it(`prerequest.js stays within ${PREREQUEST_BUDGET_BYTES} bytes`, () => {
  const size = readFileSync(join(REPO_ROOT, 'dist', 'postman', 'prerequest.js')).length;
  assert.ok(size <= PREREQUEST_BUDGET_BYTES, `prerequest.js is ${size} bytes`);
});

// The budget covers what users import: the collection-level script as embedded, readable header
// included, not only the built file.
for (const auth of AUTH_METHODS) {
  it(`the ${auth} collection's embedded script, header included, stays within the budget`, () => {
    const collection = JSON.parse(
      readFileSync(join(REPO_ROOT, 'collections', collectionFileName(auth)), 'utf8'),
    ) as { event: Array<{ listen: string; script: { exec: string[] } }> };
    const exec = collection.event.find((e) => e.listen === 'prerequest')!.script.exec;
    const size = Buffer.byteLength(exec.join('\n'));
    assert.ok(size <= PREREQUEST_BUDGET_BYTES, `embedded prerequest.js is ${size} bytes`);
  });
}

for (const name of SCRIPT_NAMES) {
  const code = readFileSync(join(REPO_ROOT, 'dist', 'postman', name), 'utf8');
  const [header, ...rest] = code.split('\n');
  const body = rest.join('\n');

  it(`${name} starts with a header naming the version and the body's SHA-256`, () => {
    const digest = createHash('sha256').update(body).digest('hex');
    assert.equal(header, `// ofm-postman ${pkg.version} ${name} sha256:${digest}`);
  });

  it(`${name} loads no code: no require, eval, Function, import(), pm.require or pm.sendRequest`, () => {
    const forbidden: Array<[string, RegExp]> = [
      ['require(', /(?<![\w$])require\s*\(/],
      ['eval(', /(?<![\w$.])eval\s*\(/],
      ['new Function', /new\s+Function\s*\(/],
      ['Function(', /(?<![\w$.])Function\s*\(/],
      ['import(', /(?<![\w$.])import\s*\(/],
      ['pm.require', /pm\s*\.\s*require/],
      ['importScripts', /importScripts/],
    ];
    for (const [label, pattern] of forbidden) {
      assert.ok(!pattern.test(body), `${name} contains ${label}`);
    }
  });

  it(`${name} has no BigInt literal (Bruno's comment stripper, esprima 4, refuses the script)`, () => {
    // A digit run ending in n, outside identifiers and strings is enough of a check for minified
    // code: esbuild writes BigInt literals as `0n`, `1n`; the source writes BigInt(0) instead.
    const literal = /(?<![\w$.])\d+n\b/.exec(body.replace(/"(?:[^"\\\n]|\\.)*"/g, '""'));
    assert.equal(literal, null, `${name} contains the BigInt literal ${literal?.[0]}`);
  });

  it(`${name} calls pm.sendRequest only to fetch a token or a key set, never code`, () => {
    // ensure-token fetches a client-credentials token; account-data-request renews an expired
    // access token; test-token-exchange and test-account-data fetch a key set when none is
    // cached. Nothing else sends requests of its own.
    const allowed: Record<string, number> = {
      'ensure-token.js': 1,
      'account-data-request.js': 1,
      'test-token-exchange.js': 1,
      'test-account-data.js': 1,
      // The Bruno adapter: pm.sendRequest over bru.sendRequest (its property and the call).
      'bruno-adapter.js': 2,
    };
    const calls = body.match(/sendRequest/g)?.length ?? 0;
    assert.equal(calls, allowed[name] ?? 0);
  });

  // The scripts import each error family's module, not src/shared/errors.ts, so they carry only
  // the hints of the errors they can raise.
  it(`${name} carries no hint of the errors only Node raises`, () => {
    for (const hint of [
      ...Object.values(USAGE_ERRORS).map((e) => e.hint),
      ...Object.values(SERVER_ERRORS).map((e) => e.hint),
    ])
      assert.ok(!body.includes(hint), `${name} contains the hint "${hint}"`);
  });
}

it('prerequest.js carries no hint of the consent and data flows', () => {
  const body = readFileSync(
    join(import.meta.dirname, '..', '..', 'dist', 'postman', 'prerequest.js'),
    'utf8',
  );
  for (const hint of Object.values(FLOW_ERRORS).map((e) => e.hint))
    assert.ok(!body.includes(hint), `prerequest.js contains the hint "${hint}"`);
});
