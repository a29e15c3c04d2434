/** Signs a `private_key_jwt` client assertion inside the sandbox. */
import {
  buildClientAssertionClaims,
  type ClientAssertionHeader,
  type PrivateKeyJwtSettings,
} from '../../shared/client-assertion.js';
import { toHex, utf8Bytes, uuidV4 } from '../../shared/encoding.js';
import { isOfmError, OfmError } from '../../shared/errors/ofm-error.js';
import { VAR } from '../../shared/variables.js';
import { sha256Hex, type JsrsasignModule, type RsaPrivateKey } from './jsrsasign.js';
import { signCompactPs256 } from './jws.js';
import { parseSigningKey } from './private-key.js';
import type { RandomSource } from './random.js';
import type { RunCache } from './run-cache.js';

/**
 * The parsed key for this PEM and passphrase, from the run cache when it was parsed before in this
 * run (decrypting a PKCS#8 key runs PBKDF2 and costs ~200 ms). The cache key is a digest, so
 * neither the PEM nor the passphrase is kept as a string anywhere.
 */
export function cachedSigningKey(
  lib: JsrsasignModule,
  cache: RunCache,
  pem: string,
  passphrase: string,
): RsaPrivateKey {
  const id = `key:${sha256Hex(lib, toHex(utf8Bytes(`${pem}\u0000${passphrase}`))).slice(0, 32)}`;
  let key = cache[id] as RsaPrivateKey | undefined;
  if (key === undefined) {
    key = parseSigningKey(lib, pem, passphrase);
    cache[id] = key;
  }
  return key;
}

/** Signs a fresh client assertion: PS256, `kid` from the settings, claims as the shared builder makes them. */
export function signClientAssertion(
  lib: JsrsasignModule,
  cache: RunCache,
  settings: PrivateKeyJwtSettings,
  random: RandomSource,
  nowMs: number,
): string {
  const key = cachedSigningKey(lib, cache, settings.privateKeyPem, settings.passphrase);
  const header: ClientAssertionHeader = { alg: 'PS256', kid: settings.kid };
  const claims = buildClientAssertionClaims({
    clientId: settings.clientId,
    audience: settings.audience,
    lifetime: settings.lifetime,
    nowMs,
    jti: uuidV4(random.bytes(16)),
  });
  return signCompactPs256(lib, key, { ...header }, { ...claims }, random);
}

/**
 * The encryption key (`encryption_private_key`, `encryption_key_passphrase`), parsed and cached
 * like the signing key; errors name the encryption variables.
 */
export function cachedEncryptionKey(
  lib: JsrsasignModule,
  cache: RunCache,
  pem: string,
  passphrase: string,
): RsaPrivateKey {
  try {
    return cachedSigningKey(lib, cache, pem, passphrase);
  } catch (error) {
    if (!isOfmError(error)) throw error;
    const rename = (text: string) =>
      text
        .replace(/signing_private_key/g, VAR.encryptionPrivateKey)
        .replace(/signing_key_passphrase/g, VAR.encryptionKeyPassphrase);
    throw new OfmError(error.code, rename(error.message), {
      cause: error,
      hint: rename(error.hint),
    });
  }
}
