/**
 * Folder-level test script of "Account data": checks every OFP data response before the request's
 * own tests see it. The body must be a PS256 JWS (application/jose) that verifies against the
 * response key set (response_jwks_uri, else jwks_uri; cached at most 15 minutes, fetched again
 * when a kid is unknown), with iss = consent_id, aud containing "Paynet OFP" and dp_id, and a
 * valid nbf/exp; its `data` claim is a JWE (RSA-OAEP-256 + A256GCM) to encryption_private_key,
 * whose plaintext is a nested signed JWT or JSON. The decrypted JSON is exposed as the
 * request-scoped variable `decrypted_data` and on the console.
 */
import { base64urlDecode, utf8Decode } from '../../shared/encoding.js';
import { ACCOUNT_DATA_LOG_PREFIX, PRINT_ACCOUNT_DATA } from '../../shared/log-lines.js';
import { FlowError } from '../../shared/errors/flow-errors.js';
import { OFP_AUDIENCE } from '../../shared/x-signature.js';
import { clockOffsetMs } from '../../shared/clock.js';
import { VAR } from '../../shared/variables.js';
import { decryptCompactJwe } from '../lib/jwe.js';
import { check } from '../pm/checks.js';
import { errorLine } from '../pm/report.js';
import { unwrapKey, verifyJws } from '../pm/response-crypto.js';

type Jwks = { keys: Array<Record<string, unknown>> };
const JWKS_MAX_AGE_MS = 15 * 60 * 1000;
const SKEW_SECONDS = 60;
/** Three base64url parts: a nested signed JWT (JSON always has braces, so never matches). */
const COMPACT_JWS = /^[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+$/;

function fail(error: unknown): never {
  throw new Error(errorLine(error), { cause: error });
}

function kidOf(jws: string): unknown {
  try {
    return (
      JSON.parse(utf8Decode(base64urlDecode(jws.split('.')[0] ?? ''))) as Record<string, unknown>
    )['kid'];
  } catch {
    return undefined; // reported when the signature is checked
  }
}

/** The response key set, from the cache when fresh and it has the kid, else fetched. */
function withResponseJwks(
  kid: unknown,
  done: (jwks: Jwks | undefined, error?: unknown) => void,
): void {
  const cached = pm.variables.get(VAR.responseJwks);
  if (cached) {
    try {
      const entry = JSON.parse(cached) as { fetchedAt: number; jwks: Jwks };
      if (
        Date.now() - entry.fetchedAt < JWKS_MAX_AGE_MS &&
        entry.jwks.keys.some((k) => k['kid'] === kid)
      ) {
        done(entry.jwks);
        return;
      }
    } catch {
      // A damaged cache entry: fetch again.
    }
  }
  const uri = pm.variables.get(VAR.responseJwksUri) || pm.variables.get(VAR.jwksUri);
  if (!uri) {
    done(
      undefined,
      new FlowError(
        'ERR_OFM_JWKS_UNAVAILABLE',
        `neither ${VAR.responseJwksUri} nor ${VAR.jwksUri} is set.`,
      ),
    );
    return;
  }
  pm.sendRequest(
    { url: uri, method: 'GET', header: [{ key: 'Accept', value: 'application/json' }] },
    (error, response) => {
      if (error || response === undefined || response.code !== 200) {
        done(
          undefined,
          new FlowError('ERR_OFM_JWKS_UNAVAILABLE', `the key set at ${uri} could not be fetched.`),
        );
        return;
      }
      const jwks = response.json() as Jwks;
      pm.environment.set(VAR.responseJwks, JSON.stringify({ fetchedAt: Date.now(), jwks }));
      done(jwks);
    },
  );
}

if (pm.response.code === 200) {
  const type = pm.response.headers.get('Content-Type') ?? '';
  check('Data: the response is application/jose', () => {
    if (!/^application\/jose\b/i.test(type))
      fail(
        new FlowError(
          'ERR_OFM_RESPONSE_INVALID',
          `the Content-Type is ${type || 'missing'}, not application/jose.`,
        ),
      );
  });
  const jws = pm.response.text().trim();
  withResponseJwks(kidOf(jws), (jwks, jwksError) => {
    let payload: Record<string, unknown> | undefined;
    check('Data: the response JWS verifies (PS256, key by kid)', () => {
      if (jwks === undefined) fail(jwksError);
      try {
        payload = verifyJws(jws, jwks).payload;
      } catch (error) {
        fail(error);
      }
    });
    check('Data: iss is the consent_id, aud has "Paynet OFP" and the dp_id, nbf/exp valid', () => {
      if (payload === undefined) throw new Error('no verified payload');
      // By the server's clock when it is known (clock_skew).
      const now = Math.floor((Date.now() + clockOffsetMs((n) => pm.variables.get(n))) / 1000);
      const aud = payload['aud'];
      const problems = [
        payload['iss'] !== pm.variables.get(VAR.consentId) ? 'iss is not the consent_id' : '',
        !Array.isArray(aud) ||
        !aud.includes(OFP_AUDIENCE) ||
        !aud.includes(pm.variables.get(VAR.dpId))
          ? `aud lacks "${OFP_AUDIENCE}" or the dp_id`
          : '',
        typeof payload['exp'] !== 'number' || payload['exp'] + SKEW_SECONDS < now
          ? 'it has expired'
          : '',
        typeof payload['nbf'] === 'number' && payload['nbf'] - SKEW_SECONDS > now
          ? 'it is not valid yet'
          : '',
      ].filter(Boolean);
      if (problems.length > 0)
        fail(
          new FlowError('ERR_OFM_RESPONSE_INVALID', `the response JWS: ${problems.join('; ')}.`),
        );
    });
    check('Data: the JWE decrypts (RSA-OAEP-256, A256GCM) to JSON', () => {
      if (payload === undefined) throw new Error('no verified payload');
      let data: unknown;
      try {
        const { plaintext } = decryptCompactJwe(String(payload['data'] ?? ''), unwrapKey);
        // cty JWT: a nested signed JWT, verified with the same key set; otherwise JSON.
        data =
          COMPACT_JWS.test(plaintext) && jwks !== undefined
            ? verifyJws(plaintext, jwks).payload
            : JSON.parse(plaintext);
      } catch (error) {
        fail(error);
      }
      pm.variables.set('decrypted_data', JSON.stringify(data));
      // Account holders' data: on the console (and so in CI logs) only when asked for.
      const shown =
        pm.variables.get(PRINT_ACCOUNT_DATA) === 'true'
          ? JSON.stringify(data).slice(0, 2000)
          : `not printed (set ${PRINT_ACCOUNT_DATA} to true to print it)`;
      console.log(`${ACCOUNT_DATA_LOG_PREFIX}${pm.info.requestName ?? 'response'}: ${shown}`);
    });
  });
}
