/** `ofm-postman doctor`: a health check of a credential set, for people and for CI. */
import { resolve } from 'node:path';
import type { Argv, CommandModule } from 'yargs';
import type { BuilderArgs } from '../command-args.js';
import { KIT_PASSPHRASE_ENV, KIT_ROLES, type KitRole } from '../../keys/kit/roles.js';
import { readText } from '../../files/read.js';
import { readPassphrase } from '../options.js';
import { io } from '../../files/io.js';

/** A key and a certificate file per kit role (yargs cannot infer options named in a loop). */
type RoleFiles = { [K in `${KitRole}-${'key' | 'cert'}`]: string | undefined };

function fileOptions<T>(yargs: Argv<T>): Argv<T & RoleFiles> {
  let y = yargs;
  for (const role of KIT_ROLES)
    y = y
      .option(`${role}-key`, {
        type: 'string',
        describe: `${role} private key (PEM), instead of --kit`,
      })
      .option(`${role}-cert`, {
        type: 'string',
        describe: `${role} certificate (PEM), instead of --kit`,
      });
  return y as Argv<T & RoleFiles>;
}

const builder = (yargs: Argv) =>
  fileOptions(yargs)
    .option('kit', { type: 'string', describe: 'Kit folder written by ofm-postman onboard' })
    .option('environment', {
      type: 'string',
      describe:
        'Private environment (ofm-postman env): its signing key and kid, its encryption key',
    })
    .option('jwks', { type: 'string', describe: 'JWKS file, instead of --kit' })
    .option('kid', {
      type: 'string',
      describe: 'kid the signatures carry (signing_kid), instead of --kit',
    })
    .option('jwks-uri', {
      type: 'string',
      describe: 'Fetch the JWKS published here and compare it',
    })
    .option('ca', { type: 'string', describe: 'CA certificate (PEM file) for --jwks-uri' })
    .option('warn-days', {
      type: 'number',
      default: 30,
      describe: 'Warn when a certificate expires within this many days',
    })
    .option('json', {
      type: 'boolean',
      default: false,
      describe: 'Print the findings as JSON (for CI)',
    })
    .option('passphrase-file', {
      type: 'string',
      describe: `Passphrase of encrypted keys (or set ${KIT_PASSPHRASE_ENV})`,
    })
    .conflicts('kit', [
      'environment',
      'jwks',
      'kid',
      ...KIT_ROLES.flatMap((r) => [`${r}-key`, `${r}-cert`]),
    ])
    .example('$0 doctor --kit kit', 'Check a kit; exit 1 when something is wrong')
    .example(
      '$0 doctor --kit kit --json --warn-days 60',
      'For CI: JSON findings, warn two months ahead (add --jwks-uri URL to compare the published JWKS)',
    );

/** The arguments the builder declares, as yargs infers them. */
type DoctorArgs = BuilderArgs<typeof builder>;

export const doctorCommand: CommandModule<object, DoctorArgs> = {
  command: 'doctor',
  describe:
    'Check a credential set: keys and certificates, validity, JWKS, kids, the published JWKS',
  builder,
  handler: async (args) => {
    const warnDays = args['warn-days'];
    if (!Number.isInteger(warnDays) || warnDays < 0) {
      const { UsageError } = await import('../../shared/errors.js');
      throw new UsageError(
        'ERR_OFM_USAGE',
        `--warn-days ${warnDays} is not a whole number of days.`,
        { hint: 'e.g. --warn-days 30' },
      );
    }
    const passphrase = await readPassphrase(args['passphrase-file'], KIT_PASSPHRASE_ENV);
    const ca =
      args.ca === undefined
        ? undefined
        : await readText(args.ca, { what: 'CA file', from: '--ca' });
    const { kitCredentialSet, fileCredentialSet } =
      await import('../../keys/doctor/credential-set.js');
    const { runDoctor } = await import('../../keys/doctor/doctor.js');
    const set =
      args.kit !== undefined
        ? await kitCredentialSet(resolve(args.kit))
        : await fileCredentialSet({
            keys: Object.fromEntries(
              KIT_ROLES.flatMap((r) => (args[`${r}-key`] ? [[r, args[`${r}-key`]]] : [])),
            ),
            certs: Object.fromEntries(
              KIT_ROLES.flatMap((r) => (args[`${r}-cert`] ? [[r, args[`${r}-cert`]]] : [])),
            ),
            jwks: args.jwks,
            kid: args.kid,
            environment: args.environment,
          });
    const { findings, summary } = await runDoctor(set, {
      now: new Date(),
      warnDays,
      passphrase,
      jwksUri: args['jwks-uri'],
      ca,
    });
    if (args.json)
      io.stdout.write(
        `${JSON.stringify({ healthy: summary.healthy, summary, findings }, null, 2)}\n`,
      );
    else {
      const lines = findings.map(
        (f) => `${f.level.padEnd(4)} ${f.code.padEnd(24)} ${f.subject}: ${f.message}`,
      );
      lines.push(
        `doctor: ${summary.healthy ? 'healthy' : 'NOT healthy'}: ${summary.ok} ok, ${summary.info} info, ${summary.warn} warnings, ${summary.fail} failures`,
      );
      io.stdout.write(`${lines.join('\n')}\n`);
    }
    if (!summary.healthy) io.exitCode = 1;
  },
};
