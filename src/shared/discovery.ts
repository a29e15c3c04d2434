/**
 * Which discovery metadata fields fill which variables.
 *
 * @see https://openid.net/specs/openid-connect-discovery-1_0.html
 * @see https://www.rfc-editor.org/rfc/rfc8705#section-5 (mtls_endpoint_aliases)
 */
import { VAR } from './variables.js';

export interface EndpointField {
  readonly variable: string;
  readonly field: string;
  /** Back-channel endpoints the client calls over mTLS: an mTLS alias, when given, wins. */
  readonly mtls: boolean;
  readonly required: boolean;
}

export const ENDPOINT_FIELDS: readonly EndpointField[] = [
  { variable: VAR.tokenEndpoint, field: 'token_endpoint', mtls: true, required: true },
  {
    variable: VAR.parEndpoint,
    field: 'pushed_authorization_request_endpoint',
    mtls: true,
    required: false,
  },
  {
    variable: VAR.authorizationEndpoint,
    field: 'authorization_endpoint',
    mtls: false,
    required: true,
  },
  {
    variable: VAR.introspectionEndpoint,
    field: 'introspection_endpoint',
    mtls: true,
    required: false,
  },
  { variable: VAR.revocationEndpoint, field: 'revocation_endpoint', mtls: true, required: false },
  { variable: VAR.userinfoEndpoint, field: 'userinfo_endpoint', mtls: true, required: false },
  { variable: VAR.jwksUri, field: 'jwks_uri', mtls: false, required: true },
];

/**
 * The variable values a discovery document gives, aliases applied. Fields that are absent or not
 * strings are left out.
 */
export function endpointsFromDiscovery(doc: Record<string, unknown>): Record<string, string> {
  const aliases =
    typeof doc['mtls_endpoint_aliases'] === 'object' && doc['mtls_endpoint_aliases'] !== null
      ? (doc['mtls_endpoint_aliases'] as Record<string, unknown>)
      : {};
  const values: Record<string, string> = {};
  for (const { variable, field, mtls } of ENDPOINT_FIELDS) {
    const alias = mtls ? aliases[field] : undefined;
    const value = typeof alias === 'string' && alias !== '' ? alias : doc[field];
    if (typeof value === 'string' && value !== '') values[variable] = value;
  }
  return values;
}
