/**
 * Runs a collection: the library entry point, and all that `ofm-postman run` does (its handler
 * only turns the command line into {@link RunOptions} and prints what this reports). The stages,
 * in order: inputs resolved and checked once, the state file locked and read (prepare.ts); the
 * folders resolved once and the unattended plan (unattended.ts); the write plan (state, reports,
 * exported environment) checked before anything is sent; the issuer's reachability (preflight.ts);
 * the Newman stage (run-stage.ts); then the state saved under its lock and the environment
 * exported. The state's lock is released however the run ends.
 */
import { existsSync, statSync } from 'node:fs';
import { resolve } from 'node:path';
import { checkWritePlan } from '../files/plan.js';
import { UsageError } from '../shared/errors.js';
import { environmentExport, writeExportedEnvironment } from './export-environment.js';
import { resolveFolders } from './inputs/folders.js';
import type { RunRequest } from './inputs/resolve.js';
import { assertReachable } from './preflight.js';
import { prepareRun, type PreparedRun, type StateOptions } from './prepare.js';
import { plannedReports, reporterOf, type ReporterChoice } from './reports/write.js';
import { reportPlace, runResolved, type RunResult, type StageSettings } from './run-stage.js';
import { stateFromVariables, writeState, type FlowState } from './state/state.js';
import { stateUnusedLine, type StateProblem, type StateUse } from './state/state-use.js';
import { stateWrite } from './state/state-write.js';
import { unattendedPlan } from './unattended.js';

export { DEFAULT_TIMEOUT_REQUEST_MS } from './inputs/resolve.js';
export { RUN_SECRET_ENV } from './inputs/key-files.js';
export {
  plannedReports,
  REPORTER_ALIASES,
  REPORTER_CHOICES,
  REPORTERS,
  type ReporterChoice,
  type ReporterName,
} from './reports/write.js';
export {
  DEFAULT_REPORT_DIR,
  reportPlace,
  runResolved,
  type RunResult,
  type StageSettings,
} from './run-stage.js';
export type { Failure, Skip } from './summary.js';

/** How a run goes, besides its inputs and its state: what to run, report, keep, and tell. */
export interface RunSettings extends Omit<StageSettings, 'folders' | 'plannedSkips' | 'reporters'> {
  /** Run only these folders or requests (by name; the number prefix may be left out). */
  readonly folder?: string | readonly string[];
  /** Reports besides the console (`htmlextra` is an older name of `html`). */
  readonly reporters?: readonly ReporterChoice[];
  /**
   * CI against a real platform: run only what needs no person, and what needs a consent when the
   * state holds one; the rest is reported as skipped, with the reason.
   */
  readonly unattended?: boolean;
  /** Write the environment after the run to this file, owner-only, without `OFM_*` secrets. */
  readonly exportEnvironment?: string;
  /**
   * Check that the issuer answers before running (default true, as the CLI's `--preflight`: a
   * program gets the run the command line gets; `false` is `--no-preflight`).
   */
  readonly preflight?: boolean;
  /** A one-line warning the run goes on after (a state file it may not use). */
  readonly onWarning?: (line: string) => void;
  /** Called once everything is checked, right before the first request. */
  readonly onStart?: (start: { readonly state: StateUse | undefined }) => void;
}

/** Everything `runCollection` takes: what to run with (checked first), its state, and how. */
export type RunOptions = RunRequest & StateOptions & RunSettings;

/** What a run did, and what it kept. */
export interface CollectionRunResult extends RunResult {
  /** The state file: what was saved in it (nothing when the run checked nothing), or its problem. */
  readonly state?: {
    readonly path: string;
    readonly saved: FlowState | undefined;
    readonly problem: StateProblem | undefined;
  };
  /** Where the environment was exported, if it was. */
  readonly exportedEnvironment?: string;
}

/** `reportDir` must be a folder (it is made when missing). */
function assertReportDir(reportDir: string | undefined): void {
  if (reportDir === undefined) return;
  const dir = resolve(reportDir);
  if (existsSync(dir) && !statSync(dir).isDirectory())
    throw new UsageError('ERR_OFM_USAGE', `--report-dir ${dir} is a file, not a folder.`, {
      hint: 'give --report-dir a folder (it is made when missing)',
    });
}

/** What the run sends and writes, decided and checked before anything is sent. */
async function planRun(options: RunOptions, prepared: PreparedRun) {
  const { run: inputs, stateUse } = prepared;
  const { folder } = options;
  const chosen =
    folder === undefined
      ? undefined
      : resolveFolders(inputs.collection, typeof folder === 'string' ? [folder] : folder);
  const plan = options.unattended
    ? unattendedPlan(inputs.collection, inputs.envVars, chosen)
    : undefined;
  const reporters = [...new Set((options.reporters ?? []).map(reporterOf))];
  const exportPath =
    options.exportEnvironment === undefined ? undefined : resolve(options.exportEnvironment);
  // A run must not end by failing to keep its result.
  await checkWritePlan([
    ...(stateUse?.writable === true ? [stateWrite(stateUse.path)] : []),
    ...plannedReports(reporters, reportPlace(inputs, options)),
    ...(exportPath !== undefined ? [environmentExport(exportPath, options.force ?? false)] : []),
  ]);
  return {
    folders: plan !== undefined ? plan.run : chosen,
    skips: plan?.skip,
    reporters,
    exportPath,
  };
}

/** The run, once the inputs are checked and the state (if any) is locked and read. */
async function runPrepared(
  options: RunOptions,
  prepared: PreparedRun,
): Promise<CollectionRunResult> {
  const { run: inputs, stateUse, owner } = prepared;
  const { folders, skips, reporters, exportPath } = await planRun(options, prepared);
  if (stateUse?.problem !== undefined) options.onWarning?.(stateUnusedLine(stateUse));
  if (options.preflight !== false && owner.issuer !== undefined)
    await assertReachable(owner.issuer);
  options.onStart?.({ state: stateUse });
  const result = await runResolved(inputs, {
    ...options,
    folders,
    plannedSkips: skips,
    reporters,
  });
  // A run that checked nothing leaves the state as it was: it learnt nothing.
  let saved: FlowState | undefined;
  if (stateUse?.writable === true && result.nothingRan === undefined) {
    stateUse.lock.assertHeld();
    saved = await writeState(stateUse.path, owner, stateFromVariables(result.variables));
  }
  if (exportPath !== undefined)
    await writeExportedEnvironment(
      exportPath,
      `${options.target ?? 'run'}.${result.label} (exported by ofm-postman run)`,
      result.variables,
      new Set(result.secretOverrideKeys),
      options.force ?? false,
    );
  return {
    ...result,
    ...(stateUse !== undefined
      ? { state: { path: stateUse.path, saved, problem: stateUse.problem } }
      : {}),
    ...(exportPath !== undefined ? { exportedEnvironment: exportPath } : {}),
  };
}

/**
 * Resolves and checks the inputs, locks and reads the state, runs, saves the state and exports
 * the environment; returns what happened (a run that checked nothing has `nothingRan` and is not
 * `ok`). Throws a coded error only when the run could not start, or could not keep its state.
 */
export async function runCollection(options: RunOptions): Promise<CollectionRunResult> {
  assertReportDir(options.reportDir);
  const prepared = await prepareRun(options);
  // The state's lock is held from reading the state until the run has saved it.
  try {
    return await runPrepared(options, prepared);
  } finally {
    await prepared.stateUse?.lock.release();
  }
}
