/**
 * Configuration of the local FAPI 2.0 sandbox: every default defined and documented here, one
 * function that merges and validates known keys (naming the setting in every message) and freezes
 * the result. The sandbox refuses to start on bad configuration.
 */
import { OfmError, ServerError } from '../shared/errors.js';
import { DEFAULT_KEYS_DIR } from '../keys/key-defaults.js';
import {
  LOCAL_LOOPBACK_REDIRECT_PORT,
  LOCAL_SANDBOX_DEFAULT_PORT,
} from '../shared/local-sandbox.js';
import { isMisbehaviour, type Misbehaviour } from './misbehave-modules.js';

export interface SandboxConfig {
  /** Loopback address to listen on. Only loopback addresses are accepted. */
  readonly host: string;
  /** TCP port; 0 lets the OS choose. */
  readonly port: number;
  /** Folder of the test PKI (`ofm-postman keys`). */
  readonly keysDir: string;
  /**
   * FAPI 2.0 Final strictness: the client assertion `aud` must be exactly the issuer. Off, the
   * sandbox also accepts the token endpoint URL, as PayNet's sandbox does.
   */
  readonly strictFapi: boolean;
  /** Longest accepted client-assertion lifetime (exp - iat), seconds. PayNet's guide uses 600. */
  readonly maxAssertionLifetime: number;
  /** Access-token lifetime, seconds. PayNet's sandbox answered expires_in 600. */
  readonly accessTokenTtl: number;
  /** Authorization-code lifetime, seconds (PayNet: 60 s in production, 10 min in the sandbox). */
  readonly authorizationCodeTtl: number;
  /**
   * Longest refresh-token (and grant) lifetime, seconds. Within it a refresh token lives as long
   * as its consent, until the consent's expiration_datetime, whatever becomes of the login
   * session; refresh tokens are not rotated, like PayNet's (except in `refresh-token-test`).
   */
  readonly refreshTokenTtl: number;
  /** Plaintext inside response JWEs: a nested signed JWT (cty JWT, like PayNet's samples) or JSON. */
  readonly jwePayload: 'nested-jwt' | 'json';
  /**
   * The authorization endpoint's interaction step: `auto` approves the fixed test user at once
   * (Newman can follow it), `manual` serves a login and consent page a person fills in.
   */
  readonly login: 'auto' | 'manual';
  /** Port of the registered loopback redirect URI `http://127.0.0.1:<port>/callback`. */
  readonly loopbackRedirectPort: number;
  /** The conformance-suite client-test module to play at start (misbehave.ts); changeable later. */
  readonly misbehave: Misbehaviour;
  /**
   * A credential kit (`ofm-postman onboard`) whose keys both clients use instead of the test
   * PKI's: its JWKS, its transport certificates (self-signed, trusted for mTLS) and their subject
   * for tls_client_auth. Undefined: the test PKI's clients.
   */
  readonly kitDir: string | undefined;
  /** Where refusals and lifecycle events go, one JSON object per call. */
  readonly log: (event: Record<string, unknown>) => void;
}

/** Defaults, each documented on {@link SandboxConfig}. */
export const SANDBOX_DEFAULTS: Omit<SandboxConfig, 'log'> = {
  host: '127.0.0.1',
  port: LOCAL_SANDBOX_DEFAULT_PORT,
  keysDir: DEFAULT_KEYS_DIR,
  strictFapi: false,
  maxAssertionLifetime: 600,
  accessTokenTtl: 600,
  authorizationCodeTtl: 600,
  refreshTokenTtl: 31_536_000,
  jwePayload: 'nested-jwt',
  login: 'auto',
  loopbackRedirectPort: LOCAL_LOOPBACK_REDIRECT_PORT,
  misbehave: 'happy-path',
  kitDir: undefined,
};

const LOOPBACK = /^(127\.\d{1,3}\.\d{1,3}\.\d{1,3}|localhost|::1)$/;

function invalid(setting: string, message: string): OfmError {
  return new ServerError('ERR_OFM_SANDBOX_CONFIG', `${setting}: ${message}.`, {
    hint: 'run ofm-postman sandbox --help for the accepted values',
  });
}

function integerIn(setting: string, value: unknown, min: number, max: number): number {
  if (typeof value !== 'number' || !Number.isInteger(value) || value < min || value > max) {
    throw invalid(setting, `must be a whole number from ${min} to ${max}, got ${String(value)}`);
  }
  return value;
}

/** Merges `input` over the defaults, validates every setting and freezes the result. */
export function resolveSandboxConfig(
  input: Readonly<Record<string, unknown>> = {},
): Readonly<SandboxConfig> {
  const known = new Set([...Object.keys(SANDBOX_DEFAULTS), 'log']);
  const unknown = Object.keys(input).filter((key) => !known.has(key));
  if (unknown.length > 0) throw invalid(unknown[0] as string, 'is not a sandbox setting');
  const merged = {
    ...SANDBOX_DEFAULTS,
    log: () => undefined,
    ...Object.fromEntries(Object.entries(input).filter(([, v]) => v !== undefined)),
  } as SandboxConfig;
  if (typeof merged.host !== 'string' || !LOOPBACK.test(merged.host))
    throw invalid('host', 'must be a loopback address (127.0.0.1, ::1 or localhost)');
  integerIn('port', merged.port, 0, 65_535);
  if (typeof merged.keysDir !== 'string' || merged.keysDir === '')
    throw invalid('keysDir', 'must be a folder');
  if (typeof merged.strictFapi !== 'boolean') throw invalid('strictFapi', 'must be true or false');
  integerIn('maxAssertionLifetime', merged.maxAssertionLifetime, 1, 86_400);
  integerIn('accessTokenTtl', merged.accessTokenTtl, 10, 86_400);
  integerIn('authorizationCodeTtl', merged.authorizationCodeTtl, 10, 3600);
  integerIn('refreshTokenTtl', merged.refreshTokenTtl, 60, 31_536_000);
  if (merged.jwePayload !== 'nested-jwt' && merged.jwePayload !== 'json')
    throw invalid('jwePayload', 'must be nested-jwt or json');
  if (merged.login !== 'auto' && merged.login !== 'manual')
    throw invalid('login', 'must be auto or manual');
  integerIn('loopbackRedirectPort', merged.loopbackRedirectPort, 1, 65_535);
  if (typeof merged.misbehave !== 'string' || !isMisbehaviour(merged.misbehave))
    throw invalid('misbehave', `${String(merged.misbehave)} is not a module name`);
  if (typeof merged.log !== 'function') throw invalid('log', 'must be a function');
  if (merged.kitDir !== undefined && (typeof merged.kitDir !== 'string' || merged.kitDir === ''))
    throw invalid('kitDir', 'must be a folder');
  return Object.freeze(merged);
}
