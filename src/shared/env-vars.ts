/**
 * Process environment variables that carry secrets into the CLI, so a secret never appears on a
 * command line: the keys and passphrases `run`, `env`, `assertion` and `certs` read.
 */
export const SECRET_ENV = {
  signingPrivateKey: 'OFM_SIGNING_PRIVATE_KEY',
  signingKeyFile: 'OFM_SIGNING_KEY_FILE',
  signingKeyPassphrase: 'OFM_SIGNING_KEY_PASSPHRASE',
  encryptionPrivateKey: 'OFM_ENCRYPTION_PRIVATE_KEY',
  encryptionKeyFile: 'OFM_ENCRYPTION_KEY_FILE',
  encryptionKeyPassphrase: 'OFM_ENCRYPTION_KEY_PASSPHRASE',
  transportKeyPassphrase: 'OFM_TRANSPORT_KEY_PASSPHRASE',
} as const;
