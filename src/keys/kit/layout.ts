/**
 * Where a kit keeps what: private keys in private/ (owner-only, ignored by Git), everything that
 * may be sent in public/, and kit.json, the manifest that lists every key with its files, kid and
 * dates. Reading a kit checks that it holds nothing else, so a stray file (a key copied into
 * public/, a stranger's notes) is found before anything is read or sent.
 */
import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { UsageError } from '../../shared/errors.js';
import { KIT_ROLES, type KitRole } from './roles.js';
import type { ProfileName } from './subject.js';

export const KIT_MANIFEST = 'kit.json';
export const KIT_KIND = 'ofm-postman credential kit';
export const PRIVATE_DIR = 'private';
export const PUBLIC_DIR = 'public';
export const JWKS_FILE = 'jwks.json';
export const INSTRUCTIONS_FILE = 'SEND-TO-PAYNET.txt';

/** One key of the kit, as kit.json records it (paths relative to the kit folder). */
export interface KitKey {
  readonly role: KitRole;
  /** 1 for the first key of a role; each rotation adds one. */
  readonly generation: number;
  readonly kid: string;
  /** RFC 7638 thumbprint (SHA-256) of the public key, whatever the kid. */
  readonly thumbprint: string;
  readonly key: string;
  readonly csr: string;
  readonly cert: string;
  readonly notBefore: string;
  readonly notAfter: string;
}

/** kit.json. */
export interface KitManifest {
  readonly kind: typeof KIT_KIND;
  readonly version: 1;
  readonly profile: ProfileName;
  /** RFC 4514, most specific first. */
  readonly subject: string;
  readonly bits: number;
  readonly days: number;
  readonly encrypted: boolean;
  readonly createdAt: string;
  readonly keys: readonly KitKey[];
}

/** File names of a role's key of `generation`: `signing.key` first, then `signing-2.key`, … */
export function keyFiles(role: KitRole, generation: number) {
  const base = generation === 1 ? role : `${role}-${generation}`;
  return {
    key: `${PRIVATE_DIR}/${base}.key`,
    csr: `${PUBLIC_DIR}/${base}.csr`,
    cert: `${PUBLIC_DIR}/${base}.crt`,
  };
}

const KEY_FILE = new RegExp(`^(${KIT_ROLES.join('|')})(-[2-9]|-[1-9][0-9]+)?\\.key$`);
const PUBLIC_FILE = new RegExp(`^(${KIT_ROLES.join('|')})(-[2-9]|-[1-9][0-9]+)?\\.(csr|crt)$`);

/** Whether `name` in `folder` (`''` for the kit folder itself) is a file a kit may hold. */
export function belongs(folder: string, name: string): boolean {
  if (folder === PRIVATE_DIR) return name === '.gitignore' || KEY_FILE.test(name);
  if (folder === PUBLIC_DIR)
    return name === JWKS_FILE || name === INSTRUCTIONS_FILE || PUBLIC_FILE.test(name);
  return name === KIT_MANIFEST || name === PRIVATE_DIR || name === PUBLIC_DIR;
}

async function entries(dir: string): Promise<string[]> {
  try {
    return await readdir(dir);
  } catch (cause) {
    if ((cause as NodeJS.ErrnoException).code === 'ENOENT') return [];
    if ((cause as NodeJS.ErrnoException).code === 'ENOTDIR')
      throw new UsageError('ERR_OFM_KIT_INVALID', `${dir} is a file, not a kit folder.`, {
        cause,
        hint: 'give a folder: a new one for a kit, or one ofm-postman onboard wrote',
      });
    throw cause;
  }
}

/** Files in the kit folder that no kit writes (paths relative to it). */
export async function foreignFiles(dir: string): Promise<string[]> {
  const top = (await entries(dir)).filter((name) => !belongs('', name));
  const inside = await Promise.all(
    [PRIVATE_DIR, PUBLIC_DIR].map(async (folder) =>
      (await entries(join(dir, folder)))
        .filter((name) => !belongs(folder, name))
        .map((name) => `${folder}/${name}`),
    ),
  );
  return [...top, ...inside.flat()];
}

/** Refuses a kit folder holding a file no kit writes. */
export async function assertNoForeignFiles(dir: string): Promise<void> {
  const foreign = await foreignFiles(dir);
  if (foreign.length > 0)
    throw new UsageError(
      'ERR_OFM_KIT_FOREIGN_FILE',
      `the kit ${dir} holds ${foreign.length === 1 ? 'a file' : 'files'} no kit writes: ${foreign.slice(0, 5).join(', ')}; nothing was read or written.`,
    );
}

/** Whether a parsed kit.json is a manifest this version reads. */
export function isManifest(value: unknown): value is KitManifest {
  const v = value as Partial<KitManifest> | null;
  return (
    typeof v === 'object' &&
    v !== null &&
    v.kind === KIT_KIND &&
    v.version === 1 &&
    Array.isArray(v.keys) &&
    v.keys.every((k) => KIT_ROLES.includes(k.role) && typeof k.kid === 'string')
  );
}

/** Reads and checks kit.json; undefined when the folder has none. */
export async function readKitManifest(dir: string): Promise<KitManifest | undefined> {
  let text: string;
  try {
    text = await readFile(join(dir, KIT_MANIFEST), 'utf8');
  } catch (cause) {
    if ((cause as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw new UsageError('ERR_OFM_KIT_INVALID', `${join(dir, KIT_MANIFEST)} cannot be read.`, {
      cause,
    });
  }
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (cause) {
    throw new UsageError('ERR_OFM_KIT_INVALID', `${join(dir, KIT_MANIFEST)} is not JSON.`, {
      cause,
    });
  }
  if (!isManifest(value))
    throw new UsageError(
      'ERR_OFM_KIT_INVALID',
      `${join(dir, KIT_MANIFEST)} is not a kit manifest.`,
    );
  return value;
}

/** A kit that must exist: its manifest, after checking it holds nothing foreign. */
export async function openKit(dir: string): Promise<KitManifest> {
  const manifest = await readKitManifest(dir);
  if (manifest === undefined)
    throw new UsageError('ERR_OFM_KIT_INVALID', `${dir} is not a kit: it has no ${KIT_MANIFEST}.`, {
      hint: `make one with ofm-postman onboard --out ${dir}`,
    });
  await assertNoForeignFiles(dir);
  return manifest;
}

/** The keys of a role, newest first (the first is the one in use). */
export function keysOf(manifest: KitManifest, role: KitRole): KitKey[] {
  return manifest.keys.filter((k) => k.role === role).sort((a, b) => b.generation - a.generation);
}

/** The key of a role in use: the newest. */
export function activeKey(manifest: KitManifest, role: KitRole): KitKey {
  const key = keysOf(manifest, role)[0];
  if (key === undefined) throw new UsageError('ERR_OFM_KIT_INVALID', `the kit has no ${role} key.`);
  return key;
}
