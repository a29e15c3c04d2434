/**
 * The ofm-postman command line: yargs parses and validates, the library does the work, and
 * handle-error.ts decides what a failure prints and which exit code it gets. It never exits the
 * process: main.ts (the binary) does, and {@link runCommandLine} runs a command in-process.
 */
import { Readable } from 'node:stream';
import yargs from 'yargs';
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
import { io, withStreams, type OutStream } from '../files/io.js';
import { joinOpaqueValues } from './opaque-values.js';

/**
 * Runs one command line (`argv` without node and the binary) with the current {@link io}
 * streams; returns the exit code (a handler's own non-zero code included).
 */
export async function main(given: string[]): Promise<number> {
  const argv = joinOpaqueValues(given);
  let exitCode = 0;
  // What yargs itself prints (help, version, the completion script): handed to the parse
  // callback rather than to console.log, so it goes to the current streams and never exits.
  let printed = '';
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
      .wrap(io.stdout.isTTY ? Math.min(120, io.stdout.columns ?? 80) : null)
      .fail((message, error) => {
        if (error) throw error;
        // yargs messages can span lines (choices): the contract is one line.
        throw new UsageError('ERR_OFM_USAGE', message.replace(/\s*\n\s*/g, ' '), {
          hint: 'run ofm-postman --help',
        });
      })
      .parseAsync(argv, {}, (_error, _argv, output) => {
        printed = output;
      });
  } catch (error) {
    exitCode = reportError(error);
  }
  if (printed !== '') io.stdout.write(`${printed}\n`);
  // A handler may have set a non-zero exit code (e.g. run: a test failed).
  return exitCode !== 0 ? exitCode : (io.exitCode ?? 0);
}

/** What one in-process command printed, and its exit code. */
export interface CommandLineResult {
  readonly status: number;
  readonly stdout: string;
  readonly stderr: string;
}

function captured(): OutStream & { text: string } {
  return {
    text: '',
    write(text) {
      this.text += text;
    },
    isTTY: false,
    columns: undefined,
  };
}

/**
 * Runs one command line in this process, as the binary would but without exiting: its output is
 * captured (a pipe, as far as the command can tell: no colours, no wrapping) and its standard input
 * is `stdin` (default: empty). Concurrent calls keep their output apart. The working directory and
 * environment are this process's.
 */
export async function runCommandLine(
  argv: readonly string[],
  stdin: NodeJS.ReadableStream = Readable.from([]),
): Promise<CommandLineResult> {
  const stdout = captured();
  const stderr = captured();
  const status = await withStreams({ stdout, stderr, stdin, exitCode: undefined }, () =>
    main([...argv]),
  );
  return { status, stdout: stdout.text, stderr: stderr.text };
}
