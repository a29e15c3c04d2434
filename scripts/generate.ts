/** `npm run generate`: regenerates the committed collections/ (Postman and Bruno) and environments/. */
import { generateArtifacts } from '../src/builder/generate.js';
import { PACKAGE_ROOT } from '../src/builder/paths.js';
import { BUILT_IN_TARGETS } from '../src/builder/targets.js';
import { AUTH_METHODS } from '../src/shared/variables.js';

const written = await generateArtifacts({
  outDir: PACKAGE_ROOT,
  authMethods: AUTH_METHODS,
  targets: Object.values(BUILT_IN_TARGETS),
  formats: ['postman', 'bruno'],
  // `npm run generate -- --force`: replace files edited by hand (or written before the record).
  force: process.argv.includes('--force'),
  // The committed artifacts come from the script sources, never from a dist/ build.
  scriptOrigin: 'source',
});
for (const path of written) console.log(path);
