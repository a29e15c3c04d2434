/**
 * Saved example responses: every request of every collection has one, and neither the committed
 * fixtures (src/builder/examples/) nor the collections carry a token, key, code or assertion.
 */
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { collectionFileName } from '../../src/builder/collection.js';
import { exampleFixturePath, readExampleFixture } from '../../src/builder/examples.js';
import { AUTH_METHODS } from '../../src/shared/variables.js';
import { REPO_ROOT } from '../helpers/paths.js';

const PEM = /-----BEGIN [A-Z ]*(PRIVATE KEY|CERTIFICATE)-----/;
const JWT = /eyJ[A-Za-z0-9_-]{10,}\.eyJ[A-Za-z0-9_-]{10,}\./;
/** Keys whose values are credentials or one-time codes: only a `<placeholder>` may stand there. */
const SECRET_KEYS = [
  'access_token',
  'refresh_token',
  'id_token',
  'code',
  'client_assertion',
  'request',
  'n',
  'd',
  'p',
  'q',
  'x5c',
];
/** Long base64url values are allowed only where they are public thumbprints. */
const THUMBPRINT_KEYS = new Set(['kid', 'x5t#S256']);

/** Every problem in a JSON value: a secret key with a real value, or a long opaque string. */
function secretProblems(value: unknown, path: string, key = ''): string[] {
  if (Array.isArray(value)) return value.flatMap((v, i) => secretProblems(v, `${path}[${i}]`, key));
  if (typeof value === 'object' && value !== null) {
    return Object.entries(value).flatMap(([k, v]) => secretProblems(v, `${path}.${k}`, k));
  }
  if (typeof value !== 'string') return [];
  if (SECRET_KEYS.includes(key) && !/^<[^<>]+>$/.test(value)) return [`${path}: ${key} value`];
  if (/^urn:ietf:params:oauth:request_uri:/.test(value) && !value.endsWith('<reference>'))
    return [`${path}: a request_uri reference`];
  // Identifiers (consent ids, interaction ids, jti) are UUIDs; tokens and codes are not.
  const withoutUuids = value.replace(
    /[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/gi,
    '',
  );
  if (/[A-Za-z0-9_-]{32,}/.test(withoutUuids) && !THUMBPRINT_KEYS.has(key))
    return [`${path}: a long opaque value`];
  return [];
}

function bodyProblems(body: string, where: string): string[] {
  if (body === '') return [];
  try {
    return secretProblems(JSON.parse(body), where);
  } catch {
    // Not JSON: a signed data response keeps only its protected header.
    const parts = body.split('.');
    return parts.length === 3 && parts[1]!.startsWith('<') && parts[2]!.startsWith('<')
      ? []
      : [`${where}: a non-JSON body that is not a scrubbed JWS`];
  }
}

interface Example {
  code: number;
  status: string;
  header: Array<{ key: string; value: string }>;
  body: string;
}
interface Node {
  name: string;
  item?: Node[];
  request?: { description: string; header?: Array<{ key: string }> };
  response?: Example[];
}

for (const auth of AUTH_METHODS) {
  describe(`saved examples of the ${auth} collection`, () => {
    const text = readFileSync(join(REPO_ROOT, 'collections', collectionFileName(auth)), 'utf8');
    const requests = (JSON.parse(text) as { item: Node[] }).item.flatMap((f) => f.item ?? []);
    const fixture = readExampleFixture(auth);

    it('every request has one, with a status, headers and a realistic body', () => {
      assert.equal(requests.length, 14);
      for (const request of requests) {
        const [example, ...more] = request.response ?? [];
        assert.ok(example, `${request.name} has an example`);
        assert.equal(more.length, 0);
        assert.ok(example.code >= 200 && example.code < 500, `${request.name}: ${example.code}`);
        assert.ok(example.status.length > 0);
        assert.ok(
          example.header.some((h) => h.key.toLowerCase() === 'content-type'),
          `${request.name}: content-type`,
        );
        if (request.name !== 'Revoke the client-credentials token')
          assert.ok(example.body.length > 20, `${request.name}: a body`);
      }
      assert.deepEqual(
        Object.keys(fixture).sort(),
        requests.map((r) => r.name).sort(),
        'the fixture has exactly the requests of the collection',
      );
    });

    it('the data requests show the JWS envelope, and the decrypted shape in their docs', () => {
      for (const name of ['Balances', 'Transactions']) {
        const request = requests.find((r) => r.name === name)!;
        const example = request.response![0]!;
        assert.equal(
          example.header.find((h) => h.key.toLowerCase() === 'content-type')?.value,
          'application/jose',
        );
        const header = JSON.parse(
          Buffer.from(example.body.split('.')[0]!, 'base64url').toString('utf8'),
        ) as { alg: string };
        assert.equal(header.alg, 'PS256');
        const docs = request.request!.description;
        assert.match(docs, /RSA-OAEP-256/);
        assert.match(docs, /"account_id"/, `${name}: the decrypted data`);
        assert.match(docs, /"currency": "MYR"/);
      }
    });

    it('no fixture or example holds a token, key, code, assertion or PEM', () => {
      const fixtureText = readFileSync(exampleFixturePath(auth), 'utf8');
      for (const [where, body] of [
        ['fixture', fixtureText],
        ['collection', text],
      ] as const) {
        assert.doesNotMatch(body, PEM, `${where}: PEM`);
        assert.doesNotMatch(body, JWT, `${where}: a JWT`);
      }
      const problems: string[] = [];
      for (const [name, example] of Object.entries(fixture)) {
        problems.push(...bodyProblems(example.body, `${name}.body`));
        if (example.decoded) problems.push(...secretProblems(example.decoded, `${name}.decoded`));
        for (const [key, value] of example.header) {
          if (/^(authorization|set-cookie|cookie)$/i.test(key)) problems.push(`${name}: ${key}`);
          problems.push(...secretProblems(value, `${name}.header.${key}`, key));
        }
      }
      for (const request of requests) {
        for (const example of request.response ?? [])
          problems.push(...bodyProblems(example.body, `${request.name} (collection)`));
      }
      assert.deepEqual(problems, []);
    });
  });
}

it('the fixture folder holds one file per authentication method', () => {
  assert.deepEqual(
    readdirSync(join(REPO_ROOT, 'src', 'builder', 'examples')).sort(),
    AUTH_METHODS.map((a) => `${a}.json`).sort(),
  );
});
