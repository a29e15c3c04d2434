/**
 * Every input of a run resolved and checked once, before anything is sent, into one typed object
 * that the later stages (Newman's options, the run, the reports) take as it is and never re-read:
 * the collection and environment (files of the right kind), the certificate list or pair (each
 * certificate issued for its key), the CA, the data file, the signing and encryption keys from
 * `OFM_*` variables (checked as `env` checks them), and the auth method the collection,
 * environment and overrides agree on.
 */
import { resolve } from 'node:path';
import { assertFile, readKind } from '../../files/read.js';
import { UsageError } from '../../shared/errors.js';
import { AUTH_METHODS, VAR, type AuthMethod } from '../../shared/variables.js';
import {
  checkCa,
  checkCertFlags,
  readCertList,
  type CertListEntry,
  type ClientCertificate,
} from './client-certificates.js';
import { checkIterations, readOnlyCollection } from './folders.js';
import { secretOverrides } from './key-files.js';

/** Default request time-out: a hung endpoint fails the request instead of holding CI. */
export const DEFAULT_TIMEOUT_REQUEST_MS = 30_000;

/** A variable of an environment, a collection or a Newman scope. */
export interface VariableValue {
  readonly key: string;
  readonly value?: unknown;
  readonly type?: string;
  readonly enabled?: boolean;
}

/** An environment as Postman writes it. */
export interface EnvironmentDocument {
  readonly name?: string;
  readonly values: readonly VariableValue[];
}

/** What a caller names: paths or the documents themselves. */
export interface RunRequest {
  /** Path of a collection file, or the collection itself. */
  readonly collection: string | object;
  /** Path of an environment file, or the environment itself. */
  readonly environment?: string | EnvironmentDocument;
  /** Variables that override the environment (`--env-var key=value`, a saved state). */
  readonly envVars?: Readonly<Record<string, string>>;
  /** newman certificate list: a path or the entries. */
  readonly certList?: string | readonly CertListEntry[];
  /** One client certificate for every host (used after the certificate list). */
  readonly cert?: ClientCertificate;
  /** Extra CA certificate (PEM path) to trust, e.g. the local sandbox CA. */
  readonly ca?: string;
  /** Data file path, or the rows themselves. */
  readonly iterationData?: string | readonly object[];
  /** How many times to run (a whole number of 1 or more; a command line's text is checked alike). */
  readonly iterations?: number | string;
  /** Milliseconds a request may take (default 30 s; 0: no limit). */
  readonly timeoutRequest?: number;
  /** What tells this run apart in reports (default: the auth method). */
  readonly label?: string;
  /** Process environment to read secrets from (default process.env). */
  readonly processEnv?: Readonly<Record<string, string | undefined>>;
}

/** A run's inputs, resolved and checked. */
export interface RunInputs {
  readonly collection: object;
  /** The collection file, when it came from one (report names use it). */
  readonly collectionPath: string | undefined;
  readonly title: string;
  readonly environment: EnvironmentDocument;
  /** Overrides the caller gave (`--env-var`, the state's values). */
  readonly envVars: Readonly<Record<string, string>>;
  /** Keys and passphrases from `OFM_*` variables, already checked. */
  readonly secrets: Readonly<Record<string, string>>;
  readonly certList: readonly CertListEntry[] | undefined;
  readonly cert: ClientCertificate | undefined;
  readonly ca: string | undefined;
  readonly iterationData: string | readonly object[] | undefined;
  readonly iterations: number | undefined;
  readonly timeoutRequest: number;
  /** The auth method collection, environment and overrides agree on, when any names one. */
  readonly authMethod: AuthMethod | undefined;
  readonly label: string;
}

const isAuthMethod = (value: unknown): value is AuthMethod =>
  typeof value === 'string' && (AUTH_METHODS as readonly string[]).includes(value);

