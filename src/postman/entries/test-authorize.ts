/**
 * Test script of the Authorize request. Against the local sandbox the redirects end at the
 * redirect URI, which shows the authorization response (the Bruno collection stops at the redirect
 * to it and reads its Location): `state` and `iss` are checked (RFC 9207:
 * iss is required when discovery advertises it) and the code is kept only when both are right,
 * so a forged response's code is never redeemed. Against PayNet a person must log in at the
 * bank: the URL to open is printed and stored, and the token exchange explains what to paste.
 */
import { FlowError } from '../../shared/errors/flow-errors.js';
import { VAR } from '../../shared/variables.js';
import { check, finishStep, store } from '../pm/checks.js';
import { errorLine } from '../pm/report.js';

function decoded(text: string): string {
  try {
    return decodeURIComponent(text.replace(/\+/g, ' '));
  } catch {
    return text;
  }
}

/**
 * The parameters of a redirect to the redirect URI that the client did not follow: Bruno's
 * collection stops there, so the code never enters a URL its reports record.
 */
function redirectParams(): Record<string, unknown> | undefined {
  const location = pm.response.headers.get('location');
  const redirectUri = pm.variables.get(VAR.redirectUri);
  if (!location || !redirectUri || !location.startsWith(`${redirectUri}?`)) return undefined;
  const params: Record<string, unknown> = {};
  const query = location.slice(redirectUri.length + 1).replace(/#.*$/, '');
  for (const part of query.split('&')) {
    const eq = part.indexOf('=');
    if (eq > 0) params[decoded(part.slice(0, eq))] = decoded(part.slice(eq + 1));
  }
  return 'code' in params || 'error' in params ? params : undefined;
}

function callbackParams(): Record<string, unknown> | undefined {
  const redirected = redirectParams();
  if (redirected !== undefined) return redirected;
  try {
    const body = pm.response.json() as Record<string, unknown>;
    return typeof body === 'object' && body !== null && ('code' in body || 'error' in body)
      ? body
      : undefined;
  } catch {
    return undefined; // an HTML login page: the manual path below
  }
}

const params = callbackParams();
if (params === undefined) {
  const url = pm.variables.replaceIn(pm.request.url.toString());
  store(VAR.authorizationUrl, url);
  console.log(
    `Open this URL in a browser, log in at the bank and approve; then paste the code from the redirect into ${VAR.authorizationCode}: ${url}`,
  );
  check(
    `Authorize: a person must approve at the bank: open ${VAR.authorizationUrl} (printed in the console), then set ${VAR.authorizationCode}`,
    () => undefined,
  );
  finishStep('authorize');
} else {
  check('Authorize: the authorization server returned a code', () => {
    if (typeof params['error'] === 'string') {
      throw new Error(
        errorLine(
          new FlowError(
            'ERR_OFM_AUTHORIZATION_FAILED',
            `the authorization response is ${String(params['error'])}: ${String(params['error_description'] ?? '')}.`,
          ),
        ),
      );
    }
    if (typeof params['code'] !== 'string' || params['code'] === '')
      throw new Error('no code in the authorization response');
  });
  const state = pm.variables.get(VAR.state);
  check('Authorize: state is the one this flow sent', () => {
    if (params['state'] !== state) {
      throw new Error(
        errorLine(
          new FlowError(
            'ERR_OFM_STATE_MISMATCH',
            params['state'] === undefined
              ? 'the authorization response has no state.'
              : 'the state in the authorization response is not the one this flow sent.',
          ),
        ),
      );
    }
  });
  // RFC 9207: when the server advertises the iss parameter, it must be there and be the issuer;
  // otherwise, when present, it must still be the issuer.
  const issuer = pm.variables.get(VAR.issuer);
  const issRequired = pm.variables.get(VAR.issParameterSupported) === 'true';
  check('Authorize: iss is the issuer (RFC 9207)', () => {
    const iss = params['iss'];
    if (iss === undefined && !issRequired) return;
    if (iss !== issuer) {
      throw new Error(
        errorLine(
          new FlowError(
            'ERR_OFM_ISSUER_MISMATCH',
            iss === undefined
              ? 'the authorization response has no iss, although discovery advertises it (RFC 9207); the code is not used.'
              : `the authorization response's iss is ${JSON.stringify(iss)}, not the issuer; the code is not used.`,
          ),
        ),
      );
    }
  });
  // The code is kept only when the whole response is good; otherwise it is never redeemed.
  if (finishStep('authorize') && typeof params['code'] === 'string')
    store(VAR.authorizationCode, params['code']);
  else store(VAR.authorizationCode, '');
}
