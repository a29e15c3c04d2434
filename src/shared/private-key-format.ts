/**
 * The private keys the Postman script can read, as facts both sides use: the script parses keys
 * by them (postman/lib/private-key.ts), and the CLI refuses a key that Node reads but the script
 * could not before it goes into an environment (keys/script-compat.ts), or signs with one
 * (keys/signing-key.ts).
 */

/** FAPI 2.0 Security Profile section 5.4.1: RSA keys of at least 2048 bits. */
export const MIN_RSA_BITS = 2048;

/**
 * Object identifiers of PKCS#8 keys and their PBES2 encryption (RFC 5958, RFC 8018), as the hex
 * of their DER contents.
 */
export const PKCS8_OID = {
  rsaEncryption: '2a864886f70d010101',
  rsassaPss: '2a864886f70d01010a',
  pbes2: '2a864886f70d01050d',
  pbkdf2: '2a864886f70d01050c',
  hmacWithSha1: '2a864886f70d0207',
  hmacWithSha256: '2a864886f70d0209',
  aes128Cbc: '608648016503040102',
  aes192Cbc: '608648016503040116',
  aes256Cbc: '60864801650304012a',
} as const;

/** The AES-CBC ciphers the script decrypts PBES2 with, and their key lengths in bytes. */
export const AES_CBC_KEY_BYTES: Readonly<Record<string, number>> = {
  [PKCS8_OID.aes128Cbc]: 16,
  [PKCS8_OID.aes192Cbc]: 24,
  [PKCS8_OID.aes256Cbc]: 32,
};

/** Most PBKDF2 iterations accepted: beyond this a key would take minutes to open in the sandbox. */
export const MAX_PBKDF2_ITERATIONS = 1_000_000;
