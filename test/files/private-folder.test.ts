/**
 * src/files/private-folder.ts: folders ofm-postman makes for secrets ignore themselves in Git,
 * folders of the user's are left alone, and Git itself says whether a secret would be committed.
 * Real git, in temp folders, without the machine's global or system configuration.
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import {
  existsSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  rmSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import {
  ensurePrivateFolder,
  gitWouldCommit,
  IGNORE_ALL,
  notIgnoredWarning,
} from '../../src/files/private-folder.js';
import { writeAtomic } from '../../src/files/write.js';

const dir = mkdtempSync(join(tmpdir(), 'ofm-private-folder-'));
const repo = join(dir, 'repo');
const saved = {
  global: process.env['GIT_CONFIG_GLOBAL'],
  system: process.env['GIT_CONFIG_NOSYSTEM'],
};

before(() => {
  // gitWouldCommit runs git in this process's environment: no excludes file of this machine.
  process.env['GIT_CONFIG_GLOBAL'] = '/dev/null';
  process.env['GIT_CONFIG_NOSYSTEM'] = '1';
  mkdirSync(repo);
  const init = spawnSync('git', ['init', '-q'], { cwd: repo });
  assert.equal(init.status, 0);
});

after(() => {
  if (saved.global === undefined) delete process.env['GIT_CONFIG_GLOBAL'];
  else process.env['GIT_CONFIG_GLOBAL'] = saved.global;
  if (saved.system === undefined) delete process.env['GIT_CONFIG_NOSYSTEM'];
  else process.env['GIT_CONFIG_NOSYSTEM'] = saved.system;
  rmSync(dir, { recursive: true, force: true });
});

const mode = (path: string) => statSync(path).mode & 0o777;

describe('ensurePrivateFolder', () => {
  it('a new folder: 0700, and the topmost folder it creates holds the .gitignore', async () => {
    await ensurePrivateFolder(join(repo, 'out', 'reports'));
    assert.equal(readFileSync(join(repo, 'out', '.gitignore'), 'utf8'), IGNORE_ALL);
    assert.equal(existsSync(join(repo, 'out', 'reports', '.gitignore')), false);
    assert.equal(mode(join(repo, 'out')), 0o700);
    assert.equal(mode(join(repo, 'out', 'reports')), 0o700);
    writeFileSync(join(repo, 'out', 'reports', 'r.xml'), 'x');
    assert.equal(gitWouldCommit(join(repo, 'out', 'reports', 'r.xml')), false);
    assert.equal(gitWouldCommit(join(repo, 'out', '.gitignore')), false, 'nor its .gitignore');
  });

  it('under .ofm/: the .gitignore goes into .ofm/, also when the folders exist already', async () => {
    mkdirSync(join(repo, '.ofm', 'keys'), { recursive: true });
    await ensurePrivateFolder(join(repo, '.ofm', 'keys'));
    assert.equal(readFileSync(join(repo, '.ofm', '.gitignore'), 'utf8'), IGNORE_ALL);
    await ensurePrivateFolder(join(repo, '.ofm', 'state'));
    assert.equal(existsSync(join(repo, '.ofm', 'state', '.gitignore')), false);
  });

  it("leaves the user's folder and the user's own .gitignore as they are", async () => {
    mkdirSync(join(repo, 'mine'));
    await ensurePrivateFolder(join(repo, 'mine'));
    assert.equal(existsSync(join(repo, 'mine', '.gitignore')), false);
    mkdirSync(join(repo, '.ofm-old', '.ofm'), { recursive: true });
    writeFileSync(join(repo, '.ofm-old', '.ofm', '.gitignore'), 'keys/\n');
    await ensurePrivateFolder(join(repo, '.ofm-old', '.ofm', 'env'));
    assert.equal(readFileSync(join(repo, '.ofm-old', '.ofm', '.gitignore'), 'utf8'), 'keys/\n');
  });
});

describe('a folder that cannot be made', () => {
  it('a file in its path: ERR_OFM_NOT_WRITABLE naming the file, nothing made', async () => {
    const file = join(dir, 'a-file');
    writeFileSync(file, 'mine\n');
    await assert.rejects(ensurePrivateFolder(join(file, 'keys')), (error: Error) => {
      assert.match(error.message, /^folder .*a-file\/keys: .*a-file is a file, not a folder/);
      return (error as { code?: string }).code === 'ERR_OFM_NOT_WRITABLE';
    });
    assert.equal(readFileSync(file, 'utf8'), 'mine\n');
  });

  it("under /proc, where Node's recursive mkdir would spin: ERR_OFM_WRITE_FAILED at once", async (t) => {
    if (!existsSync('/proc/self')) return t.skip('no /proc on this system');
    await assert.rejects(ensurePrivateFolder('/proc/ofm-postman-test/keys'), (error: Error) => {
      assert.match(
        error.message,
        /could not write folder \/proc\/ofm-postman-test\/keys \(ENOENT\)/,
      );
      return (error as { code?: string }).code === 'ERR_OFM_WRITE_FAILED';
    });
  });
});

describe('gitWouldCommit and the warning', () => {
  it("a secret in the user's folder: Git would commit it, and the warning says how not to", () => {
    const path = join(repo, 'secret.json');
    writeFileSync(path, '{}');
    assert.equal(gitWouldCommit(path), true);
    const line = notIgnoredWarning([path]);
    assert.ok(line !== undefined && line.startsWith('ofm-postman: WARN_OFM_NOT_IGNORED: '), line);
    const hint = `(hint: printf '/%s\\n' secret.json >> ${join(repo, '.gitignore')};`;
    assert.ok(line.includes(hint), line);
    // The hint is a command that works: afterwards Git ignores the file.
    const fix = /\(hint: (.+); or write/.exec(line)?.[1];
    assert.equal(spawnSync('sh', ['-c', fix!], { cwd: repo }).status, 0);
    assert.equal(gitWouldCommit(path), false);
    rmSync(join(repo, '.gitignore'));
  });

  it('outside a repository, or ignored, nothing would be committed and nothing is said', () => {
    const outside = join(dir, 'loose.json');
    writeFileSync(outside, '{}');
    assert.equal(gitWouldCommit(outside), false);
    writeFileSync(join(repo, '.gitignore'), '/ignored.json\n');
    writeFileSync(join(repo, 'ignored.json'), '{}');
    assert.equal(notIgnoredWarning([outside, join(repo, 'ignored.json')]), undefined);
  });

  it('writeAtomic makes an owner-only file in a new folder Git ignores', async () => {
    const path = join(repo, 'private', 'env.json');
    await writeAtomic(path, '{}\n');
    assert.equal(mode(path), 0o600);
    assert.equal(readFileSync(join(repo, 'private', '.gitignore'), 'utf8'), IGNORE_ALL);
    assert.equal(gitWouldCommit(path), false);
  });
});
