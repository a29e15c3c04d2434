/**
 * Whether a checkout's dist/ is up to date: written after the last change to anything
 * `npm run build` reads. `npm start` skips its build then (build-if-stale.ts), and the package test
 * packs that dist/ instead of building it a second time. Modification times, as make uses them: an
 * edit after the build makes dist/ stale; when in doubt it is stale, and the build runs.
 */
import { readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';

/** What `npm run build` reads (package.json: the version in the scripts' trace line). */
export const BUILD_INPUTS = [
  'src',
  'scripts/build-scripts.ts',
  'tsconfig.json',
  'tsconfig.build.json',
  'package.json',
] as const;

/** Modification times of every file under `path` (a file or a folder). */
function mtimes(path: string, out: number[] = []): number[] {
  const stat = statSync(path, { throwIfNoEntry: false });
  if (stat?.isDirectory()) for (const entry of readdirSync(path)) mtimes(join(path, entry), out);
  else if (stat) out.push(stat.mtimeMs);
  return out;
}

/** Whether `root`/dist was written after the last change to anything its build reads. */
export function distIsFresh(root: string): boolean {
  const built = mtimes(join(root, 'dist'));
  const sources = BUILD_INPUTS.flatMap((input) => mtimes(join(root, input)));
  return built.length > 0 && sources.length > 0 && Math.min(...built) > Math.max(...sources);
}
