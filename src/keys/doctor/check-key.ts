/**
 * Checks of one key and its certificate: they belong together, the key is big enough, the
 * certificate is valid now and for the next days, was issued for 12 months, and carries the key
 * usages of its role. Only facts about the files are reported, never their content.
 */
import { createPrivateKey, createPublicKey, X509Certificate, type KeyObject } from 'node:crypto';
import { readFile, stat } from 'node:fs/promises';
import jsrsasign from 'jsrsasign';
import { MIN_RSA_BITS } from '../../shared/private-key-format.js';
import { KIT_MIN_DAYS, ROLE_SPECS } from '../kit/roles.js';
import type { CredentialKey } from './credential-set.js';
import { finding, type Finding } from './findings.js';

const DAY = 86_400_000;

export interface KeyCheckContext {
  readonly now: Date;
  readonly warnDays: number;
  readonly passphrase: string;
}

/** The certificate, or a finding that says why there is none. */
export async function readCertificate(key: CredentialKey): Promise<X509Certificate | Finding> {
  if (key.certPath === undefined)
    return finding('fail', 'CERT_INVALID', key.label, 'no certificate was given for this key');
  try {
    return new X509Certificate(await readFile(key.certPath));
  } catch {
    // Unreadable or not a certificate: the finding says so; the cause would only repeat it.
    return finding('fail', 'CERT_INVALID', key.label, `${key.certPath} is not a PEM certificate`);
  }
}

/** The private key, or a finding that says why it could not be checked; neither when none was given. */
async function readPrivate(
  key: CredentialKey,
  given: string,
): Promise<{ readonly key?: KeyObject; readonly problem?: Finding }> {
  if (key.keyPath === undefined && key.keyPem === undefined) return {};
  let text: string;
  try {
    text = key.keyPem ?? (await readFile(key.keyPath ?? '', 'utf8'));
  } catch {
    return { problem: finding('fail', 'KEY_INVALID', key.label, `${key.keyPath} cannot be read`) };
  }
  const encrypted = /ENCRYPTED/.test(text.slice(0, 200));
  const passphrase = key.passphrase || given;
  if (encrypted && passphrase === '')
    return {
      problem: finding(
        'warn',
        'KEY_LOCKED',
        key.label,
        `${key.keyPath ?? 'the key'} is encrypted: give its passphrase to check it`,
      ),
    };
  try {
    return { key: createPrivateKey({ key: text, ...(encrypted ? { passphrase } : {}) }) };
  } catch {
    // The parser's message may quote the input: say only what failed.
    return {
      problem: finding(
        'fail',
        'KEY_INVALID',
        key.label,
        `${key.keyPath ?? 'the key'} is not a private key this passphrase opens`,
      ),
    };
  }
}

function usageFindings(key: CredentialKey, cert: X509Certificate): Finding {
  const x509 = new jsrsasign.X509();
  x509.readCertPEM(cert.toString());
  const spec = ROLE_SPECS[key.role];
  const usages = x509.getExtKeyUsage()?.names ?? [];
  const extended = (x509.getExtExtKeyUsage() as { array?: string[] } | undefined)?.array ?? [];
  const missing = [
    ...spec.keyUsage.filter((u) => !usages.includes(u)),
    ...spec.extKeyUsage.filter((u) => !extended.includes(u)),
  ];
  if (missing.length > 0 && (usages.length > 0 || extended.length > 0))
    return finding(
      'fail',
      'KEY_USAGE_WRONG',
      key.label,
      `a ${spec.title} certificate needs ${missing.join(', ')}`,
    );
  if (missing.length > 0)
    return finding(
      'warn',
      'KEY_USAGE_WRONG',
      key.label,
      `no key usage extension: a ${spec.title} certificate should carry ${missing.join(', ')}`,
    );
  return finding('ok', 'KEY_USAGE', key.label, [...usages, ...extended].join(', '));
}

