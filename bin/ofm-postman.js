#!/usr/bin/env node
// Thin launcher: the CLI is compiled to dist/ by `npm run build`.
import { existsSync } from 'node:fs';

const entry = new URL('../dist/cli/main.js', import.meta.url);
if (!existsSync(entry)) {
  process.stderr.write(
    'ofm-postman: ERR_OFM_NOT_BUILT: dist/ is missing (hint: run npm run build)\n',
  );
  process.exit(3);
}
await import(entry.href);
