/**
 * The steps of the journey that later requests depend on, and what each request needs. Every step
 * records its outcome in its own variable, `ofm_flow_<step>`: `ok`, `failed`, or `skipped` when its
 * own prerequisite had not succeeded. A request whose prerequisite failed or was skipped is not
 * sent: the collection-level script logs one skip line naming that prerequisite (skip.ts) and
 * skips the request; the failure is counted once, on the step that failed. An unset status (a
 * folder or request run on its own) blocks nothing.
 *
 * Kept small: the collection-level script carries it.
 */

import { REQUEST } from './request-names.js';
import { VAR } from './variables.js';

/** The steps, by key, with the collection request that performs each (the skip line names it). */
export const FLOW_STEPS = {
  discovery: REQUEST.discovery,
  credentials: REQUEST.clientCredentials,
  par: REQUEST.par,
  authorize: REQUEST.authorize,
  token: REQUEST.tokenExchange,
} as const;

export type FlowStep = keyof typeof FLOW_STEPS;
export type StepStatus = 'ok' | 'failed' | 'skipped';

/** The variable that holds a step's outcome. */
export const stepVariable = (step: FlowStep): string => `ofm_flow_${step}`;

/** The step a request performs, if any. */
export const stepOf = (requestName: string): FlowStep | undefined =>
  (Object.keys(FLOW_STEPS) as FlowStep[]).find((step) => FLOW_STEPS[step] === requestName);

/**
 * The values each step produces. A request that uses one of them (`{{name}}` in its URL, headers
 * or body) needs that step; every request but Discovery itself needs Discovery. So your own
 * requests follow the same rule as the collection's.
 */
export const STEP_OUTPUTS: Readonly<Partial<Record<FlowStep, readonly string[]>>> = {
  credentials: [VAR.ccAccessToken],
  par: [VAR.requestUri],
  authorize: [VAR.authorizationCode],
  token: [VAR.accessToken, VAR.refreshToken, VAR.idToken, VAR.consentId],
};

/** What a consent leaves in the environment: cleared when its token response is refused. */
export const CONSENT_TOKEN_VARIABLES: readonly string[] = [
  VAR.accessToken,
  VAR.accessTokenExpiresAt,
  VAR.refreshToken,
  VAR.idToken,
  VAR.consentId,
];

/** The prerequisites of a request, from its name and its unresolved text, Discovery first. */
export function prerequisitesOf(requestName: string, requestText: string): FlowStep[] {
  if (requestName === FLOW_STEPS.discovery) return [];
  const uses = (name: string) => requestText.includes(`{{${name}}}`);
  return [
    'discovery',
    ...(Object.keys(STEP_OUTPUTS) as FlowStep[]).filter((step) => STEP_OUTPUTS[step]?.some(uses)),
  ];
}

/**
 * Why `requestName` may not go out: its first prerequisite that failed or was skipped; undefined
 * when it may.
 */
export function unmetPrerequisite(
  requestName: string,
  requestText: string,
  get: (name: string) => string | undefined,
): string | undefined {
  for (const step of prerequisitesOf(requestName, requestText)) {
    const status = get(stepVariable(step));
    if (status === 'failed' || status === 'skipped')
      return `needs ${FLOW_STEPS[step]}, which ${status === 'failed' ? 'failed' : 'was skipped'}`;
  }
  return undefined;
}
