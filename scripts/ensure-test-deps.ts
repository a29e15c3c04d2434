/**
 * Before `npm test`: the newest Postman runtime stack lives in test/runtime-next/ with its own
 * lockfile (a second Newman, for test/e2e/runtime-next.test.ts). Installs it when it is missing
 * or older than its lockfile, so `npm test` stays one command on a fresh clone.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, statSync } from 'node:fs';
import { join } from 'node:path';

const dir = join(import.meta.dirname, '..', 'test', 'runtime-next');
const lock = join(dir, 'package-lock.json');
const installed = join(dir, 'node_modules', '.package-lock.json');
const fresh = existsSync(installed) && statSync(installed).mtimeMs >= statSync(lock).mtimeMs;
if (!fresh) {
  process.stdout.write('installing the newest Postman runtime stack into test/runtime-next …\n');
  const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';
  const result = spawnSync(npm, ['ci', '--prefix', dir, '--no-audit', '--no-fund', '--silent'], {
    stdio: 'inherit',
  });
  if (result.status !== 0) process.exit(result.status ?? 1);
}
