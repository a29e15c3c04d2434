/**
 * Test keys made once per test run. scripts/run-tests.ts calls {@link makeSharedTestKeys} before
 * the test files start and names the folder in OFM_TEST_KEYS_DIR: the test PKI in `pki/` and the
 * plain RSA test keys as `rsa-<bits>.json`. Each test copies the PKI into its own folder (a copy,
 * so a test that changes or deletes a file changes only its own) and reads the RSA keys. Making
 * them costs seconds of CPU per process (RSA key generation); reading them, milliseconds. A file
 * run without that variable (`node --test` directly) makes its own keys as before.
 */
import { chmodSync, cpSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { ensureTestKeys, type EnsureKeysResult } from '../../src/keys/test-pki.js';

/** The variable scripts/run-tests.ts sets to the folder of the run's test keys. */
export const SHARED_KEYS_ENV = 'OFM_TEST_KEYS_DIR';

/** What a plain RSA test key is saved as in the shared folder. */
export interface SavedRsaKey {
  readonly pkcs8: string;
  readonly encryptedPkcs8: string;
  readonly passphrase: string;
}

/** The RSA sizes tests ask {@link rsaTestKey} for. */
export const SHARED_RSA_BITS = [2048, 3072] as const;

function sharedDir(): string | undefined {
  return process.env[SHARED_KEYS_ENV] || undefined;
}

/** The run's saved RSA key of `bits` bits, if the run made one. */
export function sharedRsaKey(bits: number): SavedRsaKey | undefined {
  const dir = sharedDir();
  const file = dir && join(dir, `rsa-${bits}.json`);
  return file && existsSync(file)
    ? (JSON.parse(readFileSync(file, 'utf8')) as SavedRsaKey)
    : undefined;
}

/** Makes the run's keys in `dir` (an owner-only folder): the test PKI and the RSA keys. */
export async function makeSharedTestKeys(
  dir: string,
  rsa: (bits: number) => SavedRsaKey,
): Promise<void> {
  await ensureTestKeys({ dir: join(dir, 'pki') });
  for (const bits of SHARED_RSA_BITS)
    writeFileSync(join(dir, `rsa-${bits}.json`), JSON.stringify(rsa(bits)), { mode: 0o600 });
}

/**
 * A complete test PKI in `dir`: the run's shared set copied there when `dir` does not exist yet,
 * then checked and read by the product's own {@link ensureTestKeys} (which reuses a complete set).
 */
export async function testPki(dir: string): Promise<EnsureKeysResult> {
  const shared = sharedDir();
  if (shared && !existsSync(dir)) {
    mkdirSync(dir, { recursive: true, mode: 0o700 });
    // copyFile keeps each file's mode: private keys stay owner-only.
    cpSync(join(shared, 'pki'), dir, { recursive: true });
    chmodSync(dir, 0o700);
  }
  return ensureTestKeys({ dir });
}
