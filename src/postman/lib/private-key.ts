/**
 * Turns the `signing_private_key` PEM into an RSA private key, or a coded error that says what is
 * wrong with it without ever quoting it. Accepts PKCS#8, PKCS#1 and encrypted PKCS#8 (PBES2 with
 * PBKDF2 and AES-CBC, what OpenSSL 1.1+ and Node write); the key is then wired to the BigInt CRT
 * private operation.
 */
import { OfmError } from '../../shared/errors/ofm-error.js';
import { KeyError } from '../../shared/errors/key-errors.js';
import { toHex, utf8Bytes } from '../../shared/encoding.js';
import { NOT_PRIVATE_LABELS, readPemBlock } from '../../shared/pem.js';
import {
  AES_CBC_KEY_BYTES,
  MAX_PBKDF2_ITERATIONS,
  MIN_RSA_BITS,
  PKCS8_OID,
} from '../../shared/private-key-format.js';
import type { JsrsasignModule, RsaPrivateKey } from './jsrsasign.js';
import { bigFromHex, rsaPrivate, type CrtKey } from './rsa-crt.js';

const OTHER_KEY_OIDS: Record<string, string> = {
  '2a8648ce3d0201': 'an EC key',
  '2b6570': 'an Ed25519 key',
  '2b6571': 'an Ed448 key',
  '2b656e': 'an X25519 key',
  '2a8648ce380401': 'a DSA key',
};

const OTHER_PRIVATE_LABELS: Record<string, string> = {
  'EC PRIVATE KEY': 'an EC key',
  'DSA PRIVATE KEY': 'a DSA key',
};

function malformed(detail: string, cause?: unknown): OfmError {
  return new KeyError(
    'ERR_OFM_KEY_MALFORMED',
    `signing_private_key is not a readable PEM key: ${detail}.`,
    {
      cause,
    },
  );
}

function unsupported(detail: string, hint?: string): OfmError {
  return new KeyError(
    'ERR_OFM_KEY_UNSUPPORTED',
    `signing_private_key ${detail}.`,
    hint === undefined ? undefined : { hint },
  );
}

/** Value at `path` below the root of a DER structure, or throws. */
function derValue(lib: JsrsasignModule, der: string, path: number[], tag: string): string {
  const value = lib.ASN1HEX.getVbyList(der, 0, path, tag);
  if (typeof value !== 'string') throw new Error(`no ${tag} at ${path.join('.')}`);
  return value;
}

/** The algorithm OID of a PKCS#8 PrivateKeyInfo, as hex. */
function pkcs8AlgorithmOid(lib: JsrsasignModule, der: string): string {
  // PrivateKeyInfo ::= SEQUENCE { version, AlgorithmIdentifier SEQUENCE { OID, ... }, ... }
  return derValue(lib, der, [1, 0], '06');
}

/** Reads an unencrypted PKCS#8 RSA key (after checking that it is RSA). */
function readPkcs8(lib: JsrsasignModule, der: string): RsaPrivateKey {
  let oid: string;
  try {
    oid = pkcs8AlgorithmOid(lib, der);
  } catch (cause) {
    throw malformed('the PKCS#8 structure cannot be read', cause);
  }
  if (oid === PKCS8_OID.rsassaPss)
    throw unsupported('is an RSASSA-PSS-only key (OID 1.2.840.113549.1.1.10)');
  if (oid !== PKCS8_OID.rsaEncryption) {
    throw new KeyError(
      'ERR_OFM_KEY_NOT_RSA',
      `signing_private_key holds ${OTHER_KEY_OIDS[oid] ?? 'a key of another type'}; PS256 needs an RSA key.`,
    );
  }
  const key = new lib.RSAKey();
  try {
    key.readPKCS8PrvKeyHex(der);
  } catch (cause) {
    throw malformed('the PKCS#8 RSA key cannot be read', cause);
  }
  return key;
}

interface Pbes2Params {
  readonly salt: string;
  readonly iterations: number;
  readonly prf: string;
  readonly cipher: string;
  readonly iv: string;
  readonly ciphertext: string;
}

