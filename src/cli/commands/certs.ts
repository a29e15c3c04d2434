/** `ofm-postman certs`: the Newman certificate list for a target, and the Postman app steps. */
import { join, resolve } from 'node:path';
import type { Argv, CommandModule } from 'yargs';
import type { BuilderArgs } from '../command-args.js';
import {
  assertPassphraseOpens,
  readPassphrase,
  resolveTarget,
  withTargetOptions,
} from '../options.js';
import { SECRET_ENV } from '../../shared/env-vars.js';
import { withKitOption } from '../kit-option.js';
import { io } from '../../files/io.js';

const builder = (yargs: Argv) =>
  withKitOption(
    withTargetOptions(yargs),
    (kit) => ({ cert: kit.cert('transport'), key: kit.key('transport') }),
    'its transport certificate and key (--cert, --key)',
  )
    .demandOption('target')
    .option('cert', {
      type: 'string',
      demandOption: true,
      describe: 'Transport certificate (PEM file)',
    })
    .option('key', {
      type: 'string',
      demandOption: true,
      describe: 'Transport private key (PEM file)',
    })
    .option('passphrase-file', {
      type: 'string',
      describe: `Key passphrase file (or set ${SECRET_ENV.transportKeyPassphrase})`,
    })
    .option('out', {
      type: 'string',
      describe:
        'Output file (default .ofm/certs/<target>.cert-list.json); never over a file ofm-postman did not write',
    })
    .option('force', {
      type: 'boolean',
      default: false,
      describe: 'Let --out replace a file that is not a certificate list',
    })
    .example(
      '$0 certs --target local --cert .ofm/keys/transport-private_key_jwt.crt --key .ofm/keys/transport-private_key_jwt.key',
      'Certificate list for the local sandbox (for the PayNet sandbox: --target paynet-sandbox and your transport certificate)',
    );

/** The arguments the builder declares, as yargs infers them. */
type CertsArgs = BuilderArgs<typeof builder>;

export const certsCommand: CommandModule<object, CertsArgs> = {
  command: 'certs',
  describe: 'Write a newman --ssl-client-cert-list file for every OFP host of a target',
  builder,
  handler: async (args) => {
    // These load postman-collection and jose: imported when the command runs, not for --help.
    const { PRIVATE_DIR, writePrivateFile } = await import('../../builder/private-environment.js');
    const { serialize } = await import('../../builder/generate.js');
    const { buildCertList, postmanCertificateSteps } = await import('../../runner/cert-list.js');
    const target = await resolveTarget(args);
    const cert = resolve(args.cert);
    const key = resolve(args.key);
    const passphrase = await readPassphrase(
      args['passphrase-file'],
      SECRET_ENV.transportKeyPassphrase,
    );
    if (args['passphrase-file'] !== undefined)
      await assertPassphraseOpens('--passphrase-file', { path: key, from: '--key' });
    // The pair must belong together: a list of mismatched pairs fails only at the TLS handshake.
    const { checkCertFlags } = await import('../../runner/inputs/client-certificates.js');
    await checkCertFlags({ cert, key, ...(passphrase ? { passphrase } : {}) });
    const list = buildCertList(target, { cert, key, ...(passphrase ? { passphrase } : {}) });
    const out = resolve(args.out ?? join(PRIVATE_DIR, 'certs', `${target.name}.cert-list.json`));
    await writePrivateFile(out, serialize(list), {
      kind: 'cert-list',
      from: '--out',
      force: args.force,
    });
    io.stdout.write(
      `${out}  (${list.length} hosts; use: newman run … --ssl-client-cert-list ${out})\n\n`,
    );
    io.stdout.write(`${postmanCertificateSteps(target, { cert, key }).join('\n')}\n`);
  },
};
