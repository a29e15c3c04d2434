/**
 * The script text of the Bruno collections: the Postman scripts as they are, each behind the pm
 * adapter (src/postman/bruno/adapter.ts), which the collection-level scripts define first.
 */

/** Where the adapter leaves its factory (see adapter.ts). */
const FACTORY = 'Math.__ofm_bruno_pm';

export type Phase = 'prerequest' | 'test';

/** One Postman script as a Bruno script: pm for this phase, then the script, then its requests. */
export function brunoScript(phase: Phase, postmanScript: string): string {
  return [
    `var pm = ${FACTORY}(${JSON.stringify(phase)});`,
    postmanScript,
    // pm.sendRequest is fire-and-forget in Postman, which waits for it; Bruno does not.
    'await pm.settle();',
  ].join('\n');
}

/**
 * A collection-level script: the adapter, then the client-authentication bundle. In 'test' (Bruno's
 * post-response scripts, a fresh context) the bundle only registers its API for the test scripts.
 */
export function collectionScript(phase: Phase, adapter: string, prerequest: string): string {
  return `${adapter}\n${brunoScript(phase, prerequest)}`;
}

/**
 * The collection's `tests` script, the last to run for each request, after every post-response
 * script read the request: Bruno's reports record the request URL as it stands then, and no
 * --reporter-skip flag removes it, so the query keeps its names and loses its values (request_uri
 * and the like).
 */
export const REPORT_URL_MASK =
  "req.setUrl(req.getUrl().replace(/([?&][^=&#]*=)[^&#]*/g, '$1***'));";
