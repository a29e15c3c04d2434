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

/**
 * One phase of a request: the adapter, then each script with its own `pm`, awaiting the requests
 * it sent (pm.sendRequest is fire-and-forget in Postman, which waits for them; Bruno does not).
 * `pm` is a global: a required file sees the sandbox's globals, not the requiring script's scope.
 */
function phaseScript(phase: Phase, files: readonly string[]): string {
  return [
    `require('./${BRUNO_LIB_DIR}/${ADAPTER_FILE}');`,
    ...files.flatMap((file) => [
      `globalThis.pm = ${FACTORY}(${JSON.stringify(phase)});`,
      `require('./${BRUNO_LIB_DIR}/${file}');`,
      'await pm.settle();',
    ]),
  ].join('\n');
}

/**
 * A request's pre-request script: the bundle when the request takes client authentication
 * (`signs`) or one of its own scripts uses the bundle's API, else the light script; then the
 * folder's and the request's own scripts (`own`, built scripts), in Postman's order.
 */
export function preRequestScript(signs: boolean, own: readonly string[]): string {
  const first = signs || own.some(usesBundleApi) ? BUNDLE_FILE : LIGHT_FILE;
  return phaseScript('prerequest', [first, ...own.map(scriptFileName)]);
}

/**
 * A request's tests script, which Bruno counts in its Tests row: the bundle (in 'test' it only
 * registers its API) when a check verifies or decrypts, the folder's and the request's checks, and
 * last the report URL mask.
 */
export function testsScript(own: readonly string[]): string {
  const api = own.some(usesBundleApi) ? [BUNDLE_FILE] : [];
  return `${phaseScript('test', [...api, ...own.map(scriptFileName)])}\n${REPORT_URL_MASK}`;
}

/**
 * The last line of every request's tests script, after everything that reads the request URL:
 * Bruno's reports record the request URL as it stands then, and no --reporter-skip flag removes
 * it, so the query keeps its names and loses its values (request_uri and the like).
 */
export const REPORT_URL_MASK =
  "req.setUrl(req.getUrl().replace(/([?&][^=&#]*=)[^&#]*/g, '$1***'));";
