/** Named checks in test scripts: each is one pm.test, failing with a message that says why. */
import { stepVariable, type FlowStep } from '../../shared/flow-status.js';

let failed = 0;

/** Whether this script already reported that its request got no response. */
let noResponseReported = false;

/**
 * Records a test named `name` that fails when `fn` throws. When the request got no response at
 * all (refused connection, untrusted certificate, time-out), only the first check of the script
 * is recorded, as one failure saying so: the runner shows the transport error next to it, and a
 * list of checks failing on `undefined` would only bury it.
 */
export function check(name: string, fn: () => void): void {
  if ((pm.response as { code?: number } | undefined)?.code === undefined) {
    failed += 1;
    if (noResponseReported) return;
    noResponseReported = true;
    pm.test(name, () => {
      throw new Error('no response: the request failed before the server answered');
    });
    return;
  }
  pm.test(name, () => {
    try {
      fn();
    } catch (error) {
      failed += 1;
      throw error;
    }
  });
}

/** Whether every check of this script so far passed. */
export function allChecksPassed(): boolean {
  return failed === 0;
}

/** The response body as a JSON object, or throws a readable error. */
export function responseObject(): Record<string, unknown> {
  let body: unknown;
  try {
    body = pm.response.json();
  } catch (cause) {
    throw new Error(
      (pm.response.code as number | undefined) === undefined
        ? 'no response (the request failed)'
        : `the response body is not JSON (status ${pm.response.code})`,
      { cause },
    );
  }
  if (typeof body !== 'object' || body === null || Array.isArray(body)) {
    throw new Error('the response body is not a JSON object');
  }
  return body as Record<string, unknown>;
}

/** Sets a variable where the collections keep run state: the active environment. */
export function store(name: string, value: string): void {
  pm.environment.set(name, value);
}

/**
 * Records the outcome of a step of the journey (see flow-status.ts): ok when every check of this
 * script passed. Returns that outcome.
 */
export function finishStep(step: FlowStep): boolean {
  const ok = allChecksPassed();
  store(stepVariable(step), ok ? 'ok' : 'failed');
  return ok;
}
