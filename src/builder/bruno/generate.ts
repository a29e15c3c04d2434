/**
 * Writes the Bruno collections: `collections/bruno/paynet-ofp.<auth>/` under the output folder,
 * beside the Postman collections, each with its environments for the given targets.
 */
import { join } from 'node:path';
import type { AuthMethod } from '../../shared/variables.js';
import type { Target } from '../targets.js';
import { brunoCollectionFiles, type BrunoFile, type PostmanCollectionJson } from './collection.js';
import { regeneratedBrunoEnvironment } from './environment-file.js';

/** `collections/bruno/paynet-ofp.<auth>` (relative to the output folder). */
export function brunoCollectionDir(auth: AuthMethod): string {
  return join('collections', 'bruno', `paynet-ofp.${auth}`);
}

export interface BrunoInputs {
  readonly outDir: string;
  readonly auth: AuthMethod;
  /** The Postman collection for `auth`, as committed (collectionJson). */
  readonly collection: PostmanCollectionJson;
  /** The built pm adapter (dist/postman/bruno-adapter.js). */
  readonly adapter: string;
  /** The built light pre-request script (dist/postman/bruno-prerequest.js). */
  readonly light: string;
  readonly targets: readonly Target[];
}

/**
 * The files of one Bruno collection folder (absolute paths); generate.ts writes them. An
 * environment ofm-postman wrote there keeps the client_id and signing_kid `env` filled in.
 */
export async function brunoFolderFiles(inputs: BrunoInputs): Promise<BrunoFile[]> {
  const root = join(inputs.outDir, brunoCollectionDir(inputs.auth));
  const environments = await Promise.all(
    inputs.targets.map(async (target) => ({
      path: `environments/${target.name}.bru`,
      text: await regeneratedBrunoEnvironment(root, target, inputs.auth),
    })),
  );
  const files: BrunoFile[] = [...brunoCollectionFiles(inputs.collection, inputs), ...environments];
  return files.map((file) => ({ path: join(root, file.path), text: file.text }));
}
