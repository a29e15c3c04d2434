/**
 * Runs a collection with Newman's library API: the one place that knows Newman's options. Adds
 * what a plain `newman run` lacks: inputs checked before anything is sent, a fresh secret seed per
 * run for the sandbox script's random source, secrets from files or process environment variables
 * instead of the command line, a request time-out, and a record of every request from which the
 * console lines and the JUnit, HTML and JSON reports are made, all with the run's secrets masked.
 */
import { randomBytes } from 'node:crypto';
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { basename, join, resolve } from 'node:path';
import type { NewmanRunOptions, NewmanRunSummary } from 'newman';
import { OfmError } from '../shared/errors.js';
import { VAR } from '../shared/variables.js';
import {
  assertCertListReadable,
  assertReadable,
  checkIterations,
  readJson,
  resolveFolders,
  secretOverrides,
} from './inputs.js';
import { maskJsonReport, SecretSet } from './mask.js';
import { type Execution, RunRecorder, mainExchange, wasRefused } from './record.js';
import { outcomesOf, totalsOf } from './reports/outcomes.js';
import { renderHtml } from './reports/html.js';
import { renderJunit } from './reports/junit.js';
import { addExchangeSecrets, addSecretVariables, type VariableValue } from './secrets.js';
import { loadNewman } from './newman.js';

export { RUN_SECRET_ENV } from './inputs.js';

/** Report formats `ofm-postman run` writes (`cli` is Newman's own console reporter). */
export const REPORTERS = ['cli', 'junit', 'json', 'html'] as const;
export type ReporterName = (typeof REPORTERS)[number];
/** Older name of the html reporter, still accepted. */
export const REPORTER_ALIASES: Readonly<Record<string, ReporterName>> = { htmlextra: 'html' };

/** Default request time-out: a hung endpoint fails the request instead of holding CI. */
export const DEFAULT_TIMEOUT_REQUEST_MS = 30_000;

export interface RunOptions {
  /** Path of a collection file, or the collection itself. */
  readonly collection: string | object;
  /** Path of an environment file, or the environment itself. */
  readonly environment?: string | object;
  /** Variables that override the environment (`--env-var key=value`). */
  readonly envVars?: Readonly<Record<string, string>>;
  /** newman certificate list: a path or the entries. */
  readonly certList?: string | readonly object[];
  /** One client certificate for every host (used after the certificate list). */
  readonly cert?: { readonly cert: string; readonly key: string; readonly passphrase?: string };
  /** Extra CA certificate (PEM path) to trust, e.g. the local sandbox CA. */
  readonly ca?: string;
  /** Data file path, or the rows themselves. */
  readonly iterationData?: string | readonly object[];
  /** Run only these folders or requests (by name; the number prefix may be left out). */
  readonly folder?: string | readonly string[];
  readonly iterations?: number;
  readonly bail?: boolean;
  /** Milliseconds a request may take (default 30 s; 0: no limit). */
  readonly timeoutRequest?: number;
  readonly reporters?: readonly ReporterName[];
  readonly reportDir?: string;
  /** Base name of report files (default `<collection>.<auth method>`). */
  readonly reportName?: string;
  /** What tells this run apart in reports (default: the collection's auth_method). */
  readonly label?: string;
  /** Requests the caller decided not to run, with the reason: reported as skipped. */
  readonly plannedSkips?: ReadonlyArray<{ readonly name: string; readonly message: string }>;
  /** Colour Newman's cli reporter (default: off). */
  readonly color?: boolean;
  /** Process environment to read secrets from (default process.env). */
  readonly processEnv?: Readonly<Record<string, string | undefined>>;
  /** Called when a request (with its scripts and tests) has finished; `mask` hides the run's secrets. */
  readonly onExecution?: (execution: Execution, mask: (text: string) => string) => void;
  /** Lines scripts log with console.*, masked. */
  readonly onConsole?: (level: string, message: string) => void;
}

export interface Failure {
  readonly request: string;
  readonly test: string;
  readonly message: string;
  /** Why the request failed: transport error, or status and the server's error. */
  readonly cause?: string;
}

