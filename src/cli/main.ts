/**
 * The ofm-postman command line: yargs parses and validates, the library does the work, and
 * handle-error.ts decides what a failure prints and which exit code it gets.
 */
import yargs from 'yargs';
import { hideBin } from 'yargs/helpers';
import { PACKAGE_VERSION } from '../builder/paths.js';
import { UsageError } from '../shared/errors.js';
import { assertionCommand } from './commands/assertion.js';
import { buildCommand } from './commands/build.js';
import { completionCommand } from './commands/completion.js';
import { certsCommand } from './commands/certs.js';
import { envCommand } from './commands/env.js';
import { generateCommand } from './commands/generate.js';
import { keysCommand } from './commands/keys.js';
import { checkFlagRules, givenFlags } from './flag-rules.js';
import { reportError } from './handle-error.js';
import { sandboxCommand } from './commands/sandbox-command.js';
import { runCommand } from './commands/run.js';
import { demoCommand } from './commands/demo.js';
import { consentCommand } from './commands/consent.js';
import { onboardCommand } from './commands/onboard.js';
import { doctorCommand } from './commands/doctor.js';

export async function main(argv: string[]): Promise<number> {
  let exitCode = 0;
  try {
    const cli = yargs(argv);
    await cli
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
      .command(consentCommand)
      .command(demoCommand)
      .command(onboardCommand)
      .command(doctorCommand)
      .command(completionCommand(() => cli.showCompletionScript()))
      .demandCommand(1, 'Name a command: ofm-postman --help lists them.')
      // Every command: a flag that cannot take effect where it was given is an error.
      .check((args) => {
        checkFlagRules(String(args._[0] ?? ''), args, givenFlags(argv));
        return true;
      })
      .strict()
      .recommendCommands()
      .help()
      .alias('h', 'help')
      // Wrap to the terminal; unwrapped when piped, so words are never cut in half.
      .wrap(process.stdout.isTTY ? Math.min(120, process.stdout.columns) : null)
      .fail((message, error) => {
        if (error) throw error;
        // yargs messages can span lines (choices): the contract is one line.
        throw new UsageError('ERR_OFM_USAGE', message.replace(/\s*\n\s*/g, ' '), {
          hint: 'run ofm-postman --help',
        });
      })
      .parseAsync();
  } catch (error) {
    exitCode = reportError(error);
  }
  return exitCode;
}

/**
 * Exits as soon as the command is done: a handle a dependency left open (a keep-alive socket, a
 * timer) must not keep a CI job waiting after the result was printed. Output is flushed first, so
 * nothing written to a pipe is lost.
 */
async function exitWhenFlushed(code: number): Promise<never> {
  await Promise.all(
    [process.stdout, process.stderr].map(
      (stream) => new Promise<void>((done) => stream.write('', () => done())),
    ),
  );
  process.exit(code);
}

// A reader that stops early (`ofm-postman run | head`) closes the pipe: that is not an error.
for (const stream of [process.stdout, process.stderr])
  stream.on('error', (error: NodeJS.ErrnoException) => {
    if (error.code === 'EPIPE') process.exit(Number(process.exitCode ?? 0));
    throw error;
  });

const code = await main(hideBin(process.argv));
// A handler may already have set a non-zero exit code (e.g. run: a test failed).
await exitWhenFlushed(code !== 0 ? code : Number(process.exitCode ?? 0));
