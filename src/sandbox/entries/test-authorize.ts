/**
 * Test script of the Authorize request. Against the local sandbox the redirects end at the
 * redirect URI, which shows the authorization response: the code is captured, `state` and (when
 * present, RFC 9207) `iss` are checked. Against PayNet a person must log in at the bank: the URL
 * to open is printed and stored, and the token exchange explains what to paste.
 */
import { OfmError } from '../../shared/errors.js';
import { VAR } from '../../shared/variables.js';
import { check, store } from '../pm/checks.js';
import { errorLine } from '../pm/report.js';
import '../../shared/flow-error-hints.js';

function callbackParams(): Record<string, unknown> | undefined {
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
} else {
  check('Authorize: the authorization server returned a code', () => {
    if (typeof params['error'] === 'string') {
      throw new Error(
        errorLine(
          new OfmError(
            'ERR_OFM_AUTHORIZATION_FAILED',
            `the authorization response is ${String(params['error'])}: ${String(params['error_description'] ?? '')}.`,
          ),
        ),
      );
    }
    if (typeof params['code'] !== 'string' || params['code'] === '')
      throw new Error('no code in the authorization response');
  });
  check('Authorize: state is the one this flow sent', () => {
    if (params['state'] !== pm.variables.get(VAR.state)) {
      throw new Error(
        errorLine(
          new OfmError(
            'ERR_OFM_STATE_MISMATCH',
            'the state in the authorization response is not the one this flow sent.',
          ),
        ),
      );
    }
  });
  check('Authorize: iss is the issuer (RFC 9207), when present', () => {
    if (params['iss'] !== undefined && params['iss'] !== pm.variables.get(VAR.issuer)) {
      throw new Error(`iss is ${JSON.stringify(params['iss'])}, not the issuer`);
    }
  });
  if (typeof params['code'] === 'string' && params['state'] === pm.variables.get(VAR.state)) {
    store(VAR.authorizationCode, params['code']);
  }
}
