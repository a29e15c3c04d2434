import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { before, describe, it } from 'node:test';
import AjvModule from 'ajv';
import sdk from 'postman-collection';
import { buildCollection, type ScriptSet } from '../../src/builder/collection.js';
import { loadScripts } from '../../src/builder/scripts.js';
import { collectionJson } from '../../src/builder/postman-json.js';
import {
  ALL_VARIABLES,
  CLIENT_AUTH_VARIABLES,
  REQUEST_SCOPED_VARIABLES,
} from '../../src/shared/variable-specs.js';
import { AUTH_METHODS } from '../../src/shared/variables.js';
import { COLLECTION_SCHEMA } from '../helpers/paths.js';

const Ajv = AjvModule.default;
/** `{{name}}` of every secret variable: the Postman CLI's JSON report resolves descriptions. */
const SECRET_PLACEHOLDERS = [...ALL_VARIABLES, ...REQUEST_SCOPED_VARIABLES]
  .filter((spec) => spec.secret)
  .map((spec) => `{{${spec.name}}}`);
let scripts: ScriptSet;

before(async () => {
  scripts = await loadScripts();
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
      const json = collectionJson(buildCollection(auth, scripts, '0.0.0-test'));
      assert.ok(validate(json), JSON.stringify(validate.errors?.slice(0, 5)));
    });

    it('round-trips through the postman-collection SDK byte for byte', () => {
      const json = collectionJson(buildCollection(auth, scripts, '0.0.0-test'));
      const again = collectionJson(new sdk.Collection(json as never));
      // Loading moves info._postman_id into the SDK's meta bag `_` as well: an SDK artefact.
      delete again['_'];
      assert.equal(JSON.stringify(again, null, 2), JSON.stringify(json, null, 2));
    });

    it('gives every request url.raw and its Markdown documentation as Postman writes them', () => {
      const json = collectionJson(buildCollection(auth, scripts, '0.0.0-test')) as unknown as {
        info: { description: unknown };
        variable: Array<{ description: unknown }>;
        item: Array<{
          name: string;
          description: unknown;
          item: Array<{
            name: string;
            description?: unknown;
            request: { url: Record<string, unknown>; description: unknown };
            response: Array<{ originalRequest: { url: { raw?: unknown } } }>;
          }>;
        }>;
      };
      // Postman's exports write descriptions as Markdown text, not the SDK's {content, type}.
      assert.equal(typeof json.info.description, 'string');
      assert.match(
        json.info.description as string,
        /\*\*private_key_jwt\*\*|\*\*tls_client_auth\*\*/,
      );
      for (const variable of json.variable) assert.equal(typeof variable.description, 'string');
      const raws: Record<string, string> = {};
      for (const folder of json.item) {
        assert.equal(typeof folder.description, 'string', `${folder.name}: folder docs`);
        assert.ok((folder.description as string).length > 20, `${folder.name}: folder docs kept`);
        for (const item of folder.item) {
          const { raw, ...parts } = item.request.url;
          assert.equal(typeof raw, 'string', `${item.name}: url.raw`);
          raws[item.name] = raw as string;
          // raw and the parts say the same thing: parsing raw gives the parts back.
          assert.deepEqual(
            plain(new sdk.Url(raw as string).toJSON()),
            parts,
            `${item.name}: parts`,
          );
          assert.equal(item.description, undefined, `${item.name}: docs sit on the request`);
          assert.equal(typeof item.request.description, 'string', `${item.name}: docs`);
          assert.ok((item.request.description as string).length > 20, `${item.name}: docs`);
          assert.deepEqual(
            SECRET_PLACEHOLDERS.filter((p) => (item.request.description as string).includes(p)),
            [],
            `${item.name}: its docs name no secret as {{…}} (a runner resolves them into reports)`,
          );
          assert.equal(item.response[0]?.originalRequest.url.raw, raw, `${item.name}: example`);
        }
      }
      assert.deepEqual(raws, {
        'Discovery document': '{{issuer}}/.well-known/openid-configuration',
        'OFP JWKS': '{{jwks_uri}}',
        'Client credentials token': '{{token_endpoint}}',
        'List providers': '{{rs_base_url}}/v1/providers?page_size={{providers_page_size}}',
        PAR: '{{par_endpoint}}',
        Authorize: '{{authorization_endpoint}}?client_id={{client_id}}&request_uri={{request_uri}}',
        'Token exchange': '{{token_endpoint}}',
        Refresh: '{{token_endpoint}}',
        Balances: '{{rs_base_url}}/v1/accounts/{{data_account_id}}/balances',
        Transactions:
          '{{rs_base_url}}/v1/accounts/{{data_account_id}}/transactions?page_size={{transactions_page_size}}',
        'Revoke consent': '{{rs_base_url}}/consents/{{consent_id}}/revoke',
        'Data after revocation': '{{rs_base_url}}/v1/accounts/{{data_account_id}}/balances',
        'Introspect the client-credentials token': '{{introspection_endpoint}}',
        'Revoke the client-credentials token': '{{revocation_endpoint}}',
      });
    });

    it('opens the collection-level script with a readable header, then the built code', () => {
      const json = collectionJson(buildCollection(auth, scripts, '0.0.0-test')) as unknown as Node;
      const exec = json.event![0]!.script.exec;
      const built = scripts['prerequest.js'].code.split('\n');
      assert.equal(exec[0], built[0], 'line 1: tool, version and sha256, as built');
      const header = exec.slice(1, exec.length - built.length + 1);
      assert.ok(header.length >= 5 && header.length <= 15, `${header.length} header lines`);
      for (const line of header) {
        assert.match(line, /^\/\/ /, 'a comment line');
        assert.ok(line.length <= 100, `readable width: ${line}`);
      }
      const text = header.join('\n');
      for (const spec of CLIENT_AUTH_VARIABLES) assert.ok(text.includes(spec.name), spec.name);
      for (const word of [
        'x-fapi-interaction-id',
        'client_assertion',
        'src/postman/entries/prerequest.ts',
      ])
        assert.ok(text.includes(word), word);
      // The code after the header is the built script's body: the sha256 on line 1 still fits.
      const body = exec.slice(1 + header.length).join('\n');
      assert.equal(body, built.slice(1).join('\n'));
      assert.ok(exec[0]!.endsWith(`sha256:${createHash('sha256').update(body).digest('hex')}`));
    });

    it('is the same on every build (stable ids, no timestamps)', () => {
      const a = JSON.stringify(collectionJson(buildCollection(auth, scripts, '1.2.3')));
      const b = JSON.stringify(collectionJson(buildCollection(auth, scripts, '1.2.3')));
      assert.equal(a, b);
    });

    it("has PayNet's folders in guide order, the bundle once, and a test on every request", () => {
      const json = collectionJson(
        buildCollection(auth, scripts, '0.0.0-test'),
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
