/** The client's public JWKS of a test key set: its signing and its encryption key. */
import type { KeyObject } from 'node:crypto';
import { calculateJwkThumbprint, exportJWK, type JWK } from 'jose';

/** A public JWK with kid = RFC 7638 thumbprint, `use`, `alg` and the certificate chain. */
export async function publicJwk(
  publicKey: KeyObject,
  use: 'sig' | 'enc',
  certPem: string,
): Promise<JWK> {
  const jwk = await exportJWK(publicKey);
  const kid = await calculateJwkThumbprint(jwk, 'sha256');
  const der = certPem.replace(/-----[A-Z ]+-----|\s/g, '');
  return {
    kty: jwk.kty,
    kid,
    use,
    alg: use === 'sig' ? 'PS256' : 'RSA-OAEP-256',
    n: jwk.n,
    e: jwk.e,
    x5c: [der],
  };
}
