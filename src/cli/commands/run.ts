/** `ofm-postman run`: a collection through Newman, with secrets kept out of reports. */
import type { ArgumentsCamelCase, CommandModule, InferredOptionTypes, Options } from 'yargs';
import {
  executionLines,
  palette,
  summaryTable,
  useColor,
  type Palette,
} from '../../runner/console.js';
import {
  DEFAULT_REPORT_DIR,
  REPORTER_CHOICES,
  runCollection,
  type CollectionRunResult,
  type ReporterChoice,
  type RunOptions,
} from '../../runner/run.js';
import { describeState } from '../../runner/state/state.js';
import { ServerError } from '../../shared/errors.js';
import { EXIT } from '../exit-codes.js';
import { checkRunInputArgs, RUN_INPUT_OPTIONS, runInputsOf } from '../run-inputs.js';
import { SECRET_ENV } from '../../shared/env-vars.js';
import { io } from '../../files/io.js';

/** The options `run` takes besides the inputs it shares with `consent`, declared once. */
const RUN_OPTIONS = {
  'iteration-data': { type: 'string', describe: 'Data file (CSV or JSON)' },
  iterations: {
    type: 'string',
    describe: 'Number of iterations (a whole number, 1 or more)',
  },
  folder: {
    type: 'string',
    array: true,
    describe:
      'Run only this folder or request (repeatable; the number prefix may be left out: Discovery)',
  },
  bail: { type: 'boolean', default: false, describe: 'Stop at the first failure' },
  unattended: {
    type: 'boolean',
    default: false,
    describe:
      'CI against a real platform: run only what needs no person, and what needs a consent when the state holds one; say what was skipped and why',
  },
  reporters: {
    type: 'string',
    array: true,
    choices: REPORTER_CHOICES,
    default: [] as ReporterChoice[],
    describe:
      "Reports besides the console: junit, json, html (self-contained; htmlextra is an old name for it), cli (Newman's own console output)",
  },
  'report-dir': {
    type: 'string',
    default: DEFAULT_REPORT_DIR,
    describe: 'Where report files go',
  },
  'report-name': {
    type: 'string',
    describe: 'Base name of report files (default <collection>.<auth method>)',
  },
  'export-environment': {
    type: 'string',
    describe:
      'Write the environment after the run to this file, owner-only (secrets given through OFM_* variables are left out); never over a file ofm-postman did not write',
  },
  force: {
    type: 'boolean',
    default: false,
    describe:
      'Let --export-environment and the reports replace a file ofm-postman did not write, or one edited since',
  },
  quiet: { type: 'boolean', default: false, describe: 'Print only the summary' },
  verbose: {
    type: 'boolean',
    default: false,
    describe: 'Also print decrypted account data (balances, transactions) on the console',
  },
} as const satisfies Record<string, Options>;

/** Every option of `run`, in the order --help lists them. */
const RUN_COMMAND_OPTIONS = { ...RUN_INPUT_OPTIONS, ...RUN_OPTIONS };

/** What yargs parses `run`'s command line into: inferred from the declarations, not repeated. */
type RunArgs = InferredOptionTypes<typeof RUN_COMMAND_OPTIONS>;

/**
 * The runner's options for this command line: the inputs (run-inputs.ts), and the run's own
 * options under the same names (yargs' camelCase keys are the runner's, and the compiler checks
 * that their types agree), with the console's callbacks.
 */
async function runOptionsOf(
  args: ArgumentsCamelCase<RunArgs>,
  color: boolean,
): Promise<RunOptions> {
  const colors = palette(color);
  const { iterationData, iterations, folder, bail, unattended, reporters } = args;
  const { reportDir, reportName, exportEnvironment, force, quiet, verbose } = args;
  return {
    ...(await runInputsOf(args)),
    iterationData,
    iterations,
    folder,
    bail,
    unattended,
    reporters,
    reportDir,
    reportName,
    exportEnvironment,
    force,
    color,
    onWarning: (line) => io.stderr.write(`${line}\n`),
    onStart: ({ state }) => {
      if (state?.state !== undefined && !quiet)
        io.stdout.write(colors.dim(`state ${state.path}: ${describeState(state.values)}\n`));
    },
    onExecution: quiet
      ? undefined
      : (execution, mask) =>
          io.stdout.write(
            `${executionLines(execution, { palette: colors, mask, verbose }).join('\n')}\n`,
          ),
  };
}

export const runCommand: CommandModule<object, RunArgs> = {
  command: 'run',
  describe:
    'Run a collection with Newman: inputs checked first, per-run random seed, secrets from files or env, saved flow state, causes of failures, masked reports',
  builder: (yargs) =>
    yargs
      .options(RUN_COMMAND_OPTIONS)
      .check((args) => {
        checkRunInputArgs(args);
        return true;
      })
      .example(
        '$0 run --auth private_key_jwt --target local --cert-list .ofm/certs/local.cert-list.json --ca .ofm/keys/ca.crt',
        'The generated collection against the local sandbox',
      )
      .example(
        `${SECRET_ENV.signingKeyFile}=keys/signing.key $0 run --auth private_key_jwt --target paynet-sandbox --env-var client_id=55aa… --env-var signing_kid=CYMI… --cert keys/transport.crt --key keys/transport.key --unattended --state consent-state.json --reporters junit html`,
        'PayNet sandbox in CI: the key comes from a file named in the environment; without a consent in the state, what needs a person is skipped',
      ),
  handler: async (args) => {
    const color = useColor(io.stdout.isTTY);
    const result = await runCollection(await runOptionsOf(args, color));
    printOutcome(result, palette(color), args);
  },
};

/** The summary, then what the run kept; the exit code says whether it passed. */
function printOutcome(
  result: CollectionRunResult,
  colors: Palette,
  args: { readonly folder?: readonly string[] | undefined; readonly verbose: boolean },
): void {
  io.stdout.write(`\n${summaryTable([{ label: result.label, result }], colors, args.verbose)}\n`);
  if (result.nothingRan !== undefined)
    throw new ServerError(
      'ERR_OFM_NOTHING_RAN',
      `${result.nothingRan}, so nothing was checked: a run that checks nothing is no pass.`,
      {
        hint: `check the collection${args.folder ? ' and --folder' : ''}: it must send a request and test it`,
      },
    );
  const saved = result.state?.saved;
  if (saved !== undefined)
    io.stdout.write(
      `\nstate saved to ${result.state?.path ?? ''} (owner-only): ${describeState(saved.values)}\n`,
    );
  // The state and the environment are kept first: a report is the one thing a rerun remakes.
  if (result.reportFailure !== undefined) throw result.reportFailure;
  io.exitCode = result.ok ? EXIT.OK : EXIT.FAILED;
}
