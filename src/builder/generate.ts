/**
 * Writes the collections and environments. Output is deterministic (stable ids, no timestamps), so
 * the committed collections/ and environments/ can be checked against a fresh generation.
 */
import { join } from 'node:path';
import { checkWritePlan, type PlannedWrite } from '../files/plan.js';
import { writeOwned } from '../files/write.js';
import type { AuthMethod } from '../shared/variables.js';
import { buildCollection, collectionFileName } from './collection.js';
import { collectionJson } from './postman-json.js';
import { buildPostmanEnvironment, environmentFileName } from './environment.js';
import { PACKAGE_VERSION } from './paths.js';
import { loadScripts, type ScriptOrigin } from './scripts.js';
import type { Target } from './targets.js';

export interface GenerateOptions {
  /** Folder that receives collections/ and environments/. */
  readonly outDir: string;
  readonly authMethods: readonly AuthMethod[];
  readonly targets: readonly Target[];
  /** Write collections (default true). */
  readonly collections?: boolean;
  /** Replace files ofm-postman did not write (default false: refused, nothing written). */
  readonly force?: boolean;
  /** Collection formats (default Postman only); Bruno's go to collections/bruno/. */
  readonly formats?: readonly CollectionFormat[];
  /** Where the scripts come from (default: scripts.ts decides); the committed artifacts: `source`. */
  readonly scriptOrigin?: ScriptOrigin;
}

export type CollectionFormat = 'postman' | 'bruno';

/** Pretty JSON with a final newline: the committed form of every artifact. */
export function serialize(value: unknown): string {
  return `${JSON.stringify(value, null, 2)}\n`;
}

/**
 * Generates the requested artifacts and returns the paths written. Every target path is checked
 * first: one that holds a file ofm-postman did not write stops the run before anything is written
 * (unless `force`). Committed artifacts are shareable: 0644, not owner-only.
 */
export async function generateArtifacts(options: GenerateOptions): Promise<string[]> {
  const files = await plannedArtifacts(options);
  await checkWritePlan(files);
  for (const { path, text, ...file } of files) await writeOwned(path, text, file);
  return files.map((f) => f.path);
}

/** Every file generate writes, with its bytes: checked all together before one is written. */
async function plannedArtifacts(
  options: GenerateOptions,
): Promise<Array<PlannedWrite & { readonly text: string }>> {
  const files: Array<PlannedWrite & { readonly text: string }> = [];
  const shared = { from: '--out', force: options.force ?? false, mode: 0o644 } as const;
  const formats = options.formats ?? ['postman'];
  const scripts =
    options.collections !== false ? await loadScripts(options.scriptOrigin) : undefined;
  const collections =
    scripts === undefined
      ? []
      : options.authMethods.map((auth) => ({
          auth,
          json: collectionJson(buildCollection(auth, scripts, PACKAGE_VERSION)),
        }));
  if (formats.includes('postman'))
    for (const { auth, json } of collections)
      files.push({
        path: join(options.outDir, 'collections', collectionFileName(auth)),
        text: serialize(json),
        kind: 'collection',
        ...shared,
      });
  for (const target of options.targets)
    for (const auth of options.authMethods)
      files.push({
        path: join(options.outDir, 'environments', environmentFileName(target.name, auth)),
        text: serialize(buildPostmanEnvironment(target, auth)),
        kind: 'environment',
        ...shared,
      });
  if (formats.includes('bruno') && scripts !== undefined) {
    // @usebruno/lang loads only when Bruno output is asked for.
    const { brunoCollectionDir, brunoFolderFiles } = await import('./bruno/generate.js');
    for (const { auth, json } of collections)
      for (const file of await brunoFolderFiles({
        outDir: options.outDir,
        auth,
        collection: json as never,
        adapter: scripts['bruno-adapter.js'].code,
        light: scripts['bruno-prerequest.js'].code,
        targets: options.targets,
      }))
        files.push({
          ...file,
          what: 'a Bruno collection file',
          recordIn: join(options.outDir, brunoCollectionDir(auth)),
          ...shared,
        });
  }
  return files;
}
