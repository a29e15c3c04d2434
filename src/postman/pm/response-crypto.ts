/**
 * Response checks in test scripts, on the run's jsrsasign from the collection-level bundle:
 * PS256 verification against a key set, and the JWE key unwrapping with the encryption key.
 */
import { InputError } from '../../shared/errors/input-errors.js';
import { VAR } from '../../shared/variables.js';
import { requireBundleApi } from '../lib/bundle-api.js';
import { cachedEncryptionKey } from '../lib/client-assertion.js';
import { verifyCompactPs256, type JwkSet } from '../lib/jws.js';
import { rsaOaep256Decrypt } from '../lib/rsa-oaep.js';

export function verifyJws(
  jws: string,
  jwks: JwkSet,
): { header: Record<string, unknown>; payload: Record<string, unknown> } {
  return verifyCompactPs256(requireBundleApi().toolkit().lib, jws, jwks);
}

/** The JWE content-encryption key under encryption_private_key (RSA-OAEP-256). */
export function unwrapKey(encryptedKeyB64u: string): number[] {
  const { lib, cache } = requireBundleApi().toolkit();
  const pem = pm.variables.get(VAR.encryptionPrivateKey);
  if (!pem)
    throw new InputError(
      'ERR_OFM_VAR_MISSING',
      `${VAR.encryptionPrivateKey} is not set; it decrypts account data.`,
    );
  const key = cachedEncryptionKey(
    lib,
    cache,
    pem,
    pm.variables.get(VAR.encryptionKeyPassphrase) ?? '',
  );
  return rsaOaep256Decrypt(lib, key, encryptedKeyB64u);
}
