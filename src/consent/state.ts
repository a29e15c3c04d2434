/**
 * Runs that remember: the consent flow's state (PKCE verifier, state, nonce, request URI, tokens
 * and their expiry, consent and account ids, dp_id), kept per target and auth method in an
 * owner-only file under .ofm/state/ (git-ignored), read at the start of the next run and written
 * at its end. That is what the Postman app does by keeping its environment between sends, and
 * what a person needs when a bank login sits between PAR and the token exchange.
 *
 * Only the flow's own variables go in: never a signing or encryption key, a passphrase or the run
 * seed. Tokens do, so the file is owner-only, like the private environments.
 */
import { chmod, mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { UsageError } from '../shared/errors.js';
import { VAR, type AuthMethod } from '../shared/variables.js';

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

export interface FlowState {
  readonly version: 1;
  readonly target: string | undefined;
  readonly auth: string | undefined;
  /** The issuer the tokens came from: a state is not used against another one. */
  readonly issuer: string | undefined;
  readonly savedAt: string;
  readonly values: Readonly<Record<string, string>>;
}

/** `.ofm/state/<target>.<auth>.json` under `baseDir`. */
export function defaultStatePath(baseDir: string, target: string, auth: AuthMethod): string {
  return join(baseDir, '.ofm', 'state', `${target}.${auth}.json`);
}

/** Reads a state file; undefined when there is none. A file that is not a state is an error. */
export async function readState(path: string): Promise<FlowState | undefined> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (cause) {
    if ((cause as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw new UsageError('ERR_OFM_FILE_NOT_FOUND', `state file ${path} cannot be read.`, {
      cause,
      hint: 'check its permissions, or start clean with --fresh',
    });
  }
  let parsed: Partial<FlowState>;
  try {
    parsed = JSON.parse(text) as Partial<FlowState>;
  } catch (cause) {
    throw new UsageError('ERR_OFM_STATE_INVALID', `state file ${path} is not JSON.`, { cause });
  }
  if (parsed.version !== 1 || typeof parsed.values !== 'object' || parsed.values === null)
    throw new UsageError('ERR_OFM_STATE_INVALID', `${path} is not an ofm-postman state file.`);
  const values: Record<string, string> = {};
  for (const [key, value] of Object.entries(parsed.values))
    if (STATE_VARIABLES.includes(key) && typeof value === 'string') values[key] = value;
  return {
    version: 1,
    target: parsed.target,
    auth: parsed.auth,
    issuer: parsed.issuer,
    savedAt: String(parsed.savedAt ?? ''),
    values,
  };
}

/** The state's values for a run against `issuer`; none when the state is another issuer's. */
export function stateValuesFor(
  state: FlowState | undefined,
  issuer: string | undefined,
): Record<string, string> {
  if (state === undefined) return {};
  if (state.issuer !== undefined && issuer !== undefined && state.issuer !== issuer) return {};
  return { ...state.values };
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

/** Writes the state owner-only (0600 in a 0700 folder), replacing the file in one step. */
export async function writeState(
  path: string,
  state: Omit<FlowState, 'version' | 'savedAt'>,
): Promise<void> {
  const values = Object.fromEntries(
    Object.entries(state.values).filter(
      ([key]) => STATE_VARIABLES.includes(key) && !NEVER_SAVED.has(key),
    ),
  );
  const body: FlowState = {
    version: 1,
    target: state.target,
    auth: state.auth,
    issuer: state.issuer,
    savedAt: new Date().toISOString(),
    values,
  };
  await mkdir(dirname(path), { recursive: true, mode: 0o700 });
  const temporary = `${path}.${process.pid}.tmp`;
  await writeFile(temporary, `${JSON.stringify(body, null, 2)}\n`, { mode: 0o600 });
  await chmod(temporary, 0o600);
  await rename(temporary, path);
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
  if (values[VAR.requestUri] && !values[VAR.accessToken]) parts.push('a pushed request');
  return parts.length === 0 ? 'no consent and no pending flow' : parts.join(', ');
}
