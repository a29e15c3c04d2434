/**
 * Rotation with overlap, as UAE Open Finance's guide and UK Open Banking do it: a new key and
 * certificate beside the old, both published in jwks.json (new first) until PayNet has the new
 * one; then `--retire KID` removes the old. One rotation per role at a time.
 */
import { readFile } from 'node:fs/promises';
import { createPrivateKey } from 'node:crypto';
import { join } from 'node:path';
import { UsageError } from '../../shared/errors.js';
import { issueKitKey } from './issue.js';
import { keysOf, openKit, type KitManifest } from './layout.js';
import { checkKids, kitKeyOf } from './make-kit.js';
import { KIT_PASSPHRASE_ENV, type KitRole } from './roles.js';
import { parseSubject } from './subject.js';
import { removeKeyFiles, writeKitFiles, writeKitIndex } from './write-kit.js';

export interface RotateOptions {
  readonly dir: string;
  readonly role: KitRole;
  readonly kid?: string;
  readonly passphrase: string;
  readonly now?: Date;
}

/** The new key is encrypted like the others, so the passphrase must open the key in use. */
async function checkPassphrase(
  dir: string,
  manifest: KitManifest,
  role: KitRole,
  passphrase: string,
): Promise<void> {
  if (!manifest.encrypted) return;
  const current = keysOf(manifest, role)[0];
  if (passphrase === '' || current === undefined)
    throw new UsageError(
      'ERR_OFM_KIT_ROTATION',
      "the kit's keys are encrypted and no passphrase was given.",
      {
        hint: `set ${KIT_PASSPHRASE_ENV} or pass --passphrase-file`,
      },
    );
  try {
    createPrivateKey({ key: await readFile(join(dir, current.key), 'utf8'), passphrase });
  } catch (cause) {
    throw new UsageError('ERR_OFM_KIT_ROTATION', `the passphrase does not open ${current.key}.`, {
      cause,
      hint: 'give the passphrase the kit was made with',
    });
  }
}

/** Adds a new key of `role` beside the old one; returns the new manifest. */
export async function rotateKit(options: RotateOptions): Promise<KitManifest> {
  const manifest = await openKit(options.dir);
  const current = keysOf(manifest, options.role);
  if (current.length > 1)
    throw new UsageError(
      'ERR_OFM_KIT_ROTATION',
      `a ${options.role} rotation is already under way (kids ${current.map((k) => k.kid).join(', ')}); nothing was written.`,
      {
        hint: `once PayNet has the new key, run ofm-postman onboard --out ${options.dir} --retire ${current[1]?.kid ?? 'OLD_KID'}`,
      },
    );
  if (options.kid !== undefined)
    checkKids(
      { [options.role]: options.kid },
      manifest.keys.map((k) => k.kid),
    );
  await checkPassphrase(options.dir, manifest, options.role, options.passphrase);
  const generation = Math.max(0, ...current.map((k) => k.generation)) + 1;
  const issued = await issueKitKey({
    role: options.role,
    bits: manifest.bits,
    days: manifest.days,
    subject: parseSubject(manifest.subject),
    now: options.now ?? new Date(),
  });
  const record = await kitKeyOf(issued, generation, options.kid);
  if (manifest.keys.some((k) => k.kid === record.kid))
    throw new Error('a new key has the thumbprint of an old one (a bug: please report it)');
  const next: KitManifest = { ...manifest, keys: [...manifest.keys, record] };
  await writeKitFiles(options.dir, next, [{ issued, record }], options.passphrase);
  return next;
}

/** Removes the key `kid` once its successor is in the kit; returns the new manifest. */
export async function retireKey(dir: string, kid: string): Promise<KitManifest> {
  const manifest = await openKit(dir);
  const key = manifest.keys.find((k) => k.kid === kid);
  if (key === undefined)
    throw new UsageError(
      'ERR_OFM_KIT_ROTATION',
      `the kit has no key with kid ${kid.slice(0, 70)}; nothing was removed.`,
      {
        hint: `the kids are in ${join(dir, 'kit.json')}`,
      },
    );
  const newest = keysOf(manifest, key.role)[0];
  if (newest === key)
    throw new UsageError(
      'ERR_OFM_KIT_ROTATION',
      `${kid} is the newest ${key.role} key; only the key it replaces can be retired.`,
      {
        hint: `rotate first: ofm-postman onboard --out ${dir} --rotate ${key.role}`,
      },
    );
  const next: KitManifest = { ...manifest, keys: manifest.keys.filter((k) => k !== key) };
  await writeKitIndex(dir, next);
  await removeKeyFiles(dir, [key]);
  return next;
}
