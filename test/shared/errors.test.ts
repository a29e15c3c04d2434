import assert from 'node:assert/strict';
import { it } from 'node:test';
import { fakePrivateKeyPem } from '../helpers/pem.js';
import {
  SCRIPT_ERROR_HINTS,
  formatError,
  isOfmError,
  OfmError,
  redactSecrets,
} from '../../src/shared/errors.js';

it('formats one line with code, message and hint', () => {
  const error = new OfmError('ERR_OFM_VAR_MISSING', 'client_id is not set.');
  assert.equal(
    formatError(error),
    `ERR_OFM_VAR_MISSING: client_id is not set. (hint: ${SCRIPT_ERROR_HINTS.ERR_OFM_VAR_MISSING})`,
  );
  assert.ok(isOfmError(error));
  assert.ok(!isOfmError(new Error('x')));
  assert.ok(!isOfmError({ name: 'OfmError', code: 'NOT_A_CODE' }));
});

it('redacts PEM blocks and long encoded runs from messages', () => {
  const pem = fakePrivateKeyPem('MIIEvQIBADANBgkqhkiG9w0BAQEFAASC');
  assert.equal(redactSecrets(`bad key ${pem} here`), 'bad key [redacted PEM] here');
  assert.equal(redactSecrets(`x ${'A'.repeat(60)} y`), 'x [redacted] y');
  assert.equal(redactSecrets('short words stay'), 'short words stay');
});

it('gives Node-side codes their hints once node-error-hints is loaded', async () => {
  await import('../../src/shared/node-error-hints.js');
  const { OfmError: Err, hintFor } = await import('../../src/shared/errors.js');
  assert.match(new Err('ERR_OFM_PORT_IN_USE', 'taken').hint, /--port/);
  assert.equal(
    hintFor('ERR_OFM_USAGE'),
    'run ofm-postman --help for the commands and their options',
  );
});
