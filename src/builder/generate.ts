/**
 * Writes the collections and environments. Output is deterministic (stable ids, no timestamps), so
 * the committed collections/ and environments/ can be checked against a fresh generation.
 */
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { AuthMethod } from '../shared/variables.js';
import { buildCollection, collectionFileName } from './collection.js';
import { collectionJson } from './postman-json.js';
import { buildEnvironment, environmentFileName } from './environment.js';
import { PACKAGE_VERSION } from './paths.js';
import { loadScripts } from './scripts.js';
import type { Target } from './targets.js';

export interface GenerateOptions {
  /** Folder that receives collections/ and environments/. */
  readonly outDir: string;
  readonly authMethods: readonly AuthMethod[];
  readonly targets: readonly Target[];
  /** Write collections (default true). */
  readonly collections?: boolean;
}

/** Pretty JSON with a final newline: the committed form of every artifact. */
export function serialize(value: unknown): string {
  return `${JSON.stringify(value, null, 2)}\n`;
}

/** Generates the requested artifacts and returns the paths written. */
export async function generateArtifacts(options: GenerateOptions): Promise<string[]> {
  const written: string[] = [];
  if (options.collections !== false) {
    const scripts = await loadScripts();
    const dir = join(options.outDir, 'collections');
    await mkdir(dir, { recursive: true });
    for (const auth of options.authMethods) {
      const path = join(dir, collectionFileName(auth));
      await writeFile(
        path,
        serialize(collectionJson(buildCollection(auth, scripts, PACKAGE_VERSION))),
      );
      written.push(path);
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
