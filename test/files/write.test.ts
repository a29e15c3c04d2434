/** src/files/write.ts and ours.ts: owner-only atomic writes that never replace a stranger's file. */
import assert from 'node:assert/strict';
import {
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { isOfmError } from '../../src/shared/errors.js';
import { writtenByOfm } from '../../src/files/ours.js';
import { writeAtomic, writeOwned } from '../../src/files/write.js';
import { RECORD_NAME } from '../../src/files/record.js';
import { writeOwnedOrRescue } from '../../src/files/rescue.js';
import { createHash } from 'node:crypto';

const dir = mkdtempSync(join(tmpdir(), 'ofm-write-'));
after(() => rmSync(dir, { recursive: true, force: true }));

const environment = (extra: Record<string, unknown>) =>
  JSON.stringify({ name: 'x', values: [{ key: 'issuer', value: 'https://as' }], ...extra });

async function refusedWith(promise: Promise<unknown>, code: string): Promise<void> {
  await assert.rejects(promise, (error: unknown) => isOfmError(error) && error.code === code);
}

describe('writeAtomic', () => {
  it('writes 0600 in a new 0700 folder and leaves no temporary file', async () => {
    const path = join(dir, 'new', 'deeper', 'file.json');
    await writeAtomic(path, '{}\n');
    assert.equal(readFileSync(path, 'utf8'), '{}\n');
    assert.equal(statSync(path).mode & 0o777, 0o600);
    assert.equal(statSync(join(dir, 'new', 'deeper')).mode & 0o777, 0o700);
    assert.deepEqual(readdirSync(join(dir, 'new', 'deeper')), ['file.json']);
  });

  it('narrows the mode of a file it replaces', async () => {
    const path = join(dir, 'wide.json');
    writeFileSync(path, '[]', { mode: 0o644 });
    await writeAtomic(path, '{}\n');
    assert.equal(statSync(path).mode & 0o777, 0o600);
  });
});

describe('writeOwned', () => {
  const envFile = { kind: 'environment', from: '--out' } as const;

  it('refuses a file it did not write, even one carrying its stamp, and leaves its bytes', async () => {
    for (const [name, text] of [
      ['README.md', '# my notes\n'],
      ['package.json', '{"name":"mine","version":"1.0.0"}\n'],
      ['postman.json', environment({ _postman_exported_using: 'Postman/11.2.0' })],
      ['plain.json', environment({})],
      ['stamped.json', environment({ _postman_exported_using: 'ofm-postman/0.0.1' })],
    ] as const) {
      const path = join(dir, name);
      writeFileSync(path, text);
      await refusedWith(
        writeOwned(path, environment({ name: 'ours' }), envFile),
        'ERR_OFM_FILE_EXISTS',
      );
      assert.equal(readFileSync(path, 'utf8'), text, `${name} is unchanged`);
    }
  });

  it('replaces what it wrote; refuses it once edited by hand; the same bytes or --force pass', async () => {
    const path = join(dir, 'mine', 'env.json');
    await writeOwned(path, environment({ name: 'one' }), envFile);
    await writeOwned(path, environment({ name: 'two' }), envFile);
    assert.match(readFileSync(path, 'utf8'), /"two"/);
    const edited = readFileSync(path, 'utf8').replace('"two"', '"edited by hand"');
    writeFileSync(path, edited);
    await refusedWith(
      writeOwned(path, environment({ name: 'three' }), envFile),
      'ERR_OFM_FILE_EXISTS',
    );
    assert.equal(readFileSync(path, 'utf8'), edited, 'the edit is kept');
    await writeOwned(path, edited, envFile); // the same bytes: nothing to lose
    await writeOwned(path, environment({ name: 'three' }), { ...envFile, force: true });
    assert.match(readFileSync(path, 'utf8'), /"three"/);
    await writeOwned(path, environment({ name: 'four' }), envFile); // forced, then recorded
    assert.match(readFileSync(path, 'utf8'), /"four"/);
  });

  it('keeps a sha256sum record, owner-only files apart from shareable ones', async () => {
    const folder = join(dir, 'recorded');
    await writeOwned(join(folder, 'b.txt'), 'shared\n', { from: '--out', mode: 0o644 });
    await writeOwned(join(folder, 'a.env'), 'SECRET=x\n', { from: '--out' });
    const digest = (text: string) => createHash('sha256').update(text).digest('hex');
    assert.equal(readFileSync(join(folder, RECORD_NAME), 'utf8'), `${digest('shared\n')}  b.txt\n`);
    const privateRecord = join(folder, '.ofm-postman.private.sha256');
    assert.equal(readFileSync(privateRecord, 'utf8'), `${digest('SECRET=x\n')}  a.env\n`);
    assert.equal(statSync(privateRecord).mode & 0o777, 0o600);
    assert.equal(statSync(join(folder, RECORD_NAME)).mode & 0o777, 0o644);
  });

  it("writers into one folder at once lose none of each other's record entries", async () => {
    const folder = join(dir, 'together');
    const names = Array.from({ length: 20 }, (_, i) => `f${i}.txt`);
    await Promise.all(
      names.map((name) =>
        writeOwned(join(folder, name), `${name}\n`, { from: '--out', mode: 0o644 }),
      ),
    );
    const listed = readFileSync(join(folder, RECORD_NAME), 'utf8').trim().split('\n');
    assert.deepEqual(listed.map((line) => line.split('  ')[1]).sort(), [...names].sort());
    // Each is ours: written again with other bytes, none is refused as edited by hand.
    for (const name of names)
      await writeOwned(join(folder, name), 'again\n', { from: '--out', mode: 0o644 });
  });

  it('a folder is never replaced; a path through a file is ERR_OFM_NOT_WRITABLE', async () => {
    mkdirSync(join(dir, 'folder'));
    await refusedWith(
      writeOwned(join(dir, 'folder'), '{}', { ...envFile, force: true }),
      'ERR_OFM_NOT_A_FILE',
    );
    writeFileSync(join(dir, 'a-file'), 'x');
    await refusedWith(
      writeOwned(join(dir, 'a-file', 'deeper', 'env.json'), '{}', { ...envFile, force: true }),
      'ERR_OFM_NOT_WRITABLE',
    );
    await refusedWith(writeAtomic(join(dir, 'a-file', 'x.json'), '{}'), 'ERR_OFM_WRITE_FAILED');
    assert.equal(readFileSync(join(dir, 'a-file'), 'utf8'), 'x');
  });

  it('a state it cannot save after the checks is saved elsewhere, and the error says where', async () => {
    const folder = join(dir, 'rescue');
    // The record cannot be written (a folder stands where it goes): the write fails late.
    mkdirSync(join(folder, '.ofm-postman.private.sha256'), { recursive: true });
    const text = '{"version":1,"values":{},"savedAt":"x"}\n';
    const error = await writeOwnedOrRescue(
      join(folder, 'state.json'),
      text,
      {
        kind: 'state',
        from: '--state',
      },
      'give --state',
    ).then(
      () => assert.fail('no error'),
      (e: unknown) => e as Error & { code: string },
    );
    assert.equal(error.code, 'ERR_OFM_WRITE_FAILED');
    const rescued = /saved to (\S+) \(owner-only\)/.exec(error.message)?.[1];
    assert.ok(rescued !== undefined, error.message);
    assert.equal(readFileSync(rescued, 'utf8'), text);
    assert.equal(statSync(rescued).mode & 0o777, 0o600);
    rmSync(join(rescued, '..'), { recursive: true });
  });
});

describe('writtenByOfm', () => {
  it('knows each kind by its sign', () => {
    assert.ok(
      writtenByOfm('collection', {
        info: { schema: 's', description: 'Generated by ofm-postman 0.1.0; do not edit' },
        item: [],
      }),
    );
    assert.ok(
      !writtenByOfm('collection', { info: { schema: 's', description: 'mine' }, item: [] }),
    );
    assert.ok(writtenByOfm('cert-list', [{ matches: ['https://a/*'], cert: { src: 'c' } }]));
    assert.ok(writtenByOfm('state', { version: 1, values: {}, savedAt: 'x' }));
    assert.ok(!writtenByOfm('state', { name: 'x', values: [] }));
    assert.ok(
      writtenByOfm('environment', {
        name: 'paynet-sandbox.private_key_jwt (exported by ofm-postman run)',
        values: [],
      }),
    );
  });
});
