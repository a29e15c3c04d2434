/**
 * Compact JWS with PS256 (RFC 7515 section 7.1, RFC 7518 section 3.5): RSASSA-PSS, SHA-256,
 * MGF1-SHA-256, salt length 32 bytes (the hash length, as RFC 7518 requires).
 */
import { base64url, base64urlText, fromHex, toHex, utf8Bytes } from '../../shared/encoding.js';
import type { JsrsasignModule, RsaPrivateKey } from './jsrsasign.js';
import { sha256Hex } from './jsrsasign.js';
import type { RandomSource } from './random.js';

const PS256_SALT_BYTES = 32;

/**
 * Signs `payload` under `header` and returns the compact serialisation. The PSS salt is drawn from
 * `random`: jsrsasign's own SecureRandom falls back to Math.random in Newman, so its `nextBytes` is
 * pointed at our source for the duration of the call.
 */
export function signCompactPs256(
  lib: JsrsasignModule,
  key: RsaPrivateKey,
  header: Readonly<Record<string, unknown>>,
  payload: Readonly<Record<string, unknown>>,
  random: RandomSource,
): string {
  const signingInput = `${base64urlText(JSON.stringify(header))}.${base64urlText(JSON.stringify(payload))}`;
  const digestHex = sha256Hex(lib, toHex(utf8Bytes(signingInput)));
  // SecureRandom is exported by jsrsasign but missing from its type definitions.
  const proto = (
    lib as unknown as { SecureRandom: { prototype: { nextBytes(out: number[]): void } } }
  ).SecureRandom.prototype;
  const original = proto.nextBytes;
  proto.nextBytes = (out: number[]) => {
    const bytes = random.bytes(out.length);
    for (let i = 0; i < out.length; i++) out[i] = bytes[i] as number;
  };
  let signatureHex: string;
  try {
    signatureHex = key.signWithMessageHashPSS(digestHex, 'sha256', PS256_SALT_BYTES);
  } finally {
    proto.nextBytes = original;
  }
  return `${signingInput}.${base64url(fromHex(signatureHex))}`;
}
