// @ts-check
/* global module -- a CommonJS file: dependency-cruiser's binary reads this name */
/**
 * The rooms of src/ and the only imports allowed between them (issue 25). One source of truth:
 * `npm run lint` checks the code against these rules (scripts/check-imports.ts) and
 * `npm run docs:generate` draws docs/architecture.md from them (test/system/architecture.test.ts
 * checks that picture for drift). The arrows are layers: a room may import the rooms listed for it,
 * never one above it, so no room depends on the CLI and nothing Node-only reaches the scripts.
 */

/** Each room of src/ with what it does and the rooms it may import (its own room always). */
const ROOMS = {
  cli: {
    job: 'yargs commands (options declared once; argv to the library, then print), the demo, the one error handler',
    imports: ['consent', 'runner', 'builder', 'keys', 'server', 'files', 'shared'],
  },
  consent: {
    job: 'a person in the loop: the consent flow and its answer',
    imports: ['runner', 'builder', 'keys', 'files', 'shared'],
  },
  runner: {
    job: 'all a run does (runCollection): inputs, saved state and its lock, unattended plan, write plan, Newman stage, reports',
    imports: ['builder', 'keys', 'files', 'shared'],
  },
  builder: {
    job: 'collections, environments, script bundles, Bruno output',
    imports: ['files', 'shared'],
  },
  server: {
    job: 'the local FAPI 2.0 sandbox (oidc-provider, resource server)',
    imports: ['keys', 'shared'],
  },
  keys: { job: 'signing keys, the test PKI, the kit, doctor', imports: ['files', 'shared'] },
  files: { job: 'Node file handling: read, checked, written owner-only', imports: ['shared'] },
  postman: {
    job: 'code that runs inside Postman, Newman and Bruno scripts (no Node)',
    imports: ['shared'],
  },
  shared: { job: 'pure code both runtimes use: names, error tables, claim builders', imports: [] },
};

/** One forbidden rule per room: anything in src/ outside the room and its allowed imports. */
const roomRules = Object.entries(ROOMS).map(([room, { imports }]) => ({
  name: `${room}-imports`,
  comment: `src/${room}/ may import only ${[room, ...imports].join(', ')} (.dependency-cruiser.cjs ROOMS)`,
  severity: /** @type {const} */ ('error'),
  from: { path: `^src/${room}/` },
  to: { path: '^src/', pathNot: `^src/(${[room, ...imports].join('|')})/` },
}));

/** @type {import('dependency-cruiser').IConfiguration} */
module.exports = {
  forbidden: [
    ...roomRules,
    {
      name: 'no-unresolvable',
      comment: 'an import that resolves to nothing is a typo or a missing dependency',
      severity: 'error',
      from: {},
      // jsrsasign-rsa is an alias the script bundler resolves (src/builder/vendor-plugin.ts).
      to: { couldNotResolve: true, pathNot: '^jsrsasign-rsa$' },
    },
    {
      name: 'not-to-tests',
      comment: 'product code never imports a test or a script',
      severity: 'error',
      from: { path: '^src/' },
      to: { path: '^(test|scripts)/' },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    tsConfig: { fileName: 'tsconfig.json' },
    tsPreCompilationDeps: true,
    enhancedResolveOptions: { extensions: ['.ts', '.js', '.d.ts', '.json'] },
  },
};

// The rooms go with the rules for the picture's generator (scripts/lib/cruise.ts), not enumerable:
// dependency-cruiser's schema refuses keys it does not know.
Object.defineProperty(module.exports, 'ROOMS', { value: ROOMS, enumerable: false });
