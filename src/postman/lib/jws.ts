/**
 * Compact JWS with PS256 (RFC 7515 section 7.1, RFC 7518 section 3.5): RSASSA-PSS, SHA-256,
 * MGF1-SHA-256, salt length 32 bytes (the hash length, as RFC 7518 requires).
 */
import { base64url, base64urlText, fromHex, toHex, utf8Bytes } from '../../shared/encoding.js';
import type { JsrsasignModule, RsaPrivateKey } from './jsrsasign.js';
import { sha256Hex } from './jsrsasign.js';
import type { RandomSource } from './random.js';
import { FlowError } from '../../shared/errors/flow-errors.js';
import { bigFromHex, modPow } from './rsa-crt.js';

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

/** A JSON Web Key Set, as fetched from a jwks_uri. */
export interface JwkSet {
  readonly keys: ReadonlyArray<Record<string, unknown>>;
}

function bytesOf(value: bigint): number[] {
  let hex = value.toString(16);
  if (hex.length % 2) hex = `0${hex}`;
  return fromHex(hex);
}

function decodeJson(lib: JsrsasignModule, part: string, what: string): Record<string, unknown> {
  try {
    const value = JSON.parse(lib.hextoutf8(lib.b64utohex(part))) as unknown;
    if (typeof value !== 'object' || value === null || Array.isArray(value))
      throw new Error('not an object');
    return value as Record<string, unknown>;
  } catch (cause) {
    throw new FlowError('ERR_OFM_SIGNATURE_INVALID', `the JWS ${what} is not base64url JSON.`, {
      cause,
    });
  }
}

/**
 * Verifies a compact PS256 JWS against a key set (key chosen by `kid`) and returns its header and
 * payload. jsrsasign does the PSS check; the RSA public operation is native BigInt (jsrsasign's
 * would need the extended BigInteger this bundle leaves out). Throws ERR_OFM_SIGNATURE_INVALID or
 * ERR_OFM_JWKS_UNAVAILABLE.
 */
export function verifyCompactPs256(
  lib: JsrsasignModule,
  jws: string,
  jwks: JwkSet,
): { header: Record<string, unknown>; payload: Record<string, unknown> } {
  const parts = jws.split('.');
  if (parts.length !== 3)
    throw new FlowError(
      'ERR_OFM_SIGNATURE_INVALID',
      'the value is not a compact JWS (three dot-separated parts).',
    );
  const [h, p, s] = parts as [string, string, string];
  const header = decodeJson(lib, h, 'header');
  if (header['alg'] !== 'PS256')
    throw new FlowError(
      'ERR_OFM_SIGNATURE_INVALID',
      `the JWS alg is ${JSON.stringify(header['alg'])}, not PS256.`,
    );
  const jwk = jwks.keys.find(
    (k) => k['kid'] === header['kid'] && k['kty'] === 'RSA' && k['use'] !== 'enc',
  );
  if (jwk === undefined || typeof jwk['n'] !== 'string' || typeof jwk['e'] !== 'string') {
    throw new FlowError(
      'ERR_OFM_JWKS_UNAVAILABLE',
      `no RSA signing key with kid ${JSON.stringify(header['kid'])} in the key set.`,
    );
  }
  const nHex = lib.b64utohex(jwk['n']);
  const eHex = lib.b64utohex(jwk['e']);
  const key = new lib.RSAKey();
  key.setPublic(nHex, eHex);
  const n = bigFromHex(nHex);
  const e = bigFromHex(eHex);
  key.doPublic = (x) => ({ toByteArray: () => bytesOf(modPow(bigFromHex(x.toString(16)), e, n)) });
  const sizeHex = Math.ceil(key.n.bitLength() / 4);
  const signatureHex = lib.b64utohex(s).padStart(sizeHex, '0');
  const digestHex = sha256Hex(lib, toHex(utf8Bytes(`${h}.${p}`)));
  let valid: boolean;
  try {
    valid =
      signatureHex.length === sizeHex &&
      key.verifyWithMessageHashPSS(digestHex, signatureHex, 'sha256', PS256_SALT_BYTES);
  } catch {
    valid = false; // malformed PSS encoding: an invalid signature, reported below
  }
  if (!valid)
    throw new FlowError(
      'ERR_OFM_SIGNATURE_INVALID',
      'the PS256 signature does not verify with the key set.',
    );
  return { header, payload: decodeJson(lib, p, 'payload') };
}
