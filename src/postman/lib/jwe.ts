/**
 * Compact JWE decryption for OFP account data: RSA-OAEP-256 key unwrapping (given as a function)
 * and A256GCM content decryption by @noble/ciphers (audited; no hand-written AES-GCM). Any other
 * alg or enc is refused.
 *
 * @see https://www.rfc-editor.org/rfc/rfc7516#section-5.2
 */
import { gcm } from '@noble/ciphers/aes.js';
import { OfmError } from '../../shared/errors/ofm-error.js';
import { FlowError } from '../../shared/errors/flow-errors.js';
import { base64urlDecode, utf8Bytes, utf8Decode } from '../../shared/encoding.js';

export interface DecryptedJwe {
  readonly header: Record<string, unknown>;
  readonly plaintext: string;
}

function invalid(message: string, cause?: unknown): OfmError {
  return new FlowError(
    'ERR_OFM_JWE_INVALID',
    `the encrypted data ${message}.`,
    cause === undefined ? undefined : { cause },
  );
}

export function decryptCompactJwe(
  jwe: string,
  unwrapKey: (encryptedKeyB64u: string) => number[],
): DecryptedJwe {
  const parts = jwe.split('.');
  if (parts.length !== 5) throw invalid('is not a compact JWE (five dot-separated parts)');
  const [protectedHeader, encryptedKey, iv, ciphertext, tag] = parts as [
    string,
    string,
    string,
    string,
    string,
  ];
  let header: Record<string, unknown>;
  try {
    header = JSON.parse(utf8Decode(base64urlDecode(protectedHeader))) as Record<string, unknown>;
  } catch (cause) {
    throw invalid('has a protected header that is not base64url JSON', cause);
  }
  if (header['alg'] !== 'RSA-OAEP-256' || header['enc'] !== 'A256GCM') {
    throw new FlowError(
      'ERR_OFM_JWE_UNSUPPORTED',
      `the encrypted data uses alg ${JSON.stringify(header['alg'])} and enc ${JSON.stringify(header['enc'])}; only RSA-OAEP-256 with A256GCM is accepted.`,
    );
  }
  const key = unwrapKey(encryptedKey);
  if (key.length !== 32) throw invalid(`has a ${key.length}-byte content key; A256GCM needs 32`);
  let plain: Uint8Array;
  try {
    const body = base64urlDecode(ciphertext);
    const sealed = new Uint8Array([...body, ...base64urlDecode(tag)]);
    // The additional authenticated data is the ASCII of the encoded protected header (RFC 7516 5.2 step 14).
    plain = gcm(
      new Uint8Array(key),
      new Uint8Array(base64urlDecode(iv)),
      new Uint8Array(utf8Bytes(protectedHeader)),
    ).decrypt(sealed);
  } catch (cause) {
    throw invalid(
      'fails its authentication tag (changed on the way, or not encrypted for this key)',
      cause,
    );
  }
  return { header, plaintext: utf8Decode(Array.from(plain)) };
}
