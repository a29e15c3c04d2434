/**
 * `npm test` runner: finds every test/**\/*.test.ts (or those under the paths given) and runs them
 * with Node's test runner through tsx. Node 20's runner does not discover .ts files by itself.
 *
 * Before the files start it makes the run's test keys once (test/helpers/shared-pki.ts), in an
 * owner-only temp folder named to the tests in OFM_TEST_KEYS_DIR and removed after the run.
 * It does not build: `npm test` builds once before it, and a file run alone needs `npm run build`.
 *
 * How the files share the machine (scripts/lib/test-shards.ts): in shards that run at once (three
 * on two cores), each one process (scripts/test-shard.ts) running its files one after the other,
 * each file in a suite of its own. A file then pays neither a process nor the imports every file
 * repeats (tsx, newman, oidc-provider, the CLI). The files are dealt to the shards by the time each
 * took in its shard (scripts/test-weights.json, which `--write-weights` rewrites after a whole,
 * green run), heaviest first, so that the shards end together. As node-oidc-provider runs its
 * suite: many files, one process. `--isolation=process` runs a process per file instead, two files
 * at a time (to rule out a file disturbing another in its shard).
 *
 * `--shards=<n>` sets the number of shards (default: one more than the cores, at most 6).
 *
 * `--typecheck` type-checks the project (`npm run typecheck`'s two tsc projects, one after the other)
 * while the tests run, instead of before them: the two cores are not both busy all the time (the
 * shards start by importing, and end one by one), and tsc fills those gaps. A type error fails the
 * run and is printed after the tests. `npm test` passes it.
 *
 * `--shuffle[=seed]` runs the files in a random order (the seed is printed, to repeat an order),
 * and with shards, deals them to the shards in that order: no test may depend on another file's
 * order, timing, or the files it shares a process with.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { availableParallelism, tmpdir } from 'node:os';
import { join } from 'node:path';
import { makeSharedTestKeys, SHARED_KEYS_ENV } from '../test/helpers/shared-pki.js';
import { newRsaKey } from '../test/helpers/test-keys.js';
import {
  combinedSummary,
  dealToShards,
  fileTimes,
  readWeights,
  shuffled,
  testFiles,
  writeWeights,
} from './lib/test-shards.js';
import { ensureTestDeps } from './ensure-test-deps.js';
import { TSC_PROJECTS, typecheck } from './lib/typecheck.js';

/**
 * Shards: one more than the cores (a shard waits on its child processes and servers part of the
 * time, so a third keeps two cores busy: 159 s against 174 s for the suite on 2 cores, Node 24),
 * at most 6 (each shard holds every library its files load, ~0.5 GB). A process per file
 * (`--isolation=process`): two files at a time, or one less than the cores.
 */
const DEFAULT_SHARDS = Math.min(6, availableParallelism() + 1);
const CONCURRENCY = Math.max(2, availableParallelism() - 1);
const args = process.argv.slice(2);
const shuffle = args.find((a) => a === '--shuffle' || a.startsWith('--shuffle='));
const isolation = args.find((a) => a.startsWith('--isolation='))?.split('=')[1];
const writingWeights = args.includes('--write-weights');
const typechecking = args.includes('--typecheck');
const shardsArg = args.find((a) => a.startsWith('--shards='));
const SHARDS = shardsArg === undefined ? DEFAULT_SHARDS : Number(shardsArg.split('=')[1]);
if (!Number.isInteger(SHARDS) || SHARDS < 1 || SHARDS > 16) {
  console.error(`--shards is a whole number from 1 to 16, not ${shardsArg?.split('=')[1]}`);
  process.exit(2);
}
if (isolation !== undefined && isolation !== 'process' && isolation !== 'shard') {
  console.error(`--isolation is shard (the default) or process, not ${isolation}`);
  process.exit(2);
}
const FLAGS = ['--shuffle', '--shards', '--isolation', '--write-weights', '--typecheck'];
const unknown = args.filter((a) => a.startsWith('--') && !FLAGS.includes(a.split('=')[0] ?? a));
if (unknown.length > 0) {
  console.error(`unknown option ${unknown.join(', ')} (options: ${FLAGS.join(', ')})`);
  process.exit(2);
}
const roots = args.filter((a) => !a.startsWith('--'));
let files: string[] = [];
for (const root of roots.length > 0 ? roots : ['test']) testFiles(root, '.', files);
if (files.length === 0) {
  console.error(`no test files under ${roots.join(', ') || 'test'}`);
  process.exit(1);
}
if (shuffle !== undefined) {
  const seed = Number(shuffle.split('=')[1] ?? Math.floor(Math.random() * 2 ** 31));
  console.log(`files in shuffled order, seed ${seed} (--shuffle=${seed} repeats it)`);
  files = shuffled(files, seed);
}
const shardsWanted = isolation !== 'process';

