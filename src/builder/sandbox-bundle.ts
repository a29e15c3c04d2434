/**
 * Bundles the sandbox entries with esbuild into self-contained scripts for Postman and Newman.
 *
 * Each output starts with one header line naming the tool version and the SHA-256 of the rest of
 * the file, so a script pasted into Postman or embedded in a collection can be traced to a build.
 */
import { createHash } from 'node:crypto';
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { build } from 'esbuild';
import { TOOL_NAME } from '../shared/package-info.js';
import { PACKAGE_ROOT, PACKAGE_VERSION } from './paths.js';
import { vendorPlugin } from './vendor-plugin.js';

/** The scripts the collections embed, by output file name. */
export const SANDBOX_ENTRIES = {
  'prerequest.js': 'src/sandbox/entries/prerequest.ts',
  'ensure-token.js': 'src/sandbox/entries/ensure-token.ts',
  'providers-page.js': 'src/sandbox/entries/providers-page.ts',
  'test-discovery.js': 'src/sandbox/entries/test-discovery.ts',
  'test-jwks.js': 'src/sandbox/entries/test-jwks.ts',
  'test-token.js': 'src/sandbox/entries/test-token.ts',
  'test-providers.js': 'src/sandbox/entries/test-providers.ts',
  'test-introspection.js': 'src/sandbox/entries/test-introspection.ts',
  'test-revocation.js': 'src/sandbox/entries/test-revocation.ts',
  'par-request.js': 'src/sandbox/entries/par-request.ts',
  'test-par.js': 'src/sandbox/entries/test-par.ts',
  'test-authorize.js': 'src/sandbox/entries/test-authorize.ts',
  'code-required.js': 'src/sandbox/entries/code-required.ts',
  'test-token-exchange.js': 'src/sandbox/entries/test-token-exchange.ts',
  'test-refresh.js': 'src/sandbox/entries/test-refresh.ts',
  'account-data-request.js': 'src/sandbox/entries/account-data-request.ts',
  'test-account-data.js': 'src/sandbox/entries/test-account-data.ts',
  'test-balances.js': 'src/sandbox/entries/test-balances.ts',
  'test-transactions.js': 'src/sandbox/entries/test-transactions.ts',
  'test-revoke-consent.js': 'src/sandbox/entries/test-revoke-consent.ts',
  'test-data-refused.js': 'src/sandbox/entries/test-data-refused.ts',
} as const;

export type SandboxScriptName = keyof typeof SANDBOX_ENTRIES;

export interface SandboxScript {
  readonly name: SandboxScriptName;
  /** The whole script, header line included. */
  readonly code: string;
  /** SHA-256 (hex) of the script after the header line. */
  readonly sha256: string;
}

const BUNDLE_ID_PLACEHOLDER = '__OFM_BUNDLE_ID_PLACEHOLDER__';

/** Bundles one sandbox entry in memory. */
export async function bundleSandboxScript(name: SandboxScriptName): Promise<SandboxScript> {
  const result = await build({
    absWorkingDir: PACKAGE_ROOT,
    entryPoints: [SANDBOX_ENTRIES[name]],
    bundle: true,
    write: false,
    // An IIFE: the sandbox runs the script text as it is, with no module system.
    format: 'iife',
    // jsrsasign is CommonJS written for browsers; 'browser' picks its browser-safe paths and never
    // pulls in Node built-ins.
    platform: 'browser',
    // Newman 6 runs scripts in Node 16+'s V8 and the Postman app in Electron's: ES2020 is safe for
    // both and keeps BigInt.
    target: 'es2020',
    // Size matters (one copy per collection); names stay readable enough in stack traces.
    minify: true,
    // Keep jsrsasign's and CryptoJS's license comments.
    legalComments: 'inline',
    // The bundle must be byte-for-byte reproducible: no source maps, no absolute paths.
    sourcemap: false,
    charset: 'utf8',
    tsconfig: 'src/sandbox/tsconfig.json',
    define: { OFM_BUNDLE_ID: JSON.stringify(BUNDLE_ID_PLACEHOLDER) },
    // jsrsasign's RSA-only build and crypto-js AES/PBKDF2 on one CryptoJS (see vendor-plugin.ts).
    plugins: [vendorPlugin()],
    logLevel: 'silent',
  });
  const output = result.outputFiles[0];
  if (output === undefined) throw new Error(`esbuild produced no output for ${name}`);
  const draft = output.text;
  // The run-cache key: a digest of the bundle itself, so two builds never share cached state.
  const bundleId = createHash('sha256').update(draft).digest('hex').slice(0, 16);
  const body = draft.split(BUNDLE_ID_PLACEHOLDER).join(bundleId);
  const sha256 = createHash('sha256').update(body).digest('hex');
  const header = `// ${TOOL_NAME} ${PACKAGE_VERSION} ${name} sha256:${sha256}\n`;
  return { name, code: header + body, sha256 };
}

/** Bundles every sandbox entry and writes them to `outDir`. */
export async function writeSandboxScripts(outDir: string): Promise<SandboxScript[]> {
  await mkdir(outDir, { recursive: true });
  const scripts: SandboxScript[] = [];
  for (const name of Object.keys(SANDBOX_ENTRIES) as SandboxScriptName[]) {
    const script = await bundleSandboxScript(name);
    await writeFile(join(outDir, name), script.code);
    scripts.push(script);
  }
  return scripts;
}
