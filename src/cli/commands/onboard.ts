/** `ofm-postman onboard`: the credential kit a Data Consumer sends PayNet, and its rotation. */
import { join, resolve } from 'node:path';
import type { Argv, CommandModule } from 'yargs';
import type { BuilderArgs } from '../command-args.js';
import { UsageError } from '../../shared/errors.js';
import {
  KIT_BITS,
  KIT_DEFAULT_DAYS,
  KIT_PASSPHRASE_ENV,
  KIT_ROLES,
  type KitRole,
} from '../../keys/kit/roles.js';
import { PROFILES, type ProfileName } from '../../keys/kit/subject.js';
import type { KitManifest } from '../../keys/kit/layout.js';
import { readPassphrase } from '../options.js';
import { io } from '../../files/io.js';

/** `--kid signing=ID` (or a bare `ID` with --rotate, for the rotated role) by role. */
export function kidsByRole(
  values: readonly string[],
  rotating?: KitRole,
): Partial<Record<KitRole, string>> {
  const kids: Partial<Record<KitRole, string>> = {};
  for (const value of values) {
    const at = value.indexOf('=');
    const role = (at < 0 ? rotating : value.slice(0, at)) as KitRole | undefined;
    if (role === undefined || !KIT_ROLES.includes(role))
      throw new UsageError('ERR_OFM_USAGE', `--kid ${value.slice(0, 70)} does not name a role.`, {
        hint: 'write --kid signing=ID or --kid encryption=ID',
      });
    kids[role] = at < 0 ? value : value.slice(at + 1);
  }
  return kids;
}

/** Names the environments and certificate lists of the working folder that use the old key. */
async function printStaleFiles(dir: string, manifest: KitManifest, role: KitRole): Promise<void> {
  const { keysOf } = await import('../../keys/kit/layout.js');
  const { filesUsing } = await import('../../keys/kit/stale-files.js');
  const old = keysOf(manifest, role)[1];
  if (old === undefined) return;
  const files = await filesUsing(process.cwd(), dir, old);
  io.stdout.write(
    files.length === 0
      ? `no file in ${join('.ofm', role === 'transport' ? 'certs' : 'env')} uses the old key\n`
      : `these use the old key; write them again:\n${files.map((f) => `  ${f}`).join('\n')}\n`,
  );
}

const builder = (yargs: Argv) =>
  yargs
    .option('out', {
      type: 'string',
      demandOption: true,
      describe: 'Kit folder (private/ is owner-only and git-ignored)',
    })
    .option('profile', {
      type: 'string',
      choices: Object.keys(PROFILES),
      default: 'paynet',
      describe:
        'Subject rules: paynet (C, O, OU, CN; configurable) or uae (C=AE, O, OU=org ID, CN=client ID)',
    })
    .option('org', { type: 'string', describe: 'Legal name of the organisation (O)' })
    .option('org-id', { type: 'string', describe: 'Organisation ID (OU)' })
    .option('client-id', { type: 'string', describe: 'client_id, when known (CN)' })
    .option('country', {
      type: 'string',
      describe: 'ISO 3166 country code (C; paynet default MY)',
    })
    .option('subject', {
      type: 'string',
      describe: 'A whole subject instead, e.g. "/C=MY/O=Acme Bhd/CN=acme-dc"',
    })
    .option('bits', {
      type: 'number',
      default: 2048,
      describe: `RSA key size: ${KIT_BITS.join(', ')}`,
    })
    .option('days', {
      type: 'number',
      default: KIT_DEFAULT_DAYS,
      describe: 'Certificate validity in days (365-825)',
    })
    .option('kid', {
      type: 'string',
      array: true,
      describe: 'kid of a key, as signing=ID or encryption=ID (default: RFC 7638 thumbprint)',
    })
    .option('passphrase-file', {
      type: 'string',
      describe: `Encrypt the private keys with this passphrase (or set ${KIT_PASSPHRASE_ENV})`,
    })
    .option('force', {
      type: 'boolean',
      default: false,
      describe: 'Replace an existing kit (its keys are lost)',
    })
    .option('rotate', {
      type: 'string',
      choices: [...KIT_ROLES],
      describe: 'Add a new key of this role beside the old one',
    })
    .option('retire', {
      type: 'string',
      describe: 'Remove the key with this kid once PayNet has its successor',
    })
    .conflicts('rotate', 'retire')
    .example(
      '$0 onboard --out kit --org Acme --org-id ACME01',
      'A kit for PayNet with the default subject rules',
    )
    .example(
      '$0 onboard --out kit-uae --profile uae --org Acme --org-id ORG-7 --client-id 5f1d2c3b-8a9e-4b7c-9d6e-1f2a3b4c5d6e',
      'A kit with the UAE Open Finance subject (rotate later with --rotate signing)',
    );

/** The arguments the builder declares, as yargs infers them. */
type OnboardArgs = BuilderArgs<typeof builder>;

export const onboardCommand: CommandModule<object, OnboardArgs> = {
  command: 'onboard',
  describe:
    'Write the keys, CSRs, certificates and JWKS a Data Consumer sends PayNet (or rotate one)',
  builder,
  handler: async (args) => {
    const dir = resolve(args.out);
    const rotating = args.rotate as KitRole | undefined;
    const kids = kidsByRole(args.kid ?? [], rotating);
    // Read before anything is made: a missing passphrase file stops the command here.
    const passphrase = await readPassphrase(args['passphrase-file'], KIT_PASSPHRASE_ENV);
    const { kitSummary } = await import('../../keys/kit/summary.js');
    if (rotating !== undefined || args.retire !== undefined) {
      const { rotateKit, retireKey } = await import('../../keys/kit/rotate.js');
      const manifest =
        rotating !== undefined
          ? await rotateKit({ dir, role: rotating, kid: kids[rotating], passphrase })
          : await retireKey(dir, args.retire ?? '');
      io.stdout.write(kitSummary(dir, manifest, rotating ?? 'retire'));
      if (rotating !== undefined) await printStaleFiles(dir, manifest, rotating);
      return;
    }
    const { makeKit } = await import('../../keys/kit/make-kit.js');
    const manifest = await makeKit({
      dir,
      profile: args.profile as ProfileName,
      subject: {
        org: args.org,
        orgId: args['org-id'],
        clientId: args['client-id'],
        country: args.country,
        subject: args.subject,
      },
      bits: args.bits,
      days: args.days,
      kids,
      passphrase,
      force: args.force,
    });
    io.stdout.write(kitSummary(dir, manifest, 'created'));
  },
};
