/**
 * The kit's public JWKS: for each signing and encryption key, the JWK from ../jwks.ts with the
 * kit's kid and the certificate's SHA-256 thumbprint, newest key of a role first (during a
 * rotation both are published, so either signature verifies).
 *
 * @see RFC 7517 section 4.7-4.9 (x5c, x5t#S256), RFC 7638 (thumbprint kids)
 */
import { createHash, createPublicKey, X509Certificate } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { JWK } from 'jose';
import { publicJwk } from '../jwks.js';
import { keysOf, type KitKey, type KitManifest } from './layout.js';
import { ROLE_SPECS } from './roles.js';

/** base64url SHA-256 of a certificate's DER: its `x5t#S256`. */
export function certThumbprint(certPem: string): string {
  return createHash('sha256').update(new X509Certificate(certPem).raw).digest('base64url');
}

/** The public JWK of one kit key, read from its certificate. */
export async function kitJwk(key: KitKey, certPem: string): Promise<JWK> {
  const use = ROLE_SPECS[key.role].jwk?.use;
  if (use === undefined) throw new Error(`the ${key.role} key is not published in the JWKS`);
  const jwk = await publicJwk(createPublicKey(certPem), use, certPem);
  return { ...jwk, kid: key.kid, 'x5t#S256': certThumbprint(certPem) };
}

/** The JWKS of a kit: signing keys, then encryption keys, newest first within each role. */
export async function kitJwks(dir: string, manifest: KitManifest): Promise<{ keys: JWK[] }> {
  const published = (['signing', 'encryption'] as const).flatMap((role) => keysOf(manifest, role));
  const keys = await Promise.all(
    published.map(async (key) => kitJwk(key, await readFile(join(dir, key.cert), 'utf8'))),
  );
  return { keys };
}
