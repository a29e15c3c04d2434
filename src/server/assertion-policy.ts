/**
 * What the sandbox checks in a client assertion besides its signature: aud (issuer or token
 * endpoint; issuer only with strictFapi), jti, iat and exp required, iat/nbf at most 10 s ahead,
 * exp at most a day ahead, the lifetime capped. oidc-provider's own ReplayDetection refuses a
 * replayed jti. Applied through its `assertJwtClientAuthClaimsAndHeader` hook (provider-config.ts).
 *
 * @see https://openid.net/specs/fapi-security-profile-2_0-final.html section 5.3.2.1
 */
import { errors } from 'oidc-provider';
import type { SandboxConfig } from './config.js';

/** Client assertions dated up to this many seconds ahead are accepted (FAPI 2.0: at least 10). */
export const ASSERTION_FUTURE_TOLERANCE_S = 10;
/** An assertion may not expire later than this many seconds from now (a day, as the suite checks). */
export const ASSERTION_MAX_EXP_AHEAD_S = 86_400;

/**
 * What the sandbox checks in a client assertion besides its signature (oidc-provider's own checks
 * also refuse a replayed jti and an expired exp). Returns the reason to refuse, or undefined.
 */
export function assertionClaimsProblem(
  claims: Record<string, unknown>,
  expected: { issuer: string; tokenEndpoint: string; strictFapi: boolean; maxLifetime: number },
  nowS: number,
): string | undefined {
  const { issuer, tokenEndpoint } = expected;
  const aud = claims['aud'];
  if (expected.strictFapi) {
    if (aud !== issuer) return `aud must be exactly the issuer string ${issuer} (strict FAPI 2.0)`;
  } else if (aud !== issuer && aud !== tokenEndpoint) {
    return `aud must be the issuer ${issuer} or the token endpoint ${tokenEndpoint} as a string`;
  }
  const { iat, exp, nbf, jti } = claims;
  if (typeof jti !== 'string' || jti === '') return 'jti is required in the client assertion';
  if (typeof iat !== 'number') return 'iat is required in the client assertion';
  if (iat > nowS + ASSERTION_FUTURE_TOLERANCE_S)
    return `iat is ${iat - nowS} s in the future (at most ${ASSERTION_FUTURE_TOLERANCE_S} s is accepted): check the client's clock`;
  if (typeof nbf === 'number' && nbf > nowS + ASSERTION_FUTURE_TOLERANCE_S)
    return `nbf is ${nbf - nowS} s in the future (at most ${ASSERTION_FUTURE_TOLERANCE_S} s is accepted): check the client's clock`;
  if (typeof exp !== 'number') return 'exp is required in the client assertion';
  if (exp <= nowS)
    return `the client assertion expired ${nowS - exp} s ago: check the client's clock`;
  if (exp - nowS > ASSERTION_MAX_EXP_AHEAD_S)
    return `exp is ${exp - nowS} s ahead, more than ${ASSERTION_MAX_EXP_AHEAD_S} s`;
  if (exp - iat <= 0 || exp - iat > expected.maxLifetime)
    return `client assertion lifetime exp - iat = ${exp - iat} s is outside 1..${expected.maxLifetime} s`;
  return undefined;
}

/**
 * The hook oidc-provider calls with an assertion's claims. Replacing it drops oidc-provider's own
 * FAPI 2.0 aud check, so {@link assertionClaimsProblem} does that too.
 */
export function assertionPolicy(
  issuer: string,
  config: Readonly<SandboxConfig>,
): (ctx: unknown, claims: Record<string, unknown>) => Promise<void> {
  const expected = {
    issuer,
    tokenEndpoint: `${issuer}/token`,
    strictFapi: config.strictFapi,
    maxLifetime: config.maxAssertionLifetime,
  };
  return async (_ctx, claims) => {
    const problem = assertionClaimsProblem(claims, expected, Math.floor(Date.now() / 1000));
    if (problem !== undefined) throw new errors.InvalidClientAuth(problem);
  };
}
