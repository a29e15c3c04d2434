/**
 * Error codes shared by the sandbox script, the builder and the CLI.
 *
 * Every user mistake maps to one stable code and one hint. Inside the Postman sandbox an error
 * cannot cross the bundle boundary as a class, so {@link formatError} renders it as one line that
 * starts with the code; the Node side prints the same line.
 */

/**
 * Stable error codes the sandbox scripts raise, with the one-line hint that tells the user how to
 * fix the input. Codes only the Node side raises live in node-error-hints.ts, so the scripts do
 * not carry their text.
 */
export const SCRIPT_ERROR_HINTS = {
  ERR_OFM_VAR_MISSING: 'set the variable in the environment (see the README variables table)',
  ERR_OFM_VAR_INVALID: 'correct the value as the README variables table describes',
  ERR_OFM_AUTH_METHOD_UNKNOWN: 'set auth_method to private_key_jwt or tls_client_auth',
  ERR_OFM_KEY_MALFORMED:
    'paste the whole PEM into signing_private_key, its BEGIN and END lines included',
  ERR_OFM_KEY_NOT_PRIVATE:
    'signing_private_key holds a certificate or public key: use the private key that belongs to signing_kid',
  ERR_OFM_KEY_NOT_RSA: 'PayNet requires PS256: use an RSA private key of 2048 bits or more',
  ERR_OFM_KEY_TOO_WEAK: 'FAPI 2.0 requires RSA keys of at least 2048 bits: generate a new key',
  ERR_OFM_KEY_PASSPHRASE_MISSING: 'the key is encrypted: set signing_key_passphrase',
  ERR_OFM_KEY_PASSPHRASE_WRONG: 'check signing_key_passphrase (or give the unencrypted key)',
  ERR_OFM_KEY_UNSUPPORTED:
    'give an RSA key as PKCS#8 (BEGIN PRIVATE KEY), PKCS#1 (BEGIN RSA PRIVATE KEY) or encrypted PKCS#8',
  ERR_OFM_AUDIENCE_UNRESOLVED:
    'run the Discovery request first, or set the endpoint variable the audience refers to',
  ERR_OFM_AUDIENCE_INVALID:
    'set assertion_audience to token_endpoint, issuer, or an absolute https:// URL',
  ERR_OFM_LIFETIME_INVALID: 'set assertion_lifetime to a whole number of seconds from 1 to 3600',
  ERR_OFM_SEED_INVALID:
    'leave ofm_random_seed empty or set it to at least 64 hex characters (ofm-postman run does this for you)',
  ERR_OFM_INTERNAL: 'this is a bug in ofm-postman: please report it with the request name',
} as const;

/** Codes only the CLI, builder, runner and server raise (hints in node-error-hints.ts). */
export type NodeErrorCode =
  | 'ERR_OFM_FILE_NOT_FOUND'
  | 'ERR_OFM_DISCOVERY_UNREACHABLE'
  | 'ERR_OFM_DISCOVERY_INVALID'
  | 'ERR_OFM_KEYS_INCOMPLETE'
  | 'ERR_OFM_SANDBOX_CONFIG'
  | 'ERR_OFM_KEYS_MISSING'
  | 'ERR_OFM_PORT_IN_USE'
  | 'ERR_OFM_RUN_FAILED'
  | 'ERR_OFM_SERVER_UNREACHABLE'
  | 'ERR_OFM_STATE_INVALID'
  | 'ERR_OFM_CONSENT_TIMEOUT'
  | 'ERR_OFM_USAGE'
  | 'ERR_OFM_NOT_A_FILE'
  | 'ERR_OFM_FILE_INVALID'
  | 'ERR_OFM_FILE_KIND'
  | 'ERR_OFM_FILE_EXISTS'
  | 'ERR_OFM_CERT_KEY_MISMATCH'
  | 'ERR_OFM_AUTH_MISMATCH'
  | 'ERR_OFM_NOTHING_RAN'
  | 'ERR_OFM_NOTHING_PENDING'
  | 'ERR_OFM_KEYS_REPLACED';

/** Codes the consent and data scripts raise (hints in flow-error-hints.ts). */
export type FlowErrorCode =
  | 'ERR_OFM_CODE_MISSING'
  | 'ERR_OFM_STATE_MISMATCH'
  | 'ERR_OFM_AUTHORIZATION_FAILED'
  | 'ERR_OFM_ID_TOKEN_INVALID'
  | 'ERR_OFM_SIGNATURE_INVALID'
  | 'ERR_OFM_JWE_INVALID'
  | 'ERR_OFM_JWE_UNSUPPORTED'
  | 'ERR_OFM_RESPONSE_INVALID'
  | 'ERR_OFM_JWKS_UNAVAILABLE'
  | 'ERR_OFM_TOKEN_FAILED'
  | 'ERR_OFM_ISSUER_MISMATCH'
  | 'ERR_OFM_BUNDLE_MISSING';

export type ErrorCode = keyof typeof SCRIPT_ERROR_HINTS | FlowErrorCode | NodeErrorCode;

const registeredHints: Partial<Record<ErrorCode, string>> = {};

/** Adds hints for codes this bundle does not carry (the Node side registers its own). */
export function registerErrorHints(hints: Partial<Record<ErrorCode, string>>): void {
  Object.assign(registeredHints, hints);
}

/** The hint of a code. */
export function hintFor(code: ErrorCode): string {
  return (
    (SCRIPT_ERROR_HINTS as Record<string, string>)[code] ??
    registeredHints[code] ??
    'see the error codes in the README'
  );
}

/** Warning codes: reported, but the request still goes out. */
export const WARNING_CODES = {
  WARN_OFM_WEAK_RANDOM:
    'no secure random source, so jti, interaction ids and PSS salts use Math.random: run with ofm-postman run, which sets ofm_random_seed',
} as const;

export type WarningCode = keyof typeof WARNING_CODES;

/** An error a user can fix: it carries a stable code and a hint, and never key material. */
export class OfmError extends Error {
  readonly code: ErrorCode;
  readonly hint: string;

  constructor(code: ErrorCode, message: string, options?: { cause?: unknown; hint?: string }) {
    super(message, options?.cause === undefined ? undefined : { cause: options.cause });
    this.name = 'OfmError';
    this.code = code;
    this.hint = options?.hint ?? hintFor(code);
  }
}

/** Whether a value is an {@link OfmError}; works across realms where `instanceof` would not. */
export function isOfmError(value: unknown): value is OfmError {
  return (
    typeof value === 'object' &&
    value !== null &&
    (value as { name?: unknown }).name === 'OfmError' &&
    typeof (value as { code?: unknown }).code === 'string' &&
    (value as { code: string }).code.startsWith('ERR_OFM_')
  );
}

/** One line: `CODE: message (hint: ...)`. */
export function formatError(error: Pick<OfmError, 'code' | 'message' | 'hint'>): string {
  return `${error.code}: ${redactSecrets(error.message)} (hint: ${error.hint})`;
}

const LONG_ENCODED_RUN = /[A-Za-z0-9+/=_-]{40,}/g;
const PEM_BLOCK = /-----BEGIN [A-Z0-9 ]+-----[\s\S]*?(-----END [A-Z0-9 ]+-----|$)/g;

/**
 * Removes anything that could be key material from a message: PEM blocks and long base64 or hex
 * runs. Messages are written by us and name variables, never values, so this is a second line of
 * defence for text that came from a library.
 */
export function redactSecrets(text: string): string {
  return text.replace(PEM_BLOCK, '[redacted PEM]').replace(LONG_ENCODED_RUN, '[redacted]');
}
