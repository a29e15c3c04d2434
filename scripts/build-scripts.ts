/**
 * `npm run build:scripts`: bundles the Postman scripts from src/postman into dist/postman/, where
 * the installed package (which has no src/) reads them.
 */
import { PREBUILT_SCRIPTS_DIR } from '../src/builder/paths.js';
import { loadScripts, writeScripts } from '../src/builder/scripts.js';

const scripts = await writeScripts(PREBUILT_SCRIPTS_DIR, await loadScripts('source'));
for (const script of scripts) {
  console.log(
    `dist/postman/${script.name}  ${(script.code.length / 1024).toFixed(1)} KB  sha256:${script.sha256.slice(0, 16)}…`,
  );
}
