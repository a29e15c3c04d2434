/** `ofm-postman build`: bundles the sandbox scripts. */
import { resolve } from 'node:path';
import type { CommandModule } from 'yargs';
import { DIST_DIR } from '../../builder/paths.js';

interface BuildArgs {
  out: string;
}

export const buildCommand: CommandModule<object, BuildArgs> = {
  command: 'build',
  describe: 'Bundle the Postman sandbox scripts (dist/prerequest.js) to paste into Postman',
  builder: (yargs) =>
    yargs
      .option('out', {
        type: 'string',
        default: DIST_DIR,
        describe: 'Output folder',
        normalize: true,
      })
      .example('$0 build', 'Write dist/prerequest.js')
      .example('$0 build --out ./scripts', 'Write the scripts into ./scripts'),
  handler: async (args) => {
    // esbuild loads only when the command runs, not for --help.
    const { writeScripts } = await import('../../builder/script-bundle.js');
    const scripts = await writeScripts(resolve(args.out));
    for (const script of scripts) {
      process.stdout.write(
        `${resolve(args.out, script.name)}  ${(Buffer.byteLength(script.code) / 1024).toFixed(1)} KB  sha256:${script.sha256}\n`,
      );
    }
  },
};