function validityFindings(
  key: CredentialKey,
  cert: X509Certificate,
  context: KeyCheckContext,
): Finding[] {
  const from = Date.parse(cert.validFrom);
  const to = Date.parse(cert.validTo);
  const now = context.now.getTime();
  const until = new Date(to).toISOString().slice(0, 10);
  const days = Math.floor((to - now) / DAY);
  const lifetime = Math.round((to - from) / DAY);
  const found: Finding[] = [];
  if (now < from)
    found.push(finding('fail', 'CERT_NOT_YET_VALID', key.label, `valid from ${cert.validFrom}`));
  else if (now > to) found.push(finding('fail', 'CERT_EXPIRED', key.label, `expired on ${until}`));
  else if (days < context.warnDays)
    found.push(
      finding(
        'warn',
        'CERT_EXPIRES_SOON',
        key.label,
        `expires on ${until}, in ${days} days: rotate it (ofm-postman onboard --rotate ${key.role})`,
      ),
    );
  else found.push(finding('ok', 'CERT_VALID', key.label, `valid until ${until} (${days} days)`));
  if (lifetime < KIT_MIN_DAYS)
    found.push(
      finding(
        'fail',
        'CERT_SHORT_VALIDITY',
        key.label,
        `issued for ${lifetime} days; PayNet asks for at least 12 months`,
      ),
    );
  return found;
}

/** A key without its certificate (an environment's): its size, and what could not be checked. */
function keyOnlyFindings(key: CredentialKey, privateKey: KeyObject): Finding[] {
  const bits = privateKey.asymmetricKeyDetails?.modulusLength ?? 0;
  return [
    privateKey.asymmetricKeyType !== 'rsa' || bits < MIN_RSA_BITS
      ? finding(
          'fail',
          'KEY_TOO_SMALL',
          key.label,
          `${privateKey.asymmetricKeyType ?? 'unknown'} ${bits} bits`,
        )
      : finding('ok', 'KEY_SIZE', key.label, `RSA-${bits}`),
    finding(
      'info',
      'CERT_NOT_CHECKED',
      key.label,
      `no certificate given (--${key.role}-cert): its dates and usages were not checked`,
    ),
  ];
}

/** The public key of a set's key: its certificate's, else its private key's. */
export async function publicKeyOf(
  key: CredentialKey,
  passphrase: string,
): Promise<KeyObject | undefined> {
  const cert = key.certPath === undefined ? undefined : await readCertificate(key);
  if (cert instanceof X509Certificate) return cert.publicKey;
  const { key: privateKey } = await readPrivate(key, passphrase);
  return privateKey === undefined ? undefined : createPublicKey(privateKey);
}

/** Every finding about one key of the set. */
export async function checkKey(key: CredentialKey, context: KeyCheckContext): Promise<Finding[]> {
  const found: Finding[] = [];
  if (
    key.keyPath !== undefined &&
    ((await stat(key.keyPath).catch(() => undefined))?.mode ?? 0) & 0o077
  )
    found.push(
      finding(
        'fail',
        'KEY_EXPOSED',
        key.label,
        `${key.keyPath} is readable by others: chmod 600 it`,
      ),
    );
  const { key: privateKey, problem } = await readPrivate(key, context.passphrase);
  if (problem !== undefined) found.push(problem);
  if (key.certPath === undefined && privateKey !== undefined)
    return [...found, ...keyOnlyFindings(key, privateKey)];
  const cert = await readCertificate(key);
  if (!(cert instanceof X509Certificate)) return [...found, cert];
  const bits = cert.publicKey.asymmetricKeyDetails?.modulusLength ?? 0;
  found.push(
    cert.publicKey.asymmetricKeyType !== 'rsa' || bits < MIN_RSA_BITS
      ? finding(
          'fail',
          'KEY_TOO_SMALL',
          key.label,
          `${cert.publicKey.asymmetricKeyType ?? 'unknown'} ${bits} bits; PayNet asks for RSA of at least ${MIN_RSA_BITS}`,
        )
      : finding('ok', 'KEY_SIZE', key.label, `RSA-${bits}`),
  );
  if (privateKey !== undefined)
    found.push(
      cert.checkPrivateKey(privateKey)
        ? finding('ok', 'CERT_KEY_MATCH', key.label, `issued for ${key.keyPath}`)
        : finding(
            'fail',
            'CERT_KEY_MISMATCH',
            key.label,
            `${key.certPath} was not issued for ${key.keyPath}`,
          ),
    );
  found.push(usageFindings(key, cert), ...validityFindings(key, cert, context));
  return found;
}
