/**
 * The package's entry points as a program meets them: a project whose node_modules/ofm-postman
 * is the checkout (a symbolic link, as `npm link` makes it), with Node's own resolution through
 * the `exports` map. The stable entry point (`ofm-postman`), the path the docs named before the
 * map (`ofm-postman/dist/runner/run.js`) and package.json resolve; any other file of the package
 * does not; the bin still runs. test/package/installed.test.ts runs the packed tarball's commands.
 */
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import {
  existsSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  rmSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { REPO_ROOT } from '../helpers/paths.js';

interface PackageJson {
  readonly version: string;
  readonly files: readonly string[];
  readonly bin: Record<string, string>;
  readonly exports: Record<string, string>;
}

const pkg = JSON.parse(readFileSync(join(REPO_ROOT, 'package.json'), 'utf8')) as PackageJson;
const app = mkdtempSync(join(tmpdir(), 'ofm-exports-'));

/** `node` with `args` in the project, its stdout (it must exit 0). */
function node(args: string[]): Promise<string> {
  return new Promise((resolve, reject) =>
    execFile(process.execPath, args, { cwd: app, timeout: 60_000 }, (error, stdout, stderr) =>
      error ? reject(new Error(`${error.message}\n${stderr}`)) : resolve(stdout),
    ),
  );
}

/** What the project's module sees when it imports and resolves the package's specifiers. */
const PROBE = `
import { createRequire } from 'node:module';
const outcome = (specifier) => {
  try {
    return import.meta.resolve(specifier);
  } catch (error) {
    return error.code;
  }
};
const main = await import('ofm-postman');
const legacy = await import('ofm-postman/dist/runner/run.js');
const require = createRequire(import.meta.url);
console.log(JSON.stringify({
  runCollection: typeof main.runCollection,
  sameModule: main.runCollection === legacy.runCollection,
  main: outcome('ofm-postman'),
  version: require('ofm-postman/package.json').version,
  cli: outcome('ofm-postman/dist/cli/main.js'),
  bin: outcome('ofm-postman/bin/ofm-postman.js'),
  source: outcome('ofm-postman/src/runner/run.ts'),
}));
`;

before(() => {
  mkdirSync(join(app, 'node_modules'));
  symlinkSync(REPO_ROOT, join(app, 'node_modules', 'ofm-postman'), 'dir');
  writeFileSync(
    join(app, 'package.json'),
    '{ "name": "app", "private": true, "type": "module" }\n',
  );
  writeFileSync(join(app, 'probe.js'), PROBE);
});
// rmSync removes the link itself, never what it points at.
after(() => rmSync(app, { recursive: true, force: true }));

describe('the exports map', () => {
  it('names files the package ships and the build makes', () => {
    assert.ok(Object.keys(pkg.exports).length > 0, 'an exports map');
    for (const [entry, target] of Object.entries(pkg.exports)) {
      const path = target.replace(/^\.\//, '');
      assert.ok(
        path === 'package.json' ||
          pkg.files.some((f) => (f.endsWith('/') ? path.startsWith(f) : path === f)),
        `${entry}: ${target} is in "files"`,
      );
      assert.ok(existsSync(join(REPO_ROOT, path)), `${entry}: ${target} exists (npm run build)`);
    }
  });

  it('a program imports the library from ofm-postman and from the path the docs named before', async () => {
    const seen = JSON.parse(await node(['probe.js'])) as Record<string, string | boolean>;
    assert.equal(seen['runCollection'], 'function');
    assert.equal(seen['sameModule'], true, 'both specifiers are one module');
    assert.match(String(seen['main']), /\/dist\/runner\/run\.js$/);
    assert.equal(seen['version'], pkg.version);
    // Not an entry point: the map is what a program may rely on.
    for (const internal of ['cli', 'bin', 'source'])
      assert.equal(seen[internal], 'ERR_PACKAGE_PATH_NOT_EXPORTED', internal);
  });

  it('the bin runs from the linked package', async () => {
    const bin = join(app, 'node_modules', 'ofm-postman', pkg.bin['ofm-postman'] ?? '?');
    assert.equal((await node([bin, '--version'])).trim(), pkg.version);
  });
});
