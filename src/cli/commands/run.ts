/** `ofm-postman run`: a collection through Newman, with secrets kept out of reports. */
import { existsSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { CommandModule } from 'yargs';
import { PACKAGE_ROOT } from '../../builder/paths.js';
import { OfmError } from '../../shared/errors.js';
import { VAR, type AuthMethod } from '../../shared/variables.js';
import { assertReachable } from '../../runner/preflight.js';
import { REPORTERS, RUN_SECRET_ENV, runCollection, type ReporterName } from '../../runner/run.js';
import { progressLine, summaryTable } from '../../runner/summary.js';
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
  iterations?: number;
  folder?: string[];
  bail: boolean;
  reporters: string[];
  'report-dir': string;
  preflight: boolean;
  quiet: boolean;
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
      .option('iterations', { type: 'number', describe: 'Number of iterations' })
      .option('folder', {
        type: 'string',
        array: true,
        describe: 'Run only this folder or request (repeatable)',
      })
      .option('bail', { type: 'boolean', default: false, describe: 'Stop at the first failure' })
      .option('reporters', {
        type: 'string',
        array: true,
        choices: [...REPORTERS],
        default: [],
        describe: 'Newman reporters besides the built-in summary',
      })
      .option('report-dir', {
        type: 'string',
        default: join('.ofm', 'reports'),
        describe: 'Where report files go',
      })
      .option('preflight', {
        type: 'boolean',
        default: true,
        describe: 'Check that the issuer answers before running (--no-preflight to skip)',
      })
      .option('quiet', { type: 'boolean', default: false, describe: 'Print only the summary' })
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
        return true;
      })
      .example(
        '$0 run --auth private_key_jwt --target local --cert-list .ofm/certs/local.cert-list.json --ca .ofm/keys/ca.crt',
        'The generated collection against the local sandbox',
      )
      .example(
        `${RUN_SECRET_ENV.signingKeyFile}=keys/signing.key $0 run --auth private_key_jwt --target paynet-sandbox --env-var client_id=55aa… --env-var signing_kid=CYMI… --cert keys/transport.crt --key keys/transport.key --reporters junit htmlextra`,
        'PayNet sandbox in CI: the key comes from a file named in the environment, reports are masked',
      ),
  handler: async (args) => {
    // The builder modules load postman-collection (and runCollection loads newman on its first
    // run): imported when the command runs, not for --help.
    const { collectionFileName } = await import('../../builder/collection.js');
    const { environmentFileName } = await import('../../builder/environment.js');
    const { privateEnvironmentPath } = await import('../../builder/private-environment.js');
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
    if (args.preflight) {
      const issuer = environmentIssuer(environment, envVars);
      if (issuer !== undefined && issuer !== '') await assertReachable(issuer);
    }
    const passphrase = args.cert
      ? await readPassphrase(args['passphrase-file'], SECRET_ENV.transportKeyPassphrase)
      : '';
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
      ...(args.iterations ? { iterations: args.iterations } : {}),
      ...(args.folder ? { folder: args.folder } : {}),
      bail: args.bail,
      reporters: args.reporters as ReporterName[],
      reportDir: resolve(args['report-dir']),
      onRequest: args.quiet
        ? undefined
        : (event) => process.stdout.write(`${progressLine(event)}\n`),
      onConsole: args.quiet
        ? undefined
        : (level, message) => process.stdout.write(`    ${level}: ${message}\n`),
    });
    process.stdout.write(`\n${summaryTable([{ label: auth ?? 'run', result }])}\n`);
    process.exitCode = result.ok ? EXIT.OK : EXIT.FAILED;
  },
};
