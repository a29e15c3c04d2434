/**
 * The test time per file, for `npm run bench` (and `npm run bench -- --tests-only`): each test file
 * run alone, one after the other, with the run's shared test keys as `npm test` gives them, timed
 * from spawn to exit. One at a time, so a file's time is its own and not its neighbour's; on a
 * loaded machine the shares count more than the seconds.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PACKAGE_ROOT } from '../src/builder/paths.js';
import { makeSharedTestKeys, SHARED_KEYS_ENV } from '../test/helpers/shared-pki.js';
import { newRsaKey } from '../test/helpers/test-keys.js';
import { testFiles } from './lib/test-shards.js';

export interface FileTime {
  readonly file: string;
  readonly seconds: number;
  readonly passed: boolean;
}

/** Runs every test file (or those given) alone; `progress` is told each result as it comes. */
export async function testTimes(
  progress: (time: FileTime) => void,
  files = testFiles(join(PACKAGE_ROOT, 'test'), PACKAGE_ROOT),
): Promise<FileTime[]> {
  const keys = mkdtempSync(join(tmpdir(), 'ofm-bench-keys-'));
  try {
    await makeSharedTestKeys(keys, newRsaKey);
    const times: FileTime[] = [];
    for (const file of files) {
      const t0 = process.hrtime.bigint();
      const run = spawnSync(
        process.execPath,
        ['--import', 'tsx', '--test', '--test-reporter=dot', file],
        {
          cwd: PACKAGE_ROOT,
          encoding: 'utf8',
          env: { ...process.env, [SHARED_KEYS_ENV]: keys },
          timeout: 900_000,
        },
      );
      const seconds = Math.round(Number(process.hrtime.bigint() - t0) / 1e7) / 100;
      const time = { file, seconds, passed: run.status === 0 };
      progress(time);
      times.push(time);
    }
    return times;
  } finally {
    rmSync(keys, { recursive: true, force: true });
  }
}

/** The table: slowest first, with each file's share of the sum. */
export function testTimeLines(times: readonly FileTime[]): string[] {
  const total = times.reduce((sum, t) => sum + t.seconds, 0);
  const width = Math.max(...times.map((t) => t.file.length));
  return [
    ...[...times]
      .sort((a, b) => b.seconds - a.seconds)
      .map(
        (t) =>
          `  ${t.file.padEnd(width)} ${t.seconds.toFixed(1).padStart(7)} s ${((100 * t.seconds) / total).toFixed(1).padStart(5)} %${t.passed ? '' : '  FAILED'}`,
      ),
    `  ${'sum (one file at a time)'.padEnd(width)} ${total.toFixed(1).padStart(7)} s`,
  ];
}
