/**
 * The Newman stage of a run (run.ts composes the others around it): inputs already resolved and
 * checked (inputs/resolve.ts), Newman's options (newman-options.ts), the run recorded request by
 * request (execute.ts, record.ts), the summary (summary.ts) and the reports (reports/write.ts).
 * Adds what a plain `newman run` lacks: a fresh secret seed per run for the scripts' random
 * source, secrets from `OFM_*` variables instead of the command line, a request time-out, masked
 * reports, and no pass for a run that checked nothing.
 */
import { randomBytes } from 'node:crypto';
import { join, resolve } from 'node:path';
import { executeNewman, NOTHING_SENT, type NewmanOutcome } from './execute.js';
import { methodOf } from './inputs/folders.js';
import type { RunInputs } from './inputs/resolve.js';
import { SecretSet } from './mask.js';
import { newmanOptions } from './newman-options.js';
import { type Execution, RunRecorder } from './record.js';
import {
  defaultReportName,
  rawJsonReport,
  writeReports,
  type ReporterName,
  type ReportPlace,
} from './reports/write.js';
import { isOfmError, type OfmError } from '../shared/errors.js';
import { addExchangeSecrets, addSecretVariables, type VariableValue } from './secrets.js';
import { summarize, type RunSummary } from './summary.js';

/** Where report files go unless the caller says otherwise. */
export const DEFAULT_REPORT_DIR = join('.ofm', 'reports');

/**
 * How the Newman stage goes, besides its inputs: what to run (resolved), what to report, what to
 * tell the caller. run.ts's `RunSettings` is this, as a caller names it.
 */
export interface StageSettings {
  /** The collection's own names of the folders or requests to run (resolved once), or all. */
  readonly folders?: readonly string[];
  /** Requests the run decided not to send (the unattended plan), with the reason: skipped. */
  readonly plannedSkips?: ReadonlyArray<{ readonly name: string; readonly message: string }>;
  /** Stop at the first failure (default false). */
  readonly bail?: boolean;
  /** Reports besides the console (default none). */
  readonly reporters?: readonly ReporterName[];
  /** Where report files go (default {@link DEFAULT_REPORT_DIR}, `.ofm/reports`). */
  readonly reportDir?: string;
  /** Base name of report files (default `<collection>.<auth method>`). */
  readonly reportName?: string;
  /** Replace files ofm-postman did not write, or that were edited since (default false). */
  readonly force?: boolean;
  /** Colour Newman's cli reporter (default: off). */
  readonly color?: boolean;
  /** Called when a request (with its scripts and tests) has finished; `mask` hides the run's secrets. */
  readonly onExecution?: (execution: Execution, mask: (text: string) => string) => void;
  /** Lines scripts log with console.*, masked. */
  readonly onConsole?: (level: string, message: string) => void;
}

export interface RunResult extends RunSummary {
  /** Label of the run (the auth method for the generated collections). */
  readonly label: string;
  readonly executions: readonly Execution[];
  /** The environment's variables after the run, secrets included: keep it in memory only. */
  readonly variables: readonly VariableValue[];
  /** Variables whose values came from the process environment (OFM_SIGNING_PRIVATE_KEY, …). */
  readonly secretOverrideKeys: readonly string[];
  readonly durationMs: number;
  readonly reports: readonly string[];
  /**
   * Why the reports could not be written (the disk changed after the checks): the caller keeps
   * what it must (the state) first, then throws it.
   */
  readonly reportFailure?: OfmError;
  /** True when nothing failed and something was checked (planned skips do not fail a run). */
  readonly ok: boolean;
}

/** The variables of a Newman variable scope (environment, globals, collection variables). */
function scopeValues(scope: unknown): VariableValue[] {
  const values = (scope as { values?: unknown } | undefined)?.values;
  const list = (values as { all?: () => unknown } | undefined)?.all?.() ?? values;
  return Array.isArray(list) ? (list as VariableValue[]) : [];
}

/** The secrets known before the run: secret variables, `OFM_*` keys, the seed. */
function secretsBefore(inputs: RunInputs, seed: string): SecretSet {
  const secrets = new SecretSet();
  addSecretVariables(inputs.environment.values, secrets);
  const overrides = { ...inputs.envVars, ...inputs.secrets };
  addSecretVariables(
    Object.entries(overrides).map(([key, value]) => ({ key, value })),
    secrets,
  );
  secrets.add(seed);
  return secrets;
}

