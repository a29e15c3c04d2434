/**
 * How scripts/run-tests.ts shares the test files out: the measured weight of each file, the shards, a repeatable shuffle, and one summary of all shards.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

/** The files' measured seconds, each alone (scripts/test-weights.json). */
export function readWeights(
  path = join(import.meta.dirname, '..', 'test-weights.json'),
): ReadonlyMap<string, number> {
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
    const lightest = shards.reduce((a, b) => (b.weight < a.weight ? b : a));
    lightest.files.push(file);
    lightest.weight += weightOf(file);
  }
  return shards;
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
