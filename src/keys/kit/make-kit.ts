/**
 * `ofm-postman onboard`: a whole credential kit for one Data Consumer. Everything the user gave is
 * checked first (sizes, days, subject, kids, the folder), then the keys are made, then files are
 * written: private keys owner-only into private/ (which ignores itself for Git), the rest into
 * public/, and kit.json last.
 */
import { calculateJwkThumbprint, exportJWK } from 'jose';
import { UsageError } from '../../shared/errors.js';
import { issueKitKey, type IssuedKey } from './issue.js';
import {
  assertNoForeignFiles,
  keyFiles,
  readKitManifest,
  KIT_KIND,
  type KitKey,
  type KitManifest,
} from './layout.js';
import { KIT_BITS, KIT_MAX_DAYS, KIT_MIN_DAYS, KIT_ROLES, type KitRole } from './roles.js';
import { rfc4514Form, subjectFor, type ProfileName, type SubjectInput } from './subject.js';
import { removeKeyFiles, writeKitFiles } from './write-kit.js';

export interface MakeKitOptions {
  readonly dir: string;
  readonly profile: ProfileName;
  readonly subject: SubjectInput;
  readonly bits: number;
  readonly days: number;
  /** kids by role; a role left out gets its RFC 7638 thumbprint. */
  readonly kids: Partial<Record<KitRole, string>>;
  /** '' for unencrypted keys. */
  readonly passphrase: string;
  readonly force: boolean;
  readonly now?: Date;
}

const KID = /^[A-Za-z0-9._-]{1,64}$/;

/** Refuses key sizes and validities PayNet would refuse (or that would rot unseen). */
export function checkPolicy(bits: number, days: number): void {
  if (!(KIT_BITS as readonly number[]).includes(bits))
    throw new UsageError(
      'ERR_OFM_KIT_POLICY',
      `--bits ${bits} is not accepted: RSA keys of ${KIT_BITS.join(', ')} bits only.`,
    );
  if (!Number.isInteger(days) || days < KIT_MIN_DAYS || days > KIT_MAX_DAYS)
    throw new UsageError(
      'ERR_OFM_KIT_POLICY',
      `--days ${days} is not accepted: PayNet asks for at least ${KIT_MIN_DAYS} days (12 months); at most ${KIT_MAX_DAYS}.`,
    );
}

/** Checks each kid given: a plain token, not reused. */
export function checkKids(
  kids: Partial<Record<KitRole, string>>,
  taken: readonly string[] = [],
): void {
  const seen = new Set(taken);
  for (const [role, kid] of Object.entries(kids)) {
    if (!KID.test(kid))
      throw new UsageError(
        'ERR_OFM_USAGE',
        `--kid ${role}=${kid.slice(0, 70)} is not 1-64 letters, digits, '.', '_' or '-'.`,
        {
          hint: 'e.g. --kid signing=acme-sig-2026 --kid encryption=acme-enc-2026',
        },
      );
    if (seen.has(kid))
      throw new UsageError('ERR_OFM_USAGE', `--kid ${kid} is used twice in the kit.`, {
        hint: 'give every key its own kid',
      });
    seen.add(kid);
  }
}

/** The kit.json record of an issued key. */
export async function kitKeyOf(
  issued: IssuedKey,
  generation: number,
  kid: string | undefined,
): Promise<KitKey> {
  const thumbprint = await calculateJwkThumbprint(await exportJWK(issued.publicKey), 'sha256');
  return {
    role: issued.role,
    generation,
    kid: kid ?? thumbprint,
    thumbprint,
    ...keyFiles(issued.role, generation),
    notBefore: issued.notBefore.toISOString(),
    notAfter: issued.notAfter.toISOString(),
  };
}

/** Makes and writes a kit; returns its manifest. */
export async function makeKit(options: MakeKitOptions): Promise<KitManifest> {
  checkPolicy(options.bits, options.days);
  const subject = subjectFor(options.profile, options.subject);
  checkKids(options.kids);
  await assertNoForeignFiles(options.dir);
  const existing = await readKitManifest(options.dir);
  if (existing !== undefined && !options.force)
    throw new UsageError(
      'ERR_OFM_KIT_EXISTS',
      `${options.dir} already holds a kit (${existing.subject}); nothing was written.`,
    );

  const now = options.now ?? new Date();
  const issued = await Promise.all(
    KIT_ROLES.map((role) =>
      issueKitKey({ role, bits: options.bits, days: options.days, subject, now }),
    ),
  );
  const added = await Promise.all(
    issued.map(async (key) => ({
      issued: key,
      record: await kitKeyOf(key, 1, options.kids[key.role]),
    })),
  );
  const keys = added.map((key) => key.record);
  const manifest: KitManifest = {
    kind: KIT_KIND,
    version: 1,
    profile: options.profile,
    subject: rfc4514Form(subject),
    bits: options.bits,
    days: options.days,
    encrypted: options.passphrase !== '',
    createdAt: now.toISOString(),
    keys,
  };
  if (existing !== undefined) await removeKeyFiles(options.dir, existing.keys);
  await writeKitFiles(options.dir, manifest, added, options.passphrase);
  return manifest;
}
