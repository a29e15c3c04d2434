/**
 * Private environments for one person's machine: the shareable environment with the secrets filled
 * in. Written owner-only into a git-ignored folder, never into environments/.
 */
import { chmod, mkdir, writeFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import type { AuthMethod } from '../shared/variables.js';
import { buildEnvironment, type PostmanEnvironment } from './environment.js';
import { serialize } from './generate.js';
import type { Target } from './targets.js';

export { PRIVATE_DIR, privateEnvironmentPath } from './file-names.js';

/** Writes a file readable by its owner only, in a folder only its owner can enter. */
export async function writePrivateFile(path: string, content: string): Promise<void> {
  await mkdir(dirname(path), { recursive: true, mode: 0o700 });
  await writeFile(path, content, { mode: 0o600 });
  await chmod(path, 0o600); // an existing file keeps its old mode on write
}

export async function writePrivateEnvironment(
  path: string,
  target: Target,
  auth: AuthMethod,
  values: Readonly<Record<string, string>>,
): Promise<PostmanEnvironment> {
  const env = buildEnvironment(target, auth, values);
  env.name = `${env.name} [private]`;
  await writePrivateFile(path, serialize(env));
  return env;
}
