/**
 * Error codes shared by the sandbox script, the builder and the CLI.
 *
 * Every user mistake maps to one stable code and one hint. Inside the Postman sandbox an error
 * cannot cross the bundle boundary as a class, so {@link formatError} renders it as one line that
 * starts with the code; the Node side prints the same line.
 */

/** Stable error codes, with the one-line hint that tells the user how to fix the input. */
export const ERROR_HINTS = {
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
  ERR_OFM_BUNDLE_MISSING:
    'the collection-level pre-request script must be the ofm-postman bundle: regenerate or re-import the collection',
  ERR_OFM_TOKEN_FAILED: 'run the Client credentials request to see the full response',
  ERR_OFM_FILE_NOT_FOUND: 'check the path',
  ERR_OFM_DISCOVERY_UNREACHABLE: 'check the discovery URL, the network, and --ca for a private CA',
  ERR_OFM_DISCOVERY_INVALID:
    'point --discovery at an OpenID Provider metadata document (/.well-known/openid-configuration)',
  ERR_OFM_KEYS_INCOMPLETE: 'run ofm-postman keys --force to replace the partial key set',
  ERR_OFM_SANDBOX_CONFIG: 'run ofm-postman sandbox --help for the accepted values',
  ERR_OFM_KEYS_MISSING: 'run ofm-postman keys first (or pass --keys DIR)',
  ERR_OFM_PORT_IN_USE: 'choose another --port, or --port 0 for a free one',
  ERR_OFM_RUN_FAILED: 'check the collection, environment and certificate files',
  ERR_OFM_SERVER_UNREACHABLE:
    'start the server (ofm-postman sandbox) or check the issuer in the environment',
  ERR_OFM_USAGE: 'run ofm-postman --help for the commands and their options',
  ERR_OFM_INTERNAL: 'this is a bug in ofm-postman: please report it with the request name',
} as const;

export type ErrorCode = keyof typeof ERROR_HINTS;

/** Warning codes: reported, but the request still goes out. */
export const WARNING_CODES = {
  WARN_OFM_WEAK_RANDOM:
    'no secure random source: jti, interaction ids and PSS salts come from Math.random. Run with `ofm-postman run` (it injects ofm_random_seed) or use a Postman app with crypto.getRandomValues',
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
    this.hint = options?.hint ?? ERROR_HINTS[code];
  }
}

/** Whether a value is an {@link OfmError}; works across realms where `instanceof` would not. */
export function isOfmError(value: unknown): value is OfmError {
  return (
    typeof value === 'object' &&
    value !== null &&
    (value as { name?: unknown }).name === 'OfmError' &&
    typeof (value as { code?: unknown }).code === 'string' &&
    (value as { code: string }).code in ERROR_HINTS
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
