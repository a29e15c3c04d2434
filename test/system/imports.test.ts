/** Repository rules for imports that the type checker cannot see. */
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { it } from 'node:test';
import { REPO_ROOT } from '../helpers/paths.js';

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return sourceFiles(path);
    return entry.name.endsWith('.ts') ? [path] : [];
  });
}

it('imports no module for its side effects', () => {
  // What a module does must not depend on which other modules happened to load first (error
  // hints were once registered that way): every import names what it uses.
  const offenders = sourceFiles(join(REPO_ROOT, 'src')).flatMap((file) =>
    [...readFileSync(file, 'utf8').matchAll(/^import\s+['"][^'"]+['"]/gm)].map(
      (match) => `${relative(REPO_ROOT, file)}: ${match[0]}`,
    ),
  );
  assert.deepEqual(offenders, []);
});
