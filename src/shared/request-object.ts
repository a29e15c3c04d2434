/**
 * The request object (JAR) of PayNet's consent journey: claims, PayNet's consent authorization
 * details, and PKCE. Shared by the sandbox script and the tests that check it with jose.
 *
 * @see https://www.rfc-editor.org/rfc/rfc9101 (JAR), RFC 9126 (PAR), RFC 9396 (RAR), RFC 7636 (PKCE)
 */
import { InputError } from './errors/input-errors.js';
import { VAR } from './variables.js';

/** The consent type of PayNet's authorization_details. */
export const CONSENT_TYPE = 'urn:openfinance-ml:account-access-consent:v1.2';
/** Default and maximum request-object lifetime, seconds. */
export const DEFAULT_REQUEST_OBJECT_LIFETIME = 300;
export const MAX_REQUEST_OBJECT_LIFETIME = 3600;

/** Defaults of the consent variables, documented in the README and the environments. */
export const CONSENT_DEFAULTS = {
  scope: 'openid accounts profile',
  purpose: 'pfm',
  permissions: 'read_accounts read_balances read_transactions',
  expiryDays: '180',
  maxAge: '3600',
  claims:
    '{"userinfo":{"name":null,"email":null,"email_verified":null,"id_type":null,"hashed_id_number":null}}',
} as const;

export interface ConsentDetail {
  readonly type: string;
  readonly consent: {
    readonly dc_id: string;
    readonly dp_id: string;
    readonly consent_type: string;
    readonly consent_purpose: string;
    readonly permissions: readonly string[];
    readonly expiration_datetime: string;
  };
}

export interface RequestObjectInput {
  readonly clientId: string;
  readonly issuer: string;
  readonly redirectUri: string;
  readonly scope: string;
  readonly state: string;
  readonly nonce: string;
  readonly codeChallenge: string;
  readonly maxAge: number;
  readonly claims: Record<string, unknown>;
  readonly authorizationDetails: readonly ConsentDetail[];
  readonly lifetime: number;
  readonly nowMs: number;
  readonly jti: string;
}

/** The JAR claims, in the order they are serialised. */
export function buildRequestObjectClaims(input: RequestObjectInput): Record<string, unknown> {
  const iat = Math.floor(input.nowMs / 1000);
  return {
    iss: input.clientId,
    aud: input.issuer,
    client_id: input.clientId,
    response_type: 'code',
    redirect_uri: input.redirectUri,
    scope: input.scope,
    state: input.state,
    nonce: input.nonce,
    code_challenge: input.codeChallenge,
    code_challenge_method: 'S256',
    max_age: input.maxAge,
    claims: input.claims,
    authorization_details: input.authorizationDetails,
    nbf: iat,
    iat,
    exp: iat + input.lifetime,
    jti: input.jti,
  };
}

type Get = (name: string) => string | undefined;

function value(get: Get, name: string): string | undefined {
  const v = get(name);
  if (v === undefined || v === null) return undefined;
  const t = String(v).trim();
  return t === '' ? undefined : t;
}

function need(get: Get, name: string, why: string): string {
  const v = value(get, name);
  if (v === undefined || v.includes('{{')) {
    throw new InputError('ERR_OFM_VAR_MISSING', `${name} is not set; it is required ${why}.`, {
      hint: `set ${name} in the environment (see the README variables table)`,
    });
  }
  return v;
}

function wholeNumber(get: Get, name: string, fallback: string, min: number, max: number): number {
  const raw = value(get, name) ?? fallback;
  if (!/^[0-9]+$/.test(raw) || Number(raw) < min || Number(raw) > max) {
    throw new InputError(
      'ERR_OFM_VAR_INVALID',
      `${name} is "${raw.slice(0, 20)}", not a whole number from ${min} to ${max}.`,
    );
  }
  return Number(raw);
}

/** The request-object inputs that come from variables, validated. */
export interface ConsentSettings {
  readonly clientId: string;
  readonly issuer: string;
  readonly redirectUri: string;
  readonly scope: string;
  readonly maxAge: number;
  readonly claims: Record<string, unknown>;
  readonly detail: ConsentDetail;
  readonly lifetime: number;
}

/** Reads and validates every input of the request object; `nowMs` dates the consent expiry. */
export function readConsentSettings(get: Get, nowMs: number): ConsentSettings {
  const clientId = need(get, VAR.clientId, 'for the request object');
  const issuer = need(get, VAR.issuer, 'as the request object audience');
  const redirectUri = need(get, VAR.redirectUri, 'for the consent journey');
  const dcId = need(get, VAR.dcId, 'in authorization_details');
  const dpId = need(get, VAR.dpId, 'in authorization_details (the Providers request sets it)');
  const scope = value(get, VAR.consentScope) ?? CONSENT_DEFAULTS.scope;
  const purpose = value(get, VAR.consentPurpose) ?? CONSENT_DEFAULTS.purpose;
  const permissions = (value(get, VAR.consentPermissions) ?? CONSENT_DEFAULTS.permissions)
    .split(/[\s,]+/)
    .filter(Boolean);
  const days = wholeNumber(get, VAR.consentExpiryDays, CONSENT_DEFAULTS.expiryDays, 1, 3650);
  const maxAge = wholeNumber(get, VAR.maxAge, CONSENT_DEFAULTS.maxAge, 0, 31_536_000);
  const lifetime = wholeNumber(
    get,
    VAR.requestObjectLifetime,
    String(DEFAULT_REQUEST_OBJECT_LIFETIME),
    1,
    MAX_REQUEST_OBJECT_LIFETIME,
  );
  let claims: Record<string, unknown>;
  try {
    claims = JSON.parse(value(get, VAR.claimsRequest) ?? CONSENT_DEFAULTS.claims) as Record<
      string,
      unknown
    >;
    if (typeof claims !== 'object' || claims === null || Array.isArray(claims))
      throw new Error('not an object');
  } catch (cause) {
    throw new InputError('ERR_OFM_VAR_INVALID', `${VAR.claimsRequest} is not a JSON object.`, {
      cause,
    });
  }
  const expiry = new Date(nowMs + days * 86_400_000).toISOString().replace(/\.\d{3}Z$/, 'Z');
  return {
    clientId,
    issuer,
    redirectUri,
    scope,
    maxAge,
    claims,
    lifetime,
    detail: {
      type: CONSENT_TYPE,
      consent: {
        dc_id: dcId,
        dp_id: dpId,
        consent_type: CONSENT_TYPE,
        consent_purpose: purpose,
        permissions,
        expiration_datetime: expiry,
      },
    },
  };
}

/** PKCE S256 challenge (RFC 7636 section 4.2) from a verifier, given a SHA-256 over bytes. */
export function pkceChallenge(
  verifier: string,
  sha256Base64url: (ascii: string) => string,
): string {
  if (!/^[A-Za-z0-9\-._~]{43,128}$/.test(verifier))
    throw new Error('code_verifier must be 43 to 128 unreserved characters');
  return sha256Base64url(verifier);
}
