/**
 * The credential set doctor checks: a kit (every key of kit.json, its JWKS, its signing kid) or
 * files named one by one (the keys, certificates, JWKS and kid an environment uses).
 */
import { join } from 'node:path';
import type { JWK } from 'jose';
import { readText } from '../../files/read.js';
import { UsageError } from '../../shared/errors.js';
import { activeKey, JWKS_FILE, openKit, PUBLIC_DIR } from '../kit/layout.js';
import { KIT_ROLES, type KitRole } from '../kit/roles.js';

/** One key of the set: its role, its files, and its kid when it is published. */
export interface CredentialKey {
  readonly role: KitRole;
  readonly label: string;
  readonly keyPath?: string;
  /** The key's PEM when it comes from an environment rather than a file. */
  readonly keyPem?: string;
  /** The key's own passphrase (an environment's), before the one given to doctor. */
  readonly passphrase?: string;
  readonly certPath?: string;
  readonly kid?: string;
  /** Older keys of a role during a rotation. */
  readonly retiring: boolean;
}

export interface CredentialSet {
  readonly keys: readonly CredentialKey[];
  readonly jwks?: { readonly keys: readonly JWK[] };
  readonly jwksLabel: string;
  /** The kid every JWS carries. */
  readonly signingKid?: string;
  /** The kit folder, for the kit-only checks. */
  readonly kitDir?: string;
}

/** Files named one by one (`--signing-key`, `--signing-cert`, …). */
export interface CredentialFiles {
  readonly keys: Partial<Record<KitRole, string>>;
  readonly certs: Partial<Record<KitRole, string>>;
  readonly jwks?: string;
  readonly kid?: string;
  /** A private environment (`ofm-postman env`): its signing key and kid, its encryption key. */
  readonly environment?: string;
}

async function readJwks(path: string, from: string): Promise<{ keys: JWK[] }> {
  const text = await readText(path, { what: 'JWKS', from });
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (cause) {
    throw new UsageError('ERR_OFM_FILE_INVALID', `${from} ${path} is not JSON.`, {
      cause,
      hint: 'give a JWKS file: {"keys": [...]}',
    });
  }
  if (!Array.isArray((value as { keys?: unknown })?.keys))
    throw new UsageError('ERR_OFM_FILE_INVALID', `${from} ${path} is not a JWKS.`, {
      hint: 'give a JWKS file: {"keys": [...]}',
    });
  return value as { keys: JWK[] };
}

/** The set of a kit folder. */
export async function kitCredentialSet(dir: string): Promise<CredentialSet> {
  const manifest = await openKit(dir);
  const keys = KIT_ROLES.flatMap((role) => {
    const active = activeKey(manifest, role);
    return manifest.keys
      .filter((k) => k.role === role)
      .map((k) => ({
        role,
        label: `${role} ${k.cert}`,
        keyPath: join(dir, k.key),
        certPath: join(dir, k.cert),
        kid: role === 'transport' ? undefined : k.kid,
        retiring: k !== active,
      }));
  });
  const jwksPath = join(dir, PUBLIC_DIR, JWKS_FILE);
  return {
    keys,
    jwks: await readJwks(jwksPath, '--kit'),
    jwksLabel: `${PUBLIC_DIR}/${JWKS_FILE}`,
    signingKid: activeKey(manifest, 'signing').kid,
    kitDir: dir,
  };
}

/** The values of a Postman environment file. */
async function environmentValues(path: string): Promise<Record<string, string>> {
  const text = await readText(path, { what: 'environment', from: '--environment' });
  try {
    const values = (JSON.parse(text) as { values?: { key: string; value: unknown }[] }).values;
    if (!Array.isArray(values)) throw new Error('no values');
    return Object.fromEntries(values.map((v) => [v.key, String(v.value ?? '')]));
  } catch (cause) {
    throw new UsageError(
      'ERR_OFM_FILE_INVALID',
      `--environment ${path} is not a Postman environment.`,
      {
        cause,
        hint: 'give the private environment ofm-postman env wrote',
      },
    );
  }
}

/** The signing and encryption keys an environment carries, paired with the certificates given. */
async function environmentKeys(files: CredentialFiles): Promise<CredentialKey[]> {
  if (files.environment === undefined) return [];
  const values = await environmentValues(files.environment);
  const from = (
    role: 'signing' | 'encryption',
    pem: string | undefined,
    passphrase: string | undefined,
  ) =>
    pem === undefined || pem === ''
      ? []
      : [
          {
            role,
            label: `${role} (${files.environment})`,
            keyPem: pem,
            passphrase,
            certPath: files.certs[role],
            kid: role === 'signing' ? (files.kid ?? values['signing_kid']) : undefined,
            retiring: false,
          },
        ];
  return [
    ...from('signing', values['signing_private_key'], values['signing_key_passphrase']),
    ...from('encryption', values['encryption_private_key'], values['encryption_key_passphrase']),
  ];
}

/** The set of files named one by one; every file named must be readable. */
export async function fileCredentialSet(files: CredentialFiles): Promise<CredentialSet> {
  const fromEnvironment = await environmentKeys(files);
  const keys = KIT_ROLES.flatMap((role) => {
    if (fromEnvironment.some((k) => k.role === role))
      return fromEnvironment.filter((k) => k.role === role);
    const keyPath = files.keys[role];
    const certPath = files.certs[role];
    if (keyPath === undefined && certPath === undefined) return [];
    return [
      {
        role,
        label: `${role} ${certPath ?? keyPath}`,
        keyPath,
        certPath,
        kid: role === 'signing' ? files.kid : undefined,
        retiring: false,
      },
    ];
  });
  if (keys.length === 0)
    throw new UsageError('ERR_OFM_USAGE', 'doctor has nothing to check.', {
      hint: 'give --kit DIR, or the files: --signing-key, --signing-cert, --jwks, --kid, …',
    });
  const signingKid = files.kid ?? fromEnvironment.find((k) => k.role === 'signing')?.kid;
  for (const key of keys)
    for (const [path, flag] of [
      [key.keyPath, `--${key.role}-key`],
      [key.certPath, `--${key.role}-cert`],
    ] as const)
      if (path !== undefined) await readText(path, { what: `${key.role} file`, from: flag });
  return {
    keys,
    ...(files.jwks === undefined ? {} : { jwks: await readJwks(files.jwks, '--jwks') }),
    jwksLabel: files.jwks ?? 'JWKS',
    signingKid,
  };
}
