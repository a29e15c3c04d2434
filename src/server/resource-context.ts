/**
 * What the resource server needs from the rest of the sandbox: the tokens the provider issued,
 * the registered clients, the consents and the platform's signing key. One running sandbox builds
 * it once (sandbox.ts).
 */
import type { KeyObject } from 'node:crypto';
import type { JSONWebKeySet } from 'jose';
import type Provider from 'oidc-provider';
import { registeredDcId, registeredJwks } from './clients.js';
import type { ConsentStore } from './consents.js';
import type { ProviderInputs } from './provider-config.js';

/** What the resource server learns about an access token. */
export interface TokenInfo {
  readonly clientId: string;
  readonly scopes: ReadonlySet<string>;
  readonly certThumbprint: string | undefined;
  /** The consent the token was granted for (authorization code and refresh grants). */
  readonly consentId: string | undefined;
}

export interface ResourceServerContext {
  readonly rsBaseUrl: string;
  introspect(token: string): Promise<TokenInfo | undefined>;
  clientJwks(clientId: string): JSONWebKeySet | undefined;
  clientDcId(clientId: string): string | undefined;
  readonly consents: ConsentStore;
  /** The platform key that signs responses (and nested payloads). */
  readonly signingKey: KeyObject;
  readonly signingKid: string;
  /** Plaintext of the JWE: a nested signed JWT (cty JWT, as PayNet's samples) or plain JSON. */
  readonly jwePayload: 'nested-jwt' | 'json';
  revokeGrant(grantId: string): Promise<void>;
  /** x-signature jtis seen, with their exp, to refuse replays. */
  readonly seenSignatureJtis: Map<string, number>;
  log(event: Record<string, unknown>): void;
}

/** What oidc-provider keeps of an access token that the resource server reads. */
interface StoredToken {
  clientId: string;
  scope?: string;
  'x5t#S256'?: string;
  rar?: Array<{ consent?: { consent_id?: string } }>;
}

/** An active access token or client-credentials token the provider issued, or undefined. */
async function introspectWith(provider: Provider, token: string): Promise<TokenInfo | undefined> {
  const found =
    (await provider.AccessToken.find(token)) ?? (await provider.ClientCredentials.find(token));
  if (found === undefined || found.isExpired) return undefined;
  const model = found as unknown as StoredToken;
  return {
    clientId: model.clientId,
    scopes: new Set((model.scope ?? '').split(' ').filter(Boolean)),
    certThumbprint: model['x5t#S256'],
    consentId: model.rar?.find((d) => d.consent?.consent_id)?.consent?.consent_id,
  };
}

/** The resource server's view of one running sandbox. */
export function resourceServerContext(
  provider: Provider,
  inputs: ProviderInputs,
): ResourceServerContext {
  const { store, config } = inputs;
  return {
    rsBaseUrl: inputs.issuer,
    introspect: (token) => introspectWith(provider, token),
    clientJwks: registeredJwks(inputs.clientJwks),
    clientDcId: registeredDcId,
    consents: inputs.consents,
    signingKey: inputs.platformKey.key,
    signingKid: inputs.platformKey.jwk.kid as string,
    jwePayload: config.jwePayload,
    revokeGrant: async (grantId) => {
      store.deleteGrant(grantId);
      await (await provider.Grant.find(grantId))?.destroy();
    },
    seenSignatureJtis: new Map<string, number>(),
    log: config.log,
  };
}
