/**
 * Loads jsrsasign once per run.
 *
 * Evaluating jsrsasign's module body again for every request in one long-lived context makes its
 * signing 4-5x slower (postman-platform reference, section 2), so the module object is kept in the
 * run cache and its body runs only on the first request of a run. esbuild inlines the module: the
 * `require` below becomes a call to the bundled module factory, and the built file contains no
 * `require(` at all (test/system checks it).
 */
import type * as Jsrsasign from 'jsrsasign';
import type { RunCache } from './run-cache.js';

export type JsrsasignModule = typeof Jsrsasign;
export type RsaPrivateKey = Jsrsasign.RSAKey;

declare function require(id: 'jsrsasign'): JsrsasignModule;

/** The jsrsasign module of this run. */
export function loadJsrsasign(cache: RunCache): JsrsasignModule {
  let lib = cache['jsrsasign'] as JsrsasignModule | undefined;
  if (lib === undefined) {
    // Bundled by esbuild, see the module comment.
    lib = require('jsrsasign');
    cache['jsrsasign'] = lib;
  }
  return lib;
}

/** HMAC-SHA-256 of hex data under a hex key, as hex. */
export function hmacSha256Hex(lib: JsrsasignModule, keyHex: string, dataHex: string): string {
  const { CryptoJS } = lib as unknown as {
    CryptoJS: {
      HmacSHA256(data: unknown, key: unknown): { toString(): string };
      enc: { Hex: { parse(hex: string): unknown } };
    };
  };
  return CryptoJS.HmacSHA256(
    CryptoJS.enc.Hex.parse(dataHex),
    CryptoJS.enc.Hex.parse(keyHex),
  ).toString();
}

/** SHA-256 of hex data, as hex. */
export function sha256Hex(lib: JsrsasignModule, dataHex: string): string {
  return lib.KJUR.crypto.Util.hashHex(dataHex, 'sha256');
}
