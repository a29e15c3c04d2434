/**
 * The ofm-postman command line: yargs parses and validates, the library does the work, and
 * handle-error.ts decides what a failure prints and which exit code it gets.
 */
import yargs from 'yargs';
import { hideBin } from 'yargs/helpers';
import { PACKAGE_VERSION } from '../builder/paths.js';
import { OfmError } from '../shared/errors.js';
import { assertionCommand } from './commands/assertion.js';
import { buildCommand } from './commands/build.js';
import { certsCommand } from './commands/certs.js';
import { envCommand } from './commands/env.js';
import { generateCommand } from './commands/generate.js';
import { keysCommand } from './commands/keys.js';
import { reportError } from './handle-error.js';
import { sandboxCommand } from './commands/sandbox-command.js';
import { runCommand } from './commands/run.js';
import { demoCommand } from './commands/demo.js';
import '../shared/node-error-hints.js';

export async function main(argv: string[]): Promise<number> {
  let exitCode = 0;
  try {
    await yargs(argv)
      .scriptName('ofm-postman')
      .version(PACKAGE_VERSION)
      .alias('v', 'version')
      .command(buildCommand)
      .command(generateCommand)
      .command(envCommand)
      .command(assertionCommand)
      .command(certsCommand)
      .command(keysCommand)
      .command(sandboxCommand)
      .command(runCommand)
      .command(demoCommand)
      .demandCommand(1, 'Name a command: ofm-postman --help lists them.')
      .strict()
      .recommendCommands()
      .help()
      .alias('h', 'help')
      // `ofm-postman completion` prints a bash script (zsh when $SHELL is zsh) that asks the CLI
      // itself for completions through --get-yargs-completions.
      .completion(
        'completion',
        'Print a shell completion script (bash or zsh) to source in your shell',
      )
      // Wrap to the terminal; unwrapped when piped, so words are never cut in half.
      .wrap(process.stdout.isTTY ? Math.min(120, process.stdout.columns) : null)
      .fail((message, error) => {
        if (error) throw error;
        // yargs messages can span lines (choices): the contract is one line.
        throw new OfmError('ERR_OFM_USAGE', message.replace(/\s*\n\s*/g, ' '), {
          hint: 'run ofm-postman --help',
        });
      })
      .parseAsync();
  } catch (error) {
    exitCode = reportError(error);
  }
  return exitCode;
}

const code = await main(hideBin(process.argv));
// A handler may already have set a non-zero exit code (e.g. run: a test failed).
if (code !== 0) process.exitCode = code;
