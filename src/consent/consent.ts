/**
 * A consent with a person in the loop, as a library function: discovery and PAR with the
 * collection's own requests and scripts, the authorization URL for the person, the authorization
 * response checked (state, iss, error), the code redeemed with the collection's token exchange
 * (which verifies the ID token), and the consent saved into the flow state. Nothing is saved when
 * any step fails or the person denies.
 */
import { InputError, UsageError } from '../shared/errors.js';
import { CONSENT_EXCHANGE_REQUEST, CONSENT_PREPARE_REQUESTS } from '../shared/journey.js';
import { REQUEST } from '../shared/request-names.js';
import { VAR } from '../shared/variables.js';
import { codeFromResponse } from './authorization-response.js';
import { flowOf } from '../runner/state/state.js';
import { mainExchange } from '../runner/record.js';
import { withValues, type RunInputs } from '../runner/inputs/resolve.js';
import { resolveFolders } from '../runner/inputs/folders.js';
import { runResolved, type RunResult, type StageSettings } from '../runner/run-stage.js';
import type { VariableValue } from '../runner/secrets.js';

/** How the authorization response reaches us: a URL (or query string), or a bare code. */
export type AuthorizationResponse =
  | { readonly kind: 'url'; readonly value: string }
  | { readonly kind: 'code'; readonly value: string };

export interface ConsentOptions {
  /** Collection, environment, certificates, CA and overrides (the state's values included). */
  readonly inputs: RunInputs;
  /** Colour and the caller's view of each request. */
  readonly settings?: Pick<StageSettings, 'color' | 'onExecution' | 'onConsole'>;
  /**
   * `full`: PAR, the person, the exchange in one go. `url-only`: stop after PAR and return the
   * URL (the caller saves the pending flow). `resume`: the flow was pushed by an earlier
   * `url-only` run whose state is in `inputs.envVars`; only discovery runs before the exchange.
   */
  readonly mode?: 'full' | 'url-only' | 'resume';
  /**
   * Shows the URL to the person and returns the response. Called after PAR succeeded; a listener
   * on a loopback redirect URI must be listening before it returns the URL to anyone.
   */
  readonly obtainResponse: (
    authorizationUrl: string,
    redirectUri: string,
  ) => Promise<AuthorizationResponse>;
  /**
   * Called in `full` mode once the request is pushed, before the person is asked: the caller
   * saves the pending flow, so a time-out or a closed terminal can still be finished with
   * `resume`.
   */
  readonly onPushed?: (pending: PendingConsent) => Promise<void>;
}

/** A flow pushed and waiting for the person (url-only mode). */
export interface PendingConsent {
  readonly prepare: RunResult;
  readonly authorizationUrl: string;
  /** The flow's variables after PAR (memory only). */
  readonly variables: readonly VariableValue[];
}

export interface ConsentResult {
  readonly prepare: RunResult;
  readonly exchange: RunResult;
  /** The flow's variables after the exchange (secrets included: memory only). */
  readonly variables: readonly VariableValue[];
  readonly consentId: string;
  readonly accounts: readonly string[];
  readonly accessTokenExpiresAt: number | undefined;
  readonly consentExpiresAt: string | undefined;
  readonly consentStatus: string | undefined;
  /** True when only a code was given, so state and iss could not be checked. */
  readonly unchecked: boolean;
}

/** A step of the consent that failed: its run result says why. */
export class ConsentStepFailed extends Error {
  constructor(
    readonly step: 'prepare' | 'exchange',
    readonly result: RunResult,
  ) {
    super(`the ${step} step failed`);
  }
}

function valueOf(variables: readonly VariableValue[], key: string): string {
  const value = variables.find((v) => v.key === key)?.value;
  return typeof value === 'string' ? value : '';
}

function jsonBody(result: RunResult, request: string): Record<string, unknown> | undefined {
  const execution = [...result.executions].reverse().find((e) => e.name === request);
  const body = execution === undefined ? undefined : mainExchange(execution)?.responseBody;
  if (body === undefined) return undefined;
  try {
    return JSON.parse(body) as Record<string, unknown>;
  } catch {
    return undefined;
  }
}

/** The URL the person opens: the authorization endpoint with client_id and request_uri (RFC 9126). */
function authorizationUrlOf(endpoint: string, clientId: string, requestUri: string): string {
  const url = new URL(endpoint);
  url.searchParams.set('client_id', clientId);
  url.searchParams.set('request_uri', requestUri);
  return url.toString();
}

