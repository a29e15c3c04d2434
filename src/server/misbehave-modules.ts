/**
 * The conformance-suite modules the sandbox can play, one entry each: its name, what the server
 * does in it (description), and the change that does it (effect). misbehave.ts and
 * provider-config.ts apply the effects; the CLI lists the names without loading the sandbox, so
 * this module imports nothing. An entry cannot be written without its effect (the type needs it),
 * so a name can no longer quietly behave as happy-path.
 */

/** A JSON object the sandbox sends: a discovery document, token response or ID token claims. */
export type Json = Record<string, unknown>;

/** Where a module changes what oidc-provider produced, and how. */
export type MisbehaviourEffect =
  /** Nothing: the sandbox behaves. */
  | { readonly on: 'nothing' }
  /** The discovery document. */
  | { readonly on: 'discovery'; readonly change: (document: Json) => void }
  /**
   * The ID token of the authorization-code response, re-issued: its claims changed (`nowS` is
   * the time in seconds), signed with another alg (`none`: unsigned), or by a key not in the JWKS.
   */
  | {
      readonly on: 'id-token';
      readonly claims?: (claims: Json, nowS: number) => void;
      readonly alg?: 'none' | 'RS256';
      readonly signer?: 'stranger';
    }
  /** The query of the redirect to the redirect URI (the authorization response). */
  | { readonly on: 'authorization-response'; readonly change: (query: URLSearchParams) => void }
  /** Every token response. */
  | { readonly on: 'token-response'; readonly change: (body: Json) => void }
  /** A new refresh token at every refresh (oidc-provider's rotateRefreshToken). */
  | { readonly on: 'refresh-token-rotation' };

/** One module: what the server does in it, and the effect that does it. */
export interface MisbehaviourModule {
  readonly description: string;
  readonly effect: MisbehaviourEffect;
}

const plus1 = (value: unknown) => `${String(value)}1`;

/** Every module, in the order the CLI lists them. */
export const MISBEHAVIOURS = {
  'happy-path': { description: 'behaves', effect: { on: 'nothing' } },
  'discovery-issuer-mismatch': {
    description: 'discovery names another issuer (the issuer + "INVALID")',
    effect: { on: 'discovery', change: (d) => (d['issuer'] = `${String(d['issuer'])}INVALID`) },
  },
  'invalid-iss': {
    description: 'the ID token iss is the issuer + "1"',
    effect: { on: 'id-token', claims: (c) => (c['iss'] = plus1(c['iss'])) },
  },
  'invalid-aud': {
    description: 'the ID token aud is the client_id + "1"',
    effect: { on: 'id-token', claims: (c) => (c['aud'] = plus1(c['aud'])) },
  },
  'invalid-secondary-aud': {
    description: 'the ID token aud is [client_id, client_id + "1"]: an untrusted audience',
    effect: { on: 'id-token', claims: (c) => (c['aud'] = [c['aud'], plus1(c['aud'])]) },
  },
  'invalid-null-alg': {
    description: 'the ID token is unsigned (alg none)',
    effect: { on: 'id-token', alg: 'none' },
  },
  'invalid-alternate-alg': {
    description: 'the ID token is signed RS256 instead of PS256',
    effect: { on: 'id-token', alg: 'RS256' },
  },
  'invalid-expired-exp': {
    description: 'the ID token expired 6 minutes ago',
    effect: { on: 'id-token', claims: (c, now) => (c['exp'] = now - 360) },
  },
  'invalid-missing-exp': {
    description: 'the ID token has no exp',
    effect: { on: 'id-token', claims: (c) => delete c['exp'] },
  },
  'invalid-missing-aud': {
    description: 'the ID token has no aud',
    effect: { on: 'id-token', claims: (c) => delete c['aud'] },
  },
  'invalid-missing-iss': {
    description: 'the ID token has no iss',
    effect: { on: 'id-token', claims: (c) => delete c['iss'] },
  },
  'valid-aud-as-array': {
    description: 'the ID token aud is [client_id] (valid)',
    effect: { on: 'id-token', claims: (c) => (c['aud'] = [c['aud']]) },
  },
  'invalid-nonce': {
    description: 'the ID token nonce is the nonce + "1"',
    effect: { on: 'id-token', claims: (c) => (c['nonce'] = plus1(c['nonce'])) },
  },
  'invalid-missing-nonce': {
    description: 'the ID token has no nonce',
    effect: { on: 'id-token', claims: (c) => delete c['nonce'] },
  },
  'invalid-authorization-response-iss': {
    description: 'the authorization response iss is the issuer + "1" (iss support is advertised)',
    effect: { on: 'authorization-response', change: (q) => q.set('iss', `${q.get('iss') ?? ''}1`) },
  },
  'remove-authorization-response-iss': {
    description: 'the authorization response has no iss (iss support is advertised)',
    effect: { on: 'authorization-response', change: (q) => q.delete('iss') },
  },
  'ensure-authorization-response-with-invalid-state-fails': {
    description: 'the authorization response state is the state + "1"',
    effect: {
      on: 'authorization-response',
      change: (q) => q.set('state', `${q.get('state') ?? ''}1`),
    },
  },
  'ensure-authorization-response-with-invalid-missing-state-fails': {
    description: 'the authorization response has no state',
    effect: { on: 'authorization-response', change: (q) => q.delete('state') },
  },
  'token-endpoint-response-without-expires_in': {
    description: 'token responses have no expires_in (valid)',
    effect: { on: 'token-response', change: (body) => delete body['expires_in'] },
  },
  'token-type-case-insensitivity': {
    description: 'token responses say token_type "bEARER" (valid)',
    effect: { on: 'token-response', change: swapTokenTypeCase },
  },
  'refresh-token-test': {
    description: 'every refresh returns a new refresh token (valid)',
    effect: { on: 'refresh-token-rotation' },
  },
  'invalid-signature': {
    description: 'the ID token signature is by a key not in the JWKS (ours)',
    effect: { on: 'id-token', signer: 'stranger' },
  },
  'invalid-future-iat': {
    description: 'the ID token iat is an hour in the future (ours)',
    effect: { on: 'id-token', claims: (c, now) => (c['iat'] = now + 3600) },
  },
  'invalid-azp': {
    description: 'the ID token azp is the client_id + "1" (ours)',
    effect: { on: 'id-token', claims: (c) => (c['azp'] = plus1(c['aud'])) },
  },
} as const satisfies Readonly<Record<string, MisbehaviourModule>>;

/** "Bearer" becomes "bEARER": token_type is case-insensitive (RFC 6749 5.1). */
function swapTokenTypeCase(body: Json): void {
  const type = body['token_type'];
  if (typeof type !== 'string') return;
  body['token_type'] = [...type]
    .map((c) => (c === c.toUpperCase() ? c.toLowerCase() : c.toUpperCase()))
    .join('');
}

export type Misbehaviour = keyof typeof MISBEHAVIOURS;
export const MISBEHAVIOUR_NAMES = Object.keys(MISBEHAVIOURS) as Misbehaviour[];

export function isMisbehaviour(name: string): name is Misbehaviour {
  return Object.hasOwn(MISBEHAVIOURS, name);
}

/** The effect of a module (typed as the union, so a caller handles every kind). */
export function effectOf(module: Misbehaviour): MisbehaviourEffect {
  return (MISBEHAVIOURS as Readonly<Record<Misbehaviour, MisbehaviourModule>>)[module].effect;
}
