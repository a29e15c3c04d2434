/**
 * Runs a collection with Newman's library API: the one place that knows Newman's options. Adds
 * what a plain `newman run` lacks: a fresh secret seed per run for the sandbox script's random
 * source, secrets taken from files or process environment variables instead of the command line,
 * reports scrubbed of every secret, skipped requests counted as failures, and a result object the
 * CLI turns into progress, a summary and an exit code.
 */
import { randomBytes } from 'node:crypto';
import { readFile, writeFile, mkdir } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import type { NewmanRunOptions, NewmanRunSummary } from 'newman';
import { OfmError } from '../shared/errors.js';
import { VAR } from '../shared/variables.js';
import { ALL_VARIABLES } from '../shared/variable-specs.js';
import { maskJsonReport, SecretSet } from './mask.js';
import { loadNewman } from './newman.js';
import '../shared/node-error-hints.js';

/** Reporters `ofm-postman run` offers. */
export const REPORTERS = ['cli', 'junit', 'json', 'htmlextra'] as const;
export type ReporterName = (typeof REPORTERS)[number];

/** Process environment variables that can carry secrets into a run. */
export const RUN_SECRET_ENV = {
  signingPrivateKey: 'OFM_SIGNING_PRIVATE_KEY',
  signingKeyFile: 'OFM_SIGNING_KEY_FILE',
  signingKeyPassphrase: 'OFM_SIGNING_KEY_PASSPHRASE',
} as const;

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
  /** Run only these folders or requests (by name). */
  readonly folder?: string | readonly string[];
  readonly iterations?: number;
  readonly bail?: boolean;
  readonly reporters?: readonly ReporterName[];
  readonly reportDir?: string;
  /** Base name of report files (default: the collection name). */
  readonly reportName?: string;
  /** Process environment to read secrets from (default process.env). */
  readonly processEnv?: Readonly<Record<string, string | undefined>>;
  /** Progress callback: one call per finished request. */
  readonly onRequest?: (event: RequestEvent) => void;
  /** Lines scripts log with console.*. */
  readonly onConsole?: (level: string, message: string) => void;
}

export interface RequestEvent {
  readonly name: string;
  readonly method: string;
  readonly status: number | undefined;
  readonly timeMs: number | undefined;
  readonly error: string | undefined;
}

export interface Failure {
  readonly request: string;
  readonly test: string;
  readonly message: string;
}

export interface RunResult {
  /** Requests of the collection's items that were sent. */
  readonly requests: number;
  /** Requests scripts sent with pm.sendRequest (token fetches). */
  readonly scriptRequests: number;
  readonly requestErrors: number;
  readonly skipped: number;
  readonly assertions: number;
  readonly failedAssertions: number;
  readonly failures: readonly Failure[];
  readonly durationMs: number;
  readonly reports: readonly string[];
  /** True when every request ran and every assertion passed. */
  readonly ok: boolean;
}

interface RequestArgs {
  cursor?: { scriptId?: string };
  item?: { name: string };
  request?: { method: string; url?: { toString(): string }; body?: { toString(): string } };
  response?: { code: number; responseTime: number; text(): string };
}

async function readJson(path: string, what: string): Promise<object> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (cause) {
    throw new OfmError('ERR_OFM_FILE_NOT_FOUND', `${what} ${path} cannot be read.`, {
      cause,
      hint: `check the ${what} path`,
    });
  }
  try {
    return JSON.parse(text) as object;
  } catch (cause) {
    throw new OfmError('ERR_OFM_USAGE', `${what} ${path} is not JSON.`, {
      cause,
      hint: `give a Postman ${what} file`,
    });
  }
}

/** Secrets from the process environment: key text or a key file, and the passphrase. */
async function secretOverrides(
  env: Readonly<Record<string, string | undefined>>,
): Promise<Record<string, string>> {
  const out: Record<string, string> = {};
  const keyText = env[RUN_SECRET_ENV.signingPrivateKey];
  const keyFile = env[RUN_SECRET_ENV.signingKeyFile];
  if (keyText) out[VAR.signingPrivateKey] = keyText;
  else if (keyFile) {
    try {
      out[VAR.signingPrivateKey] = await readFile(keyFile, 'utf8');
    } catch (cause) {
      throw new OfmError(
        'ERR_OFM_FILE_NOT_FOUND',
        `${RUN_SECRET_ENV.signingKeyFile} names ${keyFile}, which cannot be read.`,
        { cause },
      );
    }
  }
  const passphrase = env[RUN_SECRET_ENV.signingKeyPassphrase];
  if (passphrase) out[VAR.signingKeyPassphrase] = passphrase;
  return out;
}

const SECRET_NAMES = new Set<string>(ALL_VARIABLES.filter((s) => s.secret).map((s) => s.name));

function collectSecretValues(
  environment: object,
  overrides: Record<string, string>,
  secrets: SecretSet,
): void {
  const values =
    (environment as { values?: Array<{ key: string; value: unknown; type?: string }> }).values ??
    [];
  for (const entry of values) {
    if (SECRET_NAMES.has(entry.key) || entry.type === 'secret')
      secrets.add(String(entry.value ?? ''));
  }
  for (const [key, value] of Object.entries(overrides))
    if (SECRET_NAMES.has(key)) secrets.add(value);
}

function bodySecrets(text: string | undefined, secrets: SecretSet): void {
  if (!text) return;
  try {
    const body = JSON.parse(text) as Record<string, unknown>;
    for (const key of ['access_token', 'refresh_token', 'id_token']) {
      if (typeof body[key] === 'string') secrets.add(body[key]);
    }
  } catch {
    // Not JSON: form bodies are scanned by the caller.
  }
  for (const [key, value] of new URLSearchParams(text)) {
    if (
      key === 'client_assertion' ||
      key === 'token' ||
      key === 'refresh_token' ||
      key === 'request'
    )
      secrets.add(value);
  }
}

