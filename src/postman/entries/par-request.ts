/**
 * Pre-request script of the PAR request: a fresh PKCE pair, state and nonce, and the request object
 * (JAR) signed PS256 with the signing key, put into the body as `request`. The values the rest of
 * the flow needs are stored in the environment. Bad input fails a named test and skips the request.
 */
import {
  readConsentSettings,
  buildRequestObjectClaims,
  pkceChallenge,
} from '../../shared/request-object.js';
import { clockOffsetMs } from '../../shared/clock.js';
import { VAR } from '../../shared/variables.js';
import { requireBundleApi } from '../lib/bundle-api.js';
import { store } from '../pm/checks.js';
import { get, requestContext, setFormParam } from '../pm/flow.js';
import { failAndSkip } from '../pm/report.js';

try {
  const api = requireBundleApi();
  const context = requestContext('par');
  // Dated by the server's clock when it is known (clock_skew).
  const now = Date.now() + clockOffsetMs(get);
  const settings = readConsentSettings(get, now);
  // 32 random bytes give a 43-character verifier, the shortest RFC 7636 allows, with 256 bits.
  const codeVerifier = api.randomBase64url(get, context, 32);
  const state = api.uuid(get, context);
  const nonce = api.uuid(get, context);
  const claims = buildRequestObjectClaims({
    clientId: settings.clientId,
    issuer: settings.issuer,
    redirectUri: settings.redirectUri,
    scope: settings.scope,
    state,
    nonce,
    codeChallenge: pkceChallenge(codeVerifier, api.sha256Base64url),
    maxAge: settings.maxAge,
    claims: settings.claims,
    authorizationDetails: [settings.detail],
    lifetime: settings.lifetime,
    nowMs: now,
    jti: api.uuid(get, context),
  });
  const requestObject = api.signJws(get, context, claims);
  setFormParam('request', requestObject);
  // Request-scoped, like client_assertion: the body's {{request_object}} placeholder names it.
  pm.variables.set(VAR.requestObject, requestObject);
  store(VAR.codeVerifier, codeVerifier);
  store(VAR.state, state);
  store(VAR.nonce, nonce);
  // A new flow: anything captured for an earlier one is stale.
  for (const name of [VAR.requestUri, VAR.authorizationCode, VAR.authorizationUrl]) store(name, '');
} catch (error) {
  failAndSkip(error);
}
