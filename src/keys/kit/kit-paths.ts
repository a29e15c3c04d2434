/**
 * The files of a kit's keys in use, read synchronously from kit.json: what `--kit DIR` fills in
 * for env, certs, assertion and run before yargs validates (so a required --cert is satisfied).
 * Light on purpose (node:fs only): every command's builder loads it.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { UsageError } from '../../shared/errors.js';
import {
  belongs,
  isManifest,
  KIT_MANIFEST,
  PRIVATE_DIR,
  PUBLIC_DIR,
  type KitKey,
  type KitManifest,
} from './layout.js';
import type { KitRole } from './roles.js';

/** The paths (absolute) and kids of a kit's keys in use. */
export interface KitPaths {
  readonly manifest: KitManifest;
  readonly key: (role: KitRole) => string;
  readonly cert: (role: KitRole) => string;
  readonly kid: (role: KitRole) => string;
}

function list(dir: string): string[] {
  try {
    return readdirSync(dir);
  } catch {
    // A kit without the folder: nothing foreign in it.
    return [];
  }
}

/** Reads kit.json and checks the kit holds nothing foreign. */
export function readKitSync(dir: string): KitPaths {
  let manifest: unknown;
  try {
    manifest = JSON.parse(readFileSync(join(dir, KIT_MANIFEST), 'utf8'));
  } catch (cause) {
    throw new UsageError('ERR_OFM_KIT_INVALID', `--kit ${dir} has no readable ${KIT_MANIFEST}.`, {
      cause,
    });
  }
  if (!isManifest(manifest))
    throw new UsageError(
      'ERR_OFM_KIT_INVALID',
      `--kit ${dir}: ${KIT_MANIFEST} is not a kit manifest.`,
    );
  const foreign = [
    ...list(dir).filter((name) => !belongs('', name)),
    ...[PRIVATE_DIR, PUBLIC_DIR].flatMap((folder) =>
      list(join(dir, folder))
        .filter((name) => !belongs(folder, name))
        .map((name) => `${folder}/${name}`),
    ),
  ];
  if (foreign.length > 0)
    throw new UsageError(
      'ERR_OFM_KIT_FOREIGN_FILE',
      `the kit ${dir} holds files no kit writes: ${foreign.slice(0, 5).join(', ')}; nothing was read.`,
    );
  const kits = manifest;
  const active = (role: KitRole): KitKey => {
    const key = kits.keys
      .filter((k) => k.role === role)
      .sort((a, b) => b.generation - a.generation)[0];
    if (key === undefined)
      throw new UsageError('ERR_OFM_KIT_INVALID', `the kit ${dir} has no ${role} key.`);
    return key;
  };
  return {
    manifest: kits,
    key: (role) => join(dir, active(role).key),
    cert: (role) => join(dir, active(role).cert),
    kid: (role) => active(role).kid,
  };
}
