/** Verifies an ID token: PS256 only (never none or another alg) against the issuer's JWKS (from the JWKS request, else fetched). */
import { clockOffsetMs } from '../../shared/clock.js';
import { checkIdTokenClaims } from '../../shared/id-token.js';
import { FlowError } from '../../shared/errors/flow-errors.js';
import { VAR } from '../../shared/variables.js';
import { verifyJws } from './response-crypto.js';

type Jwks = { keys: Array<Record<string, unknown>> };

/** Calls back with the key set: the stored one, or a fresh one from jwks_uri. */
export function withOfpJwks(
  done: (error: Error | undefined, jwks: Jwks | undefined) => void,
): void {
  const stored = pm.variables.get(VAR.ofpJwks);
  if (stored) {
    try {
      done(undefined, JSON.parse(stored) as Jwks);
      return;
    } catch {
      // Not JSON: fetch it again below.
    }
  }
  const uri = pm.variables.get(VAR.jwksUri);
  if (!uri) {
    done(new FlowError('ERR_OFM_JWKS_UNAVAILABLE', `${VAR.jwksUri} is not set.`), undefined);
    return;
  }
  pm.sendRequest(
    { url: uri, method: 'GET', header: [{ key: 'Accept', value: 'application/json' }] },
    (error, response) => {
      try {
        if (error || response === undefined || response.code !== 200)
          throw new Error('fetch failed');
        const jwks = response.json() as Jwks;
        pm.environment.set(VAR.ofpJwks, JSON.stringify(jwks));
        done(undefined, jwks);
      } catch {
        done(
          new FlowError('ERR_OFM_JWKS_UNAVAILABLE', `the key set at ${uri} could not be fetched.`),
          undefined,
        );
      }
    },
  );
}

/** The ID token's claims after signature and claim checks; throws a coded error. */
export function verifyIdToken(idToken: string, jwks: Jwks): Record<string, unknown> {
  let payload: Record<string, unknown>;
  try {
    payload = verifyJws(idToken, jwks).payload;
  } catch (error) {
    const detail =
      error instanceof Error ? error.message.replace(/^ERR_OFM_[A-Z_]+: /, '') : String(error);
    throw new FlowError('ERR_OFM_ID_TOKEN_INVALID', `ID token: ${detail}`);
  }
  checkIdTokenClaims(payload, {
    issuer: pm.variables.get(VAR.issuer) ?? '',
    clientId: pm.variables.get(VAR.clientId) ?? '',
    nonce: pm.variables.get(VAR.nonce) ?? '',
    nowMs: Date.now() + clockOffsetMs((name) => pm.variables.get(name)),
  });
  return payload;
}
