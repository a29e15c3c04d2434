/**
 * RSA-OAEP-256 key unwrapping (RFC 7518 section 4.3) for JWE: the BigInt CRT private operation,
 * then jsrsasign's EME-OAEP decoding with SHA-256.
 */
import { FlowError } from '../../shared/errors/flow-errors.js';
import { fromHex } from '../../shared/encoding.js';
import type { JsrsasignModule, RsaPrivateKey } from './jsrsasign.js';

/** The content-encryption key inside `encryptedKeyB64u`, as bytes. */
export function rsaOaep256Decrypt(
  lib: JsrsasignModule,
  key: RsaPrivateKey,
  encryptedKeyB64u: string,
): number[] {
  const size = Math.ceil(key.n.bitLength() / 8);
  try {
    const em = key
      .doPrivate(new lib.BigInteger(lib.b64utohex(encryptedKeyB64u), 16))
      .toString(16)
      .padStart(size * 2, '0');
    return fromHex(
      lib.rstrtohex(lib.oaep_unpad({ toByteArray: () => fromHex(em) }, size, 'sha256')),
    );
  } catch (cause) {
    throw new FlowError(
      'ERR_OFM_JWE_INVALID',
      'the JWE encrypted key does not decrypt with encryption_private_key (RSA-OAEP-256).',
      { cause },
    );
  }
}
