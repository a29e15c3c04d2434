/**
 * The ofm-postman command line: yargs parses and validates, the library does the work, and
 * handle-error.ts decides what a failure prints and which exit code it gets.
 */
import yargs from 'yargs';
import { hideBin } from 'yargs/helpers';
import { PACKAGE_VERSION } from '../builder/paths.js';
import { OfmError } from '../shared/errors.js';
import { buildCommand } from './commands/build.js';
import { reportError } from './handle-error.js';

export async function main(argv: string[]): Promise<number> {
  let exitCode = 0;
  try {
    await yargs(argv)
      .scriptName('ofm-postman')
      .version(PACKAGE_VERSION)
      .command(buildCommand)
      .demandCommand(1, 'Name a command: ofm-postman --help lists them.')
      .strict()
      .recommendCommands()
      .help()
      .wrap(Math.min(110, process.stdout.columns || 100))
      .fail((message, error) => {
        if (error) throw error;
        throw new OfmError('ERR_OFM_USAGE', message, { hint: 'run ofm-postman --help' });
      })
      .parseAsync();
  } catch (error) {
    exitCode = reportError(error);
  }
  return exitCode;
}

const code = await main(hideBin(process.argv));
process.exitCode = code;
