/**
 * The certificates of the test PKI: a CA, a server certificate for localhost and 127.0.0.1, a
 * transport (mTLS) certificate per client, and a signing and an encryption certificate. Keys come
 * from node:crypto, certificates from jsrsasign's ASN.1 signed by node:crypto (x509-sign.ts), so no
 * `openssl` binary is needed.
 */
import {
  createPrivateKey,
  createPublicKey,
  generateKeyPair,
  generateKeyPairSync,
  randomBytes,
  type KeyObject,
} from 'node:crypto';
import { promisify } from 'node:util';
import { certificatePem } from './x509-sign.js';

/** Certificate validity: PayNet asks for at least 12 months. */
export const VALIDITY_DAYS = 400;

/** Subject DNs, as oidc-provider's tls_client_auth_subject_dn compares them (RFC 4514 order). */
export const SUBJECTS = {
  ca: { C: 'MY', O: 'ofm-postman', CN: 'ofm-postman test CA' },
  server: { C: 'MY', O: 'ofm-postman', CN: 'localhost' },
  private_key_jwt: { C: 'MY', O: 'ofm-postman', CN: 'ofm-postman private_key_jwt client' },
  tls_client_auth: { C: 'MY', O: 'ofm-postman', CN: 'ofm-postman tls_client_auth client' },
  signing: { C: 'MY', O: 'ofm-postman', CN: 'ofm-postman signing' },
  encryption: { C: 'MY', O: 'ofm-postman', CN: 'ofm-postman encryption' },
} as const;

export type Subject = (typeof SUBJECTS)[keyof typeof SUBJECTS];

/** `/C=MY/O=…/CN=…` for jsrsasign. */
function jsrsasignName(subject: Subject): string {
  return `/C=${subject.C}/O=${subject.O}/CN=${subject.CN}`;
}

/** RFC 4514 string, most specific first: `CN=…,O=…,C=MY`. */
export function rfc4514(subject: Subject): string {
  return `CN=${subject.CN},O=${subject.O},C=${subject.C}`;
}

/** ASN.1 UTCTime (`YYMMDDhhmmssZ`) for jsrsasign. */
export function utcTime(date: Date): string {
  return `${date.toISOString().slice(2, 19).replace(/[-:T]/g, '')}Z`;
}

export interface KeyPair {
  readonly privateKey: KeyObject;
  readonly publicKey: KeyObject;
  readonly privatePem: string;
  readonly publicPem: string;
}

const generate = promisify(generateKeyPair);

function rsaKeyPair(bits: number): KeyPair {
  return keyPairOf(generateKeyPairSync('rsa', { modulusLength: bits }));
}

/**
 * An RSA key pair made in the thread pool, so several keys (a PKI's, a kit's) are made side by
 * side, on every core.
 */
export async function rsaKeyPairAsync(bits: number): Promise<KeyPair> {
  return keyPairOf(await generate('rsa', { modulusLength: bits }));
}

function keyPairOf({
  privateKey,
  publicKey,
}: {
  privateKey: KeyObject;
  publicKey: KeyObject;
}): KeyPair {
  return {
    privateKey,
    publicKey,
    privatePem: privateKey.export({ type: 'pkcs8', format: 'pem' }) as string,
    publicPem: publicKey.export({ type: 'spki', format: 'pem' }) as string,
  };
}

/** The key pair of a private key's PEM. */
function keyPairFromPem(privatePem: string): KeyPair {
  const privateKey = createPrivateKey(privatePem);
  const publicKey = createPublicKey(privateKey);
  return {
    privateKey,
    publicKey,
    privatePem,
    publicPem: publicKey.export({ type: 'spki', format: 'pem' }) as string,
  };
}

export interface CertificateSpec {
  readonly subject: Subject;
  readonly publicPem: string;
  readonly issuer: Subject;
  readonly issuerKeyPem: string;
  readonly notBefore: Date;
  readonly notAfter: Date;
  readonly kind: 'ca' | 'server' | 'client' | 'signing' | 'encryption';
}

