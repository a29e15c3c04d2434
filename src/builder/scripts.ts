/**
 * The Postman scripts, from the one place that decides where they come from. In a checkout
 * (src/postman present) they are bundled from source unless dist/postman/ was built after the
 * last change to its sources, so a change to a script shows in the next `generate` or `build`
 * without a separate build step; the installed package has no src/ and reads
 * the scripts `npm run build` bundled into dist/postman/ before it was packed. Either way a script
 * is the same bytes: its first line names the tool, the version and the SHA-256 of the rest.
 * `generate`, `build` and the collections the other commands run all get their scripts here.
 */
import { createHash } from 'node:crypto';
import { existsSync } from 'node:fs';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { TOOL_NAME } from '../shared/package-info.js';
import { distIsFresh } from './dist-fresh.js';
import { PACKAGE_ROOT, PACKAGE_VERSION, PREBUILT_SCRIPTS_DIR, SCRIPT_SOURCE_DIR } from './paths.js';

/** The scripts the collections embed, by output file name (entry: src/postman/entries/<name>.ts). */
export const SCRIPT_NAMES = [
  'prerequest.js',
  'ensure-token.js',
  'providers-page.js',
  'test-discovery.js',
  'test-jwks.js',
  'test-token.js',
  'test-providers.js',
  'test-introspection.js',
  'test-revocation.js',
  'par-request.js',
  'test-par.js',
  'test-authorize.js',
  'code-required.js',
  'test-token-exchange.js',
  'test-refresh.js',
  'account-data-request.js',
  'test-account-data.js',
  'test-balances.js',
  'test-transactions.js',
  'test-revoke-consent.js',
  'test-data-refused.js',
  // Not in the Postman collections: the pm adapter the Bruno collections put before the scripts,
  // and the pre-request script of Bruno's requests that neither sign nor take client authentication.
  'bruno-adapter.js',
  'bruno-prerequest.js',
] as const;

export type ScriptName = (typeof SCRIPT_NAMES)[number];

export interface BundledScript {
  readonly name: ScriptName;
  /** The whole script, header line included. */
  readonly code: string;
  /** SHA-256 (hex) of the script after the header line. */
  readonly sha256: string;
}

export type ScriptSet = Readonly<Record<ScriptName, BundledScript>>;

/** Where the scripts come from: bundled from `source` (a checkout) or read `prebuilt` (installed). */
export type ScriptOrigin = 'source' | 'prebuilt';

/**
 * `prebuilt` when there is no source to bundle (installed), or when dist/postman/ was built after
 * the last change to its sources (a checkout after `npm run build`: the same bytes, without
 * bundling again in every command); else `source`.
 */
export function scriptOrigin(): ScriptOrigin {
  return existsSync(SCRIPT_SOURCE_DIR) && !distIsFresh(PACKAGE_ROOT, 'postman')
    ? 'source'
    : 'prebuilt';
}

/** `body` as a script: its trace line (tool, version, name, SHA-256 of `body`) first. */
export function tracedScript(name: ScriptName, body: string): BundledScript {
  const sha256 = createHash('sha256').update(body).digest('hex');
  return {
    name,
    code: `// ${TOOL_NAME} ${PACKAGE_VERSION} ${name} sha256:${sha256}\n${body}`,
    sha256,
  };
}

/** A prebuilt script, checked against its own trace line: a damaged file is refused. */
async function readPrebuilt(name: ScriptName): Promise<BundledScript> {
  const path = join(PREBUILT_SCRIPTS_DIR, name);
  const code = await readFile(path, 'utf8');
  const newline = code.indexOf('\n');
  const script = tracedScript(name, code.slice(newline + 1));
  if (script.code !== code)
    throw new Error(`${path} does not match its trace line: the installed package is damaged`);
  return script;
}

/** Every script, from `origin` (default: what {@link scriptOrigin} finds). */
export async function loadScripts(origin: ScriptOrigin = scriptOrigin()): Promise<ScriptSet> {
  // esbuild loads only where there is source to bundle.
  const load =
    origin === 'source' ? (await import('./script-bundle.js')).bundleScript : readPrebuilt;
  const entries = await Promise.all(SCRIPT_NAMES.map(async (name) => [name, await load(name)]));
  return Object.fromEntries(entries) as ScriptSet;
}

/**
 * Writes `ofm-postman build`'s scripts into a person's folder: every file checked first (folder
 * writable; absent, ours and unedited, or `force`), then each written and recorded.
 */
export async function writeUserScripts(
  outDir: string,
  scripts: ScriptSet,
  force: boolean,
): Promise<BundledScript[]> {
  const { checkWritePlan } = await import('../files/plan.js');
  const { writeOwned } = await import('../files/write.js');
  const file = { from: '--out', what: 'a script', force, mode: 0o644 } as const;
  const plan = SCRIPT_NAMES.map((name) => ({
    path: join(outDir, name),
    text: scripts[name].code,
    ...file,
  }));
  await checkWritePlan(plan);
  for (const { path, text } of plan) await writeOwned(path, text, file);
  return SCRIPT_NAMES.map((name) => scripts[name]);
}

/** Writes `scripts` into `outDir` (the build's own dist/), one file each, in {@link SCRIPT_NAMES} order. */
export async function writeScripts(outDir: string, scripts: ScriptSet): Promise<BundledScript[]> {
  await mkdir(outDir, { recursive: true });
  const written: BundledScript[] = [];
  for (const name of SCRIPT_NAMES) {
    await writeFile(join(outDir, name), scripts[name].code);
    written.push(scripts[name]);
  }
  return written;
}
