/**
 * The base of every coded error, and the pieces both runtimes share: the cross-realm check and the
 * one-line format. Each family of codes (input, key, flow, usage, server) is a subclass in its own
 * module with its hint table beside it, so a script bundle carries only the hints of the errors it
 * can raise, and no hint depends on which modules happened to load first.
 *
 * Inside the Postman sandbox an error cannot cross the bundle boundary as a class, so
 * {@link formatError} renders it as one line that starts with the code; the Node side prints the
 * same line.
 */
import type { ExitCode } from './exit-codes.js';
import type { FlowErrorCode } from './flow-errors.js';
import type { InputErrorCode } from './input-errors.js';
import type { KeyErrorCode } from './key-errors.js';
import type { ServerErrorCode } from './server-errors.js';
import type { UsageErrorCode } from './usage-errors.js';

/**
 * The code of a bug rather than a user mistake: how a script reports an error it did not expect
 * (postman/pm/report.ts). Kept here, beside the base, because every script can report one.
 */
export const INTERNAL_ERRORS = {
  ERR_OFM_INTERNAL: {
    hint: 'this is a bug in ofm-postman: please report it with the request name',
    exit: 70,
  },
} as const satisfies ErrorTable;

/**
 * What a family's table says of each of its codes: the hint printed with it, and the exit status
 * of a CLI command it stops (cli/handle-error.ts reads it here, so a new code cannot go without).
 * The exit is a number, one of {@link ExitCode} (1 ran and failed, 2 bad input, 3 could not start,
 * 70 a bug): `EXIT.USAGE` would be a property read, which the bundler must keep as a possible side
 * effect, so every table would land in every script bundle.
 */
export interface ErrorEntry {
  readonly hint: string;
  readonly exit: ExitCode;
}

/** A family's table: every code of the family with its entry. */
export type ErrorTable = Readonly<Record<string, ErrorEntry>>;

export type ErrorCode =
  | keyof typeof INTERNAL_ERRORS
  | InputErrorCode
  | KeyErrorCode
  | FlowErrorCode
  | UsageErrorCode
  | ServerErrorCode;

export interface OfmErrorOptions {
  readonly cause?: unknown;
  /** Replaces the family's hint where the situation calls for a more exact one. */
  readonly hint?: string;
}

/**
 * An error a user can fix: it carries a stable code and a hint, and never key material. Throw a
 * family's subclass, which fills in the hint; the base takes the hint from its caller.
 */
export class OfmError extends Error {
  readonly code: ErrorCode;
  readonly hint: string;

  constructor(code: ErrorCode, message: string, options: OfmErrorOptions & { hint: string }) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    // Every family keeps this name: it is what {@link isOfmError} recognises across realms.
    this.name = 'OfmError';
    this.code = code;
    this.hint = options.hint;
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
 * runs, but not a path (a folder a message names is no secret). Messages are written
 * by us and name variables, never values, so this is a second line of defence for text that came
 * from a library.
 */
export function redactSecrets(text: string): string {
  return text
    .replace(PEM_BLOCK, '[redacted PEM]')
    .replace(LONG_ENCODED_RUN, (run) => (isPath(run) || isKebabName(run) ? run : '[redacted]'));
}

/**
 * An absolute path (`/home/alice/project/collections`) is kept: a refusal must name its file.
 * Key material and tokens do not look like one: base64url and hex have no `/`, and standard
 * base64 with `/` and no `+` or `=` in segments all shorter than 40 characters, starting with `/`,
 * is left to PEM_BLOCK (PEM bodies are the only standard base64 we handle).
 */
/**
 * A name of four or more lowercase words joined by hyphens (a --misbehave module such as
 * `fapi2-security-profile-id2-client-test-invalid-signature`) is kept: random base64url of 40
 * characters is all lowercase, digits and underscores about once in 10^9 runs, and hex never has hyphens.
 */
function isKebabName(run: string): boolean {
  return /^[a-z0-9_]+(?:-[a-z0-9_]+){3,}$/.test(run);
}

function isPath(run: string): boolean {
  // An absolute path of two or more short segments, or the part of a path between two dots
  // (`paynet-ofp.private_key_jwt/environments/paynet-sandbox.bru`) with three or more: base64 of
  // 40-60 characters looks like that about 1 in 2,000 times.
  return (
    /^(?:\/[A-Za-z0-9_-]{1,39}){2,}\/?$/.test(run) ||
    /^[A-Za-z0-9_-]{1,39}(?:\/[A-Za-z0-9_-]{1,39}){2,}\/?$/.test(run)
  );
}

/** Warning codes: reported, but the request still goes out. */
export const WARNING_CODES = {
  WARN_OFM_WEAK_RANDOM:
    'no secure random source, so jti, interaction ids and PSS salts use Math.random: run with ofm-postman run, which sets ofm_random_seed',
} as const;

export type WarningCode = keyof typeof WARNING_CODES;
