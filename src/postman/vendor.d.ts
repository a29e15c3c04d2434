/** The parts of jsrsasign's RSA-only build the sandbox code uses (bundled by vendor-plugin.ts). */
declare module 'jsrsasign-rsa' {
  export interface JsbnBigInteger {
    toString(radix: number): string;
    bitLength(): number;
  }
  export class RSAKey {
    n: JsbnBigInteger;
    e: number;
    d: JsbnBigInteger | null;
    p: JsbnBigInteger | null;
    q: JsbnBigInteger | null;
    dmp1: JsbnBigInteger | null;
    dmq1: JsbnBigInteger | null;
    coeff: JsbnBigInteger | null;
    isPrivate?: boolean;
    readPKCS5PrvKeyHex(hex: string): void;
    readPKCS8PrvKeyHex(hex: string): void;
    setPublic(nHex: string, eHex: string): void;
    doPrivate(x: JsbnBigInteger): JsbnBigInteger;
    doPublic(x: JsbnBigInteger): { toByteArray(): number[] };
    signWithMessageHashPSS(hashHex: string, hashAlg: string, saltLength: number): string;
    verifyWithMessageHashPSS(
      hashHex: string,
      signatureHex: string,
      hashAlg: string,
      saltLength: number,
    ): boolean;
  }
  export const BigInteger: new (value: string, radix: number) => JsbnBigInteger;
  export const SecureRandom: { prototype: { nextBytes(out: number[]): void } };
  export const ASN1HEX: {
    getVbyList(hex: string, index: number, path: number[], tag?: string): string | null;
    getTLVbyList(hex: string, index: number, path: number[], tag?: string): string | null;
    getChildIdx(hex: string, index: number): number[];
    getIdxbyList(hex: string, index: number, path: number[], tag?: string): number;
    getV(hex: string, index: number): string;
    getTLV(hex: string, index: number): string;
  };
  export const KJUR: { crypto: { Util: { hashHex(hex: string, alg: string): string } } };
  export const CryptoJS: CryptoJsStatic;
  export function b64tohex(b64: string): string;
  export function b64utohex(b64u: string): string;
  export function hextoutf8(hex: string): string;
  export function hextob64u(hex: string): string;
  export function hextorstr(hex: string): string;
  export function rstrtohex(s: string): string;
  /** EME-OAEP decoding of an RSA result (RFC 8017 section 7.1.2 step 3); returns the message as a byte string. */
  export function oaep_unpad(
    em: { toByteArray(): number[] },
    byteLength: number,
    hash: string,
  ): string;

  export interface WordArray {
    toString(encoder?: unknown): string;
  }
  export interface CryptoJsStatic {
    enc: { Hex: { parse(hex: string): WordArray; stringify(words: WordArray): string } };
    algo: { SHA1: unknown; SHA256: unknown };
    HmacSHA256(data: WordArray, key: WordArray): WordArray;
    PBKDF2?(
      password: WordArray,
      salt: WordArray,
      cfg: { keySize: number; iterations: number; hasher: unknown },
    ): WordArray;
    AES?: {
      decrypt(
        cipherParams: { ciphertext: WordArray },
        key: WordArray,
        cfg: { iv: WordArray; mode: unknown; padding: unknown },
      ): WordArray;
    };
    mode: { CBC: unknown };
    pad: { Pkcs7: unknown };
  }
}

declare module 'crypto-js/hmac.js';
declare module 'crypto-js/aes.js';
declare module 'crypto-js/pbkdf2.js';
