/**
 * Writing a kit's files through src/files/write.ts: private keys owner-only (0600) in an
 * owner-only private/ that holds a `.gitignore` of `*`, public files readable (0644), and a guard
 * that no private key ever lands in public/.
 */
import { chmod, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { makeFolders } from '../../files/folder.js';
import { writeAtomic } from '../../files/write.js';
import { instructionsText } from './instructions.js';
import { privateKeyPem, type IssuedKey } from './issue.js';
import { kitJwks } from './kit-jwks.js';
import {
  INSTRUCTIONS_FILE,
  JWKS_FILE,
  KIT_MANIFEST,
  PRIVATE_DIR,
  PUBLIC_DIR,
  type KitKey,
  type KitManifest,
} from './layout.js';

/** A key just made and where kit.json says it goes. */
export interface NewKey {
  readonly issued: IssuedKey;
  readonly record: KitKey;
}

/** Writes a public file, refusing anything that looks like a private key or a secret. */
async function writePublic(dir: string, relative: string, text: string): Promise<void> {
  if (/PRIVATE KEY|"d"\s*:/.test(text))
    throw new Error(
      `refusing to write private material into ${relative} (a bug: please report it)`,
    );
  await writeAtomic(join(dir, relative), text, 0o644);
}

/** Creates private/ owner-only with its `.gitignore`, whatever was there before. */
async function preparePrivate(dir: string): Promise<void> {
  const folder = join(dir, PRIVATE_DIR);
  await makeFolders(folder, 0o700);
  await chmod(folder, 0o700);
  // Ignores itself and every key in it: `git add -A` in a repository holding the kit adds none.
  await writeAtomic(join(folder, '.gitignore'), '*\n', 0o644);
}

/** Writes new keys' files, then the JWKS, the instructions and kit.json (last). */
export async function writeKitFiles(
  dir: string,
  manifest: KitManifest,
  added: readonly NewKey[],
  passphrase: string,
): Promise<void> {
  await preparePrivate(dir);
  await makeFolders(join(dir, PUBLIC_DIR), 0o755);
  for (const { issued, record } of added) {
    await writeAtomic(join(dir, record.key), privateKeyPem(issued.privateKey, passphrase), 0o600);
    await writePublic(dir, record.csr, issued.csr);
    await writePublic(dir, record.cert, issued.cert);
  }
  await writeKitIndex(dir, manifest);
}

/** Rewrites what follows from the manifest: jwks.json, the instructions and kit.json. */
export async function writeKitIndex(dir: string, manifest: KitManifest): Promise<void> {
  const jwks = await kitJwks(dir, manifest);
  await writePublic(dir, join(PUBLIC_DIR, JWKS_FILE), `${JSON.stringify(jwks, null, 2)}\n`);
  await writePublic(dir, join(PUBLIC_DIR, INSTRUCTIONS_FILE), instructionsText(manifest));
  await writePublic(dir, KIT_MANIFEST, `${JSON.stringify(manifest, null, 2)}\n`);
}

/** Removes the files of keys a kit no longer holds (--force over a kit, --retire). */
export async function removeKeyFiles(dir: string, keys: readonly KitKey[]): Promise<void> {
  for (const key of keys)
    for (const file of [key.key, key.csr, key.cert]) await rm(join(dir, file), { force: true });
}
