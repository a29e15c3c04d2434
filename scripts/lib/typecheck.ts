/**
 * `npm run typecheck`'s tsc projects, run by scripts/run-tests.ts `--typecheck` beside the tests:
 * the Node side (src, scripts, test) and the Postman side (src/postman, without Node's types).
 */
import { spawn } from 'node:child_process';
import { createRequire } from 'node:module';
import { join } from 'node:path';

/** The tsc projects of `npm run typecheck`, in its order. */
export const TSC_PROJECTS: readonly string[] = [
  'tsconfig.json',
  join('src', 'postman', 'tsconfig.json'),
];

/**
 * Runs tsc on each project in `cwd`, one after the other (each is CPU-bound: side by side they
 * would only take cores from the tests). Resolves to the failing projects' output, each after a
 * `tsc -p <project>:` line, or to '' when every project passes.
 */
export async function typecheck(
  projects: readonly string[] = TSC_PROJECTS,
  cwd = process.cwd(),
): Promise<string> {
  const tsc = createRequire(import.meta.url).resolve('typescript/bin/tsc');
  const failures: string[] = [];
  for (const project of projects) {
    const output = await new Promise<string | undefined>((resolve) => {
      const child = spawn(process.execPath, [tsc, '-p', project], { cwd, stdio: 'pipe' });
      let text = '';
      child.stdout.on('data', (chunk: Buffer) => (text += chunk.toString()));
      child.stderr.on('data', (chunk: Buffer) => (text += chunk.toString()));
      child.on('close', (code) => resolve(code === 0 ? undefined : text));
    });
    if (output !== undefined) failures.push(`tsc -p ${project}:\n${output.trimEnd()}`);
  }
  return failures.join('\n');
}
