/**
 * `npm run bench`, Bruno's Postman importer: the time `@usebruno/converters` takes to convert each
 * committed collection with its scripts translated, as the Bruno app imports it (issue 20: once
 * ~40 s and ~3 GB per collection, because of an alias of pm.request in the collection script).
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { collectionFileName } from '../src/builder/collection.js';
import { PACKAGE_ROOT } from '../src/builder/paths.js';
import { AUTH_METHODS } from '../src/shared/variables.js';

const require = createRequire(import.meta.url);
const converters = require('@usebruno/converters') as {
  postmanToBruno(collection: object): Promise<unknown>;
};

export interface ImportFigure {
  readonly collection: string;
  readonly wallMs: number;
  readonly cpuMs: number;
}

/** Converts each committed collection once and returns its wall and CPU time. */
export async function brunoImportFigures(): Promise<ImportFigure[]> {
  const figures: ImportFigure[] = [];
  for (const auth of AUTH_METHODS) {
    const file = collectionFileName(auth);
    const json = JSON.parse(
      readFileSync(join(PACKAGE_ROOT, 'collections', file), 'utf8'),
    ) as object;
    const t0 = performance.now();
    const cpu = process.cpuUsage();
    await converters.postmanToBruno(json);
    const used = process.cpuUsage(cpu);
    figures.push({
      collection: file,
      wallMs: Math.round(performance.now() - t0),
      cpuMs: Math.round((used.user + used.system) / 1000),
    });
  }
  return figures;
}
