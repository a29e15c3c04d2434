/** Loading newman: on first use, once, and without its Node 24 fs.F_OK deprecation warning. */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { it } from 'node:test';
import { isNewmanFsConstantWarning } from '../../src/runner/newman.js';
import { REPO_ROOT } from '../helpers/paths.js';

const NEWMAN_STACK = [
  'Error: warning origin',
  '    at process.filtered (/app/dist/runner/newman.js:20:27)',
  '    at get F_OK (node:internal/util:100:7)',
  '    at /app/node_modules/newman/lib/run/secure-fs.js:146:92',
].join('\n');
const OTHER_STACK = [
  'Error: warning origin',
  '    at process.filtered (/app/dist/runner/newman.js:20:27)',
  '    at /app/node_modules/some-other-package/index.js:3:9',
].join('\n');

it('recognises only DEP0176 raised from inside newman, in every emitWarning form', () => {
  const message = 'fs.F_OK is deprecated, use fs.constants.F_OK instead';
  assert.equal(
    isNewmanFsConstantWarning(message, 'DeprecationWarning', 'DEP0176', NEWMAN_STACK),
    true,
  );
  assert.equal(
    isNewmanFsConstantWarning(
      message,
      { type: 'DeprecationWarning', code: 'DEP0176' },
      undefined,
      NEWMAN_STACK,
    ),
    true,
  );
  const asError = Object.assign(new Error(message), { code: 'DEP0176' });
  assert.equal(isNewmanFsConstantWarning(asError, undefined, undefined, NEWMAN_STACK), true);
  // The same code from anywhere else, or another code from newman, is not ours to drop.
  assert.equal(
    isNewmanFsConstantWarning(message, 'DeprecationWarning', 'DEP0176', OTHER_STACK),
    false,
  );
  assert.equal(
    isNewmanFsConstantWarning(message, 'DeprecationWarning', 'DEP0005', NEWMAN_STACK),
    false,
  );
  assert.equal(
    isNewmanFsConstantWarning(message, 'DeprecationWarning', undefined, NEWMAN_STACK),
    false,
  );
});

/** A fresh Node process running `code` as a module; returns its stderr. */
function stderrOf(code: string): string {
  const result = spawnSync(process.execPath, ['--input-type=module', '-e', code], {
    cwd: REPO_ROOT,
    encoding: 'utf8',
    timeout: 60_000,
  });
  assert.equal(result.status, 0, result.stderr);
  return result.stderr;
}

it('loads newman without its DEP0176 warning and lets every other warning through', () => {
  const loader = pathToFileURL(join(REPO_ROOT, 'dist', 'runner', 'newman.js')).href;
  const stderr = stderrOf(
    [
      `const { loadNewman } = await import(${JSON.stringify(loader)});`,
      'const [a, b] = await Promise.all([loadNewman(), loadNewman()]);',
      "if (a !== b || typeof a.run !== 'function') throw new Error('not one newman module');",
      // Our own warnings, emitted after newman loaded, still reach the user.
      "process.emitWarning('ours, still shown', { type: 'DeprecationWarning', code: 'DEP0176' });",
      "process.emitWarning('another warning, still shown');",
    ].join('\n'),
  );
  assert.doesNotMatch(stderr, /fs\.F_OK/);
  assert.match(stderr, /\[DEP0176\] DeprecationWarning: ours, still shown/);
  assert.match(stderr, /Warning: another warning, still shown/);
});

it('newman itself still raises DEP0176 on Node 24 and later (else the filter has no job left)', () => {
  const stderr = stderrOf("await import('newman');");
  const major = Number(process.versions.node.split('.')[0]);
  if (major >= 24) assert.match(stderr, /\[DEP0176\] DeprecationWarning: fs\.F_OK/);
  else assert.equal(stderr, '', `Node ${process.version} loads newman without a warning`);
});