/** EncryptedPrivateKeyInfo with PBES2 (RFC 8018 appendix A.4), as hex parts. */
function readPbes2(lib: JsrsasignModule, der: string): Pbes2Params {
  let scheme: string;
  try {
    scheme = derValue(lib, der, [0, 0], '06');
  } catch (cause) {
    throw malformed('the encrypted PKCS#8 structure cannot be read', cause);
  }
  const convert = 'convert it with: openssl pkcs8 -topk8 -v2 aes-256-cbc -v2prf hmacWithSHA256';
  if (scheme !== PKCS8_OID.pbes2)
    throw unsupported('is encrypted with a legacy PKCS#5 v1 or PKCS#12 scheme', convert);
  try {
    const kdf = derValue(lib, der, [0, 1, 0, 0], '06');
    if (kdf !== PKCS8_OID.pbkdf2)
      throw unsupported('uses a key derivation other than PBKDF2', convert);
    // PBKDF2-params ::= SEQUENCE { salt, iterationCount, keyLength OPTIONAL, prf DEFAULT hmacWithSHA1 }
    const kdfParams = lib.ASN1HEX.getChildIdx(der, lib.ASN1HEX.getIdxbyList(der, 0, [0, 1, 0, 1]));
    let prf: string = PKCS8_OID.hmacWithSha1; // RFC 8018 default
    for (const index of kdfParams.slice(2)) {
      if (der.slice(index, index + 2) === '30')
        prf = derValue(lib, lib.ASN1HEX.getTLV(der, index), [0], '06');
    }
    return {
      salt: derValue(lib, der, [0, 1, 0, 1, 0], '04'),
      iterations: parseInt(derValue(lib, der, [0, 1, 0, 1, 1], '02'), 16),
      prf,
      cipher: derValue(lib, der, [0, 1, 1, 0], '06'),
      iv: derValue(lib, der, [0, 1, 1, 1], '04'),
      ciphertext: derValue(lib, der, [1], '04'),
    };
  } catch (cause) {
    if (cause instanceof OfmError) throw cause;
    throw malformed('the PBES2 parameters cannot be read', cause);
  }
}

/** Decrypts an encrypted PKCS#8 key to its PrivateKeyInfo DER (hex). */
function decryptPkcs8(lib: JsrsasignModule, der: string, passphrase: string): string {
  const params = readPbes2(lib, der);
  const keyBytes = AES_CBC_KEY_BYTES[params.cipher];
  if (keyBytes === undefined) {
    throw unsupported(
      'is encrypted with a cipher other than AES-CBC',
      'convert it with: openssl pkcs8 -topk8 -v2 aes-256-cbc',
    );
  }
  if (params.prf !== PKCS8_OID.hmacWithSha256 && params.prf !== PKCS8_OID.hmacWithSha1)
    throw unsupported('uses a PBKDF2 hash other than SHA-256 or SHA-1');
  if (!(params.iterations >= 1 && params.iterations <= MAX_PBKDF2_ITERATIONS))
    throw unsupported(`asks for ${params.iterations} PBKDF2 iterations`);
  const { CryptoJS } = lib;
  const hex = CryptoJS.enc.Hex;
  if (CryptoJS.PBKDF2 === undefined || CryptoJS.AES === undefined)
    throw new Error('AES or PBKDF2 missing from the bundle');
  const key = CryptoJS.PBKDF2(hex.parse(toHex(utf8Bytes(passphrase))), hex.parse(params.salt), {
    keySize: keyBytes / 4,
    iterations: params.iterations,
    hasher: params.prf === PKCS8_OID.hmacWithSha256 ? CryptoJS.algo.SHA256 : CryptoJS.algo.SHA1,
  });
  let plain: string;
  try {
    plain = CryptoJS.AES.decrypt({ ciphertext: hex.parse(params.ciphertext) }, key, {
      iv: hex.parse(params.iv),
      mode: CryptoJS.mode.CBC,
      padding: CryptoJS.pad.Pkcs7,
    }).toString();
  } catch (cause) {
    throw new KeyError(
      'ERR_OFM_KEY_PASSPHRASE_WRONG',
      'signing_private_key could not be decrypted with signing_key_passphrase.',
      { cause },
    );
  }
  // A wrong passphrase decrypts to noise: it almost never ends in valid padding and never parses.
  if (!plain.startsWith('30')) {
    throw new KeyError(
      'ERR_OFM_KEY_PASSPHRASE_WRONG',
      'signing_private_key could not be decrypted with signing_key_passphrase.',
    );
  }
  return plain;
}

