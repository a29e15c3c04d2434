/**
 * How scripts/run-tests.ts shares the test files out: the measured weight of each file, the shards, a repeatable shuffle, and one summary of all shards.
 */
import { readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';

/** Each file's measured seconds in its shard (scripts/test-weights.json). */
export function readWeights(path = WEIGHTS_PATH): ReadonlyMap<string, number> {
  const { seconds } = JSON.parse(readFileSync(path, 'utf8')) as {
    seconds: Record<string, number>;
  };
  return new Map(Object.entries(seconds));
}

export interface Shard {
  readonly files: string[];
  /** The sum of its files' weights. */
  weight: number;
}

/**
 * `files` dealt to `count` shards, each file to the lightest shard so far: heaviest first when
 * `heaviestFirst` (both shards then end about together), else in the order given (a shuffled run).
 * A file without a weight counts as the median weight.
 */
export function dealToShards(
  files: readonly string[],
  weights: ReadonlyMap<string, number>,
  count: number,
  heaviestFirst: boolean,
): Shard[] {
  const known = [...weights.values()].sort((a, b) => a - b);
  const median = known[Math.floor(known.length / 2)] ?? 1;
  const weightOf = (file: string) => weights.get(file) ?? median;
  const order = heaviestFirst ? [...files].sort((a, b) => weightOf(b) - weightOf(a)) : files;
  const shards: Shard[] = Array.from({ length: Math.min(count, files.length) }, () => ({
    files: [],
    weight: 0,
  }));
  for (const file of order) {
    // The lightest shard; of equally light ones (files that weigh 0 s), the one with fewer files.
    const lightest = shards.reduce((a, b) =>
      b.weight < a.weight || (b.weight === a.weight && b.files.length < a.files.length) ? b : a,
    );
    lightest.files.push(file);
    lightest.weight += weightOf(file);
  }
  return shards.filter((shard) => shard.files.length > 0);
}

/** `files` in an order drawn from `seed` (a small linear congruential generator: repeatable). */
export function shuffled(files: readonly string[], seed: number): string[] {
  const out = [...files];
  let state = seed >>> 0;
  for (let i = out.length - 1; i > 0; i--) {
    state = (Math.imul(state, 1664525) + 1013904223) >>> 0;
    const j = state % (i + 1);
    [out[i], out[j]] = [out[j] as string, out[i] as string];
  }
  return out;
}

/**
 * Every `*.test.ts` under `path` (a folder or a file), sorted, relative to `base`. test/runtime-next
 * has its own node_modules (a second Newman stack): never looked into.
 */
export function testFiles(path: string, base = '.', out: string[] = []): string[] {
  if (statSync(path).isDirectory()) {
    for (const entry of readdirSync(path).sort())
      if (entry !== 'node_modules') testFiles(join(path, entry), base, out);
  } else if (path.endsWith('.test.ts')) {
    out.push(relative(base, path));
  }
  return out;
}

const WEIGHTS_PATH = join(import.meta.dirname, '..', 'test-weights.json');

/**
 * Each file's time in its shard, from the shards' spec output: the line that closes a file's suite
 * (`✔ test/x.test.ts (1234.5ms)`, ✖ when it failed), which scripts/test-shard.ts names after it.
 */
export function fileTimes(outputs: readonly (readonly string[])[]): Map<string, number> {
  const times = new Map<string, number>();
  for (const lines of outputs)
    for (const line of lines) {
      const [, file, ms] = /^[✔✖] (\S+\.test\.ts) \((\d+(?:\.\d+)?)ms\)$/.exec(line) ?? [];
      if (file !== undefined) times.set(file, Math.round(Number(ms) / 100) / 10);
    }
  return times;
}

/**
 * Writes `seconds` (every file's time in its shard) as scripts/test-weights.json
 * (`npx tsx scripts/run-tests.ts --write-weights`, on an otherwise idle machine).
 */
export function writeWeights(seconds: ReadonlyMap<string, number>, path = WEIGHTS_PATH): void {
  const about =
    `Seconds each test file took in its shard of scripts/run-tests.ts on Node ${process.versions.node.split('.')[0]}, ` +
    'written by `npx tsx scripts/run-tests.ts --write-weights` on an idle 2-core machine. The files are ' +
    'dealt to the shards by these, heaviest first; a file not listed counts as the median. Only the ' +
    'order and the grouping depend on them, never a result.';
  const sorted = Object.fromEntries([...seconds].sort(([a], [b]) => a.localeCompare(b)));
  const measured = new Date().toISOString().slice(0, 10);
  writeFileSync(path, `${JSON.stringify({ about, measured, seconds: sorted }, null, 2)}\n`);
}

const COUNTS = ['tests', 'suites', 'pass', 'fail', 'cancelled', 'skipped', 'todo'] as const;

/**
 * The spec reporter's closing counts (`ℹ pass 12`) of every shard, added up into one summary in
 * the same form, so that a run ends with the whole suite's figures.
 */
export function combinedSummary(outputs: readonly (readonly string[])[]): string[] {
  const sums = new Map<string, number>(COUNTS.map((c) => [c, 0]));
  let reported = 0;
  for (const lines of outputs) {
    for (const line of lines) {
      const [, name = '', value = ''] = /^ℹ (\w+) (\d+)$/.exec(line) ?? [];
      const sum = sums.get(name);
      if (sum === undefined) continue;
      sums.set(name, sum + Number(value));
      if (name === 'tests') reported++;
    }
  }
  if (reported !== outputs.length)
    return [`ℹ ${outputs.length - reported} of ${outputs.length} shards ended without a summary`];
  return [`all ${outputs.length} shards:`, ...COUNTS.map((c) => `ℹ ${c} ${sums.get(c)}`)];
}
