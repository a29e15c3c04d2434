/**
 * How `npm test` shares the files out (scripts/lib/test-shards.ts): every file in exactly one
 * shard, the shards' weights close, a shuffle that is repeatable and a permutation, and one
 * summary that adds up the shards' own (and says when a shard ended without one); and the
 * type-check that runs beside the tests (`--typecheck`) reports a type error, so it fails the run.
 */
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import {
  combinedSummary,
  dealToShards,
  fileTimes,
  readWeights,
  shuffled,
  testFiles,
} from '../../scripts/lib/test-shards.js';
import { TSC_PROJECTS, typecheck } from '../../scripts/lib/typecheck.js';
import { REPO_ROOT } from '../helpers/paths.js';

describe('test shards', () => {
  it('deals every test file to exactly one of two shards, their weights within the heaviest file', () => {
    const files = testFiles(join(REPO_ROOT, 'test'), REPO_ROOT);
    const weights = readWeights();
    const shards = dealToShards(files, weights, 2, true);
    assert.equal(shards.length, 2);
    assert.deepEqual(shards.flatMap((s) => s.files).sort(), [...files].sort());
    const heaviest = Math.max(...files.map((f) => weights.get(f) ?? 0));
    const [a, b] = shards.map((s) => s.weight) as [number, number];
    assert.ok(Math.abs(a - b) <= heaviest, `shard weights ${a} and ${b}`);
  });

  it('counts an unmeasured file as the median and never makes an empty shard', () => {
    const weights = new Map([
      ['a', 10],
      ['b', 1],
      ['c', 2],
    ]);
    const shards = dealToShards(['a', 'b', 'c', 'new'], weights, 2, true);
    assert.deepEqual(
      shards.map((s) => s.files),
      [['a'], ['c', 'new', 'b']],
    );
    assert.equal(dealToShards(['a'], weights, 2, true).length, 1);
    // Files that weigh nothing still spread over every shard.
    const light = dealToShards(
      ['x', 'y', 'z'],
      new Map([
        ['x', 0],
        ['y', 0],
        ['z', 0],
      ]),
      3,
      true,
    );
    assert.deepEqual(
      light.map((s) => s.files.length),
      [1, 1, 1],
    );
  });

  it('shuffles repeatably: the same seed, the same order; a permutation of the files', () => {
    const files = Array.from({ length: 30 }, (_, i) => `f${i}`);
    assert.deepEqual(shuffled(files, 7), shuffled(files, 7));
    assert.notDeepEqual(shuffled(files, 7), shuffled(files, 8));
    assert.notDeepEqual(shuffled(files, 7), files);
    assert.deepEqual([...shuffled(files, 7)].sort(), [...files].sort());
  });

  it("adds up the shards' summaries, and says when a shard has none", () => {
    const one = ['ℹ tests 3', 'ℹ pass 2', 'ℹ fail 1', 'ℹ duration_ms 12.5'];
    const two = ['noise', 'ℹ tests 4', 'ℹ pass 4', 'ℹ fail 0'];
    const lines = combinedSummary([one, two]);
    assert.ok(lines.includes('ℹ tests 7'), lines.join('\n'));
    assert.ok(lines.includes('ℹ pass 6'));
    assert.ok(lines.includes('ℹ fail 1'));
    assert.match(combinedSummary([one, ['crashed']]).join('\n'), /1 of 2 shards ended without/);
  });

  it("reads each file's time in its shard from the line that closes its suite, failed or not", () => {
    const times = fileTimes([
      ['▶ test/a.test.ts', '  ✔ a test (12.5ms)', '✔ test/a.test.ts (1234.5ms)'],
      ['✖ test/b/c.test.ts (40ms)', '  ✔ test/not-closing.test.ts (99ms)'],
    ]);
    assert.deepEqual(
      [...times],
      [
        ['test/a.test.ts', 1.2],
        ['test/b/c.test.ts', 0],
      ],
    );
  });

  it("type-checks npm run typecheck's projects, and reports each failing one with its errors", async () => {
    const script = (
      JSON.parse(readFileSync(join(REPO_ROOT, 'package.json'), 'utf8')) as {
        scripts: Record<string, string>;
      }
    ).scripts['typecheck'];
    assert.equal(script, TSC_PROJECTS.map((p) => `tsc -p ${p}`).join(' && '));
    const dir = mkdtempSync(join(tmpdir(), 'ofm-typecheck-'));
    try {
      const project = (file: string) =>
        JSON.stringify({
          compilerOptions: { strict: true, noEmit: true, types: [], lib: ['ES2022'] },
          files: [file],
        });
      mkdirSync(join(dir, 'ok'));
      writeFileSync(join(dir, 'ok', 'tsconfig.json'), project('ok.ts'));
      writeFileSync(join(dir, 'ok', 'ok.ts'), 'export const n: number = 1;\n');
      writeFileSync(join(dir, 'tsconfig.json'), project('bad.ts'));
      writeFileSync(join(dir, 'bad.ts'), "export const n: number = 'one';\n");
      const failed = await typecheck(['tsconfig.json', join('ok', 'tsconfig.json')], dir);
      assert.match(failed, /^tsc -p tsconfig\.json:\nbad\.ts\(1,14\): error TS2322/);
      assert.ok(!failed.includes('ok.ts'), 'a passing project is not reported');
      assert.equal(await typecheck([join('ok', 'tsconfig.json')], dir), '');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
