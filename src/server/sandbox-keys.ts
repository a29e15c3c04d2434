/**
 * The keys of one running sandbox: the test PKI from `ofm-postman keys` (its TLS key and
 * certificate, the CA its clients' certificates chain to, the client JWKS), read and checked once
 * before anything listens, and the platform's signing key, made once per process.
 */
import {
  createPrivateKey,
  generateKeyPairSync,
  X509Certificate,
  type KeyObject,
} from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { calculateJwkThumbprint, exportJWK, type JSONWebKeySet, type JWK } from 'jose';
import { assertCertificateCurrent } from '../shared/certificate-validity.js';
import { UsageError } from '../shared/errors.js';
import { pkiPaths, readManifest, type PkiManifest, type PkiPaths } from '../keys/pki-files.js';
import { tlsNow } from './tls.js';

export interface SandboxPki {
  readonly keys: PkiPaths;
  readonly manifest: PkiManifest;
  readonly serverKey: string;
  readonly serverCert: string;
  readonly caCert: string;
  readonly clientJwks: JSONWebKeySet;
}

/** Reads the test PKI in `keysDir`; refuses a folder without one or with a damaged server key. */
export async function readSandboxPki(keysDir: string): Promise<SandboxPki> {
  const manifest = await readManifest(keysDir);
  if (manifest === undefined) {
    throw new UsageError('ERR_OFM_KEYS_MISSING', `no test keys in ${keysDir}.`, {
      hint: 'run ofm-postman keys (or pass --keys DIR)',
    });
  }
  const keys = pkiPaths(keysDir);
  const [serverKey, serverCert, caCert, jwksText] = await Promise.all([
    readFile(keys.serverKey, 'utf8'),
    readFile(keys.serverCert, 'utf8'),
    readFile(keys.caCert, 'utf8'),
    readFile(keys.jwks, 'utf8'),
  ]);
  createPrivateKey(serverKey); // fail early on a damaged key file
  // A sandbox on an expired server certificate or CA would start, and every client would fail.
  for (const [what, path, pem] of [
    ['server certificate', keys.serverCert, serverCert],
    ['CA certificate', keys.caCert, caCert],
  ] as const) {
    const cert = new X509Certificate(pem);
    assertCertificateCurrent(
      {
        label: `the sandbox's ${what} ${path}`,
        notBefore: new Date(cert.validFrom),
        notAfter: new Date(cert.validTo),
      },
      tlsNow(),
      'run ofm-postman keys --force for a new test PKI (then ofm-postman env and certs again)',
    );
  }
  const clientJwks = JSON.parse(jwksText) as JSONWebKeySet;
  return { keys, manifest, serverKey, serverCert, caCert, clientJwks };
}

export interface PlatformKey {
  /** The private JWK oidc-provider signs with. */
  readonly jwk: JWK;
  readonly key: KeyObject;
  /** The public JWK the sandbox publishes. */
  readonly publicJwk: JWK;
}

let platformKey: Promise<PlatformKey> | undefined;

/**
 * The platform's PS256 key for its ID tokens and responses, its kid the RFC 7638 thumbprint: made
 * at the first start of a process and kept for the others. An RSA key costs 60-470 ms of CPU (Node
 * 24 to Node 20); `ofm-postman sandbox` is one start per process, but a program or a test process
 * that starts many sandboxes paid it at each. The key is never written anywhere, and each sandbox
 * has its own issuer, so a token of one is still refused by another. Each call gets its own JWK
 * objects: oidc-provider's configuration may not change another sandbox's.
 */
export async function platformSigningKey(): Promise<PlatformKey> {
  const made = await (platformKey ??= newPlatformKey());
  return { jwk: { ...made.jwk }, key: made.key, publicJwk: { ...made.publicJwk } };
}

async function newPlatformKey(): Promise<PlatformKey> {
  const { privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  const jwk = await exportJWK(privateKey);
  const { kty, n, e } = jwk;
  const kid = await calculateJwkThumbprint({ kty, n, e } as JWK, 'sha256');
  return {
    jwk: { ...jwk, kid, alg: 'PS256', use: 'sig' },
    key: privateKey,
    publicJwk: { kty, n, e, kid, alg: 'PS256', use: 'sig' },
  };
}
