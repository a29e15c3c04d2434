/**
 * Writes the generated parts of docs/ (`npm run docs:generate`): docs/architecture.md from the
 * rules in .dependency-cruiser.cjs, the table of docs/errors.md from the error families.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { ARCHITECTURE_DOC, architectureDocument } from './lib/architecture.js';
import { ROOT } from './lib/cruise.js';
import { ERRORS_DOC, errorsDocument } from './lib/errors-doc.js';

for (const [doc, render] of [
  [ARCHITECTURE_DOC, architectureDocument],
  [ERRORS_DOC, errorsDocument],
] as const) {
  const path = join(ROOT, doc);
  const text = await render();
  mkdirSync(dirname(path), { recursive: true });
  writeFileSync(path, text);
  process.stdout.write(`wrote ${doc}\n`);
}