/** A variable's non-empty string value in a collection (`variable`) or environment (`values`). */
export function variableOf(source: object, key: string): string | undefined {
  const list =
    (source as { variable?: VariableValue[] }).variable ??
    (source as { values?: VariableValue[] }).values ??
    [];
  const value = list.find((v) => v.key === key)?.value;
  return typeof value === 'string' && value !== '' ? value : undefined;
}

/**
 * The auth method the named sources agree on. Two that name different methods are a mistake the
 * server would only answer with `invalid_client`: refused here, naming both.
 */
export function agreedAuthMethod(
  sources: ReadonlyArray<readonly [string, string | undefined]>,
): AuthMethod | undefined {
  const named = sources.filter((s): s is readonly [string, AuthMethod] => isAuthMethod(s[1]));
  const first = named[0];
  const other = named.find((s) => s[1] !== first?.[1]);
  if (first !== undefined && other !== undefined)
    throw new UsageError(
      'ERR_OFM_AUTH_MISMATCH',
      `${first[0]} is for ${first[1]}, but ${other[0]} is for ${other[1]}.`,
    );
  return first?.[1];
}

async function readEnvironment(
  environment: RunRequest['environment'],
): Promise<EnvironmentDocument> {
  if (environment === undefined) return { values: [] };
  if (typeof environment !== 'string') return environment;
  return readKind<EnvironmentDocument>(resolve(environment), 'environment', {
    what: 'environment',
    from: '--environment',
  });
}

async function checkIterationData(data: RunRequest['iterationData']): Promise<void> {
  if (typeof data !== 'string') return;
  await assertFile(resolve(data), { what: 'data file', from: '--iteration-data' });
  if (data.toLowerCase().endsWith('.json'))
    await readKind(resolve(data), 'iteration-data', {
      what: 'data file',
      from: '--iteration-data',
    });
}

/** Resolves and checks every input of a run; throws the first mistake's coded error. */
export async function resolveRunInputs(request: RunRequest): Promise<RunInputs> {
  const collectionPath =
    typeof request.collection === 'string' ? resolve(request.collection) : undefined;
  const collection =
    collectionPath === undefined
      ? (request.collection as object)
      : readOnlyCollection(
          await readKind<object>(collectionPath, 'collection', {
            what: 'collection',
            from: '--collection',
          }),
        );
  const environment = await readEnvironment(request.environment);
  const certList =
    typeof request.certList === 'string'
      ? await readCertList(resolve(request.certList))
      : request.certList;
  if (request.cert !== undefined) await checkCertFlags(request.cert);
  if (request.ca !== undefined) await checkCa(request.ca);
  await checkIterationData(request.iterationData);
  const secrets = await secretOverrides(request.processEnv ?? process.env);
  const envVars = request.envVars ?? {};
  const authMethod = agreedAuthMethod([
    ['the collection', variableOf(collection, VAR.authMethod)],
    ['the environment', variableOf(environment, VAR.authMethod)],
    [`--env-var ${VAR.authMethod}`, envVars[VAR.authMethod]],
  ]);
  const title = (collection as { info?: { name?: string } }).info?.name ?? 'collection';
  return {
    collection,
    collectionPath,
    title,
    environment,
    envVars,
    secrets,
    certList,
    cert: request.cert,
    ca: request.ca,
    iterationData:
      typeof request.iterationData === 'string'
        ? resolve(request.iterationData)
        : request.iterationData,
    iterations: request.iterations === undefined ? undefined : checkIterations(request.iterations),
    timeoutRequest: request.timeoutRequest ?? DEFAULT_TIMEOUT_REQUEST_MS,
    authMethod,
    label: request.label ?? authMethod ?? title,
  };
}

/** The same inputs with another environment or other overrides (consent's exchange step). */
export function withValues(
  inputs: RunInputs,
  change: { readonly environment?: EnvironmentDocument; readonly envVars?: Record<string, string> },
): RunInputs {
  return {
    ...inputs,
    ...(change.environment ? { environment: change.environment } : {}),
    ...(change.envVars ? { envVars: change.envVars } : {}),
  };
}
