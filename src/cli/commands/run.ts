/** `ofm-postman run`: a collection through Newman, with secrets kept out of reports. */
import { existsSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { CommandModule } from 'yargs';
import { collectionFileName } from '../../builder/collection.js';
import { environmentFileName } from '../../builder/environment.js';
import { PACKAGE_ROOT } from '../../builder/paths.js';
import { privateEnvironmentPath } from '../../builder/private-environment.js';
import { OfmError } from '../../shared/errors.js';
import { VAR, type AuthMethod } from '../../shared/variables.js';
import { assertReachable } from '../../runner/preflight.js';
import {
  DEFAULT_TIMEOUT_REQUEST_MS,
  REPORTER_ALIASES,
  REPORTERS,
  RUN_SECRET_ENV,
  runCollection,
  type ReporterName,
} from '../../runner/run.js';
import { executionLines, palette, summaryTable, useColor } from '../../runner/console.js';
import {
  assertCertListReadable,
  assertReadable,
  checkIterations,
  readJson,
  resolveFolders,
} from '../../runner/inputs.js';
import { EXIT } from '../exit-codes.js';
import { AUTH_CHOICES, readPassphrase, SECRET_ENV } from '../options.js';
import '../../shared/node-error-hints.js';

interface RunArgs {
  collection?: string;
  auth?: string;
  target?: string;
  environment?: string;
  'env-var': string[];
  'cert-list'?: string;
  cert?: string;
  key?: string;
  'passphrase-file'?: string;
  ca?: string;
  'iteration-data'?: string;
  iterations?: string;
  folder?: string[];
  bail: boolean;
  reporters: string[];
  'report-dir': string;
  'report-name'?: string;
  'timeout-request': number;
  preflight: boolean;
  quiet: boolean;
  verbose: boolean;
}

function parseEnvVars(pairs: readonly string[]): Record<string, string> {
  const out: Record<string, string> = {};
  for (const pair of pairs) {
    const eq = pair.indexOf('=');
    if (eq <= 0)
      throw new OfmError('ERR_OFM_USAGE', `--env-var "${pair.slice(0, 40)}" is not key=value.`, {
        hint: 'e.g. --env-var client_id=abc',
      });
    out[pair.slice(0, eq)] = pair.slice(eq + 1);
  }
  return out;
}

/** The first existing path among the candidates, or the first one (so the error names it). */
function firstExisting(candidates: string[]): string {
  return candidates.find((path) => existsSync(path)) ?? (candidates[0] as string);
}

function environmentIssuer(
  path: string | undefined,
  overrides: Record<string, string>,
): string | undefined {
  if (overrides[VAR.issuer]) return overrides[VAR.issuer];
  if (path === undefined || !existsSync(path)) return undefined;
  try {
    const env = JSON.parse(readFileSync(path, 'utf8')) as {
      values?: Array<{ key: string; value: string }>;
    };
    return env.values?.find((v) => v.key === VAR.issuer)?.value;
  } catch {
    return undefined; // runCollection reports an unreadable environment with its own code
  }
}

export const runCommand: CommandModule<object, RunArgs> = {
  command: 'run',
  describe:
    'Run a collection with Newman: per-run random seed, secrets from files or env, masked reports',
  builder: (yargs) =>
    yargs
      .option('collection', {
        type: 'string',
        describe: 'Collection file (or pick a generated one with --auth and --target)',
      })
      .option('auth', {
        choices: AUTH_CHOICES,
        describe: 'Pick collections/paynet-ofp.<auth>.postman_collection.json',
      })
      .option('target', {
        type: 'string',
        describe:
          'With --auth: use .ofm/env/<target>.<auth>.private… if present, else environments/<target>.<auth>…',
      })
      .option('environment', { type: 'string', describe: 'Environment file' })
      .option('env-var', {
        type: 'string',
        array: true,
        default: [],
        describe: 'Override a variable: key=value (repeatable)',
      })
      .option('cert-list', {
        type: 'string',
        describe: 'newman client certificate list (ofm-postman certs)',
      })
      .option('cert', { type: 'string', describe: 'Client certificate for every host' })
      .option('key', { type: 'string', describe: 'Key of --cert' })
      .option('passphrase-file', {
        type: 'string',
        describe: `Passphrase of --key (or set ${SECRET_ENV.transportKeyPassphrase})`,
      })
      .option('ca', {
        type: 'string',
        describe: 'Extra CA certificate to trust (the local sandbox: .ofm/keys/ca.crt)',
      })
      .option('iteration-data', { type: 'string', describe: 'Data file (CSV or JSON)' })
      .option('iterations', {
        type: 'string',
        describe: 'Number of iterations (a whole number, 1 or more)',
      })
      .option('folder', {
        type: 'string',
        array: true,
        describe: 'Run only this folder or request (repeatable)',
      })
      .option('bail', { type: 'boolean', default: false, describe: 'Stop at the first failure' })
      .option('reporters', {
        type: 'string',
        array: true,
        choices: [...REPORTERS, ...Object.keys(REPORTER_ALIASES)],
        default: [],
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
      .option('timeout-request', {
        type: 'number',
        default: DEFAULT_TIMEOUT_REQUEST_MS,
        describe: 'Milliseconds a request may take before it fails (0: no limit)',
      })
      .option('preflight', {
        type: 'boolean',
        default: true,
        describe: 'Check that the issuer answers before running (--no-preflight to skip)',
      })
      .option('quiet', { type: 'boolean', default: false, describe: 'Print only the summary' })
      .option('verbose', {
        type: 'boolean',
        default: false,
        describe: 'Also print decrypted account data (balances, transactions) on the console',
      })
      .check((args) => {
        if (args.collection === undefined && args.auth === undefined) {
          throw new OfmError(
            'ERR_OFM_USAGE',
            'give --collection FILE, or --auth (and --target) to pick a generated one.',
          );
        }
        if ((args.cert === undefined) !== (args.key === undefined)) {
          throw new OfmError('ERR_OFM_USAGE', '--cert and --key go together.');
        }
        if (args.iterations !== undefined) checkIterations(args.iterations);
        const timeout = args['timeout-request'];
        if (!Number.isInteger(timeout) || timeout < 0)
          throw new OfmError(
            'ERR_OFM_USAGE',
            `--timeout-request must be a whole number of milliseconds, not "${String(timeout)}".`,
            { hint: 'e.g. --timeout-request 10000 (0: no limit)' },
          );
        return true;
      })
      .example(
        '$0 run --auth private_key_jwt --target local --cert-list .ofm/certs/local.cert-list.json --ca .ofm/keys/ca.crt',
        'The generated collection against the local sandbox',
      )
      .example(
        `${RUN_SECRET_ENV.signingKeyFile}=keys/signing.key $0 run --auth private_key_jwt --target paynet-sandbox --env-var client_id=55aa… --env-var signing_kid=CYMI… --cert keys/transport.crt --key keys/transport.key --reporters junit html`,
        'PayNet sandbox in CI: the key comes from a file named in the environment, reports are masked',
      ),
  handler: async (args) => {
    const auth = args.auth as AuthMethod | undefined;
    const collection =
      args.collection ??
      firstExisting([
        resolve('collections', collectionFileName(auth as AuthMethod)),
        join(PACKAGE_ROOT, 'collections', collectionFileName(auth as AuthMethod)),
      ]);
    const target = args.target;
    const environment =
      args.environment ??
      (auth && target
        ? firstExisting([
            resolve(privateEnvironmentPath('.', target, auth)),
            resolve('environments', environmentFileName(target, auth)),
            join(PACKAGE_ROOT, 'environments', environmentFileName(target, auth)),
          ])
        : undefined);
    const envVars = parseEnvVars(args['env-var']);
    // Every file first: a missing one stops the run before anything (the preflight included)
    // goes out.
    for (const [path, what] of [
      [collection, 'collection'],
      [environment, 'environment'],
      [args['cert-list'], 'certificate list (--cert-list)'],
      [args.cert, 'client certificate (--cert)'],
      [args.key, 'client key (--key)'],
      [args.ca, 'CA certificate (--ca)'],
      [args['iteration-data'], 'data file (--iteration-data)'],
      [args['passphrase-file'], 'passphrase file (--passphrase-file)'],
    ] as const) {
      if (path !== undefined) await assertReadable(resolve(path), what);
    }
    if (args['cert-list'] !== undefined) {
      const list = await readJson(resolve(args['cert-list']), 'certificate list');
      await assertCertListReadable(list, args['cert-list']);
    }
    const folders =
      args.folder === undefined
        ? undefined
        : resolveFolders(await readJson(resolve(collection), 'collection'), args.folder);
    if (args.preflight) {
      const issuer = environmentIssuer(environment, envVars);
      if (issuer !== undefined && issuer !== '') await assertReachable(issuer);
    }
    const passphrase = args.cert
      ? await readPassphrase(args['passphrase-file'], SECRET_ENV.transportKeyPassphrase)
      : '';
    const color = useColor(process.stdout.isTTY);
    const colors = palette(color);
    const reporters = [
      ...new Set(args.reporters.map((r) => REPORTER_ALIASES[r] ?? (r as ReporterName))),
    ];
    const result = await runCollection({
      collection,
      ...(environment ? { environment } : {}),
      envVars,
      ...(args['cert-list'] ? { certList: resolve(args['cert-list']) } : {}),
      ...(args.cert && args.key
        ? {
            cert: {
              cert: resolve(args.cert),
              key: resolve(args.key),
              ...(passphrase ? { passphrase } : {}),
            },
          }
        : {}),
      ...(args.ca ? { ca: resolve(args.ca) } : {}),
      ...(args['iteration-data'] ? { iterationData: resolve(args['iteration-data']) } : {}),
      ...(args.iterations !== undefined ? { iterations: checkIterations(args.iterations) } : {}),
      ...(folders ? { folder: folders } : {}),
      bail: args.bail,
      timeoutRequest: args['timeout-request'],
      reporters,
      reportDir: resolve(args['report-dir']),
      ...(args['report-name'] ? { reportName: args['report-name'] } : {}),
      ...(auth ? { label: auth } : {}),
      color,
      onExecution: args.quiet
        ? undefined
        : (execution, mask) =>
            process.stdout.write(
              `${executionLines(execution, { palette: colors, mask, verbose: args.verbose }).join('\n')}\n`,
            ),
    });
    process.stdout.write(
      `\n${summaryTable([{ label: result.label, result }], colors, args.verbose)}\n`,
    );
    process.exitCode = result.ok ? EXIT.OK : EXIT.FAILED;
  },
};
