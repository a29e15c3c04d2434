/**
 * Keys are read the same way wherever they come from: a PEM in `OFM_SIGNING_PRIVATE_KEY` or
 * `OFM_ENCRYPTION_PRIVATE_KEY`, or in a key file, accepts what the environment's
 * `signing_private_key` accepts (the one reader, shared/pem.ts): literal `\n` escapes, CRLF, line
 * breaks turned into spaces, a BOM. In-process (what the run gets), and from the binary: `run`
 * gets past its key checks, and `assertion` signs with such a file, verified by jose.
 */
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { jwtVerify } from 'jose';
import { secretOverrides } from '../../src/runner/inputs/key-files.js';
import { errorCodeOf, runCli } from '../helpers/cli.js';
import { rsaTestKey, type TestKey } from '../helpers/test-keys.js';

const dir = mkdtempSync(join(tmpdir(), 'ofm-key-env-'));
after(() => rmSync(dir, { recursive: true, force: true }));
let key: TestKey;
before(async () => {
  key = await rsaTestKey(2048);
});

/** What copying a PEM into a CI secret or a variable does to it. */
const FORMS: Record<string, (pem: string) => string> = {
  'escaped \\n (one line)': (pem) => pem.trimEnd().replace(/\n/g, '\\n'),
  'CRLF line breaks': (pem) => pem.replace(/\n/g, '\r\n'),
  'a BOM before it': (pem) => `\ufeff${pem}`,
  'line breaks turned into spaces': (pem) => pem.trimEnd().replace(/\n/g, ' '),
  'BOM, escaped \\r\\n and a trailing newline': (pem) =>
    `\ufeff${pem.trimEnd().replace(/\n/g, '\\r\\n')}\n`,
};

describe('OFM_* keys, in-process: the run gets the key as the one reader reads it', () => {
  for (const [form, mangle] of Object.entries(FORMS)) {
    it(`${form}: signing and encryption keys`, async () => {
      const overrides = await secretOverrides({
        OFM_SIGNING_PRIVATE_KEY: mangle(key.pkcs8),
        OFM_ENCRYPTION_PRIVATE_KEY: mangle(key.pkcs1),
      });
      assert.equal(overrides['signing_private_key'], key.pkcs8);
      assert.equal(overrides['encryption_private_key'], key.pkcs1);
    });
  }

  it('an encrypted key, escaped, with its passphrase', async () => {
    const overrides = await secretOverrides({
      OFM_SIGNING_PRIVATE_KEY: FORMS['escaped \\n (one line)']!(key.encryptedPkcs8),
      OFM_SIGNING_KEY_PASSPHRASE: key.passphrase,
    });
    assert.equal(overrides['signing_private_key'], key.encryptedPkcs8);
    assert.equal(overrides['signing_key_passphrase'], key.passphrase);
  });

  it('still refuses what is no key, with the variable named', async () => {
    await assert.rejects(
      // The label is put together so that no tracked file carries a PEM private-key marker.
      secretOverrides({ OFM_SIGNING_PRIVATE_KEY: `-----BEGIN ${'PRIVATE'} KEY-----\\nnope\\n` }),
      /KEY_MALFORMED|not a PEM block|cannot be read/,
    );
  });
});

describe('from the binary', () => {
  it('run takes OFM_SIGNING_PRIVATE_KEY in every form: past the key checks to the server check', () => {
    const env = join(dir, 'env.json');
    writeFileSync(
      env,
      JSON.stringify({
        name: 'mine',
        values: [
          { key: 'issuer', value: 'https://127.0.0.1:9' },
          { key: 'client_id', value: 'c1' },
          { key: 'signing_kid', value: key.kid },
        ],
      }),
    );
    for (const [form, mangle] of Object.entries(FORMS)) {
      const result = runCli(['run', '--auth', 'private_key_jwt', '--environment', env], {
        cwd: dir,
        env: { OFM_SIGNING_PRIVATE_KEY: mangle(key.pkcs8) },
      });
      // Port 9 answers nothing: the run stops at the reachability check, after every key check.
      assert.equal(errorCodeOf(result), 'ERR_OFM_SERVER_UNREACHABLE', `${form}: ${result.stderr}`);
      assert.equal(result.status, 3, form);
    }
  });

  it('assertion signs with a key file in every form; jose verifies the signature', async () => {
    for (const [form, mangle] of Object.entries(FORMS)) {
      const file = join(dir, 'mangled.key');
      writeFileSync(file, mangle(key.pkcs8), { mode: 0o600 });
      const result = runCli(
        ['assertion', '--target', 'paynet-sandbox', '--client-id', 'c1', '--signing-key', file],
        { cwd: dir },
      );
      assert.equal(result.status, 0, `${form}: ${result.stderr}`);
      const { payload } = await jwtVerify(result.stdout.trim(), key.publicKey, {
        algorithms: ['PS256'],
      });
      assert.equal(payload.iss, 'c1', form);
    }
  });
});
