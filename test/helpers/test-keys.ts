/**
 * RSA test keys, made once per test run (shared-pki.ts) or else once per test process; no private
 * key is ever committed.
 */
import {
  createPrivateKey,
  createPublicKey,
  generateKeyPairSync,
  type KeyObject,
} from 'node:crypto';
import { calculateJwkThumbprint, exportJWK } from 'jose';
import { sharedRsaKey, type SavedRsaKey } from './shared-pki.js';

export interface TestKey {
  readonly bits: number;
  readonly privateKey: KeyObject;
  readonly publicKey: KeyObject;
  readonly pkcs8: string;
  readonly pkcs1: string;
  readonly encryptedPkcs8: string;
  readonly passphrase: string;
  readonly kid: string;
}

const cache = new Map<number, TestKey>();

/** A new RSA key of `bits` bits, as saved for the run: PKCS#8, and encrypted with a passphrase. */
export function newRsaKey(bits: number): SavedRsaKey {
  const { privateKey } = generateKeyPairSync('rsa', { modulusLength: bits });
  const passphrase = `pass-${bits}-${Math.random().toString(36).slice(2)}`;
  return {
    pkcs8: privateKey.export({ type: 'pkcs8', format: 'pem' }) as string,
    encryptedPkcs8: privateKey.export({
      type: 'pkcs8',
      format: 'pem',
      cipher: 'aes-256-cbc',
      passphrase,
    }) as string,
    passphrase,
  };
}

/** An RSA key of `bits` bits in every PEM format the script accepts: the run's, else a new one. */
export async function rsaTestKey(bits: number): Promise<TestKey> {
  const known = cache.get(bits);
  if (known !== undefined) return known;
  const saved = sharedRsaKey(bits) ?? newRsaKey(bits);
  const privateKey = createPrivateKey(saved.pkcs8);
  const publicKey = createPublicKey(privateKey);
  const kid = await calculateJwkThumbprint(await exportJWK(publicKey), 'sha256');
  const key: TestKey = {
    bits,
    privateKey,
    publicKey,
    pkcs8: saved.pkcs8,
    pkcs1: privateKey.export({ type: 'pkcs1', format: 'pem' }) as string,
    encryptedPkcs8: saved.encryptedPkcs8,
    passphrase: saved.passphrase,
    kid,
  };
  cache.set(bits, key);
  return key;
}
