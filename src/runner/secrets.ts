/**
 * Which values of a run are secret. Known before the run: the secret variables of the environment
 * and the secrets taken from the process environment. Learnt during it: every token, code, code
 * verifier, assertion and request object that crosses the wire, and every secret variable the
 * scripts set, the PAR request_uri that stands for the signed request, and every cookie value
 * (the authorization server's session). The masking itself is mask.ts.
 */
import { ALL_VARIABLES } from '../shared/variable-specs.js';
import { cookieValues } from './cookies.js';
import type { SecretSet } from './mask.js';
import type { Execution } from './record.js';

const SECRET_NAMES: ReadonlySet<string> = new Set(
  ALL_VARIABLES.filter((s) => s.secret).map((s) => s.name),
);

/** Form and query parameters whose values are secret. */
const SECRET_PARAMS = new Set([
  'client_assertion',
  'client_secret',
  'code',
  'code_verifier',
  'refresh_token',
  'token',
  'request',
  'access_token',
  'id_token',
  'request_uri',
]);

/** JSON members whose values are secret. */
const SECRET_MEMBERS = new Set([
  'access_token',
  'refresh_token',
  'id_token',
  'code',
  'request_uri',
]);

export interface VariableValue {
  readonly key: string;
  readonly value?: unknown;
  readonly type?: string;
}

/** Adds the secret values of a variable list (environment, globals, overrides). */
export function addSecretVariables(values: Iterable<VariableValue>, secrets: SecretSet): void {
  for (const entry of values) {
    if (SECRET_NAMES.has(entry.key) || entry.type === 'secret')
      secrets.add(typeof entry.value === 'string' ? entry.value : undefined);
  }
}

function addParams(text: string | undefined, secrets: SecretSet): void {
  if (!text) return;
  for (const [key, value] of new URLSearchParams(text))
    if (SECRET_PARAMS.has(key)) secrets.add(value);
}

function addJsonMembers(text: string | undefined, secrets: SecretSet): void {
  if (!text || !text.trimStart().startsWith('{')) return;
  try {
    const body = JSON.parse(text) as Record<string, unknown>;
    for (const key of SECRET_MEMBERS)
      if (typeof body[key] === 'string') secrets.add(body[key] as string);
  } catch {
    // Not JSON after all: nothing of it is a known member.
  }
}

/**
 * Adds what the run's requests and responses carried: form bodies, query strings, token and PAR
 * responses, redirect locations, and the values of Cookie and Set-Cookie headers.
 */
export function addExchangeSecrets(executions: readonly Execution[], secrets: SecretSet): void {
  for (const execution of executions) {
    for (const exchange of execution.exchanges) {
      addParams(exchange.requestBody, secrets);
      addParams(exchange.url.split('?')[1], secrets);
      addJsonMembers(exchange.responseBody, secrets);
      for (const header of exchange.responseHeaders)
        if (header.key.toLowerCase() === 'location') addParams(header.value.split('?')[1], secrets);
      for (const header of [...exchange.requestHeaders, ...exchange.responseHeaders])
        for (const value of cookieValues(header.key, header.value)) secrets.add(value);
    }
  }
}
