/**
 * `npm run build:node`: the Node code (src/ except src/postman) into dist/, one JavaScript file and
 * its source map per TypeScript file, not bundled.
 *
 * esbuild strips the types file by file; `npm run typecheck` (tsc, in `npm test` and CI) checks
 * them. tsc emitting the same files took about 3.4 s of a build (5 CPU-seconds) checking src/ a
 * second time, in every `npm test`; this takes about 0.3 s. It is safe file by file because
 * tsconfig.json sets `isolatedModules` and `verbatimModuleSyntax`: no file needs another's types to
 * be emitted. Options pinned with a reason each, as for the Postman bundle.
 */
import { readdirSync } from 'node:fs';
import { join, relative } from 'node:path';
import { build } from 'esbuild';

const ROOT = join(import.meta.dirname, '..');
const SRC = join(ROOT, 'src');

/** src/**\/*.ts except src/postman (bundled for the sandboxes by build-scripts.ts) and .d.ts. */
function sources(dir: string, out: string[] = []): string[] {
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) {
      if (relative(SRC, path) !== 'postman') sources(path, out);
    } else if (entry.name.endsWith('.ts') && !entry.name.endsWith('.d.ts')) {
      out.push(path);
    }
  }
  return out;
}

const entryPoints = sources(SRC);
await build({
  entryPoints,
  outdir: join(ROOT, 'dist'),
  outbase: SRC,
  // One file per file, imports left as written (`./x.js`): dist/ mirrors src/, as tsc wrote it.
  bundle: false,
  format: 'esm',
  platform: 'node',
  // The oldest Node in package.json's engines: nothing newer than it understands is emitted.
  target: 'node20.19',
  // Stack traces can point into src/.
  sourcemap: true,
  logLevel: 'warning',
});
console.log(`dist/: ${entryPoints.length} modules`);
