/**
 * `npm test` runner: finds every test/**\/*.test.ts (or those under the paths given) and runs them
 * with Node's test runner through tsx. Node 20's runner does not discover .ts files by itself.
 */
import { spawnSync } from 'node:child_process';
import { readdirSync, statSync } from 'node:fs';
import { availableParallelism } from 'node:os';
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

const CONCURRENCY = Math.max(2, availableParallelism() - 1);
const roots = process.argv.slice(2);
const files: string[] = [];
for (const root of roots.length > 0 ? roots : ['test']) collect(root, files);
if (files.length === 0) {
  console.error(`no test files under ${roots.join(', ') || 'test'}`);
  process.exit(1);
}
const result = spawnSync(
  process.execPath,
  [
    '--import',
    'tsx',
    '--test',
    // Two files at a time: most of a test's time is spent waiting on servers and child processes,
    // so two overlap well even on two cores (Node's default is one less than the cores).
    `--test-concurrency=${CONCURRENCY}`,
    '--test-reporter=spec',
    ...files.map((f) => relative('.', f)),
  ],
  { stdio: 'inherit' },
);
process.exit(result.status ?? 1);