export interface Skip {
  readonly request: string;
  readonly message: string;
}

export interface RunResult {
  /** Label of the run (the auth method for the generated collections). */
  readonly label: string;
  /** Requests of the collection's items that were sent. */
  readonly requests: number;
  /** Requests scripts sent with pm.sendRequest (token and key-set fetches). */
  readonly scriptRequests: number;
  readonly requestErrors: number;
  /** Requests a script refused to send (a failure each). */
  readonly refused: number;
  /** Requests a script skipped on purpose, saying why (not a failure by itself). */
  readonly skipped: number;
  /** Test outcomes as in the JUnit report: assertions plus requests refused or skipped. */
  readonly tests: number;
  /** Failed test outcomes. */
  readonly failed: number;
  readonly assertions: number;
  readonly failedAssertions: number;
  readonly failures: readonly Failure[];
  readonly skips: readonly Skip[];
  readonly executions: readonly Execution[];
  /** The environment's variables after the run, secrets included: keep it in memory only. */
  readonly variables: readonly VariableValue[];
  /** Variables whose values came from the process environment (OFM_SIGNING_PRIVATE_KEY, …). */
  readonly secretOverrideKeys: readonly string[];
  readonly durationMs: number;
  readonly reports: readonly string[];
  /** True when nothing failed (requests skipped on purpose do not fail a run). */
  readonly ok: boolean;
}

/** `<collection>.<auth method>`: from the collection file name, else from its name and label. */
function defaultReportName(collection: string | object, title: string, label: string): string {
  if (typeof collection === 'string') {
    const file = basename(collection).replace(/\.postman_collection\.json$|\.json$/, '');
    if (file !== '') return file;
  }
  const slug = title
    .replace(/\(.*?\)/g, '')
    .trim()
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-|-$/g, '');
  return [slug || 'run', label].filter(Boolean).join('.');
}

function variableOf(source: object, key: string): string | undefined {
  const list =
    (source as { variable?: VariableValue[]; values?: VariableValue[] }).variable ??
    (source as { values?: VariableValue[] }).values ??
    [];
  const value = list.find((v) => v.key === key)?.value;
  return typeof value === 'string' && value !== '' ? value : undefined;
}

/** The HTTP method of the collection's request called `name` ('' when there is none). */
function methodOf(collection: object, name: string): string {
  let found = '';
  const walk = (items: unknown) => {
    for (const item of (items as Array<{
      name?: string;
      item?: unknown;
      request?: { method?: string };
    }>) ?? []) {
      if (Array.isArray(item.item)) walk(item.item);
      else if (item.name === name && found === '') found = item.request?.method ?? 'GET';
    }
  };
  walk((collection as { item?: unknown }).item);
  return found;
}

/** The variables of a Newman variable scope (environment, globals, collection variables). */
function scopeValues(scope: unknown): VariableValue[] {
  const values = (scope as { values?: unknown } | undefined)?.values;
  const list = (values as { all?: () => unknown } | undefined)?.all?.() ?? values;
  return Array.isArray(list) ? (list as VariableValue[]) : [];
}

