/**
 * What `run` and `consent` share: which collection and environment, which client certificate and
 * CA, variable overrides, and the state file, declared once as yargs options; and turning them
 * into the runner's options (runner/prepare.ts checks them all before anything is sent).
 */
import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { ArgumentsCamelCase, Argv, InferredOptionTypes, Options } from 'yargs';
import {
  collectionFileName,
  environmentFileName,
  privateEnvironmentPath,
} from '../builder/file-names.js';
import { PACKAGE_ROOT } from '../builder/paths.js';
import { assertFile } from '../files/read.js';
import { assertCurrentLocalKeys } from './local-keys.js';
import type { RunRequest } from '../runner/inputs/resolve.js';
import type { StateOptions } from '../runner/prepare.js';
import type { RunSettings } from '../runner/run.js';
import { statePathOf } from '../runner/state/state.js';
import { UsageError } from '../shared/errors.js';
import { AUTH_METHODS, VAR, type AuthMethod } from '../shared/variables.js';
import { DEFAULT_TIMEOUT_REQUEST_MS } from '../runner/inputs/resolve.js';
import { assertPassphraseOpens, readClockSkewFlag, readPassphrase } from './options.js';
import { SECRET_ENV } from '../shared/env-vars.js';
import { PRINT_ACCOUNT_DATA } from '../shared/log-lines.js';

/**
 * The options both commands take, declared once: yargs reads them, and {@link RunInputArgs} is
 * what yargs infers from them.
 */
export const RUN_INPUT_OPTIONS = {
  collection: {
    type: 'string',
    describe: 'Collection file (or pick a generated one with --auth and --target)',
  },
  auth: {
    choices: AUTH_METHODS,
    describe: 'Pick collections/paynet-ofp.<auth>.postman_collection.json',
  },
  target: {
    type: 'string',
    describe:
      'With --auth: use .ofm/env/<target>.<auth>.private… if present, else environments/<target>.<auth>…',
  },
  environment: { type: 'string', describe: 'Environment file' },
  'env-var': {
    type: 'string',
    array: true,
    default: [] as string[],
    describe: 'Override a variable: key=value (repeatable)',
  },
  'cert-list': {
    type: 'string',
    describe: 'newman client certificate list (ofm-postman certs)',
  },
  cert: { type: 'string', describe: 'Client certificate for every host' },
  key: { type: 'string', describe: 'Key of --cert' },
  'passphrase-file': {
    type: 'string',
    describe: `Passphrase of --key (or set ${SECRET_ENV.transportKeyPassphrase})`,
  },
  ca: {
    type: 'string',
    describe: 'Extra CA certificate to trust (the local sandbox: .ofm/keys/ca.crt)',
  },
  state: {
    type: 'string',
    describe:
      'State file: the consent flow state read before and written after (default with --auth and --target: .ofm/state/<target>.<auth>.json)',
  },
  fresh: {
    type: 'boolean',
    default: false,
    describe: 'Start clean: ignore the saved state (it is replaced at the end)',
  },
  preflight: {
    type: 'boolean',
    default: true,
    describe: 'Check that the issuer answers before running (--no-preflight to skip)',
  },
  'timeout-request': {
    type: 'number',
    default: DEFAULT_TIMEOUT_REQUEST_MS,
    describe: 'Milliseconds a request may take before it fails (0: no limit)',
  },
  'clock-skew': {
    type: 'string',
    describe:
      "Whose clock dates what is signed: auto (the server's, from its Date header; default), off, or seconds the server is ahead",
  },
} as const satisfies Record<string, Options>;

/** The parsed options both commands take, as yargs infers them (kebab-case and camelCase). */
export type RunInputArgs = ArgumentsCamelCase<InferredOptionTypes<typeof RUN_INPUT_OPTIONS>>;

/** The options both commands take. */
export function runInputOptions<T>(yargs: Argv<T>) {
  return yargs.options(RUN_INPUT_OPTIONS);
}

