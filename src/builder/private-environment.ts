/**
 * Private environments for one person's machine: the shareable environment with the secrets filled
 * in. Written owner-only into a git-ignored folder, never into environments/, and never over a
 * file ofm-postman did not write (unless forced).
 */
import { exportedUsing } from '../files/ours.js';
import { writeOwned, type OwnedFile } from '../files/write.js';
import type { AuthMethod } from '../shared/variables.js';
import { buildPostmanEnvironment, type PostmanEnvironment } from './environment.js';
import { serialize } from './generate.js';
import { PACKAGE_VERSION } from './paths.js';
import type { Target } from './targets.js';

export { PRIVATE_DIR, privateEnvironmentPath } from './file-names.js';

/** A private environment: the shareable one, named [private], marked as written by ofm-postman. */
export type PrivateEnvironment = PostmanEnvironment & { _postman_exported_using: string };

/**
 * Writes a file readable by its owner only (0600), in a folder only its owner can enter, atomically;
 * refused (ERR_OFM_FILE_EXISTS) over a file of another kind or not written by ofm-postman.
 */
export async function writePrivateFile(
  path: string,
  content: string,
  file: OwnedFile,
): Promise<void> {
  await writeOwned(path, content, file);
}

export async function writePrivateEnvironment(
  path: string,
  target: Target,
  auth: AuthMethod,
  values: Readonly<Record<string, string>>,
  options: { readonly force?: boolean; readonly from?: string } = {},
): Promise<PrivateEnvironment> {
  const env: PrivateEnvironment = {
    ...buildPostmanEnvironment(target, auth, values),
    _postman_exported_using: exportedUsing(PACKAGE_VERSION),
  };
  env.name = `${env.name} [private]`;
  await writePrivateFile(path, serialize(env), {
    kind: 'environment',
    from: options.from ?? '--out',
    force: options.force ?? false,
  });
  return env;
}
