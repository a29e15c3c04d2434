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
import { CLIENT_AUTH_VARIABLES } from '../shared/variable-specs.js';
import { PACKAGE_ROOT, PACKAGE_VERSION } from './paths.js';
import { inlineVariablesPlugin } from './inline-variables-plugin.js';
import { vendorPlugin } from './vendor-plugin.js';

/** The scripts the collections embed, by output file name. */
export const SCRIPT_ENTRIES = {
  'prerequest.js': 'src/postman/entries/prerequest.ts',
  'ensure-token.js': 'src/postman/entries/ensure-token.ts',
  'providers-page.js': 'src/postman/entries/providers-page.ts',
  'test-discovery.js': 'src/postman/entries/test-discovery.ts',
  'test-jwks.js': 'src/postman/entries/test-jwks.ts',
  'test-token.js': 'src/postman/entries/test-token.ts',
  'test-providers.js': 'src/postman/entries/test-providers.ts',
  'test-introspection.js': 'src/postman/entries/test-introspection.ts',
  'test-revocation.js': 'src/postman/entries/test-revocation.ts',
  'par-request.js': 'src/postman/entries/par-request.ts',
  'test-par.js': 'src/postman/entries/test-par.ts',
  'test-authorize.js': 'src/postman/entries/test-authorize.ts',
  'code-required.js': 'src/postman/entries/code-required.ts',
  'test-token-exchange.js': 'src/postman/entries/test-token-exchange.ts',
  'test-refresh.js': 'src/postman/entries/test-refresh.ts',
  'account-data-request.js': 'src/postman/entries/account-data-request.ts',
  'test-account-data.js': 'src/postman/entries/test-account-data.ts',
  'test-balances.js': 'src/postman/entries/test-balances.ts',
  'test-transactions.js': 'src/postman/entries/test-transactions.ts',
  'test-revoke-consent.js': 'src/postman/entries/test-revoke-consent.ts',
  'test-data-refused.js': 'src/postman/entries/test-data-refused.ts',
  // Not in the Postman collections: the pm adapter the Bruno collections put before the scripts.
  'bruno-adapter.js': 'src/postman/bruno/adapter.ts',
} as const;

export type ScriptName = keyof typeof SCRIPT_ENTRIES;

export interface BundledScript {
  readonly name: ScriptName;
  /** The whole script, header line included. */
  readonly code: string;
  /** SHA-256 (hex) of the script after the header line. */
  readonly sha256: string;
}

const BUNDLE_ID_PLACEHOLDER = '__OFM_BUNDLE_ID_PLACEHOLDER__';

/** Bundles one sandbox entry in memory. */
export async function bundleBundledScript(name: ScriptName): Promise<BundledScript> {
  const result = await build({
    absWorkingDir: PACKAGE_ROOT,
    entryPoints: [SCRIPT_ENTRIES[name]],
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
    tsconfig: 'src/postman/tsconfig.json',
    define: { OFM_BUNDLE_ID: JSON.stringify(BUNDLE_ID_PLACEHOLDER) },
    // jsrsasign's RSA-only build and crypto-js AES/PBKDF2 on one CryptoJS (see vendor-plugin.ts);
    // variable names written where they are used (inline-variables-plugin.ts).
    plugins: [vendorPlugin(), inlineVariablesPlugin()],
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
export async function writeScripts(outDir: string): Promise<BundledScript[]> {
  await mkdir(outDir, { recursive: true });
  const scripts: BundledScript[] = [];
  for (const name of Object.keys(SCRIPT_ENTRIES) as ScriptName[]) {
    const script = await bundleBundledScript(name);
    await writeFile(join(outDir, name), script.code);
    scripts.push(script);
  }
  return scripts;
}

/** Wraps `words` into comment lines of at most `width` characters: `lead`, then indented lines. */
function commentLines(lead: string, words: readonly string[], width = 100): string[] {
  const lines: string[] = [];
  let line = lead;
  for (const word of words) {
    if (line.length + 1 + word.length > width && line !== lead) {
      lines.push(line);
      line = '//  ';
    }
    line += ` ${word}`;
  }
  lines.push(line);
  return lines;
}

/**
 * The readable header the collection-level script opens with, between its trace line (tool,
 * version, sha256) and the minified code: what the script changes on which requests, the variables
 * it reads and where its source lives. Plain comment lines, so the code below them is exactly the
 * built dist/prerequest.js after its first line, and the sha256 on line 1 is still its digest.
 * Size budget: the whole embedded script, header included, stays within the bundle budget
 * (test/system/bundle.test.ts).
 */
export function collectionScriptHeader(): string[] {
  return [
    '// Collection-level pre-request script (PayNet OFP). Before every request it:',
    '// - adds an x-fapi-interaction-id header (a UUIDv4) unless the request has one;',
    '// - on a POST with a form body (token, PAR, introspection, revocation) replaces client_id,',
    '//   client_assertion_type, client_assertion: a fresh PS256 assertion (private_key_jwt) or',
    '//   client_id alone (tls_client_auth); bad input skips the request with an ERR_OFM_* test;',
    "// - offers signing helpers to this collection's other scripts.",
    ...commentLines(
      '// Reads:',
      CLIENT_AUTH_VARIABLES.map((spec, i, all) => `${spec.name}${i < all.length - 1 ? ',' : '.'}`),
    ),
    `// Source: src/postman/entries/prerequest.ts (${TOOL_NAME} on npm), minified below with`,
    '// esbuild, jsrsasign, crypto-js; no eval, no download. sha256 above: the code below this.',
  ];
}

/** `script` with {@link collectionScriptHeader} after its trace line. */
export function withCollectionHeader(script: BundledScript): BundledScript {
  const newline = script.code.indexOf('\n');
  const trace = script.code.slice(0, newline);
  const body = script.code.slice(newline + 1);
  return { ...script, code: [trace, ...collectionScriptHeader(), body].join('\n') };
}
