/**
 * The package as a user gets it: the checkout packed with `npm pack` (its prepack builds) and the
 * tarball installed with npm into an empty folder. When the checkout's dist/ is fresh (built after
 * every file the build reads, as `npm test` leaves it), the checkout itself is packed with that
 * dist/ and without prepack's second build of the same sources: nothing runs, and npm writes only
 * the tarball, outside the checkout. Otherwise the pack runs in a temporary copy of the checkout's
 * files, so the build it triggers never writes into the checkout's dist/, which other tests read
 * while this one runs.
 */
import { execFile, spawnSync } from 'node:child_process';
import { cpSync, mkdirSync, readdirSync, realpathSync, statSync, symlinkSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { distIsFresh as distUpToDate } from '../../src/builder/dist-fresh.js';
import { REPO_ROOT } from './paths.js';

/**
 * This process's environment without what npm passes to the scripts it runs (`npm test`):
 * `npm_config_local_prefix` and its kin would point a nested npm at the checkout.
 */
export function cleanEnv(extra: Record<string, string> = {}): Record<string, string> {
  const env: Record<string, string> = {};
  for (const [key, value] of Object.entries(process.env))
    if (value !== undefined && !/^npm_/i.test(key) && key !== 'INIT_CWD') env[key] = value;
  // Children that start `node` by name (the .bin shim, npm) get this test's Node.
  env['PATH'] = `${dirname(process.execPath)}:${env['PATH'] ?? ''}`;
  return { ...env, ...extra };
}

export interface Completed {
  readonly status: number | null;
  readonly stdout: string;
  readonly stderr: string;
  readonly ms: number;
}

/** Runs `file` with `args` in `cwd`, without a shell, and waits at most `timeoutMs`. */
export function run(file: string, args: string[], cwd: string, timeoutMs: number) {
  const started = Date.now();
  return new Promise<Completed>((resolve) => {
    execFile(
      file,
      args,
      { cwd, env: cleanEnv(), encoding: 'utf8', timeout: timeoutMs, maxBuffer: 64 * 1024 * 1024 },
      (error, stdout, stderr) => {
        const status = error ? (typeof error.code === 'number' ? error.code : null) : 0;
        resolve({ status, stdout, stderr, ms: Date.now() - started });
      },
    );
  });
}

/** The checkout's files as git sees them (tracked, and new ones not ignored), copied into `dest`. */
export function copyCheckout(dest: string): void {
  const listed = spawnSync(
    'git',
    ['ls-files', '-z', '--cached', '--others', '--exclude-standard'],
    {
      cwd: REPO_ROOT,
      encoding: 'utf8',
    },
  );
  if (listed.status !== 0) throw new Error(`git ls-files failed: ${listed.stderr}`);
  for (const path of new Set(listed.stdout.split('\0').filter(Boolean))) {
    const from = join(REPO_ROOT, path);
    // A tracked file deleted in the working tree is not part of what is packed.
    if (!statSync(from, { throwIfNoEntry: false })?.isFile()) continue;
    mkdirSync(dirname(join(dest, path)), { recursive: true });
    cpSync(from, join(dest, path));
  }
  // The build tools (tsc, tsx, esbuild) from the checkout's own install, read only.
  symlinkSync(realpathSync(join(REPO_ROOT, 'node_modules')), join(dest, 'node_modules'), 'dir');
}

/** Whether the checkout's dist/ is up to date with everything its build reads. */
export function distIsFresh(): boolean {
  return distUpToDate(REPO_ROOT);
}

/**
 * `npm pack`; returns the tarball's path. `checkout` undefined: the checkout's fresh dist/ is packed
 * in place as it is (`--ignore-scripts`: no prepack build, nothing written into the checkout);
 * else prepack builds dist/ in that copy of the checkout.
 */
export async function pack(checkout: string | undefined, outDir: string, timeoutMs: number) {
  const result = await run(
    'npm',
    ['pack', '--json', '--pack-destination', outDir, ...(checkout ? [] : ['--ignore-scripts'])],
    checkout ?? REPO_ROOT,
    timeoutMs,
  );
  if (result.status !== 0) throw new Error(`npm pack failed:\n${result.stdout}\n${result.stderr}`);
  // prepack's build may print its lines before npm's JSON.
  const json = JSON.parse(result.stdout.slice(Math.max(0, result.stdout.search(/^\[/m)))) as Array<{
    filename: string;
    files: Array<{ path: string }>;
  }>;
  const packed = json[0]!;
  return {
    tarball: join(outDir, packed.filename),
    files: packed.files.map((f) => f.path),
    ms: result.ms,
  };
}

/** Every file under `dir` with its size and modification time, sorted: what a write would change. */
export function listing(dir: string): string[] {
  const out: string[] = [];
  const walk = (path: string) => {
    for (const entry of readdirSync(path, { withFileTypes: true })) {
      const full = join(path, entry.name);
      if (entry.isDirectory()) walk(full);
      else {
        const stat = statSync(full);
        out.push(`${relative(dir, full)} ${stat.size} ${stat.mtimeMs}`);
      }
    }
  };
  walk(dir);
  return out.sort();
}
