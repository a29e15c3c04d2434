/** `npm run build:sandbox`: bundles the sandbox scripts into dist/. */
import { DIST_DIR } from '../src/builder/paths.js';
import { writeSandboxScripts } from '../src/builder/sandbox-bundle.js';

const scripts = await writeSandboxScripts(DIST_DIR);
for (const script of scripts) {
  console.log(
    `dist/${script.name}  ${(script.code.length / 1024).toFixed(1)} KB  sha256:${script.sha256.slice(0, 16)}…`,
  );
}
