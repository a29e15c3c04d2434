/**
 * Bundles the sandbox entries with esbuild into self-contained scripts for Postman and Newman, in a
 * checkout only (scripts.ts decides; the installed package reads what `npm run build` bundled).
 *
 * Each output starts with one header line naming the tool version and the SHA-256 of the rest of
 * the file, so a script pasted into Postman or embedded in a collection can be traced to a build.
 */
import { createHash } from 'node:crypto';
import { build } from 'esbuild';
import { PACKAGE_ROOT } from './paths.js';
import { inlineVariablesPlugin } from './inline-variables-plugin.js';
import { tracedScript, type BundledScript, type ScriptName } from './scripts.js';
import { vendorPlugin } from './vendor-plugin.js';

/** The source entry of a script: src/postman/entries/<name>.ts, and the Bruno adapter's own. */
export function scriptEntry(name: ScriptName): string {
  if (name === 'bruno-adapter.js') return 'src/postman/bruno/adapter.ts';
  return `src/postman/entries/${name.replace(/\.js$/, '.ts')}`;
}

const BUNDLE_ID_PLACEHOLDER = '__OFM_BUNDLE_ID_PLACEHOLDER__';

/** Bundles one sandbox entry in memory. */
export async function bundleScript(name: ScriptName): Promise<BundledScript> {
  const result = await build({
    absWorkingDir: PACKAGE_ROOT,
    entryPoints: [scriptEntry(name)],
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
  return tracedScript(name, draft.split(BUNDLE_ID_PLACEHOLDER).join(bundleId));
}
