/**
 * Where the committed Bruno collections put their scripts (src/builder/bruno/scripts.ts): each
 * request loads from lib/ only what it needs, in two phases, checks last in its tests with the
 * report URL mask; and the light pre-request script, in Newman's own sandbox, never lets a request
 * that takes client authentication out without it.
 */
import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { signsRequest } from '../../src/builder/bruno/collection.js';
import { brunoCollectionDir } from '../../src/builder/bruno/generate.js';
import { REPORT_URL_MASK } from '../../src/builder/bruno/scripts.js';
import { collectionFileName } from '../../src/builder/collection.js';
import { takesClientAuth } from '../../src/postman/lib/client-auth.js';
import { BUNDLE_API_KEY } from '../../src/shared/script-globals.js';
import { AUTH_METHODS } from '../../src/shared/variables.js';
import { runNewman } from '../helpers/newman-run.js';
import { REPO_ROOT } from '../helpers/paths.js';
import { startTcpTrap, type TcpTrap } from '../helpers/tcp-trap.js';

interface Item {
  name: string;
  item?: Item[];
  request?: { method: string; body?: { mode: string } };
}

const block = (text: string, name: string) =>
  new RegExp(`^${name} \\{\\n([\\s\\S]*?)\\n\\}$`, 'm').exec(text)?.[1] ?? '';

/** Every .bru file under `dir`, relative. */
function bruFiles(dir: string, prefix = ''): string[] {
  return readdirSync(join(dir, prefix), { withFileTypes: true }).flatMap((e) =>
    e.isDirectory()
      ? bruFiles(dir, join(prefix, e.name))
      : e.name.endsWith('.bru')
        ? [join(prefix, e.name)]
        : [],
  );
}

it('the builder and the scripts agree on the API key and on which requests take client authentication', () => {
  // The key the builder looks for is the one the bundle registers under (bundle-api.ts).
  const bundle = readFileSync(join(REPO_ROOT, 'dist', 'postman', 'prerequest.js'), 'utf8');
  assert.match(bundle, new RegExp(`Object\\.defineProperty\\(Math,\\w+,`));
  assert.ok(bundle.includes(JSON.stringify(BUNDLE_API_KEY)), 'the bundle registers another key');
  for (const auth of AUTH_METHODS) {
    const collection = JSON.parse(
      readFileSync(join(REPO_ROOT, 'collections', collectionFileName(auth)), 'utf8'),
    ) as { item: Item[] };
    const requests = collection.item.flatMap((f) => f.item ?? []);
    assert.ok(requests.length > 10);
    for (const r of requests) {
      const request = r.request as NonNullable<Item['request']>;
      assert.equal(
        signsRequest(request as never),
        takesClientAuth(request.method, request.body?.mode),
        r.name,
      );
    }
  }
});

for (const auth of AUTH_METHODS) {
  it(`${auth}: each request loads from lib/ what it needs, checks in tests with the URL mask last`, () => {
    const dir = join(REPO_ROOT, brunoCollectionDir(auth));
    const files = bruFiles(dir).filter((f) => !f.startsWith('environments'));
    let signing = 0;
    for (const file of files) {
      const text = readFileSync(join(dir, file), 'utf8');
      // No script phase Bruno would start for every request, none post-response.
      assert.equal(block(text, 'script:post-response'), '', file);
      if (file === 'collection.bru' || file.endsWith('folder.bru')) {
        assert.doesNotMatch(text, /^(script:[\w-]+|tests) \{/m, file);
        continue;
      }
      const pre = block(text, 'script:pre-request');
      const tests = block(text, 'tests');
      for (const lib of `${pre}\n${tests}`.matchAll(/require\('\.\/(lib\/[\w.-]+)'\)/g))
        assert.ok(existsSync(join(dir, lib[1] as string)), `${file}: ${lib[1]}`);
      assert.ok(tests.trimEnd().endsWith(REPORT_URL_MASK), `${file}: the mask runs last`);
      assert.match(tests, /require\('\.\/lib\/test-[\w-]+\.js'\)/, `${file}: its checks are tests`);
      const form = /^body:form-urlencoded \{/m.test(text) && !/^get \{/m.test(text);
      // The bundle in front exactly where the request takes client authentication; elsewhere the
      // light script, with the API on demand when a script of the request uses it.
      assert.equal(pre.includes("require('./lib/prerequest.js');\n"), form, file);
      assert.equal(pre.includes("require('./lib/bruno-prerequest.js')"), !form, file);
      if (form) signing++;
      assert.ok(Buffer.byteLength(text) < 8_000, `${file}: no script inlined`);
    }
    assert.ok(signing >= 4, 'token, PAR, introspection and revocation requests sign');
  });
}

describe('the light pre-request script in Newman', () => {
  let trap: TcpTrap;
  before(async () => {
    trap = await startTcpTrap();
  });
  after(() => trap.close());

  it('refuses a request that takes client authentication: a coded failing test, nothing sent', async () => {
    const light = readFileSync(join(REPO_ROOT, 'dist', 'postman', 'bruno-prerequest.js'), 'utf8');
    const result = await runNewman({
      collection: {
        info: { name: 'light', schema: 'https://schema.getpostman.com/json/collection/v2.1.0/' },
        event: [{ listen: 'prerequest', script: { exec: light.split('\n') } }],
        item: [
          {
            name: 'a token request',
            request: {
              method: 'POST',
              url: `${trap.url}/token`,
              body: { mode: 'urlencoded', urlencoded: [{ key: 'grant_type', value: 'x' }] },
            },
          },
        ],
      } as never,
      timeoutRequest: 2000,
    });
    assert.equal(trap.connections(), 0, 'the request went out');
    const failed = result.assertions.filter((a) => !a.passed).map((a) => a.name);
    assert.equal(failed.length, 1, JSON.stringify(result.assertions));
    assert.match(failed[0] as string, /^ERR_OFM_BUNDLE_MISSING: POST with a form body/);
  });
});