/** Secrets learnt during the run: what the scripts stored, what crossed the wire. */
function learnSecrets(
  outcome: NewmanOutcome,
  executions: readonly Execution[],
  secrets: SecretSet,
) {
  addSecretVariables(scopeValues(outcome.environment), secrets);
  addSecretVariables(scopeValues(outcome.globals), secrets);
  addSecretVariables(scopeValues(outcome.collection?.variables), secrets);
  addExchangeSecrets(executions, secrets);
}

/** The recorder of a run: every execution teaches the secrets and reaches the caller, masked. */
function recorderFor(inputs: RunInputs, settings: StageSettings, secrets: SecretSet): RunRecorder {
  const mask = (text: string) => secrets.mask(text);
  const recorder = new RunRecorder(inputs.collection, (execution) => {
    addExchangeSecrets([execution], secrets);
    settings.onExecution?.(execution, mask);
  });
  for (const { name, message } of settings.plannedSkips ?? []) {
    const execution = recorder.addPlannedSkip(name, methodOf(inputs.collection, name), message);
    settings.onExecution?.(execution, mask);
  }
  return recorder;
}

/** Where the reports go: the folder and the base name (`<collection>.<auth method>`). */
export function reportPlace(
  inputs: RunInputs,
  settings: Pick<StageSettings, 'reportDir' | 'reportName' | 'force'>,
): ReportPlace {
  const name =
    settings.reportName ?? defaultReportName(inputs.collectionPath, inputs.title, inputs.label);
  return {
    dir: resolve(settings.reportDir ?? DEFAULT_REPORT_DIR),
    baseName: name.replace(/[^A-Za-z0-9._-]+/g, '-'),
    force: settings.force ?? false,
  };
}

/**
 * Runs resolved inputs and returns what happened; throws only when it could not start. The caller
 * has checked the write plan (run.ts), so the reports have their place.
 */
export async function runResolved(
  inputs: RunInputs,
  settings: StageSettings = {},
): Promise<RunResult> {
  const folders = settings.folders;
  // A fresh secret per run: Newman's sandbox has no CSPRNG, the script's DRBG starts from this.
  const seed = randomBytes(32).toString('hex');
  const secrets = secretsBefore(inputs, seed);
  const reporters = [...new Set(settings.reporters ?? [])];
  const rawJson = await rawJsonReport(reporters);
  const recorder = recorderFor(inputs, settings, secrets);
  const startedAt = new Date();
  try {
    // Nothing left to run (every request of the chosen folders was planned as skipped): no Newman.
    const outcome =
      folders !== undefined && folders.length === 0
        ? NOTHING_SENT
        : await executeNewman(
            newmanOptions(inputs, {
              seed,
              rawJsonPath: rawJson.path,
              folders,
              bail: settings.bail ?? false,
              color: settings.color ?? false,
              reporters: reporters.filter((r) => r === 'cli' || r === 'json'),
            }),
            recorder,
            (level, message) => settings.onConsole?.(level, secrets.mask(message)),
          );
    const durationMs = Date.now() - startedAt.getTime();
    const executions = recorder.executions;
    learnSecrets(outcome, executions, secrets);
    const { summary, outcomes } = summarize(executions, secrets);
    const ok =
      summary.failed === 0 && outcome.run.failures.length === 0 && summary.nothingRan === undefined;
    const { title, label } = inputs;
    const written = await writeReports(
      reporters,
      { ...reportPlace(inputs, settings), rawJson },
      {
        title,
        label,
        executions,
        outcomes,
        startedAt,
        durationMs,
        secrets,
        ok,
      },
    ).then(
      (paths) => ({ paths, failure: undefined }),
      (failure: unknown) => {
        if (isOfmError(failure) && failure.code === 'ERR_OFM_WRITE_FAILED')
          return { paths: [] as string[], failure };
        throw failure;
      },
    );
    return {
      ...summary,
      label,
      executions,
      variables: scopeValues(outcome.environment),
      secretOverrideKeys: Object.keys(inputs.secrets),
      durationMs,
      reports: written.paths,
      ...(written.failure !== undefined ? { reportFailure: written.failure } : {}),
      ok,
    };
  } finally {
    await rawJson.dispose();
  }
}
