/**
 * The claims checks of an ID token (OpenID Connect Core 1.0 section 3.1.3.7, FAPI 2.0 Security
 * Profile 5.3), after its PS256 signature was verified against the issuer's JWKS:
 *
 * - iss is exactly the issuer;
 * - aud is the client_id, or an array holding the client_id and no other (untrusted) audience;
 * - azp, when present, is the client_id;
 * - exp is present and not past; iat is present and not in the future (both with a small leeway);
 * - nonce is present and the one this flow sent.
 */
import { OfmError } from './errors/ofm-error.js';
import { FlowError } from './errors/flow-errors.js';

/** Allowed difference between the server's clock and ours, seconds. */
export const ID_TOKEN_CLOCK_SKEW = 60;

export interface IdTokenExpectations {
  readonly issuer: string;
  readonly clientId: string;
  readonly nonce: string;
  /** Now by the clock that dates this flow (the server's, when learnt). */
  readonly nowMs: number;
}

function invalid(message: string): OfmError {
  return new FlowError('ERR_OFM_ID_TOKEN_INVALID', `ID token ${message}.`, {
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
  const audiences: unknown[] = Array.isArray(aud) ? aud : [aud];
  if (!audiences.includes(expected.clientId))
    throw invalid(`aud does not contain the client_id ${expected.clientId}`);
  const others = audiences.filter((a) => a !== expected.clientId);
  if (others.length > 0)
    throw invalid(`aud carries an audience this client does not trust: ${JSON.stringify(others)}`);
  if (claims['azp'] !== undefined && claims['azp'] !== expected.clientId)
    throw invalid(`azp is ${JSON.stringify(claims['azp'])}, not the client_id`);
  const exp = claims['exp'];
  const iat = claims['iat'];
  if (typeof exp !== 'number') throw invalid('has no exp');
  if (exp + ID_TOKEN_CLOCK_SKEW < now) throw invalid(`expired ${now - exp} s ago (exp)`);
  if (typeof iat !== 'number') throw invalid('has no iat');
  if (iat - ID_TOKEN_CLOCK_SKEW > now)
    throw invalid(`was issued ${iat - now} s in the future (iat)`);
  if (typeof claims['nonce'] !== 'string') throw invalid('has no nonce');
  if (claims['nonce'] !== expected.nonce) throw invalid('nonce is not the one this flow sent');
}
