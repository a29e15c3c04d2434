/** `ofm-postman demo` (`npm start`): the whole journey against the local sandbox, offline. */
import type { Argv, CommandModule } from 'yargs';
import type { BuilderArgs } from '../command-args.js';
import { executionLines, palette, summaryTable, useColor } from '../../runner/console.js';
import { EXIT } from '../exit-codes.js';
import { io } from '../../files/io.js';

const builder = (yargs: Argv) =>
  yargs
    .option('dir', {
      type: 'string',
      default: '.',
      describe: 'Folder that receives .ofm/ (keys, demo environments, reports)',
    })
    .option('verbose', {
      type: 'boolean',
      default: false,
      describe: 'Also print decrypted account data (balances, transactions)',
    })
    .example('$0 demo', 'What npm start runs');

/** The arguments the builder declares, as yargs infers them. */
type DemoArgs = BuilderArgs<typeof builder>;

export const demoCommand: CommandModule<object, DemoArgs> = {
  command: 'demo',
  describe: 'Start the local sandbox, run both collections against it, print a summary, stop',
  builder,
  handler: async (args) => {
    const started = Date.now();
    // newman, oidc-provider and the builder load when the demo runs, not for --help.
    const { runDemo } = await import('../demo.js');
    const colors = palette(useColor(io.stdout.isTTY));
    const result = await runDemo({
      baseDir: args.dir,
      onStatus: (line) => io.stdout.write(`${line}\n`),
      onExecution: (label, execution, mask) =>
        io.stdout.write(
          `${executionLines(execution, { palette: colors, mask, verbose: args.verbose, suffix: `[${label}]` }).join('\n')}\n`,
        ),
    });
    io.stdout.write(
      `\n${summaryTable(result.runs, colors, args.verbose)}\n\nsandbox log (why the sandbox refused anything): ${result.sandboxLog}\ntotal ${((Date.now() - started) / 1000).toFixed(1)} s: ${result.ok ? colors.ok('PASS') : colors.bad('FAIL')}\n`,
    );
    io.exitCode = result.ok ? EXIT.OK : EXIT.FAILED;
  },
};
