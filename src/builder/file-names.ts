/**
 * Where the generated and private files live, by name only: no SDK behind it, so the CLI can find
 * them without loading postman-collection or esbuild (see test/cli/lazy-loading.test.ts).
 */
import { join } from 'node:path';
import { PRIVATE_DIR } from '../files/private-folder.js';
import type { AuthMethod } from '../shared/variables.js';

/** Folder for everything generated for one machine (one definition, in the file layer). */
export { PRIVATE_DIR };

export function collectionFileName(auth: AuthMethod): string {
  return `paynet-ofp.${auth}.postman_collection.json`;
}

export function environmentFileName(target: string, auth: AuthMethod): string {
  return `${target}.${auth}.postman_environment.json`;
}

/** `.ofm/env/<target>.<auth>.private.postman_environment.json` under `baseDir`. */
export function privateEnvironmentPath(baseDir: string, target: string, auth: AuthMethod): string {
  return join(baseDir, PRIVATE_DIR, 'env', `${target}.${auth}.private.postman_environment.json`);
}
