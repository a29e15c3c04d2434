/**
 * The test PKI of the local sandbox: a CA, a server certificate for localhost and 127.0.0.1, a
 * transport (mTLS) certificate per client, a signing and an encryption key with certificates, and
 * the client's public JWKS (certificates.ts, jwks.ts).
 *
 * Private keys are written owner-only into a folder only the owner can enter (pki-files.ts); an
 * existing set is reused and only replaced with `force`.
 */
import { chmod, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { ensurePrivateFolder, warnIfCommittable } from '../files/private-folder.js';
import { UsageError } from '../shared/errors.js';
import { issueTestPki, rfc4514, SUBJECTS, type TestPki } from './certificates.js';
import { publicJwk } from './jwks.js';
import { KEY_SIZES } from './key-defaults.js';
import {
  exists,
  PKI_FILES,
  pkiPaths,
  readManifest,
  writeSecret,
  type PkiManifest,
  type PkiPaths,
} from './pki-files.js';

export { DEFAULT_KEYS_DIR, KEY_SIZES } from './key-defaults.js';
export { rfc4514, SUBJECTS, VALIDITY_DAYS } from './certificates.js';
export {
  PKI_FILES,
  pkiPaths,
  readManifest,
  readPrivateKey,
  type PkiManifest,
  type PkiPaths,
} from './pki-files.js';

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

/** Every file of a complete set. */
function setFiles(paths: PkiPaths): string[] {
  return [
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
}

/** The private keys of a set: what must never be committed. */
function secretFiles(dir: string, paths: PkiPaths): string[] {
  return [
    join(dir, PKI_FILES.caKey),
    paths.serverKey,
    paths.signingKey,
    paths.encryptionKey,
    ...Object.values(paths.transport).map((t) => t.key),
  ];
}

/** Writes the keys and certificates (transport certificates followed by the CA's). */
async function writePki(dir: string, paths: PkiPaths, pki: TestPki): Promise<void> {
  const { ca, server, transport, signing, encryption } = pki;
  await writeSecret(join(dir, PKI_FILES.caKey), ca.pair.privatePem);
  await writeFile(paths.caCert, ca.cert);
  await writeSecret(paths.serverKey, server.pair.privatePem);
  await writeFile(paths.serverCert, server.cert);
  for (const auth of ['private_key_jwt', 'tls_client_auth'] as const) {
    await writeSecret(paths.transport[auth].key, transport[auth].pair.privatePem);
    await writeFile(paths.transport[auth].cert, `${transport[auth].cert}${ca.cert}`);
  }
  await writeSecret(paths.signingKey, signing.pair.privatePem);
  await writeFile(paths.signingCert, signing.cert);
  await writeSecret(paths.encryptionKey, encryption.pair.privatePem);
  await writeFile(paths.encryptionCert, encryption.cert);
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
  const present = await Promise.all(setFiles(paths).map(exists));
  if (!options.force && present.every(Boolean)) {
    const manifest = await readManifest(options.dir);
    if (manifest !== undefined) return { paths, manifest, created: false };
  }
  if (!options.force && present.some(Boolean)) {
    throw new UsageError('ERR_OFM_KEYS_INCOMPLETE', `${options.dir} holds a partial key set.`, {
      hint: 'run ofm-postman keys --force to replace it',
    });
  }

  await ensurePrivateFolder(options.dir);
  await chmod(options.dir, 0o700);
  const now = options.now ?? new Date();
  const pki = await issueTestPki(bits, now);
  await writePki(options.dir, paths, pki);
  const sig = await publicJwk(pki.signing.pair.publicKey, 'sig', pki.signing.cert);
  const enc = await publicJwk(pki.encryption.pair.publicKey, 'enc', pki.encryption.cert);
  await writeFile(paths.jwks, `${JSON.stringify({ keys: [sig, enc] }, null, 2)}\n`);
  const manifest: PkiManifest = {
    bits,
    createdAt: now.toISOString(),
    notAfter: pki.notAfter.toISOString(),
    signingKid: sig.kid as string,
    encryptionKid: enc.kid as string,
    transportSubjects: {
      private_key_jwt: rfc4514(SUBJECTS.private_key_jwt),
      tls_client_auth: rfc4514(SUBJECTS.tls_client_auth),
    },
  };
  await writeFile(paths.manifest, `${JSON.stringify(manifest, null, 2)}\n`);
  warnIfCommittable(secretFiles(options.dir, paths));
  return { paths, manifest, created: true };
}
