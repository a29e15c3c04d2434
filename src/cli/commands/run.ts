/** `ofm-postman run`: a collection through Newman, with secrets kept out of reports. */
import { writeFile, chmod, mkdir } from 'node:fs/promises';
import { dirname, join, resolve } from 'node:path';
import type { CommandModule } from 'yargs';
import { executionLines, palette, summaryTable, useColor } from '../../runner/console.js';
import { assertReadable, checkIterations, resolveFolders } from '../../runner/inputs.js';
import { REPORTER_ALIASES, REPORTERS, runCollection, type ReporterName } from '../../runner/run.js';
import { SECRET_ENV } from '../../shared/env-vars.js';
import { describeState, stateFromVariables, writeState } from '../../consent/state.js';
import { unattendedPlan } from '../../consent/unattended.js';
import { EXIT } from '../exit-codes.js';
import {
  checkTargetArgs,
  preflight,
  resolveInputs,
  targetOptions,
  type TargetArgs,
} from '../run-inputs.js';

interface RunArgs extends TargetArgs {
  'iteration-data'?: string;
  iterations?: string;
  folder?: string[];
  bail: boolean;
  reporters: string[];
  'report-dir': string;
  'report-name'?: string;
  'export-environment'?: string;
  unattended: boolean;
  quiet: boolean;
  verbose: boolean;
}

/** Writes the environment after the run, owner-only, as newman --export-environment does. */
async function exportEnvironment(
  path: string,
  name: string,
  variables: ReadonlyArray<{ key: string; value?: unknown; type?: string }>,
  leaveOut: ReadonlySet<string>,
): Promise<void> {
  await mkdir(dirname(path), { recursive: true });
  const values = variables
    .filter((v) => !leaveOut.has(v.key))
    .map((v) => ({ key: v.key, value: v.value ?? '', type: v.type ?? 'default', enabled: true }));
  await writeFile(
    path,
    `${JSON.stringify({ name, values, _postman_variable_scope: 'environment' }, null, 2)}\n`,
    { mode: 0o600 },
  );
  await chmod(path, 0o600);
}

export const runCommand: CommandModule<object, RunArgs> = {
  command: 'run',
  describe:
    'Run a collection with Newman: inputs checked first, per-run random seed, secrets from files or env, saved flow state, causes of failures, masked reports',
  builder: (yargs) =>
    targetOptions(yargs)
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
          'Write the environment after the run to this file, owner-only (secrets given through OFM_* variables are left out)',
      })
      .option('quiet', { type: 'boolean', default: false, describe: 'Print only the summary' })
      .option('verbose', {
        type: 'boolean',
        default: false,
        describe: 'Also print decrypted account data (balances, transactions) on the console',
      })
      .check((args) => {
        checkTargetArgs(args);
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
    const inputs = await resolveInputs(args);
    if (args['iteration-data'] !== undefined)
      await assertReadable(resolve(args['iteration-data']), 'data file (--iteration-data)');
    const chosen =
      args.folder === undefined ? undefined : resolveFolders(inputs.collection, args.folder);
    const startValues = { ...inputs.stateValues, ...inputs.envVars };
    const plan = args.unattended
      ? unattendedPlan(inputs.collection, startValues, chosen)
      : undefined;
    const folders = plan !== undefined ? [...plan.run] : chosen;
    await preflight(args, inputs);

    const color = useColor(process.stdout.isTTY);
    const colors = palette(color);
    if (inputs.statePath !== undefined && !args.quiet && inputs.state !== undefined)
      process.stdout.write(
        colors.dim(`state ${inputs.statePath}: ${describeState(inputs.stateValues)}\n`),
      );
    const reporters = [
      ...new Set(args.reporters.map((r) => REPORTER_ALIASES[r] ?? (r as ReporterName))),
    ];
    const result = await runCollection({
      ...inputs.runOptions,
      envVars: startValues,
      ...(args['iteration-data'] ? { iterationData: resolve(args['iteration-data']) } : {}),
      ...(args.iterations !== undefined ? { iterations: checkIterations(args.iterations) } : {}),
      ...(folders ? { folder: folders } : {}),
      ...(plan ? { plannedSkips: plan.skip } : {}),
      bail: args.bail,
      reporters,
      reportDir: resolve(args['report-dir']),
      ...(args['report-name'] ? { reportName: args['report-name'] } : {}),
      color,
      onExecution: args.quiet
        ? undefined
        : (execution, mask) =>
            process.stdout.write(
              `${executionLines(execution, { palette: colors, mask, verbose: args.verbose }).join('\n')}\n`,
            ),
    });
    if (inputs.statePath !== undefined) {
      const values = stateFromVariables(result.variables);
      await writeState(inputs.statePath, {
        target: inputs.target,
        auth: inputs.auth,
        issuer: inputs.issuer,
        values,
      });
    }
    if (args['export-environment'] !== undefined)
      await exportEnvironment(
        resolve(args['export-environment']),
        `${inputs.target ?? 'run'}.${inputs.auth ?? result.label} (exported by ofm-postman run)`,
        result.variables,
        new Set(result.secretOverrideKeys),
      );
    process.stdout.write(
      `\n${summaryTable([{ label: result.label, result }], colors, args.verbose)}\n`,
    );
    if (inputs.statePath !== undefined)
      process.stdout.write(
        `\nstate saved to ${inputs.statePath} (owner-only): ${describeState(stateFromVariables(result.variables))}\n`,
      );
    process.exitCode = result.ok ? EXIT.OK : EXIT.FAILED;
  },
};
