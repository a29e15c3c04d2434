/** `ofm-postman generate`: writes collections and shareable environments. */
import { resolve } from 'node:path';
import type { Argv, CommandModule } from 'yargs';
import type { BuilderArgs } from '../command-args.js';
import { BUILT_IN_TARGETS } from '../../builder/targets.js';
import { authMethodsOf, resolveTarget, withTargetOptions } from '../options.js';
import { AUTH_METHODS } from '../../shared/variables.js';
import { io } from '../../files/io.js';

const builder = (yargs: Argv) =>
  withTargetOptions(yargs)
    .default('target', 'all')
    .option('auth', {
      choices: [...AUTH_METHODS, 'all'] as const,
      default: 'all' as const,
      describe: 'Client authentication method',
    })
    .option('out', {
      type: 'string',
      default: '.',
      describe: 'Folder that receives collections/ and environments/',
    })
    .option('format', {
      choices: ['postman', 'bruno', 'all'] as const,
      default: 'postman' as const,
      describe: 'Collection format; Bruno collections go to collections/bruno/<name>/',
    })
    .option('collections', {
      type: 'boolean',
      default: true,
      describe: 'Write collections (--no-collections: environments only)',
    })
    .option('force', {
      type: 'boolean',
      default: false,
      describe: 'Replace files in --out that ofm-postman did not write (by default: refused)',
    })
    .example('$0 generate', 'Both collections, environments for every built-in target')
    .example(
      '$0 generate --target local --local-url https://127.0.0.1:9443',
      'Local environments for a sandbox on port 9443',
    )
    .example(
      '$0 generate --target my-as --discovery https://as.example.com/.well-known/openid-configuration --rs-base-url https://rs.example.com',
      'Environments for any FAPI 2.0 server',
    )
    .example(
      '$0 generate --format bruno --out ./build',
      'Bruno collection folders (bruno.json, .bru files, environments) in ./build/collections/bruno',
    )
    .example(
      '$0 generate --auth tls_client_auth --out ./build',
      'Only the mTLS collection and environments, into ./build',
    );

/** The arguments the builder declares, as yargs infers them. */
type GenerateArgs = BuilderArgs<typeof builder>;

export const generateCommand: CommandModule<object, GenerateArgs> = {
  command: 'generate',
  describe:
    'Write the collections (collections/, Postman or Bruno) and shareable environments (environments/)',
  builder,
  handler: async (args) => {
    // postman-collection and esbuild load when the command runs, not for --help.
    const { generateArtifacts } = await import('../../builder/generate.js');
    const targets =
      args.target === 'all' && args.discovery === undefined
        ? Object.values(BUILT_IN_TARGETS)
        : [await resolveTarget(args)];
    const written = await generateArtifacts({
      outDir: resolve(args.out),
      authMethods: authMethodsOf(args.auth),
      targets,
      collections: args.collections,
      force: args.force,
      formats: args.format === 'all' ? ['postman', 'bruno'] : [args.format],
    });
    for (const path of written) io.stdout.write(`${path}\n`);
  },
};
