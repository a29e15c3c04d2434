/**
 * The whole journey on the newest Postman runtime stack: newman 6.2.2 with postman-runtime 7.56
 * (postman-sandbox 6.7) and postman-collection 5, installed side by side in test/runtime-next
 * (`npm ci --prefix test/runtime-next`). The Postman app's newer sandbox has
 * `crypto.getRandomValues`, so the script takes its CSPRNG path: no seed, and no weak-random warning.
 * This file runs tls_client_auth; private_key_jwt runs with the same checks in
 * test/e2e/runners.test.ts, which compares it with the other runners (one run each).
 */
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { before, describe, it } from 'node:test';
import { collectionFileName } from '../../src/builder/collection.js';
import type { EnsureKeysResult } from '../../src/keys/test-pki.js';
import type { RunningSandbox } from '../../src/server/sandbox.js';
import { withoutNewmanFsWarning } from '../../src/runner/newman.js';
import { AUTH_METHODS } from '../../src/shared/variables.js';
import { localCertList, localEnvironment } from '../helpers/local-run.js';
import { useLocalSandbox } from '../helpers/local-sandbox.js';
import { runNewman, type NewmanLibrary } from '../helpers/newman-run.js';
import { REPO_ROOT } from '../helpers/paths.js';

const STACK_DIR = join(REPO_ROOT, 'test', 'runtime-next');
const stackRequire = createRequire(join(STACK_DIR, 'package.json'));

function stackVersion(name: string, from = stackRequire): string {
  return (from(`${name}/package.json`) as { version: string }).version;
}

const local = useLocalSandbox('ofm-runtime-next-');
let pki: EnsureKeysResult;
let sandbox: RunningSandbox;
let newmanNext: NewmanLibrary;

before(async () => {
  assert.ok(
    existsSync(join(STACK_DIR, 'node_modules', 'newman')),
    'the newest runtime stack is not installed: run npm ci --prefix test/runtime-next',
  );
  // Loaded the CLI's way, so Node 24's DEP0176 from this newman does not clutter the output.
  newmanNext = (await withoutNewmanFsWarning(() => stackRequire('newman'))) as NewmanLibrary;
  await local.ready();
  ({ pki, sandbox } = local);
});

it('test/runtime-next resolves the newest stack, not the project’s own', () => {
  // Resolve each package from the one that loads it, as Node does at run time.
  const fromNewman = createRequire(stackRequire.resolve('newman/package.json'));
  const runtimeRequire = createRequire(fromNewman.resolve('postman-runtime/package.json'));
  assert.equal(stackVersion('newman'), '6.2.2');
  assert.match(stackVersion('postman-runtime', fromNewman), /^7\.56\./);
  assert.match(stackVersion('postman-sandbox', runtimeRequire), /^6\.7\./);
  assert.match(stackVersion('postman-collection', fromNewman), /^5\./);
  assert.match(stackVersion('postman-collection', runtimeRequire), /^5\./);
  // The project's own Newman is still the old sandbox: both are really tested.
  const own = createRequire(import.meta.url);
  const ownRuntime = createRequire(own.resolve('newman/package.json'));
  assert.match(stackVersion('postman-runtime', ownRuntime), /^7\.39\./);
});

describe('the journey on postman-runtime 7.56 / postman-sandbox 6.7', () => {
  for (const auth of AUTH_METHODS.filter((a) => a === 'tls_client_auth')) {
    it(`${auth}: every request runs and every assertion passes, with no seed`, async () => {
      const collection = JSON.parse(
        readFileSync(join(REPO_ROOT, 'collections', collectionFileName(auth)), 'utf8'),
      ) as object;
      const result = await runNewman(
        {
          collection: collection as never,
          // No ofm_random_seed: the sandbox's own CSPRNG must be used.
          environment: localEnvironment(sandbox, pki, auth) as never,
          sslClientCertList: localCertList(sandbox, pki, auth) as never,
          sslExtraCaCerts: pki.paths.caCert,
        },
        newmanNext,
      );
      const run = result.summary.run;
      assert.deepEqual(
        result.assertions.filter((a) => !a.passed),
        [],
      );
      assert.deepEqual(
        run.failures.map((f) => f.error.message),
        [],
      );
      const sent = result.requests.filter((r) => !r.fromScript);
      assert.equal(
        sent.length,
        22,
        'discovery, JWKS, token, 3 provider pages, PAR, authorize, code exchange, refresh, 2 balances, 6 transaction pages, revoke, data after revocation, introspection, revocation',
      );
      assert.deepEqual(
        [...new Set(sent.map((r) => r.item))],
        [
          'Discovery document',
          'OFP JWKS',
          'Client credentials token',
          'List providers',
          'PAR',
          'Authorize',
          'Token exchange',
          'Refresh',
          'Balances',
          'Transactions',
          'Revoke consent',
          'Data after revocation',
          'Introspect the client-credentials token',
          'Revoke the client-credentials token',
        ],
        'every request ran, none was skipped',
      );
      assert.ok(
        sent.every((r) => r.code !== undefined),
        'every request got a response',
      );
      assert.ok(result.assertions.length >= 20, `${result.assertions.length} assertions`);
      assert.deepEqual(
        result.consoleLines.filter((l) => l.includes('WARN_OFM')),
        [],
        'no weak-random warning: the CSPRNG path was taken',
      );
    });
  }

  it('the sandbox there offers crypto.getRandomValues, and Newman 6.2’s own does not', async () => {
    const probe = {
      info: {
        name: 'probe',
        schema: 'https://schema.getpostman.com/json/collection/v2.1.0/collection.json',
      },
      item: [
        {
          name: 'probe',
          request: { method: 'GET', url: `${sandbox.issuer}/.well-known/openid-configuration` },
          event: [
            {
              listen: 'test',
              script: {
                exec: [
                  "var has = typeof crypto !== 'undefined' && typeof crypto.getRandomValues === 'function';",
                  "pm.test('csprng:' + has, function () {});",
                ],
              },
            },
          ],
        },
      ],
    };
    const options = { collection: probe as never, sslExtraCaCerts: pki.paths.caCert };
    const next = await runNewman(options, newmanNext);
    const own = await runNewman(options);
    assert.deepEqual(
      next.assertions.map((a) => a.name),
      ['csprng:true'],
    );
    assert.deepEqual(
      own.assertions.map((a) => a.name),
      ['csprng:false'],
    );
  });
});
