import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { it } from 'node:test';
import { fakePrivateKeyPem } from '../helpers/pem.js';
import { REPO_ROOT } from '../helpers/paths.js';
import {
  ERROR_HINTS,
  FLOW_ERRORS,
  FlowError,
  formatError,
  hintFor,
  INPUT_ERRORS,
  InputError,
  INTERNAL_ERRORS,
  isOfmError,
  KEY_ERRORS,
  KeyError,
  OfmError,
  redactSecrets,
  SERVER_ERRORS,
  ServerError,
  USAGE_ERRORS,
  UsageError,
} from '../../src/shared/errors.js';

it('formats one line with code, message and hint', () => {
  const error = new InputError('ERR_OFM_VAR_MISSING', 'client_id is not set.');
  assert.equal(
    formatError(error),
    `ERR_OFM_VAR_MISSING: client_id is not set. (hint: ${INPUT_ERRORS.ERR_OFM_VAR_MISSING.hint})`,
  );
  assert.ok(isOfmError(error));
  assert.ok(!isOfmError(new Error('x')));
  assert.ok(!isOfmError({ name: 'OfmError', code: 'NOT_A_CODE' }));
});

it('gives each family its own hints, and every family is an OfmError', () => {
  const cause = new Error('underneath');
  const cases = [
    [new InputError('ERR_OFM_SEED_INVALID', 'm'), INPUT_ERRORS.ERR_OFM_SEED_INVALID.hint],
    [new KeyError('ERR_OFM_KEY_TOO_WEAK', 'm'), KEY_ERRORS.ERR_OFM_KEY_TOO_WEAK.hint],
    [new FlowError('ERR_OFM_STATE_MISMATCH', 'm'), FLOW_ERRORS.ERR_OFM_STATE_MISMATCH.hint],
    [new UsageError('ERR_OFM_USAGE', 'm', { cause }), USAGE_ERRORS.ERR_OFM_USAGE.hint],
    [new ServerError('ERR_OFM_PORT_IN_USE', 'm'), SERVER_ERRORS.ERR_OFM_PORT_IN_USE.hint],
  ] as const;
  for (const [error, hint] of cases) {
    assert.ok(error instanceof OfmError, error.code);
    assert.ok(isOfmError(error), error.code);
    assert.equal(error.name, 'OfmError');
    assert.equal(error.hint, hint);
    assert.equal(error.hint, hintFor(error.code));
  }
  assert.equal(cases[3][0].cause, cause);
  assert.equal(new KeyError('ERR_OFM_KEY_MALFORMED', 'm', { hint: 'exact' }).hint, 'exact');
  assert.equal(
    new OfmError('ERR_OFM_USAGE', 'm', { hint: 'given by the caller' }).hint,
    'given by the caller',
  );
});

it('keeps every code in exactly one family, each with a hint', () => {
  const families = [
    INTERNAL_ERRORS,
    INPUT_ERRORS,
    KEY_ERRORS,
    FLOW_ERRORS,
    USAGE_ERRORS,
    SERVER_ERRORS,
  ];
  const codes = families.flatMap((table) => Object.keys(table));
  assert.equal(new Set(codes).size, codes.length, 'no code is in two families');
  assert.deepEqual(Object.keys(ERROR_HINTS).sort(), codes.sort());
  for (const [code, hint] of Object.entries(ERROR_HINTS)) {
    assert.match(code, /^ERR_OFM_[A-Z_]+$/);
    assert.ok(hint.length > 0, code);
  }
});

it('gives a Node-side code its hint in a process that imports only errors.ts', () => {
  // Hints used to be registered by importing modules for their side effects, so a process that
  // had not loaded those modules printed the generic hint.
  const errors = pathToFileURL(join(REPO_ROOT, 'src', 'shared', 'errors.ts')).href;
  const script = `
    const { hintFor, UsageError } = await import(${JSON.stringify(errors)});
    console.log(JSON.stringify([hintFor('ERR_OFM_USAGE'), hintFor('ERR_OFM_PORT_IN_USE'),
      hintFor('ERR_OFM_TOKEN_FAILED'), new UsageError('ERR_OFM_KEYS_MISSING', 'm').hint]));`;
  const result = spawnSync(
    process.execPath,
    ['--import', 'tsx', '--input-type=module', '--eval', script],
    { cwd: REPO_ROOT, encoding: 'utf8', timeout: 60_000 },
  );
  assert.equal(result.status, 0, result.stderr);
  assert.deepEqual(JSON.parse(result.stdout), [
    'run ofm-postman --help for the commands and their options',
    'choose another --port, or --port 0 for a free one',
    'run the Client credentials request to see the full response',
    'run ofm-postman keys first (or pass --keys DIR)',
  ]);
});

it('redacts PEM blocks and long encoded runs from messages', () => {
  const pem = fakePrivateKeyPem('MIIEvQIBADANBgkqhkiG9w0BAQEFAASC');
  assert.equal(redactSecrets(`bad key ${pem} here`), 'bad key [redacted PEM] here');
  assert.equal(redactSecrets(`x ${'A'.repeat(60)} y`), 'x [redacted] y');
  assert.equal(redactSecrets('short words stay'), 'short words stay');
  // A refusal names its file: an absolute path stays, however long; a token or key never does.
  const path = '/home/alice/projects/payments-team/collections/bruno/paynet-ofp.pkj/.env';
  assert.equal(redactSecrets(`--out ${path} exists`), `--out ${path} exists`);
  assert.equal(redactSecrets(`x /${'A'.repeat(60)} y`), 'x [redacted] y');
  // ... and so does the part of a path between two dots, which was once printed as
  // `paynet-ofp.[redacted].bru`.
  const dotted = '/tmp/u/paynet-ofp.private_key_jwt/environments/paynet-sandbox.bru';
  assert.equal(redactSecrets(`${dotted} exists`), `${dotted} exists`);
  assert.equal(redactSecrets(`x.${'A'.repeat(45)}/b/c y`), 'x.[redacted] y');
  assert.equal(redactSecrets(`x ${'ab/'.repeat(20)}Zz+w= y`), 'x [redacted] y');
  assert.equal(
    redactSecrets(`x eyJhbGciOiJQUzI1NiJ9.eyJ${'a'.repeat(50)} y`),
    'x eyJhbGciOiJQUzI1NiJ9.[redacted] y',
  );
  // A module name is not key material; mixed-case base64url of the same shape still is.
  const module = 'fapi2-security-profile-id2-client-test-invalid-signature';
  assert.equal(redactSecrets(`--misbehave ${module}`), `--misbehave ${module}`);
  assert.equal(redactSecrets(`x aB3d-Ef5h-iJ7k-Lm9n-oP1q-Rs3t-uV5w-Xy7z-Ab1C y`), 'x [redacted] y');
  // A path is not key material; base64 with slashes in it still is.
  const tmpPath = '/tmp/ofm-help-Xy12Ab/work/build/collections/bruno/paynet-ofp.private_key_jwt';
  assert.equal(redactSecrets(`${tmpPath} is missing`), `${tmpPath} is missing`);
  const base64 = 'MIIEvQIBADANBgkqhkiG9w0BAQEFAASC/BKcwggSjAgEAAoIBAQC7+/abc/def=';
  assert.equal(redactSecrets(`x ${base64} y`), 'x [redacted] y');
  assert.equal(redactSecrets(`x /${'Ab1'.repeat(20)}/ab y`), 'x [redacted] y');
});
