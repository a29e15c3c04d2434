/**
 * The script text of the Bruno collections: the Postman scripts as they are, behind the pm adapter
 * (src/postman/bruno/adapter.ts), each kept once in the collection folder's lib/ and loaded with
 * Bruno's `require('./lib/…')` where a request needs it.
 *
 * Why (docs/performance.md): Bruno evaluates each phase of a request (pre-request, post-response,
 * tests) in a fresh QuickJS context, which first evaluates Bruno's own ~380 KB of libraries (about
 * 0.1 s), whatever the script; and it parses every .bru file with a grammar that takes seconds per
 * 100 KB. So the .bru files hold a few lines each, a request runs two phases (pre-request and tests,
 * which Bruno's summary counts), and only the scripts that sign, verify or decrypt load the
 * client-authentication bundle.
 */
import { BUNDLE_API_KEY } from '../../shared/script-globals.js';

/** Where a collection folder keeps its scripts (bruno.json ignores it as a folder of requests). */
export const BRUNO_LIB_DIR = 'lib';

/** Where the adapter leaves its factory (see adapter.ts). */
const FACTORY = 'Math.__ofm_bruno_pm';

export type Phase = 'prerequest' | 'test';

/** The built script files a request's phases are made of, by their name in lib/. */
export const ADAPTER_FILE = 'bruno-adapter.js';
export const BUNDLE_FILE = 'prerequest.js';
export const LIGHT_FILE = 'bruno-prerequest.js';

const TRACE_LINE = /^\/\/ \S+ \S+ ([\w.-]+\.js) sha256:[0-9a-f]{64}\n/;

/** A built script's file name, from its trace line (src/builder/scripts.ts tracedScript). */
export function scriptFileName(script: string): string {
  const name = TRACE_LINE.exec(script)?.[1];
  if (name === undefined) throw new Error(`a script without a trace line: ${script.slice(0, 80)}`);
  return name;
}

/** Whether a built script uses the bundle's API (signing, verification, decryption): it names its key. */
export const usesBundleApi = (script: string): boolean =>
  script.includes(JSON.stringify(BUNDLE_API_KEY));

const API = JSON.stringify(BUNDLE_API_KEY);

/**
 * The bundle's API on first use: a getter where the bundle registers it, which loads the bundle in
 * 'test' mode (it then only registers its API: no gate, no signing, no header) under a pm of its
 * own, then restores the script's pm. ensure-token needs the API only when its token has expired,
 * so the requests behind it seldom load the bundle at all.
 */
const LAZY_BUNDLE = [
  `Object.defineProperty(Math, ${API}, { configurable: true, get: function () {`,
  `  var outer = globalThis.pm;`,
  `  globalThis.pm = ${FACTORY}("test");`,
  `  try { require('./${BRUNO_LIB_DIR}/${BUNDLE_FILE}'); } finally { globalThis.pm = outer; }`,
  `  var loaded = Object.getOwnPropertyDescriptor(Math, ${API});`,
  `  return loaded && "value" in loaded ? loaded.value : undefined;`,
  `} });`,
].join('\n');

/**
 * One phase of a request: the adapter, the bundle's API on demand when `lazyApi`, then each script
 * with its own `pm`, awaiting the requests it sent (pm.sendRequest is fire-and-forget in Postman,
 * which waits for them; Bruno does not). `pm` is a global: a required file sees the sandbox's
 * globals, not the requiring script's scope.
 */
function phaseScript(phase: Phase, files: readonly string[], lazyApi: boolean): string {
  return [
    `require('./${BRUNO_LIB_DIR}/${ADAPTER_FILE}');`,
    ...(lazyApi ? [LAZY_BUNDLE] : []),
    ...files.flatMap((file) => [
      `globalThis.pm = ${FACTORY}(${JSON.stringify(phase)});`,
      `require('./${BRUNO_LIB_DIR}/${file}');`,
      'await pm.settle();',
    ]),
  ].join('\n');
}

/**
 * A request's pre-request script: the bundle when the request takes client authentication
 * (`signs`), else the light script and the bundle's API on demand when one of its own scripts uses
 * it; then the folder's and the request's own scripts (`own`, built scripts), in Postman's order.
 */
export function preRequestScript(signs: boolean, own: readonly string[]): string {
  const files = [signs ? BUNDLE_FILE : LIGHT_FILE, ...own.map(scriptFileName)];
  return phaseScript('prerequest', files, !signs && own.some(usesBundleApi));
}

/**
 * A request's tests script, which Bruno counts in its Tests row: the folder's and the request's
 * checks, with the bundle's API on demand when one verifies or decrypts, and last the report URL
 * mask.
 */
export function testsScript(own: readonly string[]): string {
  const checks = phaseScript('test', own.map(scriptFileName), own.some(usesBundleApi));
  return `${checks}\n${REPORT_URL_MASK}`;
}

/**
 * The last line of every request's tests script, after everything that reads the request URL:
 * Bruno's reports record the request URL as it stands then, and no --reporter-skip flag removes
 * it, so the query keeps its names and loses its values (request_uri and the like).
 */
export const REPORT_URL_MASK =
  "req.setUrl(req.getUrl().replace(/([?&][^=&#]*=)[^&#]*/g, '$1***'));";
