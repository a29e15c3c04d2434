/**
 * An authorization code may begin with `-` (base64url): `consent --code -h…` once printed the help
 * and exited 0 (yargs read `-h…` as short flags). Such a value is joined to its option first.
 */
import assert from 'node:assert/strict';
import { it } from 'node:test';
import { runCommandLine } from '../../src/cli/command-line.js';
import { joinOpaqueValues } from '../../src/cli/opaque-values.js';

it('joins a --code value that begins with a dash to its option, and nothing else', () => {
  assert.deepEqual(joinOpaqueValues(['consent', '--code', '-h4xQ', '--auth', 'x']), [
    'consent',
    '--code=-h4xQ',
    '--auth',
    'x',
  ]);
  assert.deepEqual(joinOpaqueValues(['consent', '--code', 'abc']), ['consent', '--code', 'abc']);
  assert.deepEqual(joinOpaqueValues(['assertion', '--kid', '-Zk9']), ['assertion', '--kid=-Zk9']);
  assert.deepEqual(joinOpaqueValues(['onboard', '--retire', '-Zk9']), ['onboard', '--retire=-Zk9']);
  // A forgotten value stays a mistake yargs reports, not a code named --auth.
  assert.deepEqual(joinOpaqueValues(['consent', '--code', '--auth']), [
    'consent',
    '--code',
    '--auth',
  ]);
  assert.deepEqual(joinOpaqueValues(['x', '--', '--code', '-h']), ['x', '--', '--code', '-h']);
});

it('consent --code -h…: the code reaches the command, which refuses the missing file, not the help', async () => {
  const result = await runCommandLine([
    'consent',
    '--collection',
    'no-such-collection.json',
    '--code',
    '-hZ9_code',
  ]);
  assert.doesNotMatch(result.stdout, /Options:/, 'no help printed');
  assert.notEqual(result.status, 0, result.stdout + result.stderr);
  assert.match(result.stderr, /ERR_OFM_FILE_NOT_FOUND/, result.stderr);
});
