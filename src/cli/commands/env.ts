/** `ofm-postman env`: a private environment with the secrets filled in, for one machine. */
import { resolve } from 'node:path';
import type { Argv, CommandModule } from 'yargs';
import type { BuilderArgs } from '../command-args.js';
import { isOfmError, OfmError, UsageError } from '../../shared/errors.js';
import { AUTH_METHODS, VAR, type AuthMethod } from '../../shared/variables.js';
import {
  assertPassphraseOpens,
  readPassphrase,
  resolveClientId,
  resolveTarget,
  withTargetOptions,
} from '../options.js';
import { SECRET_ENV } from '../../shared/env-vars.js';
import { withKitOption, type KitFill } from '../kit-option.js';
import { io } from '../../files/io.js';

/** A key file the script will read: checked by Node, and refused if only Node could read it. */
async function readScriptKey(
  path: string,
  what: 'signing' | 'encryption',
  passphraseFile: string | undefined,
  passphraseEnv: string,
) {
  // These load jose and jsrsasign: imported when the command runs, not for --help.
  const { parseSigningKeyPem, readUserFile } = await import('../../keys/signing-key.js');
  const { assertScriptCanRead } = await import('../../keys/script-compat.js');
  const text = await readUserFile(path, `${what} key file`);
  assertScriptCanRead(text, path, passphraseEnv, passphraseFile);
  const keyFlag = what === 'signing' ? '--signing-key' : '--encryption-key';
  if (passphraseFile !== undefined)
    await assertPassphraseOpens(`--${what === 'signing' ? '' : 'encryption-'}passphrase-file`, {
      path,
      from: keyFlag,
      text,
    });
  const passphrase = await readPassphrase(
    passphraseFile,
    passphraseEnv,
    what === 'signing' ? '--passphrase-file' : '--encryption-passphrase-file',
  );
  try {
    const key = await parseSigningKeyPem(text, passphrase, `the ${what} key ${path}`);
    return { text, passphrase, key };
  } catch (error) {
    // The parser's hint names the signing key's passphrase source; say which one this key needs.
    if (isOfmError(error) && error.code === 'ERR_OFM_KEY_PASSPHRASE_MISSING' && what !== 'signing')
      throw new OfmError(error.code, error.message, {
        cause: error,
        hint: `set ${passphraseEnv} or pass --${what}-passphrase-file`,
      });
    throw error;
  }
}

/**
 * The CI form: `ofm-postman run` takes the secrets from process environment variables, so no
 * secret is ever on a command line; only the names are printed, and the non-secret flags.
 */
function ciLines(auth: AuthMethod, values: Record<string, string>): string {
  const secretEnv = [
    `#   ${SECRET_ENV.signingKeyFile}=<path of the signing key> (or ${SECRET_ENV.signingPrivateKey}=<the PEM>)`,
    ...(values[VAR.signingKeyPassphrase]
      ? [`#   ${SECRET_ENV.signingKeyPassphrase}=<its passphrase>`]
      : []),
    ...(values[VAR.encryptionPrivateKey]
      ? [
          `#   ${SECRET_ENV.encryptionKeyFile}=<path of the encryption key> (or ${SECRET_ENV.encryptionPrivateKey}=<the PEM>)`,
        ]
      : []),
    ...(values[VAR.encryptionKeyPassphrase]
      ? [`#   ${SECRET_ENV.encryptionKeyPassphrase}=<its passphrase>`]
      : []),
  ];
  const flags = [
    `--env-var "${VAR.authMethod}=${auth}"`,
    `--env-var "${VAR.clientId}=${values[VAR.clientId] ?? ''}"`,
    ...(values[VAR.signingKid] ? [`--env-var "${VAR.signingKid}=${values[VAR.signingKid]}"`] : []),
  ];
  return [
    '# For CI: ofm-postman run reads the secrets from process environment variables; set them from',
    '# your CI secret store, never on a command line:',
    ...secretEnv,
    '# and takes the rest as flags:',
    flags.join(' \\\n  '),
  ].join('\n');
}

const KIT_HELP = 'its signing key and kid, its encryption key';
/** What --kit stands for: the kit's signing key and kid and its encryption key. */
const KIT_KEYS: KitFill = (kit) => ({
  'signing-key': kit.key('signing'),
  'encryption-key': kit.key('encryption'),
  kid: kit.kid('signing'),
});

