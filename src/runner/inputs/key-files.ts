/**
 * The signing and encryption keys a run takes from the process environment (`OFM_*` variables):
 * the key text or a key file, and its passphrase. Each key is read and checked before anything is
 * sent, the way `ofm-postman env` checks it: Node parses it (RSA, 2048 bits or more, the
 * passphrase opens it) and the Postman script must be able to read its format. Errors name the
 * `OFM_*` variable the user set, never a Postman variable they never saw.
 */
import { readText } from '../../files/read.js';
import { isOfmError, OfmError } from '../../shared/errors.js';
import { SECRET_ENV } from '../../shared/env-vars.js';
import { normalizePem } from '../../keys/pem-text.js';
import { VAR } from '../../shared/variables.js';

/** Process environment variables that can carry secrets into a run (the one table). */
export const RUN_SECRET_ENV = SECRET_ENV;

interface KeySource {
  readonly variable: string;
  readonly textEnv: string;
  readonly fileEnv: string;
  readonly passphraseVariable: string;
  readonly passphraseEnv: string;
}

const KEY_SOURCES: readonly KeySource[] = [
  {
    variable: VAR.signingPrivateKey,
    textEnv: RUN_SECRET_ENV.signingPrivateKey,
    fileEnv: RUN_SECRET_ENV.signingKeyFile,
    passphraseVariable: VAR.signingKeyPassphrase,
    passphraseEnv: RUN_SECRET_ENV.signingKeyPassphrase,
  },
  {
    variable: VAR.encryptionPrivateKey,
    textEnv: RUN_SECRET_ENV.encryptionPrivateKey,
    fileEnv: RUN_SECRET_ENV.encryptionKeyFile,
    passphraseVariable: VAR.encryptionKeyPassphrase,
    passphraseEnv: RUN_SECRET_ENV.encryptionKeyPassphrase,
  },
];

/** Re-labels a key error so its hint names the variable the user set. */
function forVariable(error: unknown, source: KeySource, from: string): unknown {
  if (!isOfmError(error)) return error;
  const hints: Partial<Record<string, string>> = {
    ERR_OFM_KEY_PASSPHRASE_MISSING: `the key is encrypted: set ${source.passphraseEnv}`,
    ERR_OFM_KEY_PASSPHRASE_WRONG: `check ${source.passphraseEnv} (or give the unencrypted key)`,
    ERR_OFM_KEY_MALFORMED: `${from} must hold a whole PEM private key, its BEGIN and END lines included`,
    ERR_OFM_KEY_NOT_PRIVATE: `${from} holds a certificate or public key: give the private key`,
  };
  const hint = hints[error.code];
  return hint === undefined
    ? error
    : new OfmError(error.code, error.message, { cause: error, hint });
}

/** Reads and checks one key; returns its PEM text, or undefined when none was given. */
async function readKey(
  source: KeySource,
  env: Readonly<Record<string, string | undefined>>,
): Promise<string | undefined> {
  const text = env[source.textEnv];
  const file = env[source.fileEnv];
  if (!text && !file) return undefined;
  const from = text ? source.textEnv : `${source.fileEnv}=${file}`;
  const pem = text
    ? text
    : await readText(file as string, { what: 'key file', from: source.fileEnv });
  const passphrase = env[source.passphraseEnv] ?? '';
  // jose and jsrsasign load only when a key is given, not for --help.
  const { assertScriptCanRead } = await import('../../keys/script-compat.js');
  const { parseSigningKeyPem } = await import('../../keys/signing-key.js');
  try {
    assertScriptCanRead(pem, text ? source.textEnv : (file as string), source.passphraseEnv);
    await parseSigningKeyPem(pem, passphrase, `the key in ${from}`);
  } catch (error) {
    throw forVariable(error, source, from);
  }
  // One reader for keys from anywhere: the run gets the PEM as the checks above read it.
  return normalizePem(pem);
}

/**
 * Secrets from the process environment, as variable overrides: each key checked, its passphrase
 * passed along. Throws the key's coded error before anything is sent.
 */
export async function secretOverrides(
  env: Readonly<Record<string, string | undefined>>,
): Promise<Record<string, string>> {
  const out: Record<string, string> = {};
  for (const source of KEY_SOURCES) {
    const pem = await readKey(source, env);
    if (pem !== undefined) out[source.variable] = pem;
    const passphrase = env[source.passphraseEnv];
    if (passphrase) out[source.passphraseVariable] = passphrase;
  }
  return out;
}
