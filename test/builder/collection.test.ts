import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { before, describe, it } from 'node:test';
import AjvModule from 'ajv';
import sdk from 'postman-collection';
import { buildCollection, type ScriptSet } from '../../src/builder/collection.js';
import { bundleAllScripts } from '../../src/builder/generate.js';
import { AUTH_METHODS } from '../../src/shared/variables.js';
import { COLLECTION_SCHEMA } from '../helpers/paths.js';

const Ajv = AjvModule.default;
let scripts: ScriptSet;

before(async () => {
  scripts = await bundleAllScripts();
});

function plain(value: unknown): Record<string, unknown> {
  return JSON.parse(JSON.stringify(value)) as Record<string, unknown>;
}

interface Node {
  name: string;
  item?: Node[];
  event?: Array<{ listen: string; script: { exec: string[] } }>;
  request?: { method: string; body?: { mode: string } };
}

for (const auth of AUTH_METHODS) {
  describe(`the ${auth} collection`, () => {
    it('validates against the official v2.1.0 schema', () => {
      const schema = JSON.parse(readFileSync(COLLECTION_SCHEMA, 'utf8')) as object;
      const validate = new Ajv({ strict: false, allErrors: true }).compile(schema);
      const json = plain(buildCollection(auth, scripts, '0.0.0-test').toJSON());
      assert.ok(validate(json), JSON.stringify(validate.errors?.slice(0, 5)));
    });

    it('round-trips through the postman-collection SDK unchanged', () => {
      const json = plain(buildCollection(auth, scripts, '0.0.0-test').toJSON());
      const again = plain(new sdk.Collection(json as never).toJSON());
      // Loading moves info._postman_id into the SDK's meta bag `_` as well: an SDK artefact.
      delete again['_'];
      assert.deepEqual(again, json);
    });

    it('is the same on every build (stable ids, no timestamps)', () => {
      const a = JSON.stringify(buildCollection(auth, scripts, '1.2.3').toJSON());
      const b = JSON.stringify(buildCollection(auth, scripts, '1.2.3').toJSON());
      assert.equal(a, b);
    });

    it("has PayNet's folders in guide order, the bundle once, and a test on every request", () => {
      const json = plain(
        buildCollection(auth, scripts, '0.0.0-test').toJSON(),
      ) as unknown as Node & {
        variable: Array<{ key: string; value: string }>;
      };
      assert.deepEqual(
        json.item!.map((f) => f.name),
        [
          '1. Discovery',
          '2. OFP JWKS',
          '3. Client credentials',
          '4. Providers',
          '5. Consent',
          '6. Account data',
          '7. Consent management',
          '8. Token introspection',
          '9. Token revocation',
        ],
      );
      const text = JSON.stringify(json);
      const headers =
        text.match(/\/\/ ofm-postman [^ ]+ prerequest\.js sha256:[0-9a-f]{64}/g) ?? [];
      assert.equal(headers.length, 1, 'the client-auth bundle appears exactly once');
      assert.equal(json.event![0]!.listen, 'prerequest');
      assert.match(json.event![0]!.script.exec[0]!, /^\/\/ ofm-postman .* prerequest\.js sha256:/);
      assert.deepEqual(json.variable.find((v) => v.key === 'auth_method')?.value, auth);
      for (const folder of json.item!) {
        for (const item of folder.item!) {
          const tests = item.event?.filter((e) => e.listen === 'test') ?? [];
          assert.equal(tests.length, 1, `${item.name} has a test script`);
        }
      }
      const tokenFolders = json.item!.filter((f) =>
        f.event?.some((e) => e.script.exec[0]!.includes('ensure-token.js')),
      );
      assert.deepEqual(
        tokenFolders.map((f) => f.name),
        ['4. Providers', '7. Consent management', '8. Token introspection', '9. Token revocation'],
      );
    });
  });
}
