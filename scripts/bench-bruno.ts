/**
 * `npm run bench`, Bruno: wall time of `bru run` of a journey (Bruno's default safe sandbox, the
 * committed collection folder) against `ofm-postman run` of the same journey, against the same local
 * sandbox in the same bench run, and the floor: the same Bruno requests with every script and test
 * removed. Runs alternate, so the machine's drift falls on all three alike.
 *
 * `npm run bench -- --bruno-only` measures this (and Newman's per-request figure) alone.
 */
import { spawn } from 'node:child_process';
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { collectionFileName } from '../src/builder/collection.js';
import { PACKAGE_ROOT } from '../src/builder/paths.js';
import { localTarget } from '../src/builder/targets.js';
import type { EnsureKeysResult } from '../src/keys/test-pki.js';
import { buildCertList } from '../src/runner/cert-list.js';
import type { AuthMethod } from '../src/shared/variables.js';
import { bruRunArgs, prepareBrunoFolder, spawnBru } from '../test/helpers/bruno-run.js';
import { localEnvironment } from '../test/helpers/local-run.js';

export interface BrunoFigure {
  readonly auth: AuthMethod;
  /** Wall seconds of each run, in the order measured. */
  readonly bruno: number[];
  readonly floor: number[];
  readonly newman: number[];
  /** Bruno's own summary of the last scripted run: requests, and tests passed and failed. */
  readonly summary: string;
}

/** Every `.bru` file under `dir`, recursively. */
function bruFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
    e.isDirectory()
      ? bruFiles(join(dir, e.name))
      : e.name.endsWith('.bru')
        ? [join(dir, e.name)]
        : [],
  );
}

/** The floor: the folder with every script and tests block removed (the requests stay). */
function stripScripts(folder: string): void {
  for (const file of bruFiles(folder)) {
    const text = readFileSync(file, 'utf8');
    // Block bodies are indented; a block ends at the first `}` in column 0.
    writeFileSync(file, text.replace(/^(script:[\w-]+|tests) \{\n[\s\S]*?\n\}\n/gm, ''));
  }
}

async function timed<T>(run: () => Promise<T>): Promise<{ seconds: number; value: T }> {
  const t0 = performance.now();
  const value = await run();
  return { seconds: Math.round(performance.now() - t0) / 1000, value };
}

/** `ofm-postman run` (the built binary) of the journey, fresh state, quiet. */
function ofmRun(work: string, issuer: string, pki: EnsureKeysResult, auth: AuthMethod) {
  const env = join(work, `env.${auth}.json`);
  const certs = join(work, `certs.${auth}.json`);
  writeFileSync(env, JSON.stringify(localEnvironment({ issuer }, pki, auth)), { mode: 0o600 });
  writeFileSync(
    certs,
    JSON.stringify(buildCertList(localTarget(issuer), pki.paths.transport[auth])),
  );
  const args = [
    join(PACKAGE_ROOT, 'bin', 'ofm-postman.js'),
    'run',
    '--collection',
    join(PACKAGE_ROOT, 'collections', collectionFileName(auth)),
    '--environment',
    env,
    '--cert-list',
    certs,
    '--ca',
    pki.paths.caCert,
    '--state',
    join(work, `state.${auth}.json`),
    '--fresh',
    '--quiet',
  ];
  return new Promise<number | null>((resolve, reject) => {
    const child = spawn(process.execPath, args, { cwd: work, stdio: 'ignore' });
    const timer = setTimeout(() => child.kill('SIGKILL'), 300_000);
    child.on('error', reject);
    child.on('close', (code) => {
      clearTimeout(timer);
      resolve(code);
    });
  });
}

/** `repeats` alternating runs of each: bru run, bru run without scripts, ofm-postman run. */
export async function brunoFigures(
  work: string,
  issuer: string,
  pki: EnsureKeysResult,
  auth: AuthMethod,
  repeats: number,
): Promise<BrunoFigure> {
  const sandbox = { issuer } as Parameters<typeof prepareBrunoFolder>[0];
  const scripted = prepareBrunoFolder(sandbox, pki, auth);
  const bare = prepareBrunoFolder(sandbox, pki, auth);
  stripScripts(bare);
  const args = bruRunArgs(sandbox, pki, auth);
  const figure: BrunoFigure = { auth, bruno: [], floor: [], newman: [], summary: '' };
  let summary = '';
  for (let i = 0; i < repeats; i++) {
    const bruno = await timed(() => spawnBru(scripted, args));
    if (bruno.value.code !== 0)
      throw new Error(`bru run failed (${auth}):\n${bruno.value.stdout.slice(-3000)}`);
    summary = bruno.value.stdout
      .split('\n')
      .filter((l) => /Requests|Tests|Assertions/.test(l))
      .join(' | ');
    figure.bruno.push(bruno.seconds);
    figure.floor.push((await timed(() => spawnBru(bare, args))).seconds);
    const newman = await timed(() => ofmRun(work, issuer, pki, auth));
    if (newman.value !== 0)
      throw new Error(`ofm-postman run failed (${auth}): exit ${newman.value}`);
    figure.newman.push(newman.seconds);
  }
  return { ...figure, summary };
}
