/**
 * The servers a collection can be pointed at. Endpoint values here are what discovery would give;
 * the Discovery request overwrites them at run time, so they only help when a single request is
 * run on its own.
 */
import {
  LOCAL_CLIENT_IDS,
  LOCAL_DC_ID,
  LOCAL_SANDBOX_DEFAULT_PORT,
} from '../shared/local-sandbox.js';
import type { AuthMethod } from '../shared/variables.js';
import { VAR } from '../shared/variables.js';

export interface Target {
  /** File-name part: `<name>.<auth_method>.postman_environment.json`. */
  readonly name: string;
  readonly title: string;
  readonly description: string;
  readonly issuer: string;
  /** Variable name → value, for the endpoint variables and rs_base_url. */
  readonly endpoints: Readonly<Record<string, string>>;
  /** assertion_audience for this target. */
  readonly assertionAudience: string;
  /** Known client_id per auth method (the local sandbox's fixed clients). */
  readonly clientIds?: Readonly<Record<AuthMethod, string>>;
  /** Other variable values that differ from the defaults for this target. */
  readonly variables?: Readonly<Record<string, string>>;
}

export { LOCAL_SANDBOX_DEFAULT_PORT };

/** Endpoint paths of the local sandbox (oidc-provider's routes plus the resource server). */
export function localEndpoints(origin: string): Record<string, string> {
  return {
    [VAR.tokenEndpoint]: `${origin}/token`,
    [VAR.parEndpoint]: `${origin}/request`,
    [VAR.authorizationEndpoint]: `${origin}/auth`,
    [VAR.introspectionEndpoint]: `${origin}/token/introspection`,
    [VAR.revocationEndpoint]: `${origin}/token/revocation`,
    [VAR.userinfoEndpoint]: `${origin}/me`,
    [VAR.jwksUri]: `${origin}/jwks`,
    [VAR.rsBaseUrl]: origin,
  };
}

/** The local FAPI 2.0 sandbox at `origin` (default https://127.0.0.1:8443). */
export function localTarget(origin = `https://127.0.0.1:${LOCAL_SANDBOX_DEFAULT_PORT}`): Target {
  return {
    name: 'local',
    title: 'local sandbox',
    description: `The local FAPI 2.0 sandbox started by \`ofm-postman sandbox\` at ${origin}.`,
    issuer: origin,
    endpoints: localEndpoints(origin),
    assertionAudience: 'token_endpoint',
    clientIds: LOCAL_CLIENT_IDS,
    // Five providers in pages of two: the collection's paging is exercised on every run.
    variables: {
      [VAR.providersPageSize]: '2',
      [VAR.redirectUri]: `${origin}/callback`,
      [VAR.dcId]: LOCAL_DC_ID,
    },
  };
}

/** PayNet's OFP sandbox, hosts as its developer portal's captured samples show them. */
export const PAYNET_SANDBOX: Target = {
  name: 'paynet-sandbox',
  title: 'PayNet OFP sandbox',
  description:
    "PayNet's Open Finance sandbox (Ozone). The issuer and authorization endpoint are on auth1, the back channel on as1, the resource server on rs1.",
  issuer: 'https://auth1.sandbox.mya.ozoneapi.io',
  endpoints: {
    [VAR.tokenEndpoint]: 'https://as1.sandbox.mya.ozoneapi.io/token',
    [VAR.parEndpoint]: 'https://as1.sandbox.mya.ozoneapi.io/par',
    [VAR.authorizationEndpoint]: 'https://auth1.sandbox.mya.ozoneapi.io/auth',
    [VAR.introspectionEndpoint]: 'https://as1.sandbox.mya.ozoneapi.io/introspection',
    [VAR.revocationEndpoint]: 'https://as1.sandbox.mya.ozoneapi.io/token/revoke',
    [VAR.userinfoEndpoint]: 'https://as1.sandbox.mya.ozoneapi.io/userinfo',
    [VAR.jwksUri]: 'https://s3.eu-west-2.amazonaws.com/jwks.ozoneapi.io/paynet-sandbox-hub.jwks',
    [VAR.rsBaseUrl]: 'https://rs1.sandbox.mya.ozoneapi.io',
  },
  // PayNet's captured sandbox exchanges used the issuer for both token and PAR assertions.
  assertionAudience: 'issuer',
};

/** Built-in targets by name. */
export const BUILT_IN_TARGETS: Readonly<Record<string, Target>> = {
  [PAYNET_SANDBOX.name]: PAYNET_SANDBOX,
  local: localTarget(),
};
