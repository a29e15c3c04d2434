/** RSA test keys, generated per test process (no private key is ever committed). */
import { generateKeyPairSync, type KeyObject } from 'node:crypto';
import { calculateJwkThumbprint, exportJWK } from 'jose';

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

/** A fresh RSA key of `bits` bits in every PEM format the script accepts; cached per process. */
export async function rsaTestKey(bits: number): Promise<TestKey> {
  const known = cache.get(bits);
  if (known !== undefined) return known;
  const { privateKey, publicKey } = generateKeyPairSync('rsa', { modulusLength: bits });
  const passphrase = `pass-${bits}-${Math.random().toString(36).slice(2)}`;
  const kid = await calculateJwkThumbprint(await exportJWK(publicKey), 'sha256');
  const key: TestKey = {
    bits,
    privateKey,
    publicKey,
    pkcs8: privateKey.export({ type: 'pkcs8', format: 'pem' }) as string,
    pkcs1: privateKey.export({ type: 'pkcs1', format: 'pem' }) as string,
    encryptedPkcs8: privateKey.export({
      type: 'pkcs8',
      format: 'pem',
      cipher: 'aes-256-cbc',
      passphrase,
    }) as string,
    passphrase,
    kid,
  };
  cache.set(bits, key);
  return key;
}
