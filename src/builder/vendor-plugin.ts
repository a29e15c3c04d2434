/**
 * esbuild plugin that gives the sandbox bundle a small RSA toolkit instead of the full jsrsasign
 * (about 300 KB minified, most of it X.509, ECDSA, JWS and ASN.1 builders the script never uses):
 *
 * - `jsrsasign-rsa`: jsrsasign's own RSA-only build (`lib/jsrsasign-rsa-min.js`: RSAKey with
 *   PKCS#1/PKCS#8 readers and PSS, ASN1HEX, jsbn, CryptoJS SHA-256/HMAC/cipher-core). It is a
 *   plain script of globals, so it is loaded as a CommonJS module with its globals exported, the
 *   way the npm build's footer exports them.
 * - crypto-js's `hmac`, `aes` and `pbkdf2` modules (HMAC for the random generator, AES and PBKDF2
 *   for encrypted PKCS#8 keys), bound to that same
 *   CryptoJS instance: their `require('./core')` and friends resolve to it, so CryptoJS is in the
 *   bundle once.
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import type { Plugin } from 'esbuild';

const require = createRequire(import.meta.url);

/**
 * Files inside jsrsasign's RSA-only build that the client-authentication script never runs, each
 * found by the start of its licence header plus its first code, and cut out up to the next file:
 *
 * - CryptoJS SHA-512 and the 64-bit word core only SHA-512 uses (PS256 is SHA-256);
 * - jsbn2, jsbn's extended BigInteger (modPow, GCD, primality, key generation): the private-key
 *   operation is native BigInt (rsa-crt.ts); parsing and PSS encoding use jsbn's core only.
 *
 * The build fails if a jsrsasign upgrade moves a marker; every test runs the resulting bundle.
 */
const UNUSED_EMBEDDED_FILES = [
  '/*\nCryptoJS v3.1.2 x64-core-min.js',
  '/*\nCryptoJS v3.1.2 sha512-min.js',
  '/*! (c) Tom Wu | http://www-cs-students.stanford.edu/~tjw/jsbn/\n */\nfunction bnClone(){',
] as const;

/** `source` without the embedded file that starts with `marker` (up to the next licence header). */
export function withoutEmbeddedFile(source: string, marker: string): string {
  const start = source.indexOf(marker);
  if (start < 0 || source.indexOf(marker, start + 1) >= 0) {
    throw new Error(
      `jsrsasign-rsa-min.js: marker ${JSON.stringify(marker.slice(0, 40))} not found exactly once; check vendor-plugin.ts`,
    );
  }
  const next = source.indexOf('/*', start + 2);
  if (next < 0)
    throw new Error('jsrsasign-rsa-min.js: no file after the removed one; check vendor-plugin.ts');
  return source.slice(0, start) + source.slice(next);
}

/**
 * The one jsbn2 method the kept code calls: ASN1HEX reads DER lengths with `intValue()`. Tracing
 * every jsbn2 method over parsing (PKCS#1, PKCS#8, encrypted PKCS#8) and PSS signing with
 * RSA-2048 and RSA-3072 keys showed no other. DER lengths are small and non-negative, where this
 * equals jsbn's 32-bit `intValue`.
 */
const JSBN2_SHIM =
  'BigInteger.prototype.intValue = function () { return parseInt(this.toString(16), 16); };';

/** What the wrapper exports from jsrsasign's RSA-only build. */
const EXPORTED_GLOBALS = [
  'RSAKey',
  'ASN1HEX',
  'KJUR',
  'CryptoJS',
  'SecureRandom',
  'BigInteger',
  'b64tohex',
  'b64utohex',
  'hextoutf8',
  'hextob64u',
  'hextorstr',
  'rstrtohex',
  'oaep_unpad',
];

/**
 * crypto-js modules that are already inside jsrsasign's build (or, for md5, evpkdf and
 * enc-base64, only needed by password-based OpenSSL formats the script never uses): their
 * `require` resolves to jsrsasign's CryptoJS. HMAC is not in jsrsasign's RSA-only build, so
 * crypto-js's own hmac.js is bundled, bound to the same CryptoJS.
 */
const CRYPTO_JS_PEERS = /^\.\/(core|sha1|sha256|enc-base64|md5|evpkdf|cipher-core)(\.js)?$/;

export function vendorPlugin(): Plugin {
  return {
    name: 'ofm-vendor',
    setup(build) {
      build.onResolve({ filter: /^jsrsasign-rsa$/ }, () => ({
        path: 'jsrsasign-rsa',
        namespace: 'ofm-vendor',
      }));
      build.onResolve({ filter: CRYPTO_JS_PEERS }, (args) =>
        /[\\/]crypto-js[\\/]/.test(args.importer)
          ? { path: 'cryptojs-shared', namespace: 'ofm-vendor' }
          : undefined,
      );
      build.onLoad({ filter: /^jsrsasign-rsa$/, namespace: 'ofm-vendor' }, () => {
        const source = UNUSED_EMBEDDED_FILES.reduce(
          withoutEmbeddedFile,
          readFileSync(require.resolve('jsrsasign/lib/jsrsasign-rsa-min.js'), 'utf8'),
        );
        return {
          // The npm build defines these two as empty objects for the same reason: browser probes.
          // As an ES module, so esbuild can drop the many top-level helpers nothing uses.
          contents: `var window = {}; var navigator = {};\n${source}\n${JSBN2_SHIM}\nexport { ${EXPORTED_GLOBALS.join(', ')} };\n`,
          loader: 'js',
        };
      });
      build.onLoad({ filter: /^cryptojs-shared$/, namespace: 'ofm-vendor' }, () => ({
        contents: "module.exports = require('jsrsasign-rsa').CryptoJS;\n",
        loader: 'js',
      }));
    },
  };
}
