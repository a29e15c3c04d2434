/**
 * The local sandbox's test keys and what was written for them. `keys --force` replaces the set,
 * and every private environment written before still carries the old signing key: the keys command
 * names those files with the command that writes each again, and a run against the local target
 * with such an environment is refused before anything is sent.
 */
import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { PRIVATE_DIR } from '../builder/file-names.js';
import { DEFAULT_KEYS_DIR } from '../keys/key-defaults.js';
import { readManifest } from '../keys/pki-files.js';
import { UsageError } from '../shared/errors.js';
import { VAR } from '../shared/variables.js';

/** A private environment file and what it was written for. */
export interface WrittenEnvironment {
  readonly path: string;
  readonly target: string;
  readonly auth: string;
  readonly kid: string | undefined;
}

/** The `env` command that writes a local environment from the default key set. */
export function localEnvCommand(auth: string): string {
  const keys = DEFAULT_KEYS_DIR;
  return `ofm-postman env --target local --auth ${auth} --signing-key ${join(keys, 'signing.key')} --encryption-key ${join(keys, 'encryption.key')}`;
}

/** A kid short enough to read (and never mistaken for key material by the redaction). */
const shortKid = (kid: string) => `${kid.slice(0, 8)}…`;

const PRIVATE_ENV = /^([^.]+)\.([a-z_]+)\.private\.postman_environment\.json$/;

function kidOf(json: unknown): string | undefined {
  const values = (json as { values?: Array<{ key?: string; value?: unknown }> }).values;
  const value = values?.find((v) => v.key === VAR.signingKid)?.value;
  return typeof value === 'string' && value !== '' ? value : undefined;
}

/** The private environments under `<baseDir>/.ofm/env`, with the signing kid each carries. */
export async function writtenEnvironments(baseDir: string): Promise<WrittenEnvironment[]> {
  const dir = join(baseDir, PRIVATE_DIR, 'env');
  const names = await readdir(dir).catch(() => [] as string[]);
  const out: WrittenEnvironment[] = [];
  for (const name of names.sort()) {
    const match = PRIVATE_ENV.exec(name);
    if (match === null) continue;
    const path = join(dir, name);
    const json: unknown = await readFile(path, 'utf8')
      .then((text) => JSON.parse(text) as unknown)
      .catch(() => undefined); // unreadable or not JSON: not one to name
    if (json !== undefined)
      out.push({ path, target: match[1] as string, auth: match[2] as string, kid: kidOf(json) });
  }
  return out;
}

/** The lines `keys` prints when it replaced a set: what to write again, and how. */
export async function afterReplacedKeys(baseDir: string, oldKid: string): Promise<string[]> {
  const stale = (await writtenEnvironments(baseDir)).filter((e) => e.kid === oldKid);
  return [
    'The old keys are gone. Restart a running ofm-postman sandbox (it loaded them), and in the Postman app replace the client certificates under Settings › Certificates.',
    ...(stale.length === 0
      ? []
      : [
          'These environments carry the old signing key; write each again:',
          ...stale.map((e) =>
            e.target === 'local'
              ? `  ${localEnvCommand(e.auth)}   # ${e.path}`
              : `  ofm-postman env --target ${e.target} --auth ${e.auth} … (as before)   # ${e.path}`,
          ),
        ]),
    'Certificate lists (ofm-postman certs) name the key files by path, so they stay valid.',
  ];
}

/**
 * Refuses an environment for the local target whose signing key is not the one the test key set
 * holds now (the set was replaced with `keys --force` after the environment was written).
 */
export async function assertCurrentLocalKeys(
  environment: unknown,
  environmentPath: string | undefined,
  auth: string,
): Promise<void> {
  const kid = kidOf(environment);
  const manifest = await readManifest(DEFAULT_KEYS_DIR).catch(() => undefined);
  if (kid === undefined || manifest === undefined || manifest.signingKid === kid) return;
  throw new UsageError(
    'ERR_OFM_KEYS_REPLACED',
    `environment ${environmentPath ?? ''} was written for signing key ${shortKid(kid)}, but ${DEFAULT_KEYS_DIR} now holds ${shortKid(manifest.signingKid)} (the keys were replaced).`,
    { hint: `write it again: ${localEnvCommand(auth)}` },
  );
}
