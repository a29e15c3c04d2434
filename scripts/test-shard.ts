/**
 * One shard of `npm test` (scripts/run-tests.ts starts it): the test files named on the command
 * line run one after the other in this one process, each inside a suite named after its path.
 *
 * Why a suite per file: hooks a file declares at its top level (`before`, `after`, the local
 * sandbox of test/helpers/local-sandbox.ts) then belong to that file's suite, so they run around
 * its own tests only, and a hook that fails fails that file alone. (Node's own test isolation
 * "none" would make them hooks of the whole process: every file's `before` first, a failure
 * failing every file.) Why one process: a file then pays neither a process nor the imports every
 * file repeats (tsx, newman, oidc-provider, the CLI).
 */
import { describe } from 'node:test';
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';

for (const file of process.argv.slice(2)) {
  describe(file, async () => {
    await import(pathToFileURL(resolve(file)).href);
  });
}
