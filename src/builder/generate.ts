/**
 * Writes the collections and environments. Output is deterministic (stable ids, no timestamps), so
 * the committed collections/ and environments/ can be checked against a fresh generation.
 */
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { AuthMethod } from '../shared/variables.js';
import { buildCollection, collectionFileName, type ScriptSet } from './collection.js';
import { collectionJson } from './postman-json.js';
import { buildEnvironment, environmentFileName } from './environment.js';
import { PACKAGE_VERSION } from './paths.js';
import { bundleBundledScript, SCRIPT_ENTRIES, type ScriptName } from './script-bundle.js';
import type { Target } from './targets.js';

export interface GenerateOptions {
  /** Folder that receives collections/ and environments/. */
  readonly outDir: string;
  readonly authMethods: readonly AuthMethod[];
  readonly targets: readonly Target[];
  /** Write collections (default true). */
  readonly collections?: boolean;
  /** Collection formats (default Postman only); Bruno's go to collections/bruno/. */
  readonly formats?: readonly CollectionFormat[];
}

export type CollectionFormat = 'postman' | 'bruno';

/** Pretty JSON with a final newline: the committed form of every artifact. */
export function serialize(value: unknown): string {
  return `${JSON.stringify(value, null, 2)}\n`;
}

/** Bundles every sandbox script once. */
export async function bundleAllScripts(): Promise<ScriptSet> {
  const entries = await Promise.all(
    (Object.keys(SCRIPT_ENTRIES) as ScriptName[]).map(
      async (name) => [name, await bundleBundledScript(name)] as const,
    ),
  );
  return Object.fromEntries(entries) as unknown as ScriptSet;
}

/** Generates the requested artifacts and returns the paths written. */
export async function generateArtifacts(options: GenerateOptions): Promise<string[]> {
  const written: string[] = [];
  if (options.collections !== false) {
    const scripts = await bundleAllScripts();
    const dir = join(options.outDir, 'collections');
    await mkdir(dir, { recursive: true });
    const formats = options.formats ?? ['postman'];
    for (const auth of options.authMethods) {
      const json = collectionJson(buildCollection(auth, scripts, PACKAGE_VERSION));
      if (formats.includes('postman')) {
        const path = join(dir, collectionFileName(auth));
        await writeFile(path, serialize(json));
        written.push(path);
      }
      if (formats.includes('bruno')) {
        const { writeBrunoCollection } = await import('./bruno/generate.js');
        written.push(
          ...(await writeBrunoCollection({
            outDir: options.outDir,
            auth,
            collection: json as never,
            adapter: scripts['bruno-adapter.js'].code,
            targets: options.targets,
          })),
        );
      }
    }
  }
  const envDir = join(options.outDir, 'environments');
  await mkdir(envDir, { recursive: true });
  for (const target of options.targets) {
    for (const auth of options.authMethods) {
      const path = join(envDir, environmentFileName(target.name, auth));
      await writeFile(path, serialize(buildEnvironment(target, auth)));
      written.push(path);
    }
  }
  return written;
}
