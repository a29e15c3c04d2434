/**
 * Client authentication settings and the `private_key_jwt` client-assertion claims, shared by the
 * sandbox script and the CLI so both sign exactly the same thing.
 *
 * @see https://www.rfc-editor.org/rfc/rfc7523 (JWT client authentication)
 * @see https://openid.net/specs/fapi-security-profile-2_0-final.html section 5.3.2.1 (aud = issuer)
 */
import { InputError } from './errors/input-errors.js';
import { AUTH_METHODS, type AuthMethod, VAR } from './variables.js';

/** The `client_assertion_type` form value of RFC 7523 section 2.2. */
export const CLIENT_ASSERTION_TYPE = 'urn:ietf:params:oauth:client-assertion-type:jwt-bearer';

/** Default `assertion_audience`: PayNet's developer guide names the token endpoint. */
export const DEFAULT_AUDIENCE_CHOICE = 'token_endpoint';
/** Default `assertion_lifetime` in seconds: PayNet's developer guide says iat + 600. */
export const DEFAULT_ASSERTION_LIFETIME = 600;
/** Longest accepted `assertion_lifetime`, in seconds. */
export const MAX_ASSERTION_LIFETIME = 3600;

/** The JOSE header of a client assertion. */
export interface ClientAssertionHeader {
  readonly alg: 'PS256';
  readonly kid: string;
}

/** The claims of a client assertion, in the order they are serialised. */
export interface ClientAssertionClaims {
  readonly iss: string;
  readonly sub: string;
  readonly aud: string;
  readonly iat: number;
  readonly exp: number;
  readonly jti: string;
}

/** Client authentication by mutual TLS: only `client_id` goes into the body. */
export interface TlsClientAuthSettings {
  readonly method: 'tls_client_auth';
  readonly clientId: string;
}

/** Client authentication by a PS256-signed assertion. */
export interface PrivateKeyJwtSettings {
  readonly method: 'private_key_jwt';
  readonly clientId: string;
  readonly kid: string;
  readonly privateKeyPem: string;
  readonly passphrase: string;
  readonly audience: string;
  readonly lifetime: number;
}

export type ClientAuthSettings = TlsClientAuthSettings | PrivateKeyJwtSettings;

/** Reads a variable; returns undefined when it is not set. */
export type VariableReader = (name: string) => string | undefined;

function present(value: string | undefined): string | undefined {
  if (value === undefined || value === null) return undefined;
  const trimmed = String(value).trim();
  return trimmed === '' ? undefined : trimmed;
}

function required(get: VariableReader, name: string, why: string): string {
  const value = present(get(name));
  if (value === undefined) {
    throw new InputError('ERR_OFM_VAR_MISSING', `${name} is not set; it is required ${why}.`, {
      hint: `set ${name} in the environment (see the README variables table)`,
    });
  }
  if (value.includes('{{')) {
    throw new InputError('ERR_OFM_VAR_INVALID', `${name} holds an unresolved {{variable}}.`, {
      hint: `define the variable that ${name} refers to, or set ${name} directly`,
    });
  }
  return value;
}

/** Parses `auth_method`; empty means the default, `private_key_jwt`. */
export function parseAuthMethod(raw: string | undefined): AuthMethod {
  const value = present(raw) ?? 'private_key_jwt';
  if ((AUTH_METHODS as readonly string[]).includes(value)) return value as AuthMethod;
  throw new InputError(
    'ERR_OFM_AUTH_METHOD_UNKNOWN',
    `${VAR.authMethod} is "${value.slice(0, 40)}", which is not a supported method.`,
  );
}

/** Parses `assertion_lifetime`: a whole number of seconds from 1 to 3600. */
export function parseLifetime(raw: string | undefined): number {
  const value = present(raw);
  if (value === undefined) return DEFAULT_ASSERTION_LIFETIME;
  if (!/^[0-9]+$/.test(value)) {
    throw new InputError(
      'ERR_OFM_LIFETIME_INVALID',
      `${VAR.assertionLifetime} is "${value.slice(0, 20)}", not a whole number of seconds.`,
    );
  }
  const seconds = Number(value);
  if (seconds < 1 || seconds > MAX_ASSERTION_LIFETIME) {
    throw new InputError(
      'ERR_OFM_LIFETIME_INVALID',
      `${VAR.assertionLifetime} is ${seconds}, outside 1..${MAX_ASSERTION_LIFETIME}.`,
    );
  }
  return seconds;
}

