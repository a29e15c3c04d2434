/** `ofm-postman demo` (`npm start`): the whole journey against the local sandbox, offline. */
import type { CommandModule } from 'yargs';
import { progressLine, summaryTable } from '../../runner/summary.js';
import { EXIT } from '../exit-codes.js';

interface DemoArgs {
  dir: string;
}

export const demoCommand: CommandModule<object, DemoArgs> = {
  command: 'demo',
  describe: 'Start the local sandbox, run both collections against it, print a summary, stop',
  builder: (yargs) =>
    yargs
      .option('dir', {
        type: 'string',
        default: '.',
        describe: 'Folder that receives .ofm/ (keys, demo environments, reports)',
      })
      .example('$0 demo', 'What npm start runs'),
  handler: async (args) => {
    const started = Date.now();
    // newman, oidc-provider and the builder load when the demo runs, not for --help.
    const { runDemo } = await import('../../runner/demo.js');
    const result = await runDemo({
      baseDir: args.dir,
      onStatus: (line) => process.stdout.write(`${line}\n`),
      onRequest: (label, event) => process.stdout.write(`${progressLine(event)}  [${label}]\n`),
    });
    process.stdout.write(
      `\n${summaryTable(result.runs)}\n\nsandbox log: ${result.sandboxLog}\ntotal ${((Date.now() - started) / 1000).toFixed(1)} s: ${result.ok ? 'PASS' : 'FAIL'}\n`,
    );
    process.exitCode = result.ok ? EXIT.OK : EXIT.FAILED;
  },
};
