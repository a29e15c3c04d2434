/** `ofm-postman keys`: the test PKI for the local sandbox. */
import { resolve } from 'node:path';
import type { Argv, CommandModule } from 'yargs';
import type { BuilderArgs } from '../command-args.js';
import { DEFAULT_KEYS_DIR, KEY_SIZES } from '../../keys/key-defaults.js';
import { UsageError } from '../../shared/errors.js';
import { io } from '../../files/io.js';

const builder = (yargs: Argv) =>
  yargs
    .option('dir', {
      type: 'string',
      default: DEFAULT_KEYS_DIR,
      describe: 'Key folder (owner-only; a folder it creates, and .ofm/, ignores itself in Git)',
    })
    .option('bits', {
      type: 'number',
      choices: [...KEY_SIZES],
      describe: 'RSA key size of a new set (default 2048)',
    })
    .option('force', { type: 'boolean', default: false, describe: 'Replace an existing key set' })
    .example('$0 keys', 'Create .ofm/keys, or reuse it')
    .example('$0 keys --bits 3072 --force', 'Replace the set with RSA-3072 keys');

/** The arguments the builder declares, as yargs infers them. */
type KeysArgs = BuilderArgs<typeof builder>;

export const keysCommand: CommandModule<object, KeysArgs> = {
  command: 'keys',
  describe: 'Create test keys and certificates for the local sandbox (reused when present)',
  builder,
  handler: async (args) => {
    // jsrsasign and jose load when the command runs, not for --help.
    const { ensureTestKeys } = await import('../../keys/test-pki.js');
    const { readManifest } = await import('../../keys/pki-files.js');
    const dir = resolve(args.dir);
    const before = await readManifest(dir).catch(() => undefined);
    // A set is reused as it is: --bits of another size would be ignored without --force.
    if (args.bits !== undefined && !args.force && before !== undefined && before.bits !== args.bits)
      throw new UsageError(
        'ERR_OFM_USAGE',
        `--bits ${args.bits} takes effect only with --force: ${dir} holds an RSA-${before.bits} set, which is reused as it is.`,
        { hint: 'add --force to replace the set, or leave --bits out' },
      );
    const { paths, manifest, created } = await ensureTestKeys({
      dir,
      ...(args.bits === undefined ? {} : { bits: args.bits }),
      force: args.force,
    });
    io.stdout.write(
      [
        `${created ? 'created' : 'reusing'} RSA-${manifest.bits} test keys in ${dir} (valid until ${manifest.notAfter.slice(0, 10)})`,
        `  CA certificate         ${paths.caCert}`,
        `  server certificate     ${paths.serverCert}  (localhost, 127.0.0.1)`,
        `  transport, private_key_jwt  ${paths.transport.private_key_jwt.cert}`,
        `  transport, tls_client_auth  ${paths.transport.tls_client_auth.cert}  (${manifest.transportSubjects.tls_client_auth})`,
        `  signing key            ${paths.signingKey}  kid ${manifest.signingKid}`,
        `  encryption key         ${paths.encryptionKey}  kid ${manifest.encryptionKid}`,
        `  public JWKS            ${paths.jwks}`,
        '',
      ].join('\n'),
    );
    if (created && before !== undefined && before.signingKid !== manifest.signingKid) {
      const { afterReplacedKeys } = await import('../local-keys.js');
      io.stdout.write(`${(await afterReplacedKeys('.', before.signingKid)).join('\n')}\n`);
    }
  },
};