/** Runs the collection and returns what happened; throws only when it could not start. */
export async function runCollection(options: RunOptions): Promise<RunResult> {
  const collection =
    typeof options.collection === 'string'
      ? await readJson(options.collection, 'collection')
      : options.collection;
  const environment =
    options.environment === undefined
      ? { values: [] }
      : typeof options.environment === 'string'
        ? await readJson(options.environment, 'environment')
        : options.environment;
  if (typeof options.certList === 'string') {
    const list = await readJson(options.certList, 'certificate list');
    await assertCertListReadable(list, options.certList);
  } else if (options.certList !== undefined)
    await assertCertListReadable(options.certList, 'the certificate list');
  if (options.cert) {
    await assertReadable(options.cert.cert, 'client certificate (--cert)');
    await assertReadable(options.cert.key, 'client key (--key)');
  }
  if (options.ca) await assertReadable(options.ca, 'CA certificate (--ca)');
  if (typeof options.iterationData === 'string')
    await assertReadable(options.iterationData, 'data file (--iteration-data)');
  const iterations =
    options.iterations === undefined ? undefined : checkIterations(options.iterations);
  const folders =
    options.folder === undefined
      ? undefined
      : resolveFolders(
          collection,
          typeof options.folder === 'string' ? [options.folder] : options.folder,
        );

  const fromProcess = await secretOverrides(options.processEnv ?? process.env);
  const overrides = { ...(options.envVars ?? {}), ...fromProcess };
  const secrets = new SecretSet();
  addSecretVariables((environment as { values?: VariableValue[] }).values ?? [], secrets);
  addSecretVariables(
    Object.entries(overrides).map(([key, value]) => ({ key, value })),
    secrets,
  );
  // A fresh secret per run: Newman's sandbox has no CSPRNG, the script's DRBG starts from this.
  const seed = randomBytes(32).toString('hex');
  secrets.add(seed);

  const title = (collection as { info?: { name?: string } }).info?.name ?? 'collection';
  const label =
    options.label ??
    overrides[VAR.authMethod] ??
    variableOf(environment, VAR.authMethod) ??
    variableOf(collection, VAR.authMethod) ??
    title;
  const reporters = [...new Set(options.reporters ?? [])];
  const reportDir = resolve(options.reportDir ?? join('.ofm', 'reports'));
  const baseName = (
    options.reportName ?? defaultReportName(options.collection, title, label)
  ).replace(/[^A-Za-z0-9._-]+/g, '-');
  const fileReporters = reporters.filter((r) => r !== 'cli');
  if (fileReporters.length > 0) await mkdir(reportDir, { recursive: true });
  // Newman writes its JSON report in clear; it goes to a private folder and only its masked copy
  // reaches the report folder.
  const privateDir = reporters.includes('json')
    ? await mkdtemp(join(tmpdir(), 'ofm-postman-'))
    : undefined;
  const rawJsonPath = privateDir === undefined ? undefined : join(privateDir, 'report.json');

  const newmanReporters = reporters.filter((r) => r === 'cli' || r === 'json');
  const newmanOptions: NewmanRunOptions & Record<string, unknown> = {
    collection: collection as never,
    environment: environment as never,
    // The seed goes in as an environment override: environments define ofm_random_seed (empty),
    // and an environment value would hide a global one.
    envVar: [
      ...Object.entries(overrides).map(([key, value]) => ({ key, value })),
      { key: VAR.randomSeed, value: seed },
    ],
    reporters: newmanReporters,
    reporter: {
      json: { export: rawJsonPath },
      cli: { noSummary: false },
    },
    color: options.color ? 'on' : 'off',
    timeoutRequest: options.timeoutRequest ?? DEFAULT_TIMEOUT_REQUEST_MS,
    insecureFileRead: true,
    ...(options.iterationData ? { iterationData: options.iterationData as never } : {}),
    ...(folders ? { folder: folders as never } : {}),
    ...(iterations ? { iterationCount: iterations } : {}),
    ...(options.bail ? { bail: true } : {}),
    ...(options.certList ? { sslClientCertList: options.certList as never } : {}),
    ...(options.cert
      ? {
          sslClientCert: options.cert.cert,
          sslClientKey: options.cert.key,
          ...(options.cert.passphrase ? { sslClientPassphrase: options.cert.passphrase } : {}),
        }
      : {}),
    ...(options.ca ? { sslExtraCaCerts: options.ca } : {}),
  };

  const mask = (text: string) => secrets.mask(text);
  const recorder = new RunRecorder(collection, (execution) => {
    addExchangeSecrets([execution], secrets);
    options.onExecution?.(execution, mask);
  });
  for (const skip of options.plannedSkips ?? []) {
    const execution = recorder.addPlannedSkip(
      skip.name,
      methodOf(collection, skip.name),
      skip.message,
    );
    options.onExecution?.(execution, mask);
  }
  const newman = await loadNewman();
  const startedAt = new Date();
  // Nothing left to run (every request of the chosen folders was planned as skipped): no Newman.
  const nothingToRun = folders !== undefined && folders.length === 0;
  let summary: Pick<NewmanRunSummary, 'environment' | 'globals' | 'run'> & {
    collection?: { variables?: unknown };
  };
  try {
    summary = nothingToRun
      ? {
          environment: undefined as never,
          globals: undefined as never,
          run: { failures: [] } as never,
        }
      : await new Promise<NewmanRunSummary>((resolvePromise, reject) => {
          const emitter = newman.run(newmanOptions as NewmanRunOptions, (error, result) =>
            error ? reject(error) : resolvePromise(result),
          );
          recorder.attach(emitter);
          emitter.on('console', (_error: unknown, args: { level: string; messages: unknown[] }) => {
            options.onConsole?.(args.level, mask(args.messages.map(String).join(' ')));
          });
        });
  } catch (cause) {
    if (privateDir !== undefined) await rm(privateDir, { recursive: true, force: true });
    throw new OfmError(
      'ERR_OFM_RUN_FAILED',
      `newman could not run the collection: ${(cause as Error).message}`,
      { cause, hint: 'check the collection, environment and certificate files' },
    );
  }
  const durationMs = Date.now() - startedAt.getTime();

  // Secrets learnt during the run: what the scripts stored, what crossed the wire.
  addSecretVariables(scopeValues(summary.environment), secrets);
  addSecretVariables(scopeValues(summary.globals), secrets);
  addSecretVariables(scopeValues(summary.collection?.variables), secrets);
  const executions = recorder.executions;
  addExchangeSecrets(executions, secrets);

  const outcomes = outcomesOf(executions);
  const totals = totalsOf(outcomes);
  const requests = executions.filter((e) => mainExchange(e) !== undefined).length;
  const scriptRequests = executions.reduce(
    (n, e) => n + e.exchanges.filter((x) => x.byScript).length,
    0,
  );
  const requestErrors = executions.reduce(
    (n, e) => n + e.exchanges.filter((x) => !x.byScript && x.error !== undefined).length,
    0,
  );
  const assertions = executions.reduce((n, e) => n + e.assertions.length, 0);
  const failedAssertions = executions.reduce(
    (n, e) => n + e.assertions.filter((a) => !a.passed).length,
    0,
  );
  const ok = totals.failures === 0 && summary.run.failures.length === 0;

  const written: string[] = [];
  const paths = {
    junit: join(reportDir, `${baseName}.junit.xml`),
    json: join(reportDir, `${baseName}.json`),
    html: join(reportDir, `${baseName}.html`),
  };
  if (reporters.includes('junit')) {
    await writeFile(
      paths.junit,
      renderJunit({ title, label, outcomes, startedAt, durationMs, secrets }),
    );
    written.push(paths.junit);
  }
  if (reporters.includes('json') && rawJsonPath !== undefined && !nothingToRun) {
    try {
      await writeFile(paths.json, maskJsonReport(await readFile(rawJsonPath, 'utf8'), secrets));
      written.push(paths.json);
    } finally {
      await rm(privateDir as string, { recursive: true, force: true });
    }
  }
  if (reporters.includes('html')) {
    await writeFile(
      paths.html,
      renderHtml({ title, label, executions, outcomes, startedAt, durationMs, secrets, ok }),
    );
    written.push(paths.html);
  }

  return {
    label,
    requests,
    scriptRequests,
    requestErrors,
    refused: executions.filter((e) => wasRefused(e)).length,
    skipped: executions.filter((e) => e.skip !== undefined && mainExchange(e) === undefined).length,
    tests: totals.tests,
    failed: totals.failures,
    assertions,
    failedAssertions,
    failures: outcomes
      .filter((o) => o.status === 'failed')
      .map((o) => ({
        request: o.execution.name,
        test: mask(o.name),
        message: mask(o.message ?? ''),
        ...(o.cause === undefined ? {} : { cause: mask(o.cause) }),
      })),
    skips: outcomes
      .filter((o) => o.status === 'skipped')
      .map((o) => ({ request: o.execution.name, message: mask(o.message ?? '') })),
    executions,
    variables: scopeValues(summary.environment),
    secretOverrideKeys: Object.keys(fromProcess),
    durationMs,
    reports: written,
    ok,
  };
}
