/**
 * Test script of the Discovery request: checks the metadata FAPI 2.0 and PayNet require and stores
 * every endpoint the later requests use (mTLS aliases win for back-channel endpoints). A document
 * whose issuer is not the configured one is refused and nothing of it is kept; Discovery then
 * counts as failed, so no later request goes to that server.
 */
import { parseAuthMethod } from '../../shared/client-assertion.js';
import { ENDPOINT_FIELDS, endpointsFromDiscovery } from '../../shared/discovery.js';
import { FlowError } from '../../shared/errors/flow-errors.js';
import { VAR } from '../../shared/variables.js';
import { expectEqual, expectStatus, expectTrue } from '../lib/expect.js';
import { check, finishStep, responseObject, store } from '../pm/checks.js';
import { learnServerClock } from '../pm/clock.js';
import { errorLine } from '../pm/report.js';

learnServerClock();

check('Discovery: HTTP 200 with a JSON document', () => {
  expectStatus(pm.response.code, 200);
  responseObject();
});

let doc: Record<string, unknown> = {};
try {
  doc = responseObject();
} catch {
  // Already reported by the check above; the checks below then fail with their own reasons.
}

const issuer = pm.variables.get(VAR.issuer);
const issuerMatches = doc['issuer'] === issuer;
check('Discovery: issuer equals the configured issuer (OpenID Connect Discovery 4.3)', () => {
  if (!issuerMatches)
    throw new Error(
      errorLine(
        new FlowError(
          'ERR_OFM_ISSUER_MISMATCH',
          `the discovery document's issuer is ${JSON.stringify(doc['issuer'])}, not ${JSON.stringify(issuer)}; nothing more is sent to this server.`,
        ),
      ),
    );
});

check('Discovery: the chosen client authentication method is supported', () => {
  const method = parseAuthMethod(pm.variables.get(VAR.authMethod));
  const supported = doc['token_endpoint_auth_methods_supported'];
  expectTrue(
    Array.isArray(supported) && supported.includes(method),
    `${method} is not in token_endpoint_auth_methods_supported (${JSON.stringify(supported)})`,
  );
});

check('Discovery: access tokens are certificate-bound', () => {
  expectEqual(
    doc['tls_client_certificate_bound_access_tokens'],
    true,
    'tls_client_certificate_bound_access_tokens',
  );
});

check('Discovery: every required endpoint is advertised', () => {
  const values = endpointsFromDiscovery(doc);
  const missing = ENDPOINT_FIELDS.filter((f) => f.required && values[f.variable] === undefined);
  expectTrue(missing.length === 0, `missing: ${missing.map((f) => f.field).join(', ')}`);
  // Only a document from the configured issuer may point the journey anywhere.
  if (!issuerMatches) return;
  for (const [name, value] of Object.entries(values)) store(name, value);
  store(
    VAR.issParameterSupported,
    String(doc['authorization_response_iss_parameter_supported'] === true),
  );
});

finishStep('discovery');
