/**
 * Before the tests: the newest Postman runtime stack lives in test/runtime-next/ with its own
 * lockfile (a second Newman, for test/e2e/runtime-next.test.ts and runners.test.ts). Installs it
 * when it is missing or older than its lockfile, so `npm test` stays one command on a fresh clone.
 * scripts/run-tests.ts calls it; `npx tsx scripts/ensure-test-deps.ts` runs it alone.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';

/** Installs test/runtime-next's dependencies unless they are current; returns npm's exit status. */
export function ensureTestDeps(): number {
  const dir = join(import.meta.dirname, '..', 'test', 'runtime-next');
  const lock = join(dir, 'package-lock.json');
  const installed = join(dir, 'node_modules', '.package-lock.json');
  const fresh = existsSync(installed) && statSync(installed).mtimeMs >= statSync(lock).mtimeMs;
  if (fresh) return 0;
  process.stdout.write('installing the newest Postman runtime stack into test/runtime-next …\n');
  const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';
  const result = spawnSync(npm, ['ci', '--prefix', dir, '--no-audit', '--no-fund', '--silent'], {
    stdio: 'inherit',
  });
  return result.status ?? 1;
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) process.exit(ensureTestDeps());
