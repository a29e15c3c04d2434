/**
 * Loads the RSA toolkit (jsrsasign's RSA-only build plus crypto-js AES and PBKDF2, see
 * src/builder/vendor-plugin.ts) once per run.
 *
 * Evaluating jsrsasign's module body again for every request in one long-lived context makes its
 * signing 4-5x slower (postman-platform reference, section 2), so the module object is kept in the
 * run cache and its body runs only on the first request of a run. esbuild inlines the modules: the
 * `require` calls below become calls to bundled module factories, and the built file contains no
 * `require(` at all (test/system checks it).
 */
import type * as RsaToolkit from 'jsrsasign-rsa';
import type { RunCache } from './run-cache.js';

export type JsrsasignModule = typeof RsaToolkit;
export type RsaPrivateKey = RsaToolkit.RSAKey;

declare function require(id: 'jsrsasign-rsa'): JsrsasignModule;
declare function require(
  id: 'crypto-js/hmac.js' | 'crypto-js/aes.js' | 'crypto-js/pbkdf2.js',
): unknown;

/** The toolkit of this run. */
export function loadJsrsasign(cache: RunCache): JsrsasignModule {
  let lib = cache['jsrsasign'] as JsrsasignModule | undefined;
  if (lib === undefined) {
    lib = require('jsrsasign-rsa');
    // These add CryptoJS.algo.HMAC, CryptoJS.AES and CryptoJS.PBKDF2 to the same CryptoJS object.
    require('crypto-js/hmac.js');
    require('crypto-js/aes.js');
    require('crypto-js/pbkdf2.js');
    cache['jsrsasign'] = lib;
  }
  return lib;
}

/** HMAC-SHA-256 of hex data under a hex key, as hex. */
export function hmacSha256Hex(lib: JsrsasignModule, keyHex: string, dataHex: string): string {
  const { CryptoJS } = lib;
  return CryptoJS.HmacSHA256(
    CryptoJS.enc.Hex.parse(dataHex),
    CryptoJS.enc.Hex.parse(keyHex),
  ).toString();
}

/** SHA-256 of hex data, as hex. */
export function sha256Hex(lib: JsrsasignModule, dataHex: string): string {
  return lib.KJUR.crypto.Util.hashHex(dataHex, 'sha256');
}
