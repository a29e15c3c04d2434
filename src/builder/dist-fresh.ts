/**
 * Whether a checkout's dist/ is up to date: written after the last change to anything
 * `npm run build` reads. In a checkout the commands then read the scripts bundled into
 * dist/postman/ instead of bundling them again (scripts.ts); `npm start` skips its build
 * (scripts/build-if-stale.ts); the package test packs that dist/ instead of building it a second
 * time. Modification times, as make uses them: an edit after the build makes dist/ stale; when in
 * doubt it is stale, and the build runs.
 */
import { readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';

/**
 * What `npm run build` reads: package.json has the version in the scripts' trace line, and the
 * lockfile changes with the bundled libraries.
 */
export const BUILD_INPUTS = [
  'src',
  'scripts/build-scripts.ts',
  'tsconfig.json',
  'scripts/build-node.ts',
  'package.json',
  'package-lock.json',
] as const;

/** Modification times of every file under `path` (a file or a folder). */
function mtimes(path: string, out: number[] = []): number[] {
  const stat = statSync(path, { throwIfNoEntry: false });
  if (stat?.isDirectory()) for (const entry of readdirSync(path)) mtimes(join(path, entry), out);
  else if (stat) out.push(stat.mtimeMs);
  return out;
}

/**
 * Whether `root`/dist (or its `part`, e.g. `postman`) was written after the last change to anything
 * its build reads.
 */
export function distIsFresh(root: string, part = ''): boolean {
  const built = mtimes(join(root, 'dist', part));
  const sources = BUILD_INPUTS.flatMap((input) => mtimes(join(root, input)));
  return built.length > 0 && sources.length > 0 && Math.min(...built) > Math.max(...sources);
}
