/**
 * What `run` and `consent` share: which collection and environment, which client certificate and
 * CA, variable overrides, and the state file, as yargs options; and turning them into checked
 * runner inputs before anything is sent (files first, then the issuer's reachability).
 */
import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { Argv } from 'yargs';
import {
  collectionFileName,
  environmentFileName,
  privateEnvironmentPath,
} from '../builder/file-names.js';
import { PACKAGE_ROOT } from '../builder/paths.js';
import { assertFile } from '../files/read.js';
import { assertCurrentLocalKeys } from './local-keys.js';
import {
  resolveRunInputs,
  variableOf,
  withValues,
  type RunInputs,
  type RunRequest,
} from '../runner/inputs/resolve.js';
import { assertReachable } from '../runner/preflight.js';
import { statePathOf, type StateOwner } from '../consent/state.js';
import { openLockedState, type LockedStateUse } from '../consent/state-use.js';
import { UsageError } from '../shared/errors.js';
import { VAR, type AuthMethod } from '../shared/variables.js';
import { DEFAULT_TIMEOUT_REQUEST_MS } from '../runner/inputs/resolve.js';
import {
  AUTH_CHOICES,
  assertPassphraseOpens,
  readClockSkewFlag,
  readPassphrase,
} from './options.js';
import { SECRET_ENV } from '../shared/env-vars.js';

export interface RunInputArgs {
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
  state?: string;
  fresh: boolean;
  preflight: boolean;
  'timeout-request': number;
  'clock-skew'?: string;
}

/** The options both commands take. */
export function runInputOptions<T>(yargs: Argv<T>) {
  return yargs
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
      default: [] as string[],
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
    .option('state', {
      type: 'string',
      describe:
        'State file: the consent flow state read before and written after (default with --auth and --target: .ofm/state/<target>.<auth>.json)',
    })
    .option('fresh', {
      type: 'boolean',
      default: false,
      describe: 'Start clean: ignore the saved state (it is replaced at the end)',
    })
    .option('preflight', {
      type: 'boolean',
      default: true,
      describe: 'Check that the issuer answers before running (--no-preflight to skip)',
    })
    .option('timeout-request', {
      type: 'number',
      default: DEFAULT_TIMEOUT_REQUEST_MS,
      describe: 'Milliseconds a request may take before it fails (0: no limit)',
    })
    .option('clock-skew', {
      type: 'string',
      describe:
        "Whose clock dates what is signed: auto (the server's, from its Date header; default), off, or seconds the server is ahead",
    });
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

export interface ResolvedInputs {
  readonly auth: AuthMethod | undefined;
  readonly target: string | undefined;
  readonly collectionPath: string;
  readonly environmentPath: string | undefined;
  readonly issuer: string | undefined;
  /** Issuer, client and auth method of this run: whose state it reads and writes. */
  readonly owner: StateOwner;
  /** The redirect URI the flow will use (an override, else the environment's). */
  readonly redirectUri: string | undefined;
  /** The state file this run reads and writes, if any. */
  readonly statePath: string | undefined;
  /**
   * What this run may do with the state file, and its lock, held from reading the state until the
   * command releases it after saving (undefined: no state file).
   */
  readonly stateUse: LockedStateUse | undefined;
  /** What the state holds for this run (empty with --fresh, none, or one it may not use). */
  readonly stateValues: Readonly<Record<string, string>>;
  /** Every runner input, read and checked once (the state's values under --env-var's). */
  readonly run: RunInputs;
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

/** Resolves and checks everything before anything is sent. */
export async function resolveInputs(
  args: RunInputArgs,
  extra: Pick<RunRequest, 'iterationData' | 'iterations'> = {},
): Promise<ResolvedInputs> {
  const auth = args.auth as AuthMethod | undefined;
  const collectionPath =
    args.collection ??
    firstExisting([
      resolve('collections', collectionFileName(auth as AuthMethod)),
      join(PACKAGE_ROOT, 'collections', collectionFileName(auth as AuthMethod)),
    ]);
  const target = args.target;
  const environmentPath =
    args.environment ??
    (auth && target
      ? firstExisting([
          resolve(privateEnvironmentPath('.', target, auth)),
          resolve('environments', environmentFileName(target, auth)),
          join(PACKAGE_ROOT, 'environments', environmentFileName(target, auth)),
        ])
      : undefined);
  const envVars = parseEnvVars(args['env-var']);
  if (args['clock-skew'] !== undefined)
    envVars[VAR.clockSkew] = String(readClockSkewFlag(args['clock-skew']));
  const passphrase = await transportPassphrase(args);
  const request = {
    collection: collectionPath,
    ...(environmentPath ? { environment: environmentPath } : {}),
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
    timeoutRequest: args['timeout-request'],
    ...(auth ? { label: auth } : {}),
  };
  const checked = await resolveRunInputs({ ...request, ...extra, envVars });
  // The environment `env` wrote for the default key set, found by --target local.
  if (target === 'local' && auth !== undefined && args.environment === undefined)
    await assertCurrentLocalKeys(checked.environment, environmentPath, auth);
  const valueOf = (key: string) => envVars[key] || variableOf(checked.environment, key);
  const issuer = valueOf(VAR.issuer);
  const owner: StateOwner = {
    issuer,
    clientId: valueOf(VAR.clientId),
    auth: auth ?? checked.authMethod,
    target,
  };
  const statePath = statePathOf(args.state, auth, target);
  const stateUse =
    statePath === undefined
      ? undefined
      : await openLockedState(statePath, owner, { fresh: args.fresh });
  const stateValues = stateUse?.values ?? {};
  return {
    auth,
    target,
    collectionPath,
    environmentPath,
    issuer,
    owner,
    redirectUri: valueOf(VAR.redirectUri),
    statePath,
    stateUse,
    stateValues,
    run: withValues(checked, { envVars: { ...stateValues, ...envVars } }),
  };
}

/** The reachability check, unless --no-preflight. */
export async function preflight(args: RunInputArgs, inputs: ResolvedInputs): Promise<void> {
  if (args.preflight && inputs.issuer !== undefined) await assertReachable(inputs.issuer);
}
