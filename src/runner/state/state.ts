/**
 * Runs that remember: the consent flow's state (PKCE verifier, state, nonce, request URI, tokens
 * and their expiry, consent and account ids, dp_id), kept per target and auth method in an
 * owner-only file under .ofm/state/ (git-ignored), read at the start of the next run and written
 * at its end. That is what the Postman app does by keeping its environment between sends, and
 * what a person needs when a bank login sits between PAR and the token exchange.
 *
 * Only the flow's own variables go in: never a signing or encryption key, a passphrase or the run
 * seed. Tokens do, so the file is owner-only, like the private environments. Whose state it is
 * (issuer, client_id, auth method) is recorded beside the values; state-use.ts decides whether a
 * run may read and replace it.
 */
import { readFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { KIND_NAMES, kindOf } from '../../files/kinds.js';
import { jsonSyntaxProblem } from '../../files/json-syntax.js';
import { writeOwnedOrRescue } from '../../files/rescue.js';
import { stateWrite } from './state-write.js';
import { VAR, type AuthMethod } from '../../shared/variables.js';

/** The variables a state file keeps. */
export const STATE_VARIABLES: readonly string[] = [
  VAR.codeVerifier,
  VAR.state,
  VAR.nonce,
  VAR.requestUri,
  VAR.authorizationUrl,
  VAR.accessToken,
  VAR.accessTokenExpiresAt,
  VAR.refreshToken,
  VAR.idToken,
  VAR.ccAccessToken,
  VAR.ccAccessTokenExpiresAt,
  VAR.consentId,
  VAR.accountIds,
  VAR.accountId,
  VAR.dpId,
];

/** Variables a state file must never hold, whatever a caller passes. */
const NEVER_SAVED = new Set<string>([
  VAR.signingPrivateKey,
  VAR.signingKeyPassphrase,
  VAR.encryptionPrivateKey,
  VAR.encryptionKeyPassphrase,
  VAR.randomSeed,
  VAR.clientAssertion,
]);

/** What only a pushed, not yet redeemed flow needs: dropped once it is finished. */
const PENDING_ONLY: readonly string[] = [VAR.codeVerifier, VAR.state, VAR.authorizationUrl];

/**
 * `pending`: a request was pushed and its code not yet redeemed (request_uri, state and
 * code_verifier are set; the token exchange clears request_uri). `finished`: a code was redeemed
 * (tokens, no pushed request). `none`: neither.
 */
export type FlowStatus = 'pending' | 'finished' | 'none';

/** Whose state it is: a state is only used and replaced by a run of the same owner. */
export interface StateOwner {
  readonly issuer: string | undefined;
  readonly clientId: string | undefined;
  readonly auth: string | undefined;
  readonly target: string | undefined;
}

export interface FlowState {
  readonly version: 1;
  readonly target: string | undefined;
  readonly auth: string | undefined;
  /** The issuer the tokens came from: a state is not used against another one. */
  readonly issuer: string | undefined;
  /** The client the tokens were issued to (files from earlier versions lack it: then not checked). */
  readonly client_id: string | undefined;
  /** Recorded for a person reading the file; a reader derives it from the values. */
  readonly flow: FlowStatus;
  readonly savedAt: string;
  readonly values: Readonly<Record<string, string>>;
}

/** What is at a state path. */
export type StateRead =
  | { readonly found: 'none' }
  | { readonly found: 'state'; readonly state: FlowState }
  | { readonly found: 'unreadable'; readonly reason: string }
  | { readonly found: 'not-state'; readonly reason: string };

/** `.ofm/state/<target>.<auth>.json` under `baseDir`. */
export function defaultStatePath(baseDir: string, target: string, auth: AuthMethod): string {
  return join(baseDir, '.ofm', 'state', `${target}.${auth}.json`);
}

/** `--state FILE`, else `.ofm/state/<target>.<auth>.json` when both are known, else none. */
export function statePathOf(
  given: string | undefined,
  auth: AuthMethod | undefined,
  target: string | undefined,
): string | undefined {
  if (given !== undefined) return resolve(given);
  return auth && target ? defaultStatePath('.', target, auth) : undefined;
}

/** The flow status the values describe. */
export function flowOf(values: Readonly<Record<string, string | undefined>>): FlowStatus {
  if (values[VAR.requestUri] && values[VAR.state] && values[VAR.codeVerifier]) return 'pending';
  if (values[VAR.accessToken] || values[VAR.refreshToken]) return 'finished';
  return 'none';
}

const text = (value: unknown): string | undefined =>
  typeof value === 'string' && value !== '' ? value : undefined;

/** Reads what is at `path`; never throws for a missing, unreadable or foreign file. */
export async function readState(path: string): Promise<StateRead> {
  let body: string;
  try {
    body = await readFile(path, 'utf8');
  } catch (cause) {
    const code = (cause as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') return { found: 'none' };
    return { found: 'unreadable', reason: `cannot be read (${code ?? String(cause)})` };
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(body) as unknown;
  } catch {
    const problem = await jsonSyntaxProblem(body);
    const where = problem === undefined ? '' : ` (${problem.hint})`;
    return { found: 'not-state', reason: `is not JSON${where}, so not an ofm-postman state file` };
  }
  const kind = kindOf(parsed);
  if (kind !== 'state')
    return { found: 'not-state', reason: `is ${KIND_NAMES[kind]}, not ${KIND_NAMES.state}` };
  const file = parsed as Record<string, unknown> & { values: Record<string, unknown> };
  const values: Record<string, string> = {};
  for (const [key, value] of Object.entries(file.values))
    if (STATE_VARIABLES.includes(key) && typeof value === 'string') values[key] = value;
  return {
    found: 'state',
    state: {
      version: 1,
      target: text(file['target']),
      auth: text(file['auth']),
      issuer: text(file['issuer']),
      client_id: text(file['client_id']),
      flow: flowOf(values),
      savedAt: String(file['savedAt']),
      values,
    },
  };
}

/** Picks the state variables out of a run's final variables. */
export function stateFromVariables(
  variables: Iterable<{ key: string; value?: unknown }>,
): Record<string, string> {
  const out: Record<string, string> = {};
  for (const { key, value } of variables)
    if (STATE_VARIABLES.includes(key) && !NEVER_SAVED.has(key) && typeof value === 'string')
      out[key] = value;
  return out;
}

/** The values a state keeps: its own variables, and a finished flow's verifier and state gone. */
export function savedValues(values: Readonly<Record<string, string>>): Record<string, string> {
  const kept = Object.entries(values).filter(
    ([key]) => STATE_VARIABLES.includes(key) && !NEVER_SAVED.has(key),
  );
  // A code is redeemed once: nothing of a finished flow may let it be sent again.
  const pending = flowOf(Object.fromEntries(kept)) === 'pending';
  return Object.fromEntries(kept.filter(([key]) => pending || !PENDING_ONLY.includes(key)));
}

/**
 * Writes the state owner-only and atomically (state-use.ts decides beforehand whether this run
 * may replace what is there); a file that is not a state is never replaced.
 */
export async function writeState(
  path: string,
  owner: StateOwner,
  values: Readonly<Record<string, string>>,
): Promise<FlowState> {
  const kept = savedValues(values);
  const body: FlowState = {
    version: 1,
    target: owner.target,
    auth: owner.auth,
    issuer: owner.issuer,
    client_id: owner.clientId,
    flow: flowOf(kept),
    savedAt: new Date().toISOString(),
    values: kept,
  };
  // A state file counts as ours by its format: the run read it and carries its values forward.
  await writeOwnedOrRescue(
    path,
    `${JSON.stringify(body, null, 2)}\n`,
    stateWrite(path),
    'give --state',
  );
  return body;
}

/** A short, secret-free description of what a state holds, for the console. */
export function describeState(values: Readonly<Record<string, string>>): string {
  const parts: string[] = [];
  if (values[VAR.consentId]) parts.push(`consent ${values[VAR.consentId]}`);
  if (values[VAR.accessToken]) {
    const expiresAt = Number(values[VAR.accessTokenExpiresAt]);
    parts.push(
      Number.isFinite(expiresAt) && expiresAt > 0
        ? `an access token ${expiresAt > Date.now() ? 'valid until' : 'expired at'} ${new Date(expiresAt).toISOString()}`
        : 'an access token',
    );
  }
  if (values[VAR.refreshToken]) parts.push('a refresh token');
  if (flowOf(values) === 'pending') parts.push('a pushed request');
  return parts.length === 0 ? 'no consent and no pending flow' : parts.join(', ');
}
