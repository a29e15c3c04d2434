/**
 * `runCollection` as a program calls it, against the local sandbox: it does all that
 * `ofm-postman run` does (the CLI's handler only turns the command line into its options), so the
 * same options give the same state saved, environment exported, unattended plan and write-plan
 * refusal as the command line.
 */
import assert from 'node:assert/strict';
import { existsSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { before, describe, it } from 'node:test';
import { collectionFileName } from '../../src/builder/collection.js';
import type { EnsureKeysResult } from '../../src/keys/test-pki.js';
import { runCollection, type RunOptions } from '../../src/runner/run.js';
import type { StateUse } from '../../src/runner/state/state-use.js';
import type { RunningSandbox } from '../../src/server/sandbox.js';
import { isOfmError } from '../../src/shared/errors.js';
import { errorCodeOf, runCliAsync } from '../helpers/cli.js';
import { localCertList, localEnvironment } from '../helpers/local-run.js';
import { useLocalSandbox } from '../helpers/local-sandbox.js';
import { REPO_ROOT } from '../helpers/paths.js';
import { startTcpTrap } from '../helpers/tcp-trap.js';

const local = useLocalSandbox('ofm-library-api-');
const dir = local.dir;
let pki: EnsureKeysResult;
let sandbox: RunningSandbox;
let envFile: string;
let certList: string;

before(async () => {
  await local.ready();
  ({ pki, sandbox } = local);
  // The signing key comes from OFM_SIGNING_KEY_FILE: the export must leave it out.
  envFile = join(dir, 'local.nokey.env.json');
  writeFileSync(
    envFile,
    JSON.stringify(localEnvironment(sandbox, pki, 'private_key_jwt', { signing_private_key: '' })),
  );
  certList = join(dir, 'certs.json');
  writeFileSync(certList, JSON.stringify(localCertList(sandbox, pki, 'private_key_jwt')));
});

const collection = () => join(REPO_ROOT, 'collections', collectionFileName('private_key_jwt'));
const keyEnv = () => ({ OFM_SIGNING_KEY_FILE: pki.paths.signingKey });

/** The same run, as library options and as a command line. */
function both(name: string, more: { unattended?: boolean; exportEnvironment?: string } = {}) {
  const state = join(dir, `${name}.state.json`);
  const exportEnvironment = more.exportEnvironment ?? join(dir, `${name}.exported.json`);
  const options: RunOptions = {
    collection: collection(),
    environment: envFile,
    certList,
    ca: pki.paths.caCert,
    label: 'private_key_jwt',
    auth: 'private_key_jwt',
    state,
    exportEnvironment,
    unattended: more.unattended ?? false,
    processEnv: keyEnv(),
  };
  const argv = [
    'run',
    '--auth',
    'private_key_jwt',
    '--collection',
    collection(),
    '--environment',
    envFile,
    '--cert-list',
    certList,
    '--ca',
    pki.paths.caCert,
    '--state',
    `${state}.cli`,
    '--export-environment',
    `${exportEnvironment}.cli`,
    ...(more.unattended ? ['--unattended'] : []),
  ];
  return { options, argv, state, exportEnvironment };
}

type Saved = {
  savedAt: string;
  auth: string;
  issuer: string;
  client_id: string;
  flow: string;
  values: Record<string, string>;
};
const readJson = <T>(path: string) => JSON.parse(readFileSync(path, 'utf8')) as T;
const keysOf = (values: Record<string, unknown>) => Object.keys(values).sort();
type Exported = { name: string; values: Array<{ key: string; value: string }> };

describe('runCollection, the library entry point, does what ofm-postman run does', () => {
  it('an unattended run: the same requests skipped with their reasons, the same state saved, the same environment exported', async () => {
    const { options, argv, state, exportEnvironment } = both('unattended', { unattended: true });
    const result = await runCollection(options);
    const cli = await runCliAsync(argv, { env: keyEnv() });
    assert.equal(cli.status, result.ok ? 0 : 1, cli.stdout + cli.stderr);

    const skipped = result.executions.filter((e) => e.skip !== undefined);
    assert.ok(skipped.length > 0, 'the unattended plan skipped what needs a person');
    assert.ok(
      skipped.some((e) => /needs a person to log in/.test(e.skip?.message ?? '')),
      'with the reason',
    );
    for (const execution of skipped)
      assert.ok(
        cli.stdout.includes(`${execution.name}`) &&
          cli.stdout.includes(execution.skip?.message ?? '?'),
        `the command line skips ${execution.name} too: ${cli.stdout}`,
      );
    assert.ok(result.executions.length > skipped.length, 'what needs no person ran');

    // The state: saved by both, for the same owner, with the same variables.
    assert.equal(result.state?.path, state);
    assert.ok(result.state?.saved !== undefined, 'the library saved the state');
    const fromLibrary = readJson<Saved>(state);
    const fromCli = readJson<Saved>(`${state}.cli`);
    assert.deepEqual(keysOf(fromLibrary.values), keysOf(result.state.saved.values));
    assert.ok(keysOf(fromLibrary.values).length > 0, 'the run learnt something to keep');
    assert.deepEqual(keysOf(fromLibrary.values), keysOf(fromCli.values));
    for (const field of ['auth', 'issuer', 'client_id', 'flow'] as const)
      assert.equal(fromLibrary[field], fromCli[field], field);
    assert.equal(fromLibrary.issuer, sandbox.issuer);
    assert.equal(statSync(state).mode & 0o777, 0o600);
    assert.equal(existsSync(`${state}.lock`), false, 'the lock was released');

    // The environment: exported by both, owner-only, the key from OFM_* left out.
    assert.equal(result.exportedEnvironment, exportEnvironment);
    const exported = readJson<Exported>(exportEnvironment);
    const exportedCli = readJson<Exported>(`${exportEnvironment}.cli`);
    assert.equal(exported.name, exportedCli.name);
    assert.deepEqual(
      exported.values.map((v) => v.key).sort(),
      exportedCli.values.map((v) => v.key).sort(),
    );
    assert.equal(statSync(exportEnvironment).mode & 0o777, 0o600);
    assert.ok(!exported.values.some((v) => v.key === 'signing_private_key'));
    // Not printed on failure: the file holds what the environment held, the encryption key too.
    const signingKeyLine = readFileSync(pki.paths.signingKey, 'utf8').split('\n')[1] as string;
    for (const path of [exportEnvironment, `${exportEnvironment}.cli`])
      assert.ok(!readFileSync(path, 'utf8').includes(signingKeyLine), `${path}: no signing key`);
  });

  it('the next run reads the state it saved, and saves it again under its lock', async () => {
    const { options, state } = both('again', { unattended: true });
    await runCollection(options);
    const first = readJson<Saved>(state);
    let seen: StateUse | undefined;
    const again = await runCollection({
      ...options,
      folder: 'Client credentials',
      unattended: false,
      onStart: ({ state: use }) => (seen = use),
    });
    assert.equal(again.ok, true);
    assert.ok(seen?.state !== undefined, 'the saved state was read before the run');
    assert.deepEqual(keysOf(seen.values), keysOf(first.values));
    assert.notEqual(readJson<Saved>(state).savedAt, first.savedAt, 'saved again');
    assert.equal(existsSync(`${state}.lock`), false, 'the lock was released');
  });

  it('refuses a place it cannot write before anything is sent, as the command line does (ERR_OFM_NOT_WRITABLE)', async () => {
    const trap = await startTcpTrap();
    try {
      const trapped = join(dir, 'trap.env.json');
      writeFileSync(
        trapped,
        JSON.stringify(
          localEnvironment(sandbox, pki, 'private_key_jwt', {
            issuer: trap.url,
            signing_private_key: '',
          }),
        ),
      );
      const aFile = join(dir, 'a-file');
      writeFileSync(aFile, 'not a folder');
      const { options, argv, state } = both('refused', {
        exportEnvironment: join(aFile, 'exported.json'),
      });
      await assert.rejects(
        runCollection({ ...options, environment: trapped, preflight: true }),
        (error) => isOfmError(error) && error.code === 'ERR_OFM_NOT_WRITABLE',
      );
      const cli = await runCliAsync(
        argv.map((a) => (a === envFile ? trapped : a)),
        { env: keyEnv() },
      );
      assert.equal(cli.status, 3, cli.stdout + cli.stderr);
      assert.equal(errorCodeOf(cli), 'ERR_OFM_NOT_WRITABLE');
      assert.equal(trap.connections(), 0, 'nothing was sent, not even the preflight');
      assert.equal(existsSync(state), false, 'no state was written');
      assert.equal(existsSync(`${state}.lock`), false, 'the lock was released');
    } finally {
      trap.close();
    }
  });

  it('checks --iterations and --folder once, before anything is sent', async () => {
    const { options } = both('checked');
    for (const bad of [{ iterations: 0 }, { iterations: 'abc' }, { folder: 'Nope' }])
      await assert.rejects(
        runCollection({ ...options, ...bad }),
        (error) => isOfmError(error) && error.code === 'ERR_OFM_USAGE',
        JSON.stringify(bad),
      );
  });
});
