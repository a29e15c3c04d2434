/**
 * Turns the `signing_private_key` PEM into an RSA private key, or a coded error that says what is
 * wrong with it without ever quoting it.
 */
import { OfmError } from '../../shared/errors.js';
import { NOT_PRIVATE_LABELS, pemFromBlock, readPemBlock } from '../../shared/pem.js';
import type { JsrsasignModule, RsaPrivateKey } from './jsrsasign.js';

/** FAPI 2.0 Security Profile section 5.4.1: RSA keys of at least 2048 bits. */
export const MIN_RSA_BITS = 2048;

const OID_RSA_ENCRYPTION = '2a864886f70d010101';
const OID_RSASSA_PSS = '2a864886f70d01010a';
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
  return new OfmError(
    'ERR_OFM_KEY_MALFORMED',
    `signing_private_key is not a readable PEM key: ${detail}.`,
    {
      cause,
    },
  );
}

/** The algorithm OID of a PKCS#8 PrivateKeyInfo, as hex. */
function pkcs8AlgorithmOid(lib: JsrsasignModule, derHex: string): string {
  // PrivateKeyInfo ::= SEQUENCE { version, AlgorithmIdentifier SEQUENCE { OID, ... }, ... }
  const oid = lib.ASN1HEX.getVbyList(derHex, 0, [1, 0], '06');
  if (typeof oid !== 'string' || oid === '') throw new Error('no algorithm identifier');
  return oid;
}

function requireRsaPrivate(key: unknown): RsaPrivateKey {
  const candidate = key as { isPrivate?: boolean; n?: unknown; d?: unknown };
  if (candidate === null || typeof candidate !== 'object' || candidate.isPrivate !== true) {
    throw new OfmError(
      'ERR_OFM_KEY_NOT_PRIVATE',
      'signing_private_key does not hold a private key.',
    );
  }
  if (candidate.n === undefined || candidate.d === undefined || candidate.d === null) {
    throw new OfmError('ERR_OFM_KEY_NOT_RSA', 'signing_private_key is not an RSA key.');
  }
  return key as RsaPrivateKey;
}

/**
 * Parses and checks a PEM signing key: PKCS#8, PKCS#1, encrypted PKCS#8 or legacy encrypted PKCS#1.
 * The key must be an RSA private key of at least {@link MIN_RSA_BITS} bits.
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
    throw new OfmError(
      'ERR_OFM_KEY_NOT_PRIVATE',
      `signing_private_key holds ${notPrivate}, not a private key.`,
    );
  }
  const other = OTHER_PRIVATE_LABELS[block.label];
  if (other !== undefined) {
    throw new OfmError(
      'ERR_OFM_KEY_NOT_RSA',
      `signing_private_key holds ${other}; PS256 needs an RSA key.`,
    );
  }

  const pem = pemFromBlock(block);
  const encrypted =
    block.label === 'ENCRYPTED PRIVATE KEY' ||
    (block.label === 'RSA PRIVATE KEY' &&
      block.headers.some((h) => /^Proc-Type:.*ENCRYPTED/i.test(h)));
  let key: unknown;
  if (encrypted) {
    if (passphrase === '') {
      throw new OfmError(
        'ERR_OFM_KEY_PASSPHRASE_MISSING',
        'signing_private_key is encrypted and signing_key_passphrase is empty.',
      );
    }
    try {
      key = lib.KEYUTIL.getKey(pem, passphrase);
    } catch (cause) {
      // A wrong passphrase decrypts to garbage that then fails to parse: jsrsasign cannot tell the
      // two apart, and a corrupted ciphertext is far rarer than a mistyped passphrase.
      throw new OfmError(
        'ERR_OFM_KEY_PASSPHRASE_WRONG',
        'signing_private_key could not be decrypted with signing_key_passphrase.',
        { cause },
      );
    }
  } else if (block.label === 'PRIVATE KEY') {
    let oid: string;
    try {
      oid = pkcs8AlgorithmOid(lib, lib.b64tohex(block.body));
    } catch (cause) {
      throw malformed('the PKCS#8 structure cannot be read', cause);
    }
    if (oid === OID_RSASSA_PSS) {
      throw new OfmError(
        'ERR_OFM_KEY_UNSUPPORTED',
        'signing_private_key is an RSASSA-PSS-only key (OID 1.2.840.113549.1.1.10).',
      );
    }
    if (oid !== OID_RSA_ENCRYPTION) {
      throw new OfmError(
        'ERR_OFM_KEY_NOT_RSA',
        `signing_private_key holds ${OTHER_KEY_OIDS[oid] ?? 'a key of another type'}; PS256 needs an RSA key.`,
      );
    }
    try {
      key = lib.KEYUTIL.getKey(pem);
    } catch (cause) {
      throw malformed('the PKCS#8 RSA key cannot be read', cause);
    }
  } else if (block.label === 'RSA PRIVATE KEY') {
    try {
      key = lib.KEYUTIL.getKey(pem);
    } catch (cause) {
      throw malformed('the PKCS#1 RSA key cannot be read', cause);
    }
  } else if (block.label === 'OPENSSH PRIVATE KEY') {
    throw new OfmError('ERR_OFM_KEY_UNSUPPORTED', 'signing_private_key is in OpenSSH format.');
  } else {
    throw new OfmError(
      'ERR_OFM_KEY_UNSUPPORTED',
      `signing_private_key is a "${block.label.slice(0, 40)}" block.`,
    );
  }

  const rsa = requireRsaPrivate(key);
  // The modulus is a jsbn BigInteger, missing from jsrsasign's type definitions.
  const bits = (rsa as unknown as { n: { bitLength(): number } }).n.bitLength();
  if (bits < MIN_RSA_BITS) {
    throw new OfmError(
      'ERR_OFM_KEY_TOO_WEAK',
      `signing_private_key is RSA-${bits}; at least ${MIN_RSA_BITS} bits are required.`,
    );
  }
  return rsa;
}
