/**
 * The three keys a Data Consumer sends PayNet, as data: what each is for, the key usages its
 * certificate carries, and how it appears in the JWKS. One source of truth for the kit's writer,
 * its reader, the doctor and the sandbox.
 *
 * @see ../../../../shared/reference/paynet-ofp.md sections 2-3 (transport, signing, encryption)
 */

/** The roles of a kit's keys. */
export const KIT_ROLES = ['transport', 'signing', 'encryption'] as const;
export type KitRole = (typeof KIT_ROLES)[number];

/** What a role's certificate and JWK look like. */
export interface RoleSpec {
  /** In words, for messages and the instructions. */
  readonly title: string;
  /** X.509 keyUsage names (jsrsasign spelling). */
  readonly keyUsage: readonly string[];
  /** X.509 extendedKeyUsage names (jsrsasign spelling), if any. */
  readonly extKeyUsage: readonly string[];
  /** The JWK `use` and `alg`, for the roles published in the JWKS. */
  readonly jwk?: { readonly use: 'sig' | 'enc'; readonly alg: 'PS256' | 'RSA-OAEP-256' };
}

export const ROLE_SPECS: Readonly<Record<KitRole, RoleSpec>> = {
  // TLS 1.2 RSA key exchange needs keyEncipherment; ECDHE suites need digitalSignature.
  transport: {
    title: 'transport (mTLS)',
    keyUsage: ['digitalSignature', 'keyEncipherment'],
    extKeyUsage: ['clientAuth'],
  },
  signing: {
    title: 'signing (JWS, JAR, x-signature)',
    keyUsage: ['digitalSignature'],
    extKeyUsage: [],
    jwk: { use: 'sig', alg: 'PS256' },
  },
  encryption: {
    title: 'encryption (JWE of account data)',
    keyUsage: ['keyEncipherment'],
    extKeyUsage: [],
    jwk: { use: 'enc', alg: 'RSA-OAEP-256' },
  },
};

/** Key sizes a kit accepts (PayNet: RSA of at least 2048 bits). */
export const KIT_BITS = [2048, 3072, 4096] as const;
/** Default certificate validity: 12 months and a month to rotate in, so doctor warns in time. */
export const KIT_DEFAULT_DAYS = 395;
/** PayNet asks for certificates valid for at least 12 months. */
export const KIT_MIN_DAYS = 365;
/** The longest validity accepted: the CA/Browser Forum's old ceiling; longer keys rot unseen. */
export const KIT_MAX_DAYS = 825;
/** Process environment variable holding the kit's private-key passphrase (or --passphrase-file). */
export const KIT_PASSPHRASE_ENV = 'OFM_KIT_PASSPHRASE';
