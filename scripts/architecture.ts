/** Writes docs/architecture.md from the rules in .dependency-cruiser.cjs (`npm run architecture`). */
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { ARCHITECTURE_DOC, architectureDocument } from './lib/architecture.js';
import { ROOT } from './lib/cruise.js';

const path = join(ROOT, ARCHITECTURE_DOC);
mkdirSync(dirname(path), { recursive: true });
writeFileSync(path, await architectureDocument());
process.stdout.write(`wrote ${ARCHITECTURE_DOC}\n`);
