/**
 * Options several commands share, and how they resolve to library inputs. Every command's builder
 * imports this module, so it loads nothing heavy itself: file reading comes in when a handler runs.
 */
import type { Argv, InferredOptionTypes, Options } from 'yargs';
import { readDiscoveryDocument, targetFromDiscovery } from '../builder/discovery-source.js';
import { BUILT_IN_TARGETS, localTarget, type Target } from '../builder/targets.js';
import { readText } from '../files/read.js';
import { readClockSkew } from '../shared/clock.js';
import { readPemBlock } from '../shared/pem.js';
import { UsageError } from '../shared/errors.js';
import { AUTH_METHODS, type AuthMethod } from '../shared/variables.js';

/** --target, --discovery and friends, declared once: {@link TargetArgs} is what yargs infers. */
const TARGET_OPTIONS = {
  target: {
    type: 'string',
    describe: `Target: ${Object.keys(BUILT_IN_TARGETS).join(', ')}, or a name of your own with --discovery`,
  },
  discovery: {
    type: 'string',
    describe: 'Take issuer and endpoints from this discovery document (https URL or file)',
  },
  'rs-base-url': {
    type: 'string',
    describe: 'Resource server base URL for a --discovery target',
  },
  ca: {
    type: 'string',
    describe: 'Extra CA certificate (PEM file) for fetching --discovery',
  },
  'local-url': {
    type: 'string',
    describe: 'Origin of the local sandbox for --target local (default https://127.0.0.1:8443)',
  },
} as const satisfies Record<string, Options>;

/** The target options as yargs parses them (a command may default or demand --target). */
export type TargetArgs = InferredOptionTypes<typeof TARGET_OPTIONS>;

/** Adds --target, --discovery and friends; `.default('target', …)` or `.demandOption('target')` after. */
export function withTargetOptions<T>(yargs: Argv<T>) {
  return yargs.options(TARGET_OPTIONS);
}

/** The target the options name. */
export async function resolveTarget(
  args: TargetArgs,
  onServerDate?: (dateHeader: string | undefined, localMs: number) => void,
): Promise<Target> {
  const name = args.target;
  if (args.discovery !== undefined) {
    if (name === undefined || name === 'all') {
      throw new UsageError(
        'ERR_OFM_USAGE',
        '--discovery needs --target NAME to name the environment.',
        {
          hint: 'add --target my-server',
        },
      );
    }
    const ca =
      args.ca === undefined
        ? undefined
        : await readText(args.ca, { what: 'CA file', from: '--ca' });
    return targetFromDiscovery(
      await readDiscoveryDocument(args.discovery, ca, onServerDate),
      name,
      args['rs-base-url'],
    );
  }
  if (name === 'local' && args['local-url'] !== undefined)
    return localTarget(originOf(args['local-url']));
  const target = name === undefined ? undefined : BUILT_IN_TARGETS[name];
  if (target === undefined) {
    throw new UsageError('ERR_OFM_USAGE', `unknown target "${String(name)}".`, {
      hint: `use ${Object.keys(BUILT_IN_TARGETS).join(' or ')}, or add --discovery URL for your own server`,
    });
  }
  return target;
}

function originOf(url: string): string {
  try {
    const parsed = new URL(url);
    if (parsed.protocol !== 'https:') throw new Error('not https');
    return parsed.origin;
  } catch (cause) {
    throw new UsageError('ERR_OFM_USAGE', `--local-url ${url} is not an https origin.`, {
      cause,
      hint: 'e.g. --local-url https://127.0.0.1:9443',
    });
  }
}

/**
 * `--client-id`, checked against the clients a target knows (the local sandbox has exactly two):
 * left out, it is the target's client for `auth`; a different one is refused, since every request
 * with it would fail.
 */
export function resolveClientId(
  given: string | undefined,
  target: Target | undefined,
  auth: AuthMethod,
): string {
  const known = target?.clientIds?.[auth];
  if (given === undefined || given === '') {
    if (known !== undefined) return known;
    throw new UsageError('ERR_OFM_USAGE', 'Missing required argument: client-id.', {
      hint: 'add --client-id with the client_id PayNet issued to you',
    });
  }
  if (known !== undefined && given !== known) {
    throw new UsageError(
      'ERR_OFM_USAGE',
      `the ${target?.title ?? 'target'} has no ${auth} client "${given.slice(0, 60)}"; its ${auth} client is ${known}.`,
      { hint: `use --client-id ${known}, or leave --client-id out` },
    );
  }
  return given;
}

/** The auth methods `--auth` names (`all`: every one). */
export function authMethodsOf(value: AuthMethod | 'all'): AuthMethod[] {
  return value === 'all' ? [...AUTH_METHODS] : [value];
}

/** readUserFile, from a module that also loads jose: imported when a handler needs a file. */
/** A passphrase from a file (--passphrase-file) or a process environment variable; '' if none. */
export async function readPassphrase(
  file: string | undefined,
  envName: string,
  flag = '--passphrase-file',
): Promise<string> {
  if (file !== undefined)
    return (await readText(file, { what: 'passphrase file', from: flag })).replace(/\r?\n$/, '');
  return process.env[envName] ?? '';
}

/**
 * A passphrase flag given for a key that is not encrypted opens nothing: refused rather than
 * ignored (and rather than written into an environment as a secret nobody needs). The process
 * environment variables stay lenient: CI may set one for every job.
 */
export async function assertPassphraseOpens(
  flag: string,
  key: { readonly path: string; readonly from: string; readonly text?: string },
): Promise<void> {
  const text = key.text ?? (await readText(key.path, { what: 'key', from: key.from }));
  const block = readPemBlock(text);
  // Kept out of shared/pem.ts: the Postman bundle includes that module.
  const encrypted =
    block !== undefined &&
    (block.label === 'ENCRYPTED PRIVATE KEY' || block.headers.some((h) => /ENCRYPTED/i.test(h)));
  if (!encrypted)
    throw new UsageError(
      'ERR_OFM_USAGE',
      `${flag} takes effect only with an encrypted key: ${key.from} ${key.path} is not encrypted.`,
      { hint: `leave ${flag} out, or give ${key.from} the encrypted key` },
    );
}

/** `--clock-skew`: auto, off or whole seconds; a bad value names the flag, not the variable. */
export function readClockSkewFlag(value: string | undefined): 'auto' | 'off' | number {
  try {
    return readClockSkew(value);
  } catch (cause) {
    throw new UsageError(
      'ERR_OFM_USAGE',
      `--clock-skew ${JSON.stringify(String(value).slice(0, 20))} is not auto, off or a whole number of seconds.`,
      { cause, hint: 'e.g. --clock-skew auto, --clock-skew off or --clock-skew 900' },
    );
  }
}
