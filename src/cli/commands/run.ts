/** `ofm-postman run`: a collection through Newman, with secrets kept out of reports. */
import { existsSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { CommandModule } from 'yargs';
import { executionLines, palette, summaryTable, useColor } from '../../runner/console.js';
import { checkIterations, resolveFolders } from '../../runner/inputs/folders.js';
import {
  plannedReports,
  REPORTER_ALIASES,
  REPORTERS,
  reportPlace,
  runResolved,
  type ReporterName,
} from '../../runner/run.js';
import { describeState, stateFromVariables, writeState } from '../../consent/state.js';
import { stateUnusedLine, type LockedStateUse } from '../../consent/state-use.js';
import { exportedUsing } from '../../files/ours.js';
import { writeOwned, type OwnedFile } from '../../files/write.js';
import { checkWritePlan } from '../../files/plan.js';
import { stateWrite } from '../../consent/state-write.js';
import { PACKAGE_VERSION } from '../../builder/paths.js';
import { unattendedPlan } from '../../consent/unattended.js';
import { ServerError, UsageError } from '../../shared/errors.js';
import { EXIT } from '../exit-codes.js';
import {
  checkRunInputArgs,
  preflight,
  resolveInputs,
  runInputOptions,
  type ResolvedInputs,
  type RunInputArgs,
} from '../run-inputs.js';
import { SECRET_ENV } from '../../shared/env-vars.js';
import { io } from '../../files/io.js';

interface RunArgs extends RunInputArgs {
  'iteration-data'?: string;
  iterations?: string;
  folder?: string[];
  bail: boolean;
  reporters: string[];
  'report-dir': string;
  'report-name'?: string;
  'export-environment'?: string;
  force: boolean;
  unattended: boolean;
  quiet: boolean;
  verbose: boolean;
}

/** Where --export-environment writes: an environment of ours, or a new file (or --force). */
const exportFile = (force: boolean): OwnedFile => ({
  kind: 'environment',
  from: '--export-environment',
  force,
});

/** Writes the environment after the run, owner-only, as newman --export-environment does. */
async function exportEnvironment(
  path: string,
  name: string,
  variables: ReadonlyArray<{ key: string; value?: unknown; type?: string }>,
  leaveOut: ReadonlySet<string>,
  force: boolean,
): Promise<void> {
  const values = variables
    .filter((v) => !leaveOut.has(v.key))
    .map((v) => ({ key: v.key, value: v.value ?? '', type: v.type ?? 'default', enabled: true }));
  const environment = {
    name,
    values,
    _postman_variable_scope: 'environment',
    _postman_exported_using: exportedUsing(PACKAGE_VERSION),
  };
  await writeOwned(path, `${JSON.stringify(environment, null, 2)}\n`, exportFile(force));
}

/**
 * The run's write plan (state, reports, --export-environment), checked before anything is sent: a
 * run must not end by failing to keep its result.
 */
async function checkRunWrites(args: RunArgs, inputs: ResolvedInputs, reportDir: string) {
  const exportPath =
    args['export-environment'] === undefined ? undefined : resolve(args['export-environment']);
  const reporters = [
    ...new Set(args.reporters.map((r) => REPORTER_ALIASES[r] ?? (r as ReporterName))),
  ];
  const reportSettings = {
    reportDir,
    force: args.force,
    ...(args['report-name'] ? { reportName: args['report-name'] } : {}),
  };
  await checkWritePlan([
    ...(inputs.stateUse?.writable === true ? [stateWrite(inputs.stateUse.path)] : []),
    ...plannedReports(reporters, reportPlace(inputs.run, reportSettings)),
    ...(exportPath !== undefined ? [{ path: exportPath, ...exportFile(args.force) }] : []),
  ]);
  return { exportPath, reporters, reportSettings };
}

export const runCommand: CommandModule<object, RunArgs> = {
  command: 'run',
  describe:
    'Run a collection with Newman: inputs checked first, per-run random seed, secrets from files or env, saved flow state, causes of failures, masked reports',
  builder: (yargs) =>
    runInputOptions(yargs)
      .option('iteration-data', { type: 'string', describe: 'Data file (CSV or JSON)' })
      .option('iterations', {
        type: 'string',
        describe: 'Number of iterations (a whole number, 1 or more)',
      })
      .option('folder', {
        type: 'string',
        array: true,
        describe:
          'Run only this folder or request (repeatable; the number prefix may be left out: Discovery)',
      })
      .option('bail', { type: 'boolean', default: false, describe: 'Stop at the first failure' })
      .option('unattended', {
        type: 'boolean',
        default: false,
        describe:
          'CI against a real platform: run only what needs no person, and what needs a consent when the state holds one; say what was skipped and why',
      })
      .option('reporters', {
        type: 'string',
        array: true,
        choices: [...REPORTERS, ...Object.keys(REPORTER_ALIASES)],
        default: [] as string[],
        describe:
          "Reports besides the console: junit, json, html (self-contained; htmlextra is an old name for it), cli (Newman's own console output)",
      })
      .option('report-dir', {
        type: 'string',
        default: join('.ofm', 'reports'),
        describe: 'Where report files go',
      })
      .option('report-name', {
        type: 'string',
        describe: 'Base name of report files (default <collection>.<auth method>)',
      })
      .option('export-environment', {
        type: 'string',
        describe:
          'Write the environment after the run to this file, owner-only (secrets given through OFM_* variables are left out); never over a file ofm-postman did not write',
      })
      .option('force', {
        type: 'boolean',
        default: false,
        describe:
          'Let --export-environment and the reports replace a file ofm-postman did not write, or one edited since',
      })
      .option('quiet', { type: 'boolean', default: false, describe: 'Print only the summary' })
      .option('verbose', {
        type: 'boolean',
        default: false,
        describe: 'Also print decrypted account data (balances, transactions) on the console',
      })
      .check((args) => {
        checkRunInputArgs(args);
        if (args.iterations !== undefined) checkIterations(args.iterations);
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
    const reportDir = resolve(args['report-dir']);
    if (existsSync(reportDir) && !statSync(reportDir).isDirectory())
      throw new UsageError('ERR_OFM_USAGE', `--report-dir ${reportDir} is a file, not a folder.`, {
        hint: 'give --report-dir a folder (it is made when missing)',
      });
    const inputs = await resolveInputs(args, {
      ...(args['iteration-data'] ? { iterationData: resolve(args['iteration-data']) } : {}),
      ...(args.iterations !== undefined ? { iterations: checkIterations(args.iterations) } : {}),
    });
    // The state's lock is held from reading it (resolveInputs) until the run has saved it.
    try {
      await runWithInputs(args, inputs, reportDir);
    } finally {
      await inputs.stateUse?.lock.release();
    }
  },
};

/** Saves what the run learnt, if the lock on the state is still this run's. */
async function saveState(
  use: LockedStateUse,
  inputs: ResolvedInputs,
  variables: Parameters<typeof stateFromVariables>[0],
) {
  use.lock.assertHeld();
  return writeState(use.path, inputs.owner, stateFromVariables(variables));
}

/** The run itself, once the inputs are checked and the state (if any) is locked and read. */
async function runWithInputs(
  args: RunArgs,
  inputs: ResolvedInputs,
  reportDir: string,
): Promise<void> {
  const { collection, envVars } = inputs.run;
  const chosen = args.folder === undefined ? undefined : resolveFolders(collection, args.folder);
  const plan = args.unattended ? unattendedPlan(collection, envVars, chosen) : undefined;
  const folders = plan !== undefined ? [...plan.run] : chosen;
  const { exportPath, reporters, reportSettings } = await checkRunWrites(args, inputs, reportDir);
  const stateUse = inputs.stateUse;
  if (stateUse?.problem !== undefined) io.stderr.write(`${stateUnusedLine(stateUse)}\n`);
  await preflight(args, inputs);

  const color = useColor(io.stdout.isTTY);
  const colors = palette(color);
  if (stateUse?.state !== undefined && !args.quiet)
    io.stdout.write(colors.dim(`state ${stateUse.path}: ${describeState(stateUse.values)}\n`));
  const result = await runResolved(inputs.run, {
    ...(folders ? { folder: folders } : {}),
    ...(plan ? { plannedSkips: plan.skip } : {}),
    bail: args.bail,
    reporters,
    ...reportSettings,
    color,
    onExecution: args.quiet
      ? undefined
      : (execution, mask) =>
          io.stdout.write(
            `${executionLines(execution, { palette: colors, mask, verbose: args.verbose }).join('\n')}\n`,
          ),
  });
  // A run that checked nothing leaves the state as it was: it learnt nothing.
  const saved =
    stateUse?.writable === true && result.nothingRan === undefined
      ? await saveState(stateUse, inputs, result.variables)
      : undefined;
  if (exportPath !== undefined)
    await exportEnvironment(
      exportPath,
      `${inputs.target ?? 'run'}.${inputs.auth ?? result.label} (exported by ofm-postman run)`,
      result.variables,
      new Set(result.secretOverrideKeys),
      args.force,
    );
  io.stdout.write(`\n${summaryTable([{ label: result.label, result }], colors, args.verbose)}\n`);
  if (result.nothingRan !== undefined)
    throw new ServerError(
      'ERR_OFM_NOTHING_RAN',
      `${result.nothingRan}, so nothing was checked: a run that checks nothing is no pass.`,
      {
        hint: `check the collection${args.folder ? ' and --folder' : ''}: it must send a request and test it`,
      },
    );
  if (saved !== undefined && stateUse !== undefined)
    io.stdout.write(
      `\nstate saved to ${stateUse.path} (owner-only): ${describeState(saved.values)}\n`,
    );
  // The state and the environment are kept first: a report is the one thing a rerun remakes.
  if (result.reportFailure !== undefined) throw result.reportFailure;
  io.exitCode = result.ok ? EXIT.OK : EXIT.FAILED;
}
