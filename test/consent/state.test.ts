/**
 * src/runner/state/state.ts and state-use.ts: whose state a file is, when a run may read and replace it,
 * and a finished flow that can never be redeemed again.
 */
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { flowOf, readState, savedValues, writeState } from '../../src/runner/state/state.js';
import { assertPending, openState, stateUnusedLine } from '../../src/runner/state/state-use.js';
import { isOfmError } from '../../src/shared/errors.js';

const dir = mkdtempSync(join(tmpdir(), 'ofm-state-'));
after(() => rmSync(dir, { recursive: true, force: true }));

const owner = {
  issuer: 'https://as.one',
  clientId: 'client-1',
  auth: 'private_key_jwt',
  target: 'one',
};
const pending = { request_uri: 'urn:r', state: 's', code_verifier: 'v', nonce: 'n' };
const finished = { access_token: 'at', refresh_token: 'rt', consent_id: 'c', nonce: 'n' };

describe('flow status', () => {
  it('pending while a pushed request waits, finished once tokens replace it', () => {
    assert.equal(flowOf(pending), 'pending');
    assert.equal(flowOf({ ...finished, state: 's', code_verifier: 'v' }), 'finished');
    assert.equal(flowOf({}), 'none');
  });

  it('a finished flow keeps no state, code_verifier or authorization URL', () => {
    assert.deepEqual(
      savedValues({ ...finished, state: 's', code_verifier: 'v', authorization_url: 'u' }),
      finished,
    );
    assert.deepEqual(savedValues({ ...pending, signing_private_key: 'k' }), pending);
  });
});

describe('openState', () => {
  it('uses a state of the same owner; an older file without client_id too', async () => {
    const path = join(dir, 'same.json');
    const saved = await writeState(path, owner, pending);
    assert.equal(saved.flow, 'pending');
    assert.equal(statSync(path).mode & 0o777, 0o600);
    const use = await openState(path, owner, { fresh: false });
    assert.equal(use.problem, undefined);
    assert.deepEqual(use.values, pending);
    const file = JSON.parse(readFileSync(path, 'utf8')) as Record<string, unknown>;
    delete file['client_id'];
    writeFileSync(path, JSON.stringify(file));
    const older = await openState(path, { ...owner, clientId: 'another' }, { fresh: false });
    assert.ok(older.writable && older.problem === undefined);
  });

  it("leaves another issuer's, client's or method's state alone, unless --fresh", async () => {
    const path = join(dir, 'other.json');
    await writeState(path, owner, finished);
    const before = readFileSync(path, 'utf8');
    for (const [other, code, why] of [
      [{ issuer: 'https://as.two' }, 'ERR_OFM_STATE_INVALID', /issuer https:\/\/as\.one, not/],
      [{ clientId: 'client-2' }, 'ERR_OFM_STATE_INVALID', /client client-1, not client-2/],
      [{ auth: 'tls_client_auth' }, 'ERR_OFM_AUTH_MISMATCH', /private_key_jwt, not tls/],
    ] as const) {
      const use = await openState(path, { ...owner, ...other }, { fresh: false });
      assert.equal(use.problem?.code, code);
      assert.equal(use.writable, false);
      assert.deepEqual(use.values, {});
      assert.match(stateUnusedLine(use), why);
      assert.match(
        stateUnusedLine(use),
        /^ofm-postman: WARN_OFM_STATE_UNUSED: state file .* \(hint: .*--state.*--fresh/,
      );
      const fresh = await openState(path, { ...owner, ...other }, { fresh: true });
      assert.ok(fresh.writable && fresh.problem === undefined && fresh.state === undefined);
    }
    assert.equal(readFileSync(path, 'utf8'), before);
  });

  it('never uses or writes a file that is not a state, --fresh or not', async () => {
    const path = join(dir, 'package.json');
    const text = '{"name":"mine","version":"1.0.0"}\n';
    writeFileSync(path, text);
    for (const fresh of [false, true]) {
      const use = await openState(path, owner, { fresh });
      assert.equal(use.problem?.code, 'ERR_OFM_STATE_INVALID');
      assert.equal(use.writable, false);
    }
    await assert.rejects(
      writeState(path, owner, finished),
      (error: unknown) => isOfmError(error) && error.code === 'ERR_OFM_FILE_EXISTS',
    );
    assert.equal(readFileSync(path, 'utf8'), text);
    assert.deepEqual(await readState(join(dir, 'none.json')), { found: 'none' });
  });
});

describe('assertPending', () => {
  it('refuses a finished flow and an empty state; lets a pending one through', async () => {
    const path = join(dir, 'finished.json');
    await writeState(path, owner, { ...finished, ...pending, request_uri: '' });
    const use = await openState(path, owner, { fresh: false });
    assert.equal(use.state?.flow, 'finished');
    assert.equal(use.values['code_verifier'], undefined, 'the verifier is gone');
    for (const values of [use.values, {}])
      assert.throws(
        () => assertPending(use, values),
        (error: unknown) => isOfmError(error) && error.code === 'ERR_OFM_NOTHING_PENDING',
      );
    assertPending(use, pending);
  });
});