/** Usage checks shared by both commands (yargs .check). */
export function checkRunInputArgs(args: Partial<RunInputArgs>): void {
  if (args.collection === undefined && args.auth === undefined) {
    throw new UsageError(
      'ERR_OFM_USAGE',
      'give --collection FILE, or --auth (and --target) to pick a generated one.',
    );
  }
  if ((args.cert === undefined) !== (args.key === undefined)) {
    throw new UsageError('ERR_OFM_USAGE', '--cert and --key go together.');
  }
  const timeout = args['timeout-request'];
  if (timeout !== undefined && (!Number.isInteger(timeout) || timeout < 0))
    throw new UsageError(
      'ERR_OFM_USAGE',
      `--timeout-request must be a whole number of milliseconds, not "${String(timeout)}".`,
      { hint: 'e.g. --timeout-request 10000 (0: no limit)' },
    );
}

function parseEnvVars(pairs: readonly string[]): Record<string, string> {
  const out: Record<string, string> = {};
  for (const pair of pairs) {
    const eq = pair.indexOf('=');
    if (eq <= 0)
      throw new UsageError('ERR_OFM_USAGE', `--env-var "${pair.slice(0, 40)}" is not key=value.`, {
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

/** The transport key's passphrase (--passphrase-file, checked to open --key, or its OFM_* variable). */
async function transportPassphrase(args: RunInputArgs): Promise<string> {
  if (args['passphrase-file'] !== undefined)
    await assertFile(resolve(args['passphrase-file']), {
      what: 'passphrase file',
      from: '--passphrase-file',
    });
  if (args['passphrase-file'] !== undefined && args.key !== undefined)
    await assertPassphraseOpens('--passphrase-file', { path: resolve(args.key), from: '--key' });
  return args.cert
    ? await readPassphrase(args['passphrase-file'], SECRET_ENV.transportKeyPassphrase)
    : '';
}

/** What the options name for the runner: the inputs, whose state and where, the preflight. */
export type RunInputOptions = RunRequest & StateOptions & Pick<RunSettings, 'preflight'>;

/**
 * The runner's options for the command line: the files --auth and --target pick, the overrides
 * and the transport key's passphrase read; the runner checks them all before anything is sent.
 */
export async function runInputsOf(args: RunInputArgs): Promise<RunInputOptions> {
  const { auth, target } = args;
  const collection =
    args.collection ??
    firstExisting([
      resolve('collections', collectionFileName(auth as AuthMethod)),
      join(PACKAGE_ROOT, 'collections', collectionFileName(auth as AuthMethod)),
    ]);
  const environment =
    args.environment ??
    (auth && target
      ? firstExisting([
          resolve(privateEnvironmentPath('.', target, auth)),
          resolve('environments', environmentFileName(target, auth)),
          join(PACKAGE_ROOT, 'environments', environmentFileName(target, auth)),
        ])
      : undefined);
  const envVars = parseEnvVars(args.envVar);
  if (args.clockSkew !== undefined)
    envVars[VAR.clockSkew] = String(readClockSkewFlag(args.clockSkew));
  // --verbose prints decrypted account data: the scripts log it only when asked to.
  if (args.verbose && envVars[PRINT_ACCOUNT_DATA] === undefined)
    envVars[PRINT_ACCOUNT_DATA] = 'true';
  const passphrase = await transportPassphrase(args);
  const state = statePathOf(args.state, auth, target);
  return {
    collection,
    ...(environment ? { environment } : {}),
    envVars,
    ...(args.certList ? { certList: resolve(args.certList) } : {}),
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
    timeoutRequest: args.timeoutRequest,
    ...(auth ? { label: auth, auth } : {}),
    ...(target !== undefined ? { target } : {}),
    ...(state !== undefined ? { state } : {}),
    fresh: args.fresh,
    preflight: args.preflight,
    // The environment `env` wrote for the default key set, found by --target local.
    checkInputs: async (inputs) => {
      if (target === 'local' && auth !== undefined && args.environment === undefined)
        await assertCurrentLocalKeys(inputs.environment, environment, auth);
    },
  };
}
