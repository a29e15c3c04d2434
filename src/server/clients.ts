/**
 * The sandbox's client registry: one `private_key_jwt` client (PS256 only) and one
 * `tls_client_auth` client (subject DN), both with certificate-bound access tokens, PAR, signed
 * request objects and the client JWKS from `ofm-postman keys`; and what the resource server looks
 * up about a client.
 */
import type { ClientMetadata } from 'oidc-provider';
import type { JSONWebKeySet } from 'jose';
import {
  LOCAL_CLIENT_IDS,
  LOCAL_DC_ID,
  localLoopbackRedirectUri,
} from '../shared/local-sandbox.js';
import type { SandboxConfig } from './config.js';
import { CONSENT_TYPE } from '../shared/request-object.js';

/** The redirect URIs every client has registered: the sandbox's `/callback` and the loopback one. */
export function registeredRedirectUris(issuer: string, config: Readonly<SandboxConfig>): string[] {
  return [`${issuer}/callback`, localLoopbackRedirectUri(config.loopbackRedirectPort)];
}

/** What registering the clients takes. */
export interface ClientRegistration {
  readonly issuer: string;
  readonly config: Readonly<SandboxConfig>;
  readonly clientJwks: JSONWebKeySet;
  readonly tlsClientSubjectDn: string;
}

/** The clients' metadata, as oidc-provider's `clients` setting takes it. */
export function clientMetadata(inputs: ClientRegistration): ClientMetadata[] {
  const common: Partial<ClientMetadata> = {
    tls_client_certificate_bound_access_tokens: true,
    grant_types: ['authorization_code', 'client_credentials', 'refresh_token'],
    response_types: ['code'],
    redirect_uris: registeredRedirectUris(inputs.issuer, inputs.config),
    scope: 'openid accounts profile email',
    request_object_signing_alg: 'PS256',
    require_signed_request_object: true,
    require_pushed_authorization_requests: true,
    id_token_signed_response_alg: 'PS256',
    authorization_details_types: [CONSENT_TYPE],
    jwks: inputs.clientJwks as ClientMetadata['jwks'],
  };
  return [
    {
      ...common,
      client_id: LOCAL_CLIENT_IDS.private_key_jwt,
      token_endpoint_auth_method: 'private_key_jwt',
      token_endpoint_auth_signing_alg: 'PS256',
    } as ClientMetadata,
    {
      ...common,
      client_id: LOCAL_CLIENT_IDS.tls_client_auth,
      token_endpoint_auth_method: 'tls_client_auth',
      tls_client_auth_subject_dn: inputs.tlsClientSubjectDn,
    } as ClientMetadata,
  ];
}

const KNOWN_CLIENTS: ReadonlySet<string> = new Set(Object.values(LOCAL_CLIENT_IDS));

/** A registered client's JWKS (both share the one from `ofm-postman keys`). */
export function registeredJwks(
  clientJwks: JSONWebKeySet,
): (clientId: string) => JSONWebKeySet | undefined {
  return (clientId) => (KNOWN_CLIENTS.has(clientId) ? clientJwks : undefined);
}

/** A registered client's data consumer id. */
export function registeredDcId(clientId: string): string | undefined {
  return KNOWN_CLIENTS.has(clientId) ? LOCAL_DC_ID : undefined;
}
