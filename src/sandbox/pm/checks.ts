/** Named checks in test scripts: each is one pm.test, failing with a message that says why. */
import { stepVariable, type FlowStep } from '../../shared/flow-status.js';

let failed = 0;

/** Records a test named `name` that fails when `fn` throws. */
export function check(name: string, fn: () => void): void {
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
    throw new Error(`the response body is not JSON (status ${pm.response.code})`, { cause });
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
