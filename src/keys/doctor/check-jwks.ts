/**
 * Checks of a JWKS against the set's certificates: the signing kid is there and is the signing
 * key, every published key is its certificate's (use, alg, x5c, x5t#S256), there is an encryption
 * key, no private member and no kid twice; a rotation under way is reported.
 *
 * @see RFC 7517 section 4 (JWK members), RFC 7515 section 4.1.4 (kid)
 */
import { X509Certificate, type KeyObject } from 'node:crypto';
import type { JWK } from 'jose';
import { certThumbprint } from '../kit/kit-jwks.js';
import { ROLE_SPECS } from '../kit/roles.js';
import { publicKeyOf, readCertificate } from './check-key.js';
import type { CredentialKey, CredentialSet } from './credential-set.js';
import { finding, type Finding } from './findings.js';

const PRIVATE_MEMBERS = ['d', 'p', 'q', 'dp', 'dq', 'qi', 'oth', 'k'];

/** Whether a JWK holds the same RSA public key. */
export function sameKey(jwk: JWK, publicKey: KeyObject): boolean {
  const own = publicKey.export({ format: 'jwk' });
  return jwk.n === own.n && jwk.e === own.e;
}

function jwkFor(keys: readonly JWK[], key: CredentialKey, publicKey: KeyObject): JWK | undefined {
  if (key.kid !== undefined) return keys.find((k) => k.kid === key.kid);
  return keys.find((k) => sameKey(k, publicKey));
}

/** Findings for one published key of the set. */
function checkJwk(
  key: CredentialKey,
  publicKey: KeyObject,
  cert: X509Certificate | undefined,
  jwks: readonly JWK[],
  label: string,
): Finding {
  const spec = ROLE_SPECS[key.role].jwk;
  const jwk = jwkFor(jwks, key, publicKey);
  const who = `${key.role} kid ${key.kid ?? '(by key)'}`;
  if (spec === undefined) return finding('ok', 'JWK_MATCHES', who, 'not published');
  if (jwk === undefined) return finding('fail', 'JWK_MISSING', who, `${label} has no such key`);
  if (!sameKey(jwk, publicKey))
    return finding(
      'fail',
      'JWK_WRONG_KEY',
      who,
      `${label} gives this kid another key than ${key.certPath ?? 'the certificate'}`,
    );
  if (
    (jwk.use !== undefined && jwk.use !== spec.use) ||
    (jwk.alg !== undefined && jwk.alg !== spec.alg)
  )
    return finding(
      'fail',
      'JWK_WRONG_USE',
      who,
      `use ${jwk.use ?? '-'} alg ${jwk.alg ?? '-'}; a ${key.role} key is use ${spec.use}, alg ${spec.alg}`,
    );
  if (cert === undefined)
    return finding('ok', 'JWK_MATCHES', who, `in ${label} (no certificate to compare x5c with)`);
  const der = cert.raw.toString('base64');
  if (jwk.x5c !== undefined && jwk.x5c[0] !== der)
    return finding(
      'fail',
      'X5C_MISMATCH',
      who,
      `x5c[0] is not ${key.certPath ?? 'the certificate'}`,
    );
  const x5t = jwk['x5t#S256'] as string | undefined;
  if (x5t !== undefined && x5t !== certThumbprint(cert.toString()))
    return finding(
      'fail',
      'X5T_MISMATCH',
      who,
      `x5t#S256 is not the SHA-256 thumbprint of ${key.certPath ?? 'the certificate'}`,
    );
  return finding(
    'ok',
    'JWK_MATCHES',
    who,
    `in ${label}${jwk.x5c ? ' with x5c' : ''}${x5t ? ' and x5t#S256' : ''}`,
  );
}

function wholeSetFindings(set: CredentialSet, jwks: readonly JWK[]): Finding[] {
  const found: Finding[] = [];
  const exposed = jwks.filter((k) => PRIVATE_MEMBERS.some((m) => m in k));
  if (exposed.length > 0)
    found.push(
      finding(
        'fail',
        'JWKS_PRIVATE_MEMBER',
        set.jwksLabel,
        `${exposed.length} key(s) carry private members: remove them and replace those keys`,
      ),
    );
  const kids = jwks.map((k) => k.kid);
  const twice = kids.filter((kid, i) => kids.indexOf(kid) !== i);
  if (twice.length > 0)
    found.push(
      finding(
        'fail',
        'JWKS_DUPLICATE_KID',
        set.jwksLabel,
        `kid ${String(twice[0])} is used more than once`,
      ),
    );
  if (!jwks.some((k) => k.use === 'enc'))
    found.push(
      finding(
        'fail',
        'JWKS_NO_ENCRYPTION_KEY',
        set.jwksLabel,
        'no key with use enc: PayNet cannot encrypt account data to you',
      ),
    );
  return found;
}

async function signingKidFinding(
  set: CredentialSet,
  jwks: readonly JWK[],
  passphrase: string,
): Promise<Finding | undefined> {
  const kid = set.signingKid;
  if (kid === undefined) return undefined;
  const jwk = jwks.find((k) => k.kid === kid);
  if (jwk === undefined)
    return finding(
      'fail',
      'SIGNING_KID_NOT_IN_JWKS',
      `kid ${kid}`,
      `${set.jwksLabel} has no key with the kid your signatures carry`,
    );
  const signing = set.keys.find((k) => k.role === 'signing' && !k.retiring);
  const publicKey = signing === undefined ? undefined : await publicKeyOf(signing, passphrase);
  if (publicKey !== undefined && !sameKey(jwk, publicKey))
    return finding(
      'fail',
      'JWK_WRONG_KEY',
      `kid ${kid}`,
      `${set.jwksLabel} gives the signing kid another key than ${signing?.label ?? 'the signing key'}`,
    );
  if (jwk.use !== undefined && jwk.use !== 'sig')
    return finding(
      'fail',
      'JWK_WRONG_USE',
      `kid ${kid}`,
      `the signing kid is use ${jwk.use} in ${set.jwksLabel}`,
    );
  return finding(
    'ok',
    'SIGNING_KID_IN_JWKS',
    `kid ${kid}`,
    `in ${set.jwksLabel}${jwk.use ? `, use ${jwk.use}` : ''}`,
  );
}

/** Every JWKS finding; none when the set has no JWKS. */
export async function checkJwks(set: CredentialSet, passphrase: string): Promise<Finding[]> {
  if (set.jwks === undefined) return [];
  const jwks = set.jwks.keys;
  const found = wholeSetFindings(set, jwks);
  const kid = await signingKidFinding(set, jwks, passphrase);
  if (kid !== undefined) found.push(kid);
  for (const key of set.keys) {
    if (ROLE_SPECS[key.role].jwk === undefined) continue;
    const cert = key.certPath === undefined ? undefined : await readCertificate(key);
    const publicKey = await publicKeyOf(key, passphrase);
    // A key that cannot be read is already a finding of checkKey.
    if (publicKey !== undefined)
      found.push(
        checkJwk(
          key,
          publicKey,
          cert instanceof X509Certificate ? cert : undefined,
          jwks,
          set.jwksLabel,
        ),
      );
  }
  return found;
}
