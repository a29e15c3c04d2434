/**
 * The claims checks of an ID token (OpenID Connect Core 1.0 section 3.1.3.7), after its PS256
 * signature was verified against the issuer's JWKS.
 */
import { OfmError } from './errors.js';

/** Allowed difference between the server's clock and ours, seconds. */
export const ID_TOKEN_CLOCK_SKEW = 60;

export interface IdTokenExpectations {
  readonly issuer: string;
  readonly clientId: string;
  readonly nonce: string;
  readonly nowMs: number;
}

function invalid(message: string): OfmError {
  return new OfmError('ERR_OFM_ID_TOKEN_INVALID', `ID token ${message}.`, {
    hint: 'the token did not come from the configured issuer for this flow: check issuer, client_id and that the flow was not mixed with another',
  });
}

/** Throws ERR_OFM_ID_TOKEN_INVALID naming the first claim that is wrong. */
export function checkIdTokenClaims(
  claims: Record<string, unknown>,
  expected: IdTokenExpectations,
): void {
  const now = Math.floor(expected.nowMs / 1000);
  if (claims['iss'] !== expected.issuer)
    throw invalid(`iss is ${JSON.stringify(claims['iss'])}, not the issuer ${expected.issuer}`);
  const aud = claims['aud'];
  const audiences = Array.isArray(aud) ? aud : [aud];
  if (!audiences.includes(expected.clientId))
    throw invalid(`aud does not contain the client_id ${expected.clientId}`);
  const exp = claims['exp'];
  const iat = claims['iat'];
  if (typeof exp !== 'number' || exp + ID_TOKEN_CLOCK_SKEW < now)
    throw invalid('has expired (exp)');
  if (typeof iat !== 'number' || iat - ID_TOKEN_CLOCK_SKEW > now)
    throw invalid('was issued in the future (iat)');
  if (claims['nonce'] !== expected.nonce) throw invalid('nonce is not the one this flow sent');
}