const builder = (yargs: Argv) =>
  withKitOption(withTargetOptions(yargs), KIT_KEYS, KIT_HELP)
    .demandOption('target')
    .option('auth', {
      choices: AUTH_METHODS,
      default: 'private_key_jwt' as const,
      describe: 'Client authentication method',
    })
    .option('client-id', {
      type: 'string',
      describe: 'Your OFP client_id (default for --target local: its client for --auth)',
    })
    .option('signing-key', {
      type: 'string',
      describe:
        'Signing private key (PEM file); required: it signs client assertions and, for both methods, request objects',
    })
    .option('encryption-key', {
      type: 'string',
      describe: 'Encryption private key (PEM file) that decrypts account data',
    })
    .option('kid', {
      type: 'string',
      describe: 'kid of the signing key in your JWKS (default: its RFC 7638 thumbprint)',
    })
    .option('passphrase-file', {
      type: 'string',
      describe: `File with the signing key passphrase (or set ${SECRET_ENV.signingKeyPassphrase})`,
    })
    .option('encryption-passphrase-file', {
      type: 'string',
      describe: `File with the encryption key passphrase (or set ${SECRET_ENV.encryptionKeyPassphrase})`,
    })
    .option('out', {
      type: 'string',
      describe:
        'Output file (default .ofm/env/<target>.<auth>.private.postman_environment.json); never over a file ofm-postman did not write',
    })
    .option('force', {
      type: 'boolean',
      default: false,
      describe: 'Let --out replace a file ofm-postman did not write (a Postman export, anything)',
    })
    .option('format', {
      choices: ['postman', 'bruno'] as const,
      default: 'postman' as const,
      describe:
        "bruno: write the secrets into the Bruno collection folder --out as its .env (Bruno's process.env, git-ignored), and client_id, signing_kid and the URLs into its environments/<target>.bru",
    })
    .option('cert', {
      type: 'string',
      describe: 'With --format bruno: transport certificate (PEM) for the .env client certificate',
    })
    .option('key', {
      type: 'string',
      describe: 'With --format bruno: transport private key (PEM) for the .env client certificate',
    })
    .option('print-env-vars', {
      type: 'boolean',
      default: false,
      describe:
        'Also print the CI form: secrets as process environment variables, the rest as --env-var',
    })
    .example(
      '$0 env --target local --signing-key .ofm/keys/signing.key --encryption-key .ofm/keys/encryption.key',
      "Private environment for the local sandbox's private_key_jwt client",
    )
    .example(
      '$0 env --format bruno --out build/collections/bruno/paynet-ofp.private_key_jwt --target local --signing-key .ofm/keys/signing.key --cert .ofm/keys/transport-private_key_jwt.crt --key .ofm/keys/transport-private_key_jwt.key',
      'The .env of a Bruno collection folder: keys and the client certificate',
    )
    .example(
      '$0 env --target local --auth tls_client_auth --signing-key .ofm/keys/signing.key --encryption-key .ofm/keys/encryption.key --print-env-vars',
      'mTLS (request objects are still signed), and the CI form',
    );

/** The arguments the builder declares, as yargs infers them. */
type EnvArgs = BuilderArgs<typeof builder>;

export const envCommand: CommandModule<object, EnvArgs> = {
  command: 'env',
  describe:
    'Write a private, owner-only environment with your secrets (into .ofm/, which Git ignores), to import into Postman',
  builder,
  handler: async (args) => {
    // This loads postman-collection: imported when the command runs, not for --help.
    const { privateEnvironmentPath, writePrivateEnvironment } =
      await import('../../builder/private-environment.js');
    const auth = args.auth;
    const target = await resolveTarget(args);
    const clientId = resolveClientId(args['client-id'], target, auth);
    const values: Record<string, string> = { [VAR.clientId]: clientId };
    if (args['signing-key'] === undefined) {
      throw new UsageError(
        'ERR_OFM_USAGE',
        `${auth} needs --signing-key: the collection signs ${auth === 'private_key_jwt' ? 'client assertions and ' : ''}request objects (PAR) with it.`,
        {
          hint: 'add --signing-key path/to/signing.key (the local sandbox: .ofm/keys/signing.key)',
        },
      );
    }
    const signing = await readScriptKey(
      args['signing-key'],
      'signing',
      args['passphrase-file'],
      SECRET_ENV.signingKeyPassphrase,
    );
    values[VAR.signingKid] = args.kid ?? signing.key.thumbprint;
    values[VAR.signingPrivateKey] = signing.text;
    values[VAR.signingKeyPassphrase] = signing.passphrase;
    if (args['encryption-key'] !== undefined) {
      const encryption = await readScriptKey(
        args['encryption-key'],
        'encryption',
        args['encryption-passphrase-file'],
        SECRET_ENV.encryptionKeyPassphrase,
      );
      values[VAR.encryptionPrivateKey] = encryption.text;
      values[VAR.encryptionKeyPassphrase] = encryption.passphrase;
    }
    if (args.format === 'bruno') {
      const { writeBrunoEnv } = await import('../bruno-env.js');
      await writeBrunoEnv(args, target, auth, values);
      return;
    }
    const path = resolve(args.out ?? privateEnvironmentPath('.', target.name, auth));
    await writePrivateEnvironment(path, target, auth, values, { force: args.force });
    io.stdout.write(`${path}  (owner-only; import it into Postman, never commit it)\n`);
    if (args['print-env-vars']) io.stdout.write(`${ciLines(auth, values)}\n`);
  },
};