/** One step of the flow: the named requests of the collection, run with the settings. */
function runStep(
  inputs: RunInputs,
  settings: NonNullable<ConsentOptions['settings']>,
  names: readonly string[],
): Promise<RunResult> {
  return runResolved(inputs, { ...settings, folders: resolveFolders(inputs.collection, names) });
}

export async function runConsent(
  options: ConsentOptions & { readonly mode: 'url-only' },
): Promise<PendingConsent>;
export async function runConsent(
  options: ConsentOptions & { readonly mode?: 'full' | 'resume' },
): Promise<ConsentResult>;
export async function runConsent(options: ConsentOptions): Promise<ConsentResult | PendingConsent> {
  const given = options.inputs.envVars;
  const mode = options.mode ?? 'full';
  // A code is redeemed once: without a pushed flow waiting, nothing (not even discovery) is sent.
  if (mode === 'resume' && flowOf(given) !== 'pending')
    throw new UsageError(
      'ERR_OFM_NOTHING_PENDING',
      'there is no pushed authorization waiting (request_uri, state and code_verifier); nothing was sent.',
    );
  // Providers only when no dp_id was chosen: its first page would replace the choice.
  const prepareRequests =
    mode === 'resume'
      ? [REQUEST.discovery]
      : CONSENT_PREPARE_REQUESTS.filter((name) => name !== REQUEST.providers || !given[VAR.dpId]);
  const settings = options.settings ?? {};
  const prepare = await runStep(options.inputs, settings, prepareRequests);
  if (!prepare.ok) throw new ConsentStepFailed('prepare', prepare);

  const vars = prepare.variables;
  const authorizationEndpoint = valueOf(vars, VAR.authorizationEndpoint);
  const requestUri = valueOf(vars, VAR.requestUri);
  const clientId = valueOf(vars, VAR.clientId) || (given[VAR.clientId] ?? '');
  const redirectUri = valueOf(vars, VAR.redirectUri) || (given[VAR.redirectUri] ?? '');
  if (mode !== 'resume' && (!authorizationEndpoint || !requestUri || !clientId))
    throw new InputError(
      'ERR_OFM_VAR_MISSING',
      'discovery and PAR ran, but authorization_endpoint, request_uri or client_id is still empty.',
      { hint: 'check the environment: client_id, issuer, and the discovery document' },
    );
  const authorizationUrl =
    mode === 'resume' ? '' : authorizationUrlOf(authorizationEndpoint, clientId, requestUri);
  if (mode === 'url-only') return { prepare, authorizationUrl, variables: vars };
  if (mode === 'full') await options.onPushed?.({ prepare, authorizationUrl, variables: vars });
  const response = await options.obtainResponse(authorizationUrl, redirectUri);

  const discovery = jsonBody(prepare, REQUEST.discovery);
  const issuer = valueOf(vars, VAR.issuer) || String(discovery?.['issuer'] ?? '');
  const code =
    response.kind === 'code'
      ? response.value
      : codeFromResponse(response.value, {
          state: valueOf(vars, VAR.state),
          issuer,
          issRequired: discovery?.['authorization_response_iss_parameter_supported'] === true,
        });

  // The code lives about a minute at PayNet: redeem it at once, with the prepared environment.
  const exchange = await runStep(
    withValues(options.inputs, {
      environment: { values: vars.map((v) => ({ ...v, enabled: true })) },
      envVars: { [VAR.authorizationCode]: code },
    }),
    settings,
    [CONSENT_EXCHANGE_REQUEST],
  );
  if (!exchange.ok) throw new ConsentStepFailed('exchange', exchange);

  const after = exchange.variables;
  const token = jsonBody(exchange, CONSENT_EXCHANGE_REQUEST);
  const detail = (
    token?.['authorization_details'] as Array<Record<string, unknown>> | undefined
  )?.[0];
  const consent = (detail?.['consent'] ?? {}) as Record<string, unknown>;
  const expiresAt = Number(valueOf(after, VAR.accessTokenExpiresAt));
  let accounts: string[];
  try {
    accounts = JSON.parse(valueOf(after, VAR.accountIds) || '[]') as string[];
  } catch {
    accounts = [];
  }
  return {
    prepare,
    exchange,
    variables: after,
    consentId: valueOf(after, VAR.consentId),
    accounts,
    accessTokenExpiresAt: Number.isFinite(expiresAt) && expiresAt > 0 ? expiresAt : undefined,
    consentExpiresAt:
      typeof consent['expiration_datetime'] === 'string'
        ? consent['expiration_datetime']
        : typeof consent['expiration_date_time'] === 'string'
          ? consent['expiration_date_time']
          : undefined,
    consentStatus: typeof consent['status'] === 'string' ? consent['status'] : undefined,
    unchecked: response.kind === 'code',
  };
}