function certificate(spec: CertificateSpec): string {
  const ext: unknown[] = [];
  if (spec.kind === 'ca') {
    ext.push({ extname: 'basicConstraints', critical: true, cA: true });
    ext.push({ extname: 'keyUsage', critical: true, names: ['keyCertSign', 'cRLSign'] });
  } else {
    ext.push({ extname: 'basicConstraints', critical: true, cA: false });
    const usage = {
      server: ['digitalSignature', 'keyEncipherment'],
      client: ['digitalSignature', 'keyEncipherment'],
      signing: ['digitalSignature'],
      encryption: ['keyEncipherment'],
    }[spec.kind];
    ext.push({ extname: 'keyUsage', critical: true, names: usage });
    if (spec.kind === 'server') {
      ext.push({ extname: 'extKeyUsage', array: [{ name: 'serverAuth' }] });
      ext.push({ extname: 'subjectAltName', array: [{ dns: 'localhost' }, { ip: '127.0.0.1' }] });
    }
    if (spec.kind === 'client')
      ext.push({ extname: 'extKeyUsage', array: [{ name: 'clientAuth' }] });
  }
  return certificatePem(
    {
      version: 3,
      serial: { hex: `01${randomBytes(15).toString('hex')}` },
      issuer: { str: jsrsasignName(spec.issuer) },
      subject: { str: jsrsasignName(spec.subject) },
      notbefore: utcTime(spec.notBefore),
      notafter: utcTime(spec.notAfter),
      sbjpubkey: spec.publicPem,
      ext,
    },
    spec.issuerKeyPem,
  );
}

/** A key pair and the certificate the test CA issued for it. */
export interface Issued {
  readonly pair: KeyPair;
  readonly cert: string;
}

/** A whole test PKI, every certificate valid from a minute before `now` for VALIDITY_DAYS. */
export interface TestPki {
  readonly ca: Issued;
  readonly server: Issued;
  readonly transport: Readonly<Record<'private_key_jwt' | 'tls_client_auth', Issued>>;
  readonly signing: Issued;
  readonly encryption: Issued;
  readonly notAfter: Date;
}

/** Creates a CA and every certificate it issues, with RSA keys of `bits`. */
export async function issueTestPki(bits: number, now: Date): Promise<TestPki> {
  const notBefore = new Date(now.getTime() - 60_000);
  const notAfter = new Date(now.getTime() + VALIDITY_DAYS * 86_400_000);
  const [caPair, serverPair, pkjPair, tlsPair, signingPair, encryptionPair] = (await Promise.all(
    Array.from({ length: 6 }, () => rsaKeyPairAsync(bits)),
  )) as [KeyPair, KeyPair, KeyPair, KeyPair, KeyPair, KeyPair];
  const issue = (subject: Subject, kind: CertificateSpec['kind'], pair: KeyPair) => ({
    pair,
    cert: certificate({
      subject,
      publicPem: pair.publicPem,
      issuer: SUBJECTS.ca,
      issuerKeyPem: caPair.privatePem,
      notBefore,
      notAfter,
      kind,
    }),
  });
  return {
    ca: issue(SUBJECTS.ca, 'ca', caPair),
    server: issue(SUBJECTS.server, 'server', serverPair),
    transport: {
      private_key_jwt: issue(SUBJECTS.private_key_jwt, 'client', pkjPair),
      tls_client_auth: issue(SUBJECTS.tls_client_auth, 'client', tlsPair),
    },
    signing: issue(SUBJECTS.signing, 'signing', signingPair),
    encryption: issue(SUBJECTS.encryption, 'encryption', encryptionPair),
    notAfter,
  };
}

/**
 * A client (transport) certificate the test CA issues with chosen dates: an expired or not yet
 * valid certificate, for tests of what the CLI and the sandbox do with one. `key` is the size of
 * a new RSA key, or the PKCS#8 PEM of a key to certify: a test that needs only the dates reuses a
 * key it has (a new RSA key costs 60-470 ms of CPU).
 */
export function issueClientCertificate(
  ca: Issued,
  subject: Subject,
  validity: { readonly notBefore: Date; readonly notAfter: Date },
  key: number | string = 2048,
): Issued {
  const pair = typeof key === 'string' ? keyPairFromPem(key) : rsaKeyPair(key);
  return {
    pair,
    cert: certificate({
      subject,
      publicPem: pair.publicPem,
      issuer: SUBJECTS.ca,
      issuerKeyPem: ca.pair.privatePem,
      notBefore: validity.notBefore,
      notAfter: validity.notAfter,
      kind: 'client',
    }),
  };
}