/** Runs `node` with tsx on `nodeArgs`; its output goes to ours, each line after `prefix`. */
function nodeTest(nodeArgs: string[], env: NodeJS.ProcessEnv, prefix: string): Promise<number> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, ['--import', 'tsx', ...nodeArgs], {
      env,
      stdio: ['ignore', prefix === '' ? 'inherit' : 'pipe', prefix === '' ? 'inherit' : 'pipe'],
    });
    const output: string[] = [];
    for (const stream of [child.stdout, child.stderr]) {
      let rest = '';
      stream?.on('data', (chunk: Buffer) => {
        const lines = (rest + chunk.toString()).split('\n');
        rest = lines.pop() ?? '';
        for (const line of lines) {
          output.push(line);
          process.stdout.write(`${prefix}${line}\n`);
        }
      });
      stream?.on('end', () => rest !== '' && process.stdout.write(`${prefix}${rest}\n`));
    }
    child.on('close', (code) => {
      shardOutputs.push(output);
      resolve(code ?? 1);
    });
  });
}
const shardOutputs: string[][] = [];

const depsStatus = ensureTestDeps();
if (depsStatus !== 0) process.exit(depsStatus);
// A type error is announced as soon as tsc ends, when the tests are still running (they go on;
// its errors follow their summary).
let testsEnded = false;
const typeErrors = typechecking
  ? typecheck().then((errors) => {
      if (errors !== '' && !testsEnded)
        console.log("type-check failed: its errors follow the tests' summary");
      return errors;
    })
  : undefined;
const keysDir = mkdtempSync(join(tmpdir(), 'ofm-test-keys-'));
let status: number;
try {
  await makeSharedTestKeys(keysDir, newRsaKey);
  const env = {
    ...process.env,
    [SHARED_KEYS_ENV]: keysDir,
    // NODE_COMPILE_CACHE (Node 22.1 and later; Node 20 ignores it): the CLI processes the tests
    // start compile newman, oidc-provider and the CLI once per run, not once each.
    NODE_COMPILE_CACHE: join(keysDir, 'compile-cache'),
  };
  if (shardsWanted) {
    const shards = dealToShards(files, readWeights(), SHARDS, shuffle === undefined);
    console.log(
      `${files.length} files in ${shards.length} shards, each one process running its files one after the other (--isolation=process: a process per file)`,
    );
    const codes = await Promise.all(
      shards.map((shard, i) =>
        nodeTest(
          ['--test-reporter=spec', join(import.meta.dirname, 'test-shard.ts'), ...shard.files],
          env,
          `[${i + 1}] `,
        ),
      ),
    );
    const summary = combinedSummary(shardOutputs);
    for (const line of summary) console.log(line);
    // A shard that ended without its summary ran nothing we saw pass: not green.
    const complete = summary[0]?.startsWith('all ') === true;
    status = complete && codes.every((c) => c === 0) ? 0 : 1;
    if (writingWeights) {
      // Only from a whole, green run: a failed file's time says little about its next run.
      const times = fileTimes(shardOutputs);
      const whole = status === 0 && roots.length === 0 && times.size === files.length;
      if (whole) writeWeights(times);
      console.log(
        whole
          ? `wrote scripts/test-weights.json (${times.size} files)`
          : 'scripts/test-weights.json kept: --write-weights needs a whole, green run',
      );
    }
  } else {
    status = await nodeTest(
      // Two files at a time: most of a test's time is spent waiting on servers and child
      // processes, so two overlap well even on two cores (Node's default is one less than the cores).
      ['--test', `--test-concurrency=${CONCURRENCY}`, '--test-reporter=spec', ...files],
      env,
      '',
    );
  }
  testsEnded = true;
  if (typeErrors !== undefined) {
    const errors = await typeErrors;
    if (errors === '') console.log(`type-check passed (tsc -p ${TSC_PROJECTS.join(', tsc -p ')})`);
    else {
      console.log(`type-check failed:\n${errors}`);
      status = 1;
    }
  }
} finally {
  rmSync(keysDir, { recursive: true, force: true });
}
process.exit(status);
