/**
 * `npm start`'s build: `npm run build` unless dist/ is already up to date with its sources
 * (dist-fresh.ts), so a second `npm start` goes straight to the demo. `npm run build` always builds.
 */
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { distIsFresh } from '../src/builder/dist-fresh.js';

const root = join(import.meta.dirname, '..');
if (distIsFresh(root)) {
  console.log('dist/ is up to date with its sources: not rebuilt (npm run build forces it)');
} else {
  const build = spawnSync('npm', ['run', 'build', '--silent'], { cwd: root, stdio: 'inherit' });
  process.exit(build.status ?? 1);
}
