/**
 * The names of the conformance-suite modules the sandbox can play (misbehave.ts applies them).
 * Apart from misbehave.ts so the CLI can list them without loading the sandbox.
 */

/** Every module, with what the server does in it. */
export const MISBEHAVIOURS = {
  'happy-path': 'behaves',
  'discovery-issuer-mismatch': 'discovery names another issuer (the issuer + "INVALID")',
  'invalid-iss': 'the ID token iss is the issuer + "1"',
  'invalid-aud': 'the ID token aud is the client_id + "1"',
  'invalid-secondary-aud':
    'the ID token aud is [client_id, client_id + "1"]: an untrusted audience',
  'invalid-null-alg': 'the ID token is unsigned (alg none)',
  'invalid-alternate-alg': 'the ID token is signed RS256 instead of PS256',
  'invalid-expired-exp': 'the ID token expired 6 minutes ago',
  'invalid-missing-exp': 'the ID token has no exp',
  'invalid-missing-aud': 'the ID token has no aud',
  'invalid-missing-iss': 'the ID token has no iss',
  'valid-aud-as-array': 'the ID token aud is [client_id] (valid)',
  'invalid-nonce': 'the ID token nonce is the nonce + "1"',
  'invalid-missing-nonce': 'the ID token has no nonce',
  'invalid-authorization-response-iss':
    'the authorization response iss is the issuer + "1" (iss support is advertised)',
  'remove-authorization-response-iss':
    'the authorization response has no iss (iss support is advertised)',
  'ensure-authorization-response-with-invalid-state-fails':
    'the authorization response state is the state + "1"',
  'ensure-authorization-response-with-invalid-missing-state-fails':
    'the authorization response has no state',
  'token-endpoint-response-without-expires_in': 'token responses have no expires_in (valid)',
  'token-type-case-insensitivity': 'token responses say token_type "bEARER" (valid)',
  'refresh-token-test': 'every refresh returns a new refresh token (valid)',
  'invalid-signature': 'the ID token signature is by a key not in the JWKS (ours)',
  'invalid-future-iat': 'the ID token iat is an hour in the future (ours)',
  'invalid-azp': 'the ID token azp is the client_id + "1" (ours)',
} as const;

export type Misbehaviour = keyof typeof MISBEHAVIOURS;
export const MISBEHAVIOUR_NAMES = Object.keys(MISBEHAVIOURS) as Misbehaviour[];

export function isMisbehaviour(name: string): name is Misbehaviour {
  return Object.hasOwn(MISBEHAVIOURS, name);
}
