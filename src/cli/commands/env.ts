/** `ofm-postman env`: a private environment with the secrets filled in, for one machine. */
import { resolve } from 'node:path';
import type { CommandModule } from 'yargs';
import { OfmError } from '../../shared/errors.js';
import { VAR, type AuthMethod } from '../../shared/variables.js';
import {
  AUTH_CHOICES,
  readPassphrase,
  resolveTarget,
  SECRET_ENV,
  withTargetOptions,
  type TargetArgs,
} from '../options.js';

interface EnvArgs extends TargetArgs {
  auth: string;
  'client-id': string;
  'signing-key'?: string;
  'encryption-key'?: string;
  kid?: string;
  'passphrase-file'?: string;
  out?: string;
  'print-env-vars': boolean;
}

export const envCommand: CommandModule<object, EnvArgs> = {
  command: 'env',
  describe: 'Write a private, git-ignored environment with your secrets, to import into Postman',
  builder: (yargs) =>
    withTargetOptions(yargs, undefined)
      .demandOption('target')
      .option('auth', {
        choices: AUTH_CHOICES,
        default: 'private_key_jwt',
        describe: 'Client authentication method',
      })
      .option('client-id', { type: 'string', demandOption: true, describe: 'Your OFP client_id' })
      .option('signing-key', {
        type: 'string',
        describe: 'Signing private key (PEM file); required for private_key_jwt',
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
      .option('out', {
        type: 'string',
        describe: 'Output file (default .ofm/env/<target>.<auth>.private.postman_environment.json)',
      })
      .option('print-env-vars', {
        type: 'boolean',
        default: false,
        describe: 'Also print the newman --env-var form for CI',
      })
      .example(
        '$0 env --target paynet-sandbox --client-id 55aa605c-… --signing-key keys/signing.key',
        'Private environment for the PayNet sandbox',
      )
      .example(
        '$0 env --target local --auth tls_client_auth --client-id local-mtls --print-env-vars',
        'mTLS, and the CI flags',
      ),
  handler: async (args) => {
    // These load postman-collection and jose: imported when the command runs, not for --help.
    const { privateEnvironmentPath, writePrivateEnvironment } =
      await import('../../builder/private-environment.js');
    const { loadSigningKey, readUserFile } = await import('../../keys/signing-key.js');
    const auth = args.auth as AuthMethod;
    const target = await resolveTarget(args);
    const values: Record<string, string> = { [VAR.clientId]: args['client-id'] };
    if (args['signing-key'] !== undefined) {
      const passphrase = await readPassphrase(
        args['passphrase-file'],
        SECRET_ENV.signingKeyPassphrase,
      );
      const key = await loadSigningKey(args['signing-key'], passphrase);
      values[VAR.signingKid] = args.kid ?? key.thumbprint;
      values[VAR.signingPrivateKey] = await readUserFile(args['signing-key'], 'signing key file');
      values[VAR.signingKeyPassphrase] = passphrase;
    } else if (auth === 'private_key_jwt') {
      throw new OfmError('ERR_OFM_USAGE', 'private_key_jwt needs --signing-key.', {
        hint: 'add --signing-key path/to/signing.key',
      });
    }
    if (args['encryption-key'] !== undefined) {
      await loadSigningKey(args['encryption-key'], '');
      values[VAR.encryptionPrivateKey] = await readUserFile(
        args['encryption-key'],
        'encryption key file',
      );
    }
    const path = resolve(args.out ?? privateEnvironmentPath('.', target.name, auth));
    await writePrivateEnvironment(path, target, auth, values);
    process.stdout.write(`${path}  (owner-only; import it into Postman, never commit it)\n`);
    if (args['print-env-vars']) {
      const flags = [
        `--env-var "${VAR.authMethod}=${auth}"`,
        `--env-var "${VAR.clientId}=${args['client-id']}"`,
        ...(values[VAR.signingKid]
          ? [`--env-var "${VAR.signingKid}=${values[VAR.signingKid]}"`]
          : []),
        ...(values[VAR.signingPrivateKey]
          ? [`--env-var "${VAR.signingPrivateKey}=$OFM_SIGNING_PRIVATE_KEY"`]
          : []),
        ...(values[VAR.signingKeyPassphrase]
          ? [`--env-var "${VAR.signingKeyPassphrase}=$${SECRET_ENV.signingKeyPassphrase}"`]
          : []),
      ];
      process.stdout.write(
        `# newman flags for CI; keep the key and passphrase in CI secrets, never in the command:\n${flags.join(' \\\n  ')}\n`,
      );
    }
  },
};
