/**
 * `npm test` runner: finds every test/**\/*.test.ts (or those under the paths given) and runs them
 * with Node's test runner through tsx. Node 20's runner does not discover .ts files by itself.
 */
import { spawnSync } from 'node:child_process';
import { readdirSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';

function collect(path: string, out: string[]): void {
  if (statSync(path).isDirectory()) {
    // test/runtime-next has its own node_modules (a second Newman stack): never look inside.
    for (const entry of readdirSync(path).sort())
      if (entry !== 'node_modules') collect(join(path, entry), out);
  } else if (path.endsWith('.test.ts')) {
    out.push(path);
  }
}

const roots = process.argv.slice(2);
const files: string[] = [];
for (const root of roots.length > 0 ? roots : ['test']) collect(root, files);
if (files.length === 0) {
  console.error(`no test files under ${roots.join(', ') || 'test'}`);
  process.exit(1);
}
const result = spawnSync(
  process.execPath,
  ['--import', 'tsx', '--test', '--test-reporter=spec', ...files.map((f) => relative('.', f))],
  { stdio: 'inherit' },
);
process.exit(result.status ?? 1);
