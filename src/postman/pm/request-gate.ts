/**
 * What every request's pre-request script does, signing or not: the step's status and the
 * prerequisite check, and the `x-fapi-interaction-id`, for Bruno's light pre-request script
 * (entries/bruno-prerequest.ts). entries/prerequest.ts does the same steps inline: moving them here
 * costs its Postman bundle 89 bytes of the ~420 left under its 100 KB budget. test/e2e/bruno.test.ts
 * runs both on the same journey.
 */
import { stepOf, stepVariable, unmetPrerequisite } from '../../shared/flow-status.js';
import { skipLine } from '../../shared/skip.js';

const INTERACTION_ID_HEADER = 'x-fapi-interaction-id';

/**
 * Whether this request may go out: a request whose prerequisite failed is skipped (one skip line);
 * a step about to run counts as failed until its test script says otherwise.
 */
export function passesGate(get: (name: string) => string | undefined): boolean {
  const name = pm.info.requestName ?? '';
  const unmet = unmetPrerequisite(name, JSON.stringify(pm.request.toJSON()), get);
  const step = stepOf(name);
  if (step) pm.environment.set(stepVariable(step), unmet ? 'skipped' : 'failed');
  if (unmet) {
    console.log(skipLine('prerequisite', unmet));
    pm.execution.skipRequest();
    return false;
  }
  return true;
}

/** Adds an `x-fapi-interaction-id` from `uuid()` unless the request has one. */
export function ensureInteractionId(uuid: () => string): void {
  if (!pm.request.headers.has(INTERACTION_ID_HEADER))
    pm.request.headers.add({ key: INTERACTION_ID_HEADER, value: uuid() });
}
