/**
 * `runCollection` with no option besides its inputs runs as `ofm-postman run` does with no flag
 * besides them: the preflight (is the issuer there?) is on in both, so a program that calls the
 * library gets the CLI's run. Measured against real TCP listeners on 127.0.0.1: a trap that
 * counts connections, and a port that refuses them.
 */
import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { createServer, type AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { before, describe, it } from 'node:test';
import { collectionFileName } from '../../src/builder/collection.js';
import type { EnsureKeysResult } from '../../src/keys/test-pki.js';
import { runCollection, type RunOptions } from '../../src/runner/run.js';
import { exitFor, isOfmError } from '../../src/shared/errors.js';
import { errorCodeOf, runCliAsync } from '../helpers/cli.js';
import { localEnvironment } from '../helpers/local-run.js';
import { REPO_ROOT } from '../helpers/paths.js';
import { testPki } from '../helpers/shared-pki.js';
import { startTcpTrap } from '../helpers/tcp-trap.js';

const dir = mkdtempSync(join(tmpdir(), 'ofm-library-defaults-'));
const collection = join(REPO_ROOT, 'collections', collectionFileName('private_key_jwt'));
let pki: EnsureKeysResult;

before(async () => {
  pki = await testPki(join(dir, 'pki'));
});

/** An environment file whose issuer (and every endpoint) is `issuer`. */
function environmentAt(name: string, issuer: string): string {
  const path = join(dir, `${name}.postman_environment.json`);
  writeFileSync(path, JSON.stringify(localEnvironment({ issuer }, pki, 'private_key_jwt')));
  return path;
}

/** A loopback port nothing listens on (bound by the OS, then closed). */
async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
  const { port } = server.address() as AddressInfo;
  await new Promise<void>((done) => server.close(() => done()));
  return port;
}

/** Thrown from `onStart`, right before the first request: the run goes no further. */
class Stopped extends Error {}

describe('runCollection defaults to what ofm-postman run does', () => {
  it('without a preflight option it checks the issuer before the first request (preflight: false does not)', async () => {
    const trap = await startTcpTrap();
    try {
      const options: RunOptions = {
        collection,
        environment: environmentAt('trap', trap.url),
        ca: pki.paths.caCert,
      };
      const atStart: number[] = [];
      const stop = () => {
        atStart.push(trap.connections());
        throw new Stopped();
      };
      await assert.rejects(runCollection({ ...options, preflight: false, onStart: stop }), Stopped);
      await assert.rejects(runCollection({ ...options, onStart: stop }), Stopped);
      // `false` made no connection before the run started; the default made one, the preflight.
      assert.deepEqual(atStart, [0, 1], 'connections to the issuer when each run started');
    } finally {
      trap.close();
    }
  });

  it('an issuer that is not there: the library and the command line refuse alike, before the run', async () => {
    const port = await closedPort();
    const environment = environmentAt('closed', `https://127.0.0.1:${port}`);
    let started = false;
    let refused: unknown;
    await runCollection({
      collection,
      environment,
      ca: pki.paths.caCert,
      onStart: () => (started = true),
    }).catch((error: unknown) => (refused = error));
    assert.ok(isOfmError(refused), `a coded error, not a run: ${String(refused)}`);
    assert.equal(refused.code, 'ERR_OFM_SERVER_UNREACHABLE');
    assert.equal(exitFor(refused.code), 3, 'the "could not start" exit');
    assert.equal(started, false, 'no request was sent');

    const cli = await runCliAsync(
      ['run', '--collection', collection, '--environment', environment, '--ca', pki.paths.caCert],
      { cwd: dir },
    );
    assert.equal(cli.status, 3, cli.stdout + cli.stderr);
    assert.equal(errorCodeOf(cli), 'ERR_OFM_SERVER_UNREACHABLE');
    assert.ok(cli.stderr.includes(refused.message), `${cli.stderr}\nvs ${refused.message}`);
  });
});
