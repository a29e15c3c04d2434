/**
 * A Bruno collection folder's `environments/<target>.bru` through the commands a person runs:
 * `generate`, then `env --format bruno` fills in client_id and signing_kid, then `generate` again
 * (twice) keeps them, since ofm-postman wrote the file and no one edited it. A file edited by hand
 * is still refused by `generate` without --force, and --force replaces it with the generated one.
 */
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { EnsureKeysResult } from '../../src/keys/test-pki.js';
import { errorCodeOf, runCliAsync, type CliResult } from '../helpers/cli.js';
import { REPO_ROOT } from '../helpers/paths.js';
import { testPki } from '../helpers/shared-pki.js';

const dir = mkdtempSync(join(tmpdir(), 'ofm-bruno-environment-'));
const out = join(dir, 'project');
const folder = join(out, 'collections', 'bruno', 'paynet-ofp.private_key_jwt');
const path = join(folder, 'environments', 'paynet-sandbox.bru');
/** The environment `generate` writes, as committed. */
const committed = readFileSync(
  join(
    REPO_ROOT,
    'collections',
    'bruno',
    'paynet-ofp.private_key_jwt',
    'environments',
    'paynet-sandbox.bru',
  ),
  'utf8',
);
let pki: EnsureKeysResult;

before(async () => {
  pki = await testPki(join(dir, 'pki'));
});
after(() => rmSync(dir, { recursive: true, force: true }));

const GENERATE = [
  'generate',
  '--format',
  'bruno',
  '--auth',
  'private_key_jwt',
  '--target',
  'paynet-sandbox',
  '--out',
  out,
];
const ENV = ['env', '--format', 'bruno', '--target', 'paynet-sandbox', '--client-id', 'client-7'];

async function ok(args: string[]): Promise<CliResult> {
  const result = await runCliAsync(args, { cwd: dir });
  assert.equal(result.status, 0, `${args.join(' ')}\n${result.stdout}${result.stderr}`);
  return result;
}

const env = () => ok([...ENV, '--signing-key', pki.paths.signingKey, '--out', folder]);
const line = (name: string, value: string) => `  ${name}: ${value}`;
/** The value of one variable of the file. */
const valueOf = (text: string, name: string) =>
  new RegExp(`^ {2}${name}: (.*)$`, 'm').exec(text)?.[1];

describe('generate keeps what env --format bruno filled into environments/<target>.bru', () => {
  it('generate, env, generate twice: client_id and signing_kid stay; the rest is generated', async () => {
    await ok(GENERATE);
    assert.equal(readFileSync(path, 'utf8'), committed, 'the generated environment');
    assert.equal(valueOf(committed, 'client_id'), '', 'the generated one leaves client_id blank');
    assert.equal(valueOf(committed, 'signing_kid'), '');

    await env();
    const filled = readFileSync(path, 'utf8');
    assert.equal(valueOf(filled, 'client_id'), 'client-7');
    assert.equal(valueOf(filled, 'signing_kid'), pki.manifest.signingKid);

    const expected = committed
      .replace(line('client_id', ''), line('client_id', 'client-7'))
      .replace(line('signing_kid', ''), line('signing_kid', pki.manifest.signingKid));
    for (const round of ['once', 'twice']) {
      await ok(GENERATE);
      assert.equal(readFileSync(path, 'utf8'), expected, `generate ${round} after env`);
    }
    // The regenerated file is still ofm-postman's: env fills it in again to the same bytes.
    await env();
    assert.equal(readFileSync(path, 'utf8'), filled);
  });

  it('a file edited by hand is refused without --force, and --force replaces it', async () => {
    const edited = readFileSync(path, 'utf8').replace(
      /^ {2}consent_purpose: .*$/m,
      line('consent_purpose', 'mine'),
    );
    assert.notEqual(edited, readFileSync(path, 'utf8'), 'the edit changes the file');
    writeFileSync(path, edited);
    const refused = await runCliAsync(GENERATE, { cwd: dir });
    assert.equal(refused.status, 2, refused.stdout + refused.stderr);
    assert.equal(errorCodeOf(refused), 'ERR_OFM_FILE_EXISTS');
    assert.match(refused.stderr, /paynet-sandbox\.bru/);
    assert.equal(readFileSync(path, 'utf8'), edited, 'left as it is');

    await ok([...GENERATE, '--force']);
    assert.equal(readFileSync(path, 'utf8'), committed, '--force: the generated one, nothing kept');
  });
});
