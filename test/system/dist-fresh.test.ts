/**
 * When dist/ counts as up to date (src/builder/dist-fresh.ts): `npm start` skips its build then, and
 * the package test packs it without prepack's build. Checked on a small tree of files with set
 * modification times.
 */
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { BUILD_INPUTS, distIsFresh } from '../../src/builder/dist-fresh.js';

const root = mkdtempSync(join(tmpdir(), 'ofm-dist-fresh-'));
after(() => rmSync(root, { recursive: true, force: true }));

function file(path: string, seconds: number): void {
  mkdirSync(join(root, path, '..'), { recursive: true });
  writeFileSync(join(root, path), '');
  utimesSync(join(root, path), seconds, seconds);
}

describe('distIsFresh', () => {
  it('is true only when every dist file is newer than every build input', () => {
    assert.equal(distIsFresh(root), false, 'no dist/, no sources');
    for (const input of BUILD_INPUTS) file(input === 'src' ? 'src/cli/main.ts' : input, 1_000_000);
    assert.equal(distIsFresh(root), false, 'no dist/');
    file('dist/cli/main.js', 1_000_010);
    file('dist/postman/prerequest.js', 1_000_020);
    assert.equal(distIsFresh(root), true);
    file('src/postman/lib/jwt.ts', 1_000_015);
    assert.equal(distIsFresh(root), false, 'a source changed after part of dist/ was written');
    file('dist/cli/main.js', 1_000_030);
    assert.equal(distIsFresh(root), true);
    file('package.json', 1_000_040);
    assert.equal(distIsFresh(root), false, 'the version is part of the build');
  });
});
