/**
 * The files of a test key set (`ofm-postman keys`): their names and paths, the manifest that
 * describes the set, and writing a private key owner-only.
 */
import { chmod, readFile, stat, writeFile } from 'node:fs/promises';
import { createPrivateKey, type KeyObject } from 'node:crypto';
import { join } from 'node:path';
import type { AuthMethod } from '../shared/variables.js';

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

/** Writes `content` readable by the owner only. */
export async function writeSecret(path: string, content: string): Promise<void> {
  await writeFile(path, content, { mode: 0o600 });
  await chmod(path, 0o600);
}

export async function exists(path: string): Promise<boolean> {
  try {
    await stat(path);
    return true;
  } catch {
    return false;
  }
}

/** Reads the manifest of an existing key set, or undefined when there is none. */
export async function readManifest(dir: string): Promise<PkiManifest | undefined> {
  const path = pkiPaths(dir).manifest;
  if (!(await exists(path))) return undefined;
  return JSON.parse(await readFile(path, 'utf8')) as PkiManifest;
}

/** Loads a private key file of the set (the sandbox and tests use it). */
export async function readPrivateKey(path: string): Promise<KeyObject> {
  return createPrivateKey(await readFile(path, 'utf8'));
}
