/**
 * `npm test` runner: finds every test/**\/*.test.ts (or those under the paths given) and runs them
 * with Node's test runner through tsx. Node 20's runner does not discover .ts files by itself.
 *
 * Before the files start it makes the run's test keys once (test/helpers/shared-pki.ts), in an
 * owner-only temp folder named to the tests in OFM_TEST_KEYS_DIR and removed after the run.
 * It does not build: `npm test` builds once before it, and a file run alone needs `npm run build`.
 *
 * `--shuffle[=seed]` runs the files in a random order (the seed is printed, to repeat an order):
 * no test may depend on another file's order or timing.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, rmSync, statSync } from 'node:fs';
import { availableParallelism, tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { makeSharedTestKeys, SHARED_KEYS_ENV } from '../test/helpers/shared-pki.js';
import { newRsaKey } from '../test/helpers/test-keys.js';

function collect(path: string, out: string[]): void {
  if (statSync(path).isDirectory()) {
    // test/runtime-next has its own node_modules (a second Newman stack): never look inside.
    for (const entry of readdirSync(path).sort())
      if (entry !== 'node_modules') collect(join(path, entry), out);
  } else if (path.endsWith('.test.ts')) {
    out.push(path);
  }
}

/** `files` in an order drawn from `seed` (a small linear congruential generator: repeatable). */
function shuffled(files: string[], seed: number): string[] {
  const out = [...files];
  let state = seed >>> 0;
  for (let i = out.length - 1; i > 0; i--) {
    state = (Math.imul(state, 1664525) + 1013904223) >>> 0;
    const j = state % (i + 1);
    [out[i], out[j]] = [out[j] as string, out[i] as string];
  }
  return out;
}

const CONCURRENCY = Math.max(2, availableParallelism() - 1);
const args = process.argv.slice(2);
const shuffle = args.find((a) => a === '--shuffle' || a.startsWith('--shuffle='));
const roots = args.filter((a) => a !== shuffle);
let files: string[] = [];
for (const root of roots.length > 0 ? roots : ['test']) collect(root, files);
if (files.length === 0) {
  console.error(`no test files under ${roots.join(', ') || 'test'}`);
  process.exit(1);
}
if (shuffle !== undefined) {
  const seed = Number(shuffle.split('=')[1] ?? Math.floor(Math.random() * 2 ** 31));
  console.log(`files in shuffled order, seed ${seed} (--shuffle=${seed} repeats it)`);
  files = shuffled(files, seed);
}

const keysDir = mkdtempSync(join(tmpdir(), 'ofm-test-keys-'));
let status: number;
try {
  await makeSharedTestKeys(keysDir, newRsaKey);
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
    {
      stdio: 'inherit',
      // NODE_COMPILE_CACHE (Node 22.1 and later; Node 20 ignores it): the many CLI processes the
      // tests start compile newman, oidc-provider and the CLI once per run, not once each.
      env: {
        ...process.env,
        [SHARED_KEYS_ENV]: keysDir,
        NODE_COMPILE_CACHE: join(keysDir, 'compile-cache'),
      },
    },
  );
  status = result.status ?? 1;
} finally {
  rmSync(keysDir, { recursive: true, force: true });
}
process.exit(status);
