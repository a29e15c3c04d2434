/**
 * What `ofm-postman doctor` reports: one finding per check, with a stable code (scripts and CI
 * match on it), a level, the key it concerns, and a message that names files and kids, never key
 * material.
 */

/** How bad a finding is; `warn` and `fail` make the set unhealthy (exit 1). */
export type FindingLevel = 'ok' | 'info' | 'warn' | 'fail';

/** Every code doctor can report, with what it means (the README table lists the same). */
export const FINDING_CODES = {
  CERT_KEY_MATCH: 'the certificate was issued for the key beside it',
  CERT_KEY_MISMATCH: 'the certificate belongs to another key',
  CERT_INVALID: 'the certificate file is missing or is not a PEM certificate',
  KEY_INVALID: 'the private key file is missing or cannot be read',
  KEY_LOCKED: 'the private key is encrypted and no passphrase was given, so it was not checked',
  KEY_EXPOSED: 'the private key file can be read by other users than its owner',
  KEY_SIZE: 'the RSA key size, at least 2048 bits',
  KEY_TOO_SMALL: 'the RSA key is under 2048 bits',
  KEY_USAGE: "the certificate's key usages fit its role",
  KEY_USAGE_WRONG: 'the certificate lacks a key usage its role needs',
  CERT_VALID: 'the certificate is valid now and for the next --warn-days days',
  CERT_EXPIRES_SOON: 'the certificate expires within --warn-days days',
  CERT_EXPIRED: 'the certificate has expired',
  CERT_NOT_YET_VALID: 'the certificate is not valid yet',
  CERT_SHORT_VALIDITY: 'the certificate was issued for less than 12 months (PayNet asks for 12)',
  SIGNING_KID_IN_JWKS: 'the signing kid is in the JWKS and is the signing key',
  SIGNING_KID_NOT_IN_JWKS: 'the kid the signatures carry is not in the JWKS',
  JWK_MATCHES: "the JWK is the certificate's key, with matching use, x5c and x5t#S256",
  JWK_MISSING: 'a signing or encryption key of the set is not in the JWKS',
  JWK_WRONG_KEY: "the JWK with the key's kid holds another key",
  JWK_WRONG_USE: 'the JWK has another use or alg than its role',
  X5C_MISMATCH: "the JWK's x5c is not the certificate",
  X5T_MISMATCH: "the JWK's x5t#S256 is not the certificate's SHA-256 thumbprint",
  JWKS_NO_ENCRYPTION_KEY: 'the JWKS has no key with use enc',
  JWKS_PRIVATE_MEMBER: 'the JWKS holds private key members (d, p, q, ...)',
  JWKS_DUPLICATE_KID: 'two keys of the JWKS share a kid',
  ROTATION_OVERLAP: 'a rotation is under way: old and new keys are both published',
  PRIVATE_NOT_IGNORED: "the kit's private/ folder has no .gitignore of *",
  PUBLISHED_MATCHES: 'the published JWKS has the key, unchanged',
  PUBLISHED_MISSING_KEY: 'the published JWKS lacks a key of the set',
  PUBLISHED_KEY_DIFFERS: 'the published JWKS has the kid with another key',
  PUBLISHED_EXTRA_KEY: 'the published JWKS has a key the set does not',
  CERT_NOT_CHECKED:
    "a key given without its certificate (an environment's): dates and usages not checked",
} as const;

export type FindingCode = keyof typeof FINDING_CODES;

export interface Finding {
  readonly level: FindingLevel;
  readonly code: FindingCode;
  /** What it concerns: `signing public/signing.crt`, `jwks.json`, a URL. */
  readonly subject: string;
  readonly message: string;
}

export function finding(
  level: FindingLevel,
  code: FindingCode,
  subject: string,
  message: string,
): Finding {
  return { level, code, subject, message };
}

/** Counts by level, and whether the set is healthy (no warning, no failure). */
export function summarise(findings: readonly Finding[]) {
  const count = (level: FindingLevel) => findings.filter((f) => f.level === level).length;
  const summary = {
    ok: count('ok'),
    info: count('info'),
    warn: count('warn'),
    fail: count('fail'),
  };
  return { ...summary, healthy: summary.warn === 0 && summary.fail === 0 };
}
