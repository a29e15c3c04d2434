/** No tracked file carries a private key (test keys are generated at test time). */
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { it } from 'node:test';

const root = join(import.meta.dirname, '..', '..');

it('no tracked file holds a PEM private key', () => {
  const files = execFileSync('git', ['ls-files', '-z'], { cwd: root, encoding: 'utf8' })
    .split('\0')
    .filter(Boolean);
  assert.ok(files.length > 0, 'git lists the tracked files');
  const pattern = /-----BEGIN ([A-Z]+ )*PRIVATE KEY-----\s*\n[A-Za-z0-9+/]{20,}/;
  const offenders = files.filter((file) => {
    try {
      return pattern.test(readFileSync(join(root, file), 'utf8'));
    } catch {
      return false; // deleted in the work tree but still tracked: nothing to read
    }
  });
  assert.deepEqual(offenders, []);
});
