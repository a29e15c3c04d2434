/** `npm run build:scripts`: bundles the sandbox scripts into dist/. */
import { DIST_DIR } from '../src/builder/paths.js';
import { writeScripts } from '../src/builder/script-bundle.js';

const scripts = await writeScripts(DIST_DIR);
for (const script of scripts) {
  console.log(
    `dist/${script.name}  ${(script.code.length / 1024).toFixed(1)} KB  sha256:${script.sha256.slice(0, 16)}…`,
  );
}
