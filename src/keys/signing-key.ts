/**
 * Loads a signing key on the Node side (CLI `assertion` and `env`) with the same checks and error
 * codes as the sandbox script: an RSA private key of at least 2048 bits.
 */
import { createPrivateKey, createPublicKey, type KeyObject } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { calculateJwkThumbprint, exportJWK } from 'jose';
import { SECRET_ENV } from '../shared/env-vars.js';
import { KeyError, UsageError } from '../shared/errors.js';
import { NOT_PRIVATE_LABELS, readPemBlock } from '../shared/pem.js';
import { pemText } from './pem-text.js';
import { MIN_RSA_BITS } from '../shared/private-key-format.js';

export interface SigningKey {
  readonly privateKey: KeyObject;
  readonly publicKey: KeyObject;
  readonly bits: number;
  /** RFC 7638 JWK thumbprint (SHA-256) of the public key. */
  readonly thumbprint: string;
}

/** Reads a file the user named; a missing file is a coded error, not a stack trace. */
export async function readUserFile(path: string, what: string): Promise<string> {
  try {
    return await readFile(path, 'utf8');
  } catch (cause) {
    throw new UsageError('ERR_OFM_FILE_NOT_FOUND', `${what} ${path} cannot be read.`, {
      cause,
      hint: `check the path given for the ${what}`,
    });
  }
}

/** Parses and checks a PEM signing key; `label` names the source in messages (never the value). */
export async function parseSigningKeyPem(
  text: string,
  passphrase: string,
  label = 'the signing key',
): Promise<SigningKey> {
  const block = readPemBlock(text);
  if (block === undefined) {
    throw new KeyError('ERR_OFM_KEY_MALFORMED', `${label} is not a PEM block.`);
  }
  const notPrivate = NOT_PRIVATE_LABELS[block.label];
  if (notPrivate !== undefined) {
    throw new KeyError(
      'ERR_OFM_KEY_NOT_PRIVATE',
      `${label} holds ${notPrivate}, not a private key.`,
    );
  }
  const encrypted =
    block.label === 'ENCRYPTED PRIVATE KEY' || block.headers.some((h) => /ENCRYPTED/i.test(h));
  if (encrypted && passphrase === '') {
    throw new KeyError(
      'ERR_OFM_KEY_PASSPHRASE_MISSING',
      `${label} is encrypted and no passphrase was given.`,
      {
        hint: `set ${SECRET_ENV.signingKeyPassphrase} or pass --passphrase-file`,
      },
    );
  }
  let privateKey: KeyObject;
  try {
    privateKey = createPrivateKey({
      // The block as the Postman script reads it: escaped \n, CRLF and a BOM are no obstacle.
      key: pemText(block),
      format: 'pem',
      ...(encrypted ? { passphrase } : {}),
    });
  } catch (cause) {
    if (encrypted) {
      throw new KeyError(
        'ERR_OFM_KEY_PASSPHRASE_WRONG',
        `${label} could not be decrypted with the passphrase.`,
        { cause },
      );
    }
    throw new KeyError('ERR_OFM_KEY_MALFORMED', `${label} cannot be read as a private key.`, {
      cause,
    });
  }
  if (privateKey.asymmetricKeyType === 'rsa-pss') {
    throw new KeyError('ERR_OFM_KEY_UNSUPPORTED', `${label} is an RSASSA-PSS-only key.`);
  }
  if (privateKey.asymmetricKeyType !== 'rsa') {
    throw new KeyError(
      'ERR_OFM_KEY_NOT_RSA',
      `${label} is a ${privateKey.asymmetricKeyType ?? 'non-RSA'} key; PS256 needs RSA.`,
    );
  }
  const bits = privateKey.asymmetricKeyDetails?.modulusLength ?? 0;
  if (bits < MIN_RSA_BITS) {
    throw new KeyError(
      'ERR_OFM_KEY_TOO_WEAK',
      `${label} is RSA-${bits}; at least ${MIN_RSA_BITS} bits are required.`,
    );
  }
  const publicKey = createPublicKey(privateKey);
  const thumbprint = await calculateJwkThumbprint(await exportJWK(publicKey), 'sha256');
  return { privateKey, publicKey, bits, thumbprint };
}

/** Reads and checks the signing key file at `path`. */
export async function loadSigningKey(path: string, passphrase: string): Promise<SigningKey> {
  return parseSigningKeyPem(
    await readUserFile(path, 'signing key file'),
    passphrase,
    `the signing key ${path}`,
  );
}
