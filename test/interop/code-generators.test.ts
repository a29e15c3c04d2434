/**
 * Postman's own code generator (postman-code-generators, what the app's "Code snippet" pane runs)
 * on the generated collections: the code it writes for every token-endpoint request carries the
 * client-authentication parameters, and the request's documentation points to the command that
 * prints a cURL that works as printed.
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import sdk from 'postman-collection';
import { collectionFileName } from '../../src/builder/collection.js';
import { CLIENT_ASSERTION_TYPE } from '../../src/shared/client-assertion.js';
import { AUTH_METHODS } from '../../src/shared/variables.js';
import { runCli } from '../helpers/cli.js';
import { REPO_ROOT } from '../helpers/paths.js';

interface CodeGenerators {
  convert(
    language: string,
    variant: string,
    request: InstanceType<typeof sdk.Request>,
    options: object,
    callback: (error: unknown, snippet: string) => void,
  ): void;
}
const codegen = createRequire(import.meta.url)('postman-code-generators') as CodeGenerators;

function generate(language: string, variant: string, request: object): Promise<string> {
  return new Promise((resolve, reject) => {
    codegen.convert(language, variant, new sdk.Request(request as never), {}, (error, snippet) =>
      error ? reject(error as Error) : resolve(snippet),
    );
  });
}

interface Item {
  name: string;
  item?: Item[];
  request?: {
    body?: { mode: string };
    description: string;
  };
}

const LANGUAGES: Array<[string, string]> = [
  ['curl', 'cURL'],
  ['python', 'Requests'],
  ['nodejs', 'Axios'],
];

for (const auth of AUTH_METHODS) {
  describe(`postman-code-generators on the ${auth} collection`, () => {
    const collection = JSON.parse(
      readFileSync(join(REPO_ROOT, 'collections', collectionFileName(auth)), 'utf8'),
    ) as { item: Item[] };
    const formRequests = collection.item
      .flatMap((folder) => folder.item ?? [])
      .filter((item) => item.request?.body?.mode === 'urlencoded');

    it('writes client authentication into the code of every token-endpoint request', async () => {
      assert.equal(formRequests.length, 6);
      for (const item of formRequests) {
        for (const [language, variant] of LANGUAGES) {
          const code = await generate(language, variant, item.request!);
          const where = `${item.name}, ${language} ${variant}`;
          // Python's Requests snippet percent-encodes the body; cURL and Axios write it as it is.
          const text = decodeURIComponent(code);
          assert.match(text, /client_id.{0,6}\{\{client_id\}\}/, `${where}: client_id`);
          if (auth === 'private_key_jwt') {
            assert.ok(text.includes(CLIENT_ASSERTION_TYPE), `${where}: client_assertion_type`);
            assert.match(
              text,
              /client_assertion.{0,6}\{\{client_assertion\}\}/,
              `${where}: client_assertion`,
            );
          } else {
            assert.doesNotMatch(text, /client_assertion/, `${where}: no assertion for mTLS`);
          }
          if (item.name === 'PAR') assert.match(text, /request.{0,6}\{\{request_object\}\}/);
        }
      }
    });

    it('writes the x-signature header into the code of every data request', async () => {
      const data = collection.item
        .flatMap((folder) => folder.item ?? [])
        .filter((item) =>
          ['Balances', 'Transactions', 'Data after revocation'].includes(item.name),
        );
      assert.equal(data.length, 3);
      for (const item of data) {
        const code = await generate('curl', 'cURL', item.request!);
        assert.match(code, /--header 'x-signature: \{\{x_signature\}\}'/, item.name);
      }
    });

    it('points to a cURL that works as printed', () => {
      for (const item of formRequests) {
        const docs = item.request!.description;
        if (auth === 'private_key_jwt') assert.match(docs, /`ofm-postman assertion --curl`/);
        else assert.match(docs, /--cert.*--key/);
      }
    });
  });
}

it('the command the documentation names exists and takes --curl', () => {
  const help = runCli(['assertion', '--help']);
  assert.equal(help.status, 0, help.stderr);
  assert.match(help.stdout, /--curl/);
});