function isAbsoluteHttpsUrl(value: string): boolean {
  return /^https:\/\/[^\s/?#]+[^\s]*$/i.test(value);
}

/**
 * Resolves `assertion_audience` to the string that goes into `aud`.
 *
 * `token_endpoint` and `issuer` name the variable to take the value from; anything else must be an
 * absolute https URL and is used as it is.
 */
export function resolveAudience(
  choice: string | undefined,
  endpoints: { issuer: string | undefined; tokenEndpoint: string | undefined },
): string {
  const selected = present(choice) ?? DEFAULT_AUDIENCE_CHOICE;
  if (selected === 'token_endpoint' || selected === 'issuer') {
    const source = selected === 'issuer' ? VAR.issuer : VAR.tokenEndpoint;
    const value = present(selected === 'issuer' ? endpoints.issuer : endpoints.tokenEndpoint);
    if (value === undefined || value.includes('{{')) {
      throw new InputError(
        'ERR_OFM_AUDIENCE_UNRESOLVED',
        `${VAR.assertionAudience} is ${selected}, but ${source} is not set yet.`,
      );
    }
    if (!isAbsoluteHttpsUrl(value)) {
      throw new InputError(
        'ERR_OFM_AUDIENCE_INVALID',
        `${source} is not an absolute https:// URL, so it cannot be the assertion audience.`,
        { hint: `check the value of ${source} (discovery sets it)` },
      );
    }
    return value;
  }
  if (!isAbsoluteHttpsUrl(selected)) {
    throw new InputError(
      'ERR_OFM_AUDIENCE_INVALID',
      `${VAR.assertionAudience} is neither token_endpoint, issuer nor an absolute https:// URL.`,
    );
  }
  return selected;
}

/** The signing key inputs (kid, PEM, passphrase) every PS256 object of the script uses. */
export interface SigningKeySettings {
  readonly kid: string;
  readonly privateKeyPem: string;
  readonly passphrase: string;
}

/** Reads the signing key variables; `why` names what needs them in the error message. */
export function readSigningKeySettings(get: VariableReader, why: string): SigningKeySettings {
  const kid = required(get, VAR.signingKid, why);
  const privateKeyPem = present(get(VAR.signingPrivateKey));
  if (privateKeyPem === undefined) {
    throw new InputError(
      'ERR_OFM_VAR_MISSING',
      `${VAR.signingPrivateKey} is not set; it is required ${why}.`,
      {
        hint: `paste your signing key PEM into ${VAR.signingPrivateKey} (type secret)`,
      },
    );
  }
  return { kid, privateKeyPem, passphrase: get(VAR.signingKeyPassphrase) ?? '' };
}

/**
 * Reads and validates every client-authentication input. Throws an {@link OfmError} naming the
 * first variable that is missing or wrong; never includes a secret value in the message.
 */
export function readClientAuthSettings(get: VariableReader): ClientAuthSettings {
  const method = parseAuthMethod(get(VAR.authMethod));
  const clientId = required(get, VAR.clientId, 'for client authentication');
  if (method === 'tls_client_auth') return { method, clientId };
  const { kid, privateKeyPem, passphrase } = readSigningKeySettings(get, 'for private_key_jwt');
  const audience = resolveAudience(get(VAR.assertionAudience), {
    issuer: get(VAR.issuer),
    tokenEndpoint: get(VAR.tokenEndpoint),
  });
  const lifetime = parseLifetime(get(VAR.assertionLifetime));
  return { method, clientId, kid, privateKeyPem, passphrase, audience, lifetime };
}

/**
 * Builds the claims of a client assertion: `iss` = `sub` = client_id, `aud` a single string,
 * `iat` now in whole seconds, `exp` = iat + lifetime, `jti` as given (a fresh UUIDv4).
 */
export function buildClientAssertionClaims(input: {
  clientId: string;
  audience: string;
  lifetime: number;
  nowMs: number;
  jti: string;
}): ClientAssertionClaims {
  const iat = Math.floor(input.nowMs / 1000);
  return {
    iss: input.clientId,
    sub: input.clientId,
    aud: input.audience,
    iat,
    exp: iat + input.lifetime,
    jti: input.jti,
  };
}