/** The key's CRT parameters as BigInts, or undefined when the key lacks them. */
function crtOf(key: RsaPrivateKey): CrtKey | undefined {
  const { p, q, dmp1, dmq1, coeff } = key;
  if (!p || !q || !dmp1 || !dmq1 || !coeff) return undefined;
  return {
    n: bigFromHex(key.n.toString(16)),
    e: BigInt(key.e),
    p: bigFromHex(p.toString(16)),
    q: bigFromHex(q.toString(16)),
    dp: bigFromHex(dmp1.toString(16)),
    dq: bigFromHex(dmq1.toString(16)),
    qInv: bigFromHex(coeff.toString(16)),
  };
}

/** Routes the key's private operation through BigInt CRT (when the key has CRT parameters). */
function useFastPrivateOperation(lib: JsrsasignModule, key: RsaPrivateKey): void {
  const crt = crtOf(key);
  if (crt === undefined) return; // jsrsasign's own operation stays in place
  key.doPrivate = (x) =>
    new lib.BigInteger(rsaPrivate(crt, bigFromHex(x.toString(16))).toString(16), 16);
}

/**
 * Parses and checks a PEM signing key: PKCS#8, PKCS#1 or encrypted PKCS#8. The key must be an RSA
 * private key of at least {@link MIN_RSA_BITS} bits.
 */
export function parseSigningKey(
  lib: JsrsasignModule,
  pemText: string,
  passphrase: string,
): RsaPrivateKey {
  const block = readPemBlock(pemText);
  if (block === undefined) throw malformed('no PEM block (BEGIN and END lines) found');
  if (!/^[A-Za-z0-9+/]+={0,2}$/.test(block.body) || block.body.length % 4 !== 0) {
    throw malformed(`the ${block.label} body is not valid base64`);
  }
  const notPrivate = NOT_PRIVATE_LABELS[block.label];
  if (notPrivate !== undefined) {
    throw new KeyError(
      'ERR_OFM_KEY_NOT_PRIVATE',
      `signing_private_key holds ${notPrivate}, not a private key.`,
    );
  }
  const other = OTHER_PRIVATE_LABELS[block.label];
  if (other !== undefined) {
    throw new KeyError(
      'ERR_OFM_KEY_NOT_RSA',
      `signing_private_key holds ${other}; PS256 needs an RSA key.`,
    );
  }
  const der = lib.b64tohex(block.body);
  let key: RsaPrivateKey;
  if (block.label === 'ENCRYPTED PRIVATE KEY') {
    if (passphrase === '') {
      throw new KeyError(
        'ERR_OFM_KEY_PASSPHRASE_MISSING',
        'signing_private_key is encrypted and signing_key_passphrase is empty.',
      );
    }
    const plain = decryptPkcs8(lib, der, passphrase);
    try {
      key = readPkcs8(lib, plain);
    } catch (cause) {
      if (cause instanceof OfmError && cause.code !== 'ERR_OFM_KEY_MALFORMED') throw cause;
      throw new KeyError(
        'ERR_OFM_KEY_PASSPHRASE_WRONG',
        'signing_private_key could not be decrypted with signing_key_passphrase.',
        { cause },
      );
    }
  } else if (block.label === 'PRIVATE KEY') {
    key = readPkcs8(lib, der);
  } else if (block.label === 'RSA PRIVATE KEY') {
    if (block.headers.some((h) => /^Proc-Type:.*ENCRYPTED/i.test(h))) {
      throw unsupported(
        'uses legacy PEM encryption (Proc-Type: 4,ENCRYPTED)',
        'convert it to encrypted PKCS#8: openssl pkcs8 -topk8 -v2 aes-256-cbc',
      );
    }
    key = new lib.RSAKey();
    try {
      key.readPKCS5PrvKeyHex(der);
    } catch (cause) {
      throw malformed('the PKCS#1 RSA key cannot be read', cause);
    }
  } else if (block.label === 'OPENSSH PRIVATE KEY') {
    throw unsupported('is in OpenSSH format', 'convert it: ssh-keygen -p -m PKCS8 -f KEYFILE');
  } else {
    throw unsupported(`is a "${block.label.slice(0, 40)}" block`);
  }

  if (!key.n || !key.d) throw malformed('the RSA key has no private exponent');
  const bits = key.n.bitLength();
  if (bits < MIN_RSA_BITS) {
    throw new KeyError(
      'ERR_OFM_KEY_TOO_WEAK',
      `signing_private_key is RSA-${bits}; at least ${MIN_RSA_BITS} bits are required.`,
    );
  }
  useFastPrivateOperation(lib, key);
  return key;
}
