/** `ofm-postman build`: writes the Postman sandbox scripts, to paste into Postman by hand. */
import { resolve } from 'node:path';
import type { Argv, CommandModule } from 'yargs';
import type { BuilderArgs } from '../command-args.js';
import { io } from '../../files/io.js';

/** Default output folder, relative to the working folder: named so it clashes with no project's own dist/ or scripts/. */
export const DEFAULT_SCRIPTS_DIR = 'ofm-scripts';

const builder = (yargs: Argv) =>
  yargs
    .option('out', {
      type: 'string',
      default: DEFAULT_SCRIPTS_DIR,
      describe: 'Output folder, relative to the working folder',
      normalize: true,
    })
    .option('force', {
      type: 'boolean',
      default: false,
      describe: 'Replace script files ofm-postman did not write, or that were edited since',
    })
    .example('$0 build', 'Write ./ofm-scripts/prerequest.js and the other scripts')
    .example('$0 build --out ./scripts', 'Write the scripts into ./scripts');

export const buildCommand: CommandModule<object, BuilderArgs<typeof builder>> = {
  command: 'build',
  describe: 'Write the Postman sandbox scripts (prerequest.js and the rest) to paste into Postman',
  builder,
  handler: async (args) => {
    // The scripts (and, in a checkout, esbuild) load only when the command runs, not for --help.
    const { loadScripts, writeUserScripts } = await import('../../builder/scripts.js');
    const out = resolve(args.out);
    const scripts = await writeUserScripts(out, await loadScripts(), args.force);
    for (const script of scripts) {
      io.stdout.write(
        `${resolve(out, script.name)}  ${(Buffer.byteLength(script.code) / 1024).toFixed(1)} KB  sha256:${script.sha256}\n`,
      );
    }
  },
};
