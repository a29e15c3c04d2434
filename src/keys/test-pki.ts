/**
 * The test PKI of the local sandbox: a CA, a server certificate for localhost and 127.0.0.1, a
 * transport (mTLS) certificate per client, a signing and an encryption key with certificates, and
 * the client's public JWKS.
 *
 * Keys come from node:crypto and certificates from jsrsasign, so no `openssl` binary is needed.
 * Private keys are written owner-only into a folder only the owner can enter; an existing set is
 * reused and only replaced with `force`.
 */
import { createPrivateKey, generateKeyPairSync, randomBytes, type KeyObject } from 'node:crypto';
import { chmod, mkdir, readFile, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { calculateJwkThumbprint, exportJWK, type JWK } from 'jose';
import jsrsasign from 'jsrsasign';
import { UsageError } from '../shared/errors.js';
import type { AuthMethod } from '../shared/variables.js';
import { KEY_SIZES } from './key-defaults.js';

export { DEFAULT_KEYS_DIR, KEY_SIZES } from './key-defaults.js';

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

type Subject = (typeof SUBJECTS)[keyof typeof SUBJECTS];

/** The file names inside the key folder. */
export const PKI_FILES = {
  caCert: 'ca.crt',
  caKey: 'ca.key',
  serverCert: 'server.crt',
  serverKey: 'server.key',
  transportCert: (auth: AuthMethod) => `transport-${auth}.crt`,
  transportKey: (auth: AuthMethod) => `transport-${auth}.key`,
  signingCert: 'signing.crt',
  signingKey: 'signing.key',
  encryptionCert: 'encryption.crt',
  encryptionKey: 'encryption.key',
  jwks: 'jwks.json',
  manifest: 'keys.json',
} as const;

/** What `keys.json` records about a key set. */
export interface PkiManifest {
  readonly bits: number;
  readonly createdAt: string;
  readonly notAfter: string;
  readonly signingKid: string;
  readonly encryptionKid: string;
  /** RFC 4514 subject DN of each transport certificate, for tls_client_auth_subject_dn. */
  readonly transportSubjects: Readonly<Record<AuthMethod, string>>;
}

/** Paths of one key set. */
export interface PkiPaths {
  readonly dir: string;
  readonly caCert: string;
  readonly serverCert: string;
  readonly serverKey: string;
  readonly transport: Readonly<Record<AuthMethod, { cert: string; key: string }>>;
  readonly signingKey: string;
  readonly signingCert: string;
  readonly encryptionKey: string;
  readonly encryptionCert: string;
  readonly jwks: string;
  readonly manifest: string;
}

export function pkiPaths(dir: string): PkiPaths {
  const transport = (auth: AuthMethod) => ({
    cert: join(dir, PKI_FILES.transportCert(auth)),
    key: join(dir, PKI_FILES.transportKey(auth)),
  });
  return {
    dir,
    caCert: join(dir, PKI_FILES.caCert),
    serverCert: join(dir, PKI_FILES.serverCert),
    serverKey: join(dir, PKI_FILES.serverKey),
    transport: {
      private_key_jwt: transport('private_key_jwt'),
      tls_client_auth: transport('tls_client_auth'),
    },
    signingKey: join(dir, PKI_FILES.signingKey),
    signingCert: join(dir, PKI_FILES.signingCert),
    encryptionKey: join(dir, PKI_FILES.encryptionKey),
    encryptionCert: join(dir, PKI_FILES.encryptionCert),
    jwks: join(dir, PKI_FILES.jwks),
    manifest: join(dir, PKI_FILES.manifest),
  };
}

/** `/C=MY/O=…/CN=…` for jsrsasign. */
function jsrsasignName(subject: Subject): string {
  return `/C=${subject.C}/O=${subject.O}/CN=${subject.CN}`;
}

/** RFC 4514 string, most specific first: `CN=…,O=…,C=MY`. */
export function rfc4514(subject: Subject): string {
  return `CN=${subject.CN},O=${subject.O},C=${subject.C}`;
}

function utcTime(date: Date): string {
  return `${date.toISOString().slice(2, 19).replace(/[-:T]/g, '')}Z`;
}

interface KeyPair {
  readonly privateKey: KeyObject;
  readonly publicKey: KeyObject;
  readonly privatePem: string;
  readonly publicPem: string;
}

function rsaKeyPair(bits: number): KeyPair {
  const { privateKey, publicKey } = generateKeyPairSync('rsa', { modulusLength: bits });
  return {
    privateKey,
    publicKey,
    privatePem: privateKey.export({ type: 'pkcs8', format: 'pem' }) as string,
    publicPem: publicKey.export({ type: 'spki', format: 'pem' }) as string,
  };
}

interface CertificateSpec {
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
  const cert = new jsrsasign.KJUR.asn1.x509.Certificate({
    version: 3,
    serial: { hex: `01${randomBytes(15).toString('hex')}` },
    issuer: { str: jsrsasignName(spec.issuer) },
    subject: { str: jsrsasignName(spec.subject) },
    notbefore: utcTime(spec.notBefore),
    notafter: utcTime(spec.notAfter),
    sbjpubkey: spec.publicPem,
    ext,
    sigalg: 'SHA256withRSA',
    cakey: spec.issuerKeyPem,
  } as never);
  return cert.getPEM();
}

async function writeSecret(path: string, content: string): Promise<void> {
  await writeFile(path, content, { mode: 0o600 });
  await chmod(path, 0o600);
}

async function exists(path: string): Promise<boolean> {
  try {
    await stat(path);
    return true;
  } catch {
    return false;
  }
}

/** A public JWK with kid = RFC 7638 thumbprint, `use`, `alg` and the certificate chain. */
async function publicJwk(publicKey: KeyObject, use: 'sig' | 'enc', certPem: string): Promise<JWK> {
  const jwk = await exportJWK(publicKey);
  const kid = await calculateJwkThumbprint(jwk, 'sha256');
  const der = certPem.replace(/-----[A-Z ]+-----|\s/g, '');
  return {
    kty: jwk.kty,
    kid,
    use,
    alg: use === 'sig' ? 'PS256' : 'RSA-OAEP-256',
    n: jwk.n,
    e: jwk.e,
    x5c: [der],
  };
}

export interface EnsureKeysOptions {
  readonly dir: string;
  readonly bits?: number;
  readonly force?: boolean;
  readonly now?: Date;
}

export interface EnsureKeysResult {
  readonly paths: PkiPaths;
  readonly manifest: PkiManifest;
  /** False when an existing set was reused. */
  readonly created: boolean;
}

/** Reads the manifest of an existing key set, or undefined when there is none. */
export async function readManifest(dir: string): Promise<PkiManifest | undefined> {
  const path = pkiPaths(dir).manifest;
  if (!(await exists(path))) return undefined;
  return JSON.parse(await readFile(path, 'utf8')) as PkiManifest;
}

/**
 * Makes sure a complete key set exists in `dir`: reuses it when it is there, creates it when the
 * folder holds none, and refuses to touch a partial set unless `force` is given.
 */
export async function ensureTestKeys(options: EnsureKeysOptions): Promise<EnsureKeysResult> {
  const bits = options.bits ?? 2048;
  if (!(KEY_SIZES as readonly number[]).includes(bits)) {
    throw new UsageError('ERR_OFM_USAGE', `--bits ${bits} is not supported.`, {
      hint: `use ${KEY_SIZES.join(', ')}`,
    });
  }
  const paths = pkiPaths(options.dir);
  const files = [
    paths.caCert,
    paths.serverCert,
    paths.serverKey,
    paths.signingKey,
    paths.signingCert,
    paths.encryptionKey,
    paths.encryptionCert,
    paths.jwks,
    paths.manifest,
    ...Object.values(paths.transport).flatMap((t) => [t.cert, t.key]),
  ];
  const present = await Promise.all(files.map(exists));
  if (!options.force && present.every(Boolean)) {
    const manifest = await readManifest(options.dir);
    if (manifest !== undefined) return { paths, manifest, created: false };
  }
  if (!options.force && present.some(Boolean)) {
    throw new UsageError('ERR_OFM_KEYS_INCOMPLETE', `${options.dir} holds a partial key set.`, {
      hint: 'run ofm-postman keys --force to replace it',
    });
  }

  await mkdir(options.dir, { recursive: true, mode: 0o700 });
  await chmod(options.dir, 0o700);
  const now = options.now ?? new Date();
  const notBefore = new Date(now.getTime() - 60_000);
  const notAfter = new Date(now.getTime() + VALIDITY_DAYS * 86_400_000);
  const ca = rsaKeyPair(bits);
  const caCert = certificate({
    subject: SUBJECTS.ca,
    publicPem: ca.publicPem,
    issuer: SUBJECTS.ca,
    issuerKeyPem: ca.privatePem,
    notBefore,
    notAfter,
    kind: 'ca',
  });
  const issue = (subject: Subject, kind: CertificateSpec['kind']) => {
    const pair = rsaKeyPair(bits);
    return {
      pair,
      cert: certificate({
        subject,
        publicPem: pair.publicPem,
        issuer: SUBJECTS.ca,
        issuerKeyPem: ca.privatePem,
        notBefore,
        notAfter,
        kind,
      }),
    };
  };
  const server = issue(SUBJECTS.server, 'server');
  const pkjwt = issue(SUBJECTS.private_key_jwt, 'client');
  const mtls = issue(SUBJECTS.tls_client_auth, 'client');
  const signing = issue(SUBJECTS.signing, 'signing');
  const encryption = issue(SUBJECTS.encryption, 'encryption');

  await writeSecret(join(options.dir, PKI_FILES.caKey), ca.privatePem);
  await writeFile(paths.caCert, caCert);
  await writeSecret(paths.serverKey, server.pair.privatePem);
  await writeFile(paths.serverCert, server.cert);
  await writeSecret(paths.transport.private_key_jwt.key, pkjwt.pair.privatePem);
  await writeFile(paths.transport.private_key_jwt.cert, `${pkjwt.cert}${caCert}`);
  await writeSecret(paths.transport.tls_client_auth.key, mtls.pair.privatePem);
  await writeFile(paths.transport.tls_client_auth.cert, `${mtls.cert}${caCert}`);
  await writeSecret(paths.signingKey, signing.pair.privatePem);
  await writeFile(paths.signingCert, signing.cert);
  await writeSecret(paths.encryptionKey, encryption.pair.privatePem);
  await writeFile(paths.encryptionCert, encryption.cert);

  const sig = await publicJwk(signing.pair.publicKey, 'sig', signing.cert);
  const enc = await publicJwk(encryption.pair.publicKey, 'enc', encryption.cert);
  await writeFile(paths.jwks, `${JSON.stringify({ keys: [sig, enc] }, null, 2)}\n`);
  const manifest: PkiManifest = {
    bits,
    createdAt: now.toISOString(),
    notAfter: notAfter.toISOString(),
    signingKid: sig.kid as string,
    encryptionKid: enc.kid as string,
    transportSubjects: {
      private_key_jwt: rfc4514(SUBJECTS.private_key_jwt),
      tls_client_auth: rfc4514(SUBJECTS.tls_client_auth),
    },
  };
  await writeFile(paths.manifest, `${JSON.stringify(manifest, null, 2)}\n`);
  return { paths, manifest, created: true };
}

/** Loads a private key file of the set (the sandbox and tests use it). */
export async function readPrivateKey(path: string): Promise<KeyObject> {
  return createPrivateKey(await readFile(path, 'utf8'));
}
