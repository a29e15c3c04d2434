/**
 * Everything a run reads, checked before anything is sent: the collection, environment, data and
 * certificate files, the folder names, the iteration count, and the secrets that come from the
 * process environment. A mistake here stops the run with one coded line, so a half-configured run
 * never sends requests it cannot authenticate.
 */
import { constants } from 'node:fs';
import { access, readFile } from 'node:fs/promises';
import { SECRET_ENV } from '../shared/env-vars.js';
import { OfmError } from '../shared/errors.js';
import { VAR } from '../shared/variables.js';

/** Process environment variables that can carry secrets into a run. */
export const RUN_SECRET_ENV = SECRET_ENV;

/** Throws ERR_OFM_FILE_NOT_FOUND (exit 3) unless the file can be read. */
export async function assertReadable(path: string, what: string, hint?: string): Promise<void> {
  try {
    await access(path, constants.R_OK);
  } catch (cause) {
    throw new OfmError('ERR_OFM_FILE_NOT_FOUND', `${what} ${path} cannot be read.`, {
      cause,
      hint: hint ?? `check the ${what} path`,
    });
  }
}

/** Reads a JSON file; a missing file is ERR_OFM_FILE_NOT_FOUND, bad JSON ERR_OFM_USAGE. */
export async function readJson(path: string, what: string): Promise<object> {
  await assertReadable(path, what);
  const text = await readFile(path, 'utf8');
  try {
    return JSON.parse(text) as object;
  } catch (cause) {
    throw new OfmError('ERR_OFM_USAGE', `${what} ${path} is not JSON.`, {
      cause,
      hint: `give a Postman ${what} file`,
    });
  }
}

/** Checks every key and certificate file a newman certificate list names. */
export async function assertCertListReadable(entries: unknown, listPath: string): Promise<void> {
  if (!Array.isArray(entries))
    throw new OfmError('ERR_OFM_USAGE', `certificate list ${listPath} is not a JSON array.`, {
      hint: 'write one with ofm-postman certs',
    });
  for (const entry of entries as Array<{ key?: { src?: string }; cert?: { src?: string } }>) {
    for (const [src, what] of [
      [entry.cert?.src, 'client certificate'],
      [entry.key?.src, 'client key'],
    ] as const) {
      if (typeof src === 'string')
        await assertReadable(
          src,
          `${what} (from ${listPath})`,
          'fix the path in the list, or write it again with ofm-postman certs',
        );
    }
  }
}

/** `--iterations`: a whole number of at least 1. */
export function checkIterations(value: unknown): number {
  const n = typeof value === 'number' ? value : Number(value);
  if (!Number.isInteger(n) || n < 1)
    throw new OfmError(
      'ERR_OFM_USAGE',
      `--iterations must be a whole number of 1 or more, not "${String(value)}".`,
      {
        hint: 'e.g. --iterations 3',
      },
    );
  return n;
}

interface CollectionNode {
  name?: string;
  item?: CollectionNode[];
}

function listNames(collection: object): { folders: string[]; requests: string[] } {
  const folders: string[] = [];
  const requests: string[] = [];
  const walk = (items: CollectionNode[] | undefined) => {
    for (const item of items ?? []) {
      if (Array.isArray(item.item)) {
        folders.push(item.name ?? '');
        walk(item.item);
      } else requests.push(item.name ?? '');
    }
  };
  walk((collection as CollectionNode).item);
  return { folders, requests };
}

const withoutNumber = (name: string) =>
  name
    .replace(/^\d+\.\s*/, '')
    .trim()
    .toLowerCase();

/**
 * The collection's own names for `--folder` values: exact names pass, and a name without its
 * number prefix (`Discovery` for `1. Discovery`) or in another case finds the one it means. An
 * unknown or ambiguous name is a usage error that lists the names there are.
 */
export function resolveFolders(collection: object, wanted: readonly string[]): string[] {
  const { folders, requests } = listNames(collection);
  const all = [...folders, ...requests];
  return wanted.map((name) => {
    if (all.includes(name)) return name;
    const matches = [...new Set(all.filter((n) => withoutNumber(n) === withoutNumber(name)))];
    if (matches.length === 1) return matches[0] as string;
    throw new OfmError(
      'ERR_OFM_USAGE',
      matches.length > 1
        ? `--folder "${name}" matches ${matches.map((m) => `"${m}"`).join(' and ')}.`
        : `--folder "${name}" is not in the collection; folders: ${folders.join(', ')}; requests: ${requests.join(', ')}.`,
      { hint: 'name a folder or request as listed (the number prefix may be left out)' },
    );
  });
}

async function readSecretFile(variable: string, path: string): Promise<string> {
  try {
    return await readFile(path, 'utf8');
  } catch (cause) {
    throw new OfmError(
      'ERR_OFM_FILE_NOT_FOUND',
      `${variable} names ${path}, which cannot be read.`,
      {
        cause,
        hint: `check the path in ${variable}`,
      },
    );
  }
}

/** Secrets from the process environment: key text or a key file, and the passphrase, per key. */
export async function secretOverrides(
  env: Readonly<Record<string, string | undefined>>,
): Promise<Record<string, string>> {
  const out: Record<string, string> = {};
  const keys = [
    [
      VAR.signingPrivateKey,
      RUN_SECRET_ENV.signingPrivateKey,
      RUN_SECRET_ENV.signingKeyFile,
      VAR.signingKeyPassphrase,
      RUN_SECRET_ENV.signingKeyPassphrase,
    ],
    [
      VAR.encryptionPrivateKey,
      RUN_SECRET_ENV.encryptionPrivateKey,
      RUN_SECRET_ENV.encryptionKeyFile,
      VAR.encryptionKeyPassphrase,
      RUN_SECRET_ENV.encryptionKeyPassphrase,
    ],
  ] as const;
  for (const [variable, textEnv, fileEnv, passVariable, passEnv] of keys) {
    const text = env[textEnv];
    const file = env[fileEnv];
    if (text) out[variable] = text;
    else if (file) out[variable] = await readSecretFile(fileEnv, file);
    const passphrase = env[passEnv];
    if (passphrase) out[passVariable] = passphrase;
  }
  return out;
}