/** Runs the collection and returns what happened; never throws for a failing request or test. */
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
  const overrides = {
    ...(options.envVars ?? {}),
    ...(await secretOverrides(options.processEnv ?? process.env)),
  };
  const secrets = new SecretSet();
  collectSecretValues(environment, overrides, secrets);
  // A fresh secret per run: Newman's sandbox has no CSPRNG, the script's DRBG starts from this.
  const seed = randomBytes(32).toString('hex');
  secrets.add(seed);

  const reporters = options.reporters ?? ['cli'];
  const reportDir = resolve(options.reportDir ?? join('.ofm', 'reports'));
  const baseName = (
    options.reportName ??
    (collection as { info?: { name?: string } }).info?.name ??
    'run'
  ).replace(/[^A-Za-z0-9._-]+/g, '-');
  const reportPaths: Partial<Record<ReporterName, string>> = {
    junit: join(reportDir, `${baseName}.junit.xml`),
    json: join(reportDir, `${baseName}.json`),
    htmlextra: join(reportDir, `${baseName}.html`),
  };
  const fileReporters = reporters.filter((r) => r !== 'cli');
  if (fileReporters.length > 0) await mkdir(reportDir, { recursive: true });

  const newmanOptions: NewmanRunOptions & Record<string, unknown> = {
    collection: collection as never,
    environment: environment as never,
    // The seed goes in as an environment override: environments define ofm_random_seed (empty),
    // and an environment value would hide a global one.
    envVar: [
      ...Object.entries(overrides).map(([key, value]) => ({ key, value })),
      { key: VAR.randomSeed, value: seed },
    ],
    reporters: [...reporters],
    reporter: {
      junit: { export: reportPaths.junit },
      json: { export: reportPaths.json },
      htmlextra: {
        export: reportPaths.htmlextra,
        skipSensitiveData: true,
        title: baseName,
        browserTitle: baseName,
      },
      cli: { noSummary: false },
    },
    insecureFileRead: true,
    ...(options.iterationData ? { iterationData: options.iterationData as never } : {}),
    ...(options.folder ? { folder: options.folder as never } : {}),
    ...(options.iterations ? { iterationCount: options.iterations } : {}),
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

  let requests = 0;
  let scriptRequests = 0;
  let requestErrors = 0;
  let started = 0;
  const failures: Failure[] = [];
  const newman = await loadNewman();
  const startedAt = Date.now();
  const summary = await new Promise<NewmanRunSummary>((resolvePromise, reject) => {
    const emitter = newman.run(newmanOptions as NewmanRunOptions, (error, result) =>
      error ? reject(error) : resolvePromise(result),
    );
    emitter.on('beforeItem', () => {
      started++;
    });
    emitter.on('request', (error: Error | null, args: RequestArgs) => {
      // pm.sendRequest calls (e.g. the token fetch of a folder script) carry the id of their
      // script; they are not the item's own request and must not hide a skipped item.
      const fromScript = args.cursor?.scriptId !== undefined;
      if (fromScript) scriptRequests++;
      else requests++;
      if (error) requestErrors++;
      bodySecrets(args.request?.body?.toString(), secrets);
      bodySecrets(args.response?.text(), secrets);
      options.onRequest?.({
        name: fromScript
          ? `(script) ${args.request?.url?.toString().split('?')[0] ?? ''}`
          : (args.item?.name ?? ''),
        method: args.request?.method ?? '',
        status: args.response?.code,
        timeMs: args.response?.responseTime,
        error: error ? error.message : undefined,
      });
    });
    emitter.on(
      'assertion',
      (error: Error | null, args: { assertion: string; item: { name: string } }) => {
        if (error)
          failures.push({
            request: args.item.name,
            test: secrets.mask(args.assertion),
            message: secrets.mask(error.message),
          });
      },
    );
    emitter.on('console', (_error: unknown, args: { level: string; messages: unknown[] }) => {
      options.onConsole?.(args.level, secrets.mask(args.messages.map(String).join(' ')));
    });
  }).catch((cause: unknown) => {
    throw new OfmError(
      'ERR_OFM_RUN_FAILED',
      `newman could not run the collection: ${(cause as Error).message}`,
      { cause, hint: 'check the collection, environment and certificate files' },
    );
  });

  const written: string[] = [];
  for (const reporter of fileReporters) {
    const path = reportPaths[reporter];
    if (path === undefined) continue;
    try {
      const text = await readFile(path, 'utf8');
      await writeFile(
        path,
        reporter === 'json' ? maskJsonReport(text, secrets) : secrets.mask(text),
      );
      written.push(path);
    } catch {
      // The reporter wrote nothing (e.g. it failed to load): there is nothing to scrub.
    }
  }

  const stats = summary.run.stats;
  const assertions = stats.assertions.total ?? 0;
  const failedAssertions = stats.assertions.failed ?? 0;
  // Items that started but never sent their request were skipped by a pre-request script.
  const skipped = Math.max(0, started - requests);
  return {
    requests,
    scriptRequests,
    requestErrors,
    skipped,
    assertions,
    failedAssertions,
    failures,
    durationMs: Date.now() - startedAt,
    reports: written,
    ok:
      requestErrors === 0 &&
      skipped === 0 &&
      failedAssertions === 0 &&
      summary.run.failures.length === 0,
  };
}
