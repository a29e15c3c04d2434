/**
 * A person's values in a Bruno collection folder's `environments/<target>.bru`, so that `bru run
 * --env <target>` needs nothing but that environment and the folder's `.env`. The file is edited
 * in place, as the Bruno app's Environment Settings edit it: what the person changed there stays.
 * `generate` regenerates the file with the values `env` filled in kept ({@link regeneratedBrunoEnvironment}).
 */
import { join } from 'node:path';
import { checkWritePlan } from '../../files/plan.js';
import { readText } from '../../files/read.js';
import { ownership, recordWritten, writeAtomic } from '../../files/write.js';
import { UsageError } from '../../shared/errors.js';
import { VAR, type AuthMethod } from '../../shared/variables.js';
import type { Target } from '../targets.js';
import { brunoEnvironment, fillBrunoEnvironment, parseBrunoEnvironment } from './environment.js';

/** One planned write of a filled-in environment. */
export interface BrunoEnvironmentWrite {
  readonly folder: string;
  readonly path: string;
  readonly text: string;
  /** Whether ofm-postman wrote the file there before (then the new one is recorded as its own). */
  readonly ours: boolean;
}

/** Shareable (0644, like the generated one): it holds no secret. */
const FILE = { from: '--out', what: 'a Bruno environment', mode: 0o644 } as const;

/** The environment already there, unless it is absent or `force` replaces a broken one. */
async function existingEnvironment(
  path: string,
  name: string,
  auth: AuthMethod,
  force: boolean,
): Promise<string | undefined> {
  if ((await ownership(path, FILE)).absent) return undefined;
  const text = await readText(path, { what: 'Bruno environment', from: '--out' });
  const parsed = parseBrunoEnvironment(text);
  if (parsed === undefined) {
    if (force) return undefined;
    throw new UsageError(
      'ERR_OFM_FILE_INVALID',
      `${name} is not a Bruno environment; it was left as it is.`,
      { hint: 'correct it, or add --force to replace it with the generated one and your values' },
    );
  }
  const method = parsed.variables.find((v) => v.name === VAR.authMethod)?.value;
  if (method !== undefined && method !== '' && method !== auth)
    throw new UsageError(
      'ERR_OFM_AUTH_MISMATCH',
      `${name} is an environment of the ${method} collection, not of --auth ${auth}; nothing was written.`,
      { hint: `pass --auth ${method}, or --out the paynet-ofp.${auth} collection folder` },
    );
  return text;
}

/**
 * Plans `<folder>/environments/<target>.bru` with the target's values and `user`'s (client_id,
 * signing_kid): checks that it can be written and reads what is there. Writes nothing.
 */
export async function planBrunoEnvironment(
  folder: string,
  target: Target,
  auth: AuthMethod,
  user: Readonly<Record<string, string>>,
  force = false,
): Promise<BrunoEnvironmentWrite> {
  const path = join(folder, 'environments', `${target.name}.bru`);
  // Named from the folder: the message's redaction of long runs would eat a long relative path.
  const name = `environments/${target.name}.bru of ${folder}`;
  // An edit in place keeps the person's values, so an edited file may be written (force: true).
  await checkWritePlan([{ path, ...FILE, force: true }]);
  const existing = await existingEnvironment(path, name, auth, force);
  const text = fillBrunoEnvironment(existing, target, auth, user);
  const { ours } = await ownership(path, { ...FILE, recordIn: folder });
  return { folder, path, text, ours };
}

/**
 * Writes the planned environment. A file `generate` wrote stays its own (so running `generate`
 * and `env` again works); one the person edited stays theirs, and `generate` keeps it.
 */
export async function writeBrunoEnvironment(planned: BrunoEnvironmentWrite): Promise<void> {
  await writeAtomic(planned.path, planned.text, FILE.mode, FILE.from);
  if (planned.ours)
    await recordWritten(planned.path, planned.text, { ...FILE, recordIn: planned.folder });
}

/**
 * The person's values `env --format bruno` fills in. The target's values (URLs, issuer) are not
 * among them: `generate` writes those from its own --target options.
 */
export const PERSON_VARIABLES: readonly string[] = [VAR.clientId, VAR.signingKid];

/**
 * `<folder>/environments/<target>.bru` as `generate` writes it: the generated environment, with
 * the {@link PERSON_VARIABLES} values kept from the file there when ofm-postman wrote it (recorded
 * and unedited: `generate` or `env` did). Regenerating must not blank client_id and signing_kid
 * until `env` runs again. A file the person edited is not read: `generate` refuses it (or, with
 * --force, replaces it with the generated one).
 */
export async function regeneratedBrunoEnvironment(
  folder: string,
  target: Target,
  auth: AuthMethod,
): Promise<string> {
  const generated = brunoEnvironment(target, auth);
  const path = join(folder, 'environments', `${target.name}.bru`);
  const { ours, absent } = await ownership(path, { ...FILE, recordIn: folder });
  if (absent || !ours) return generated;
  const text = await readText(path, { what: 'Bruno environment', from: FILE.from });
  const kept: Record<string, string> = {};
  for (const v of parseBrunoEnvironment(text)?.variables ?? [])
    if (PERSON_VARIABLES.includes(v.name) && v.enabled !== false && v.value !== '')
      kept[v.name] = v.value;
  return Object.keys(kept).length === 0
    ? generated
    : fillBrunoEnvironment(generated, target, auth, kept);
}
