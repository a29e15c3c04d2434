/**
 * A user's private values for a generated Bruno collection: its `.env`, which Bruno reads from the
 * collection folder, resolves as `{{process.env.NAME}}` and masks in its reports. Written
 * owner-only, beside a `.gitignore` that keeps it out of Git.
 */
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { checkWritePlan } from '../../files/plan.js';
import { ownership, recordWritten, writeAtomic, writeOwned } from '../../files/write.js';
import { PROCESS_ENV_SECRETS } from './environment.js';

export interface BrunoClientCertificate {
  /** What bruno.json matches URLs against: `https://` + this, as a prefix (`*` for any run). */
  readonly domain: string;
  readonly cert: string;
  readonly key: string;
  readonly passphrase?: string;
}

/**
 * One `.env` line Bruno reads back as written: double quotes, with backslash-n for each line
 * break (single quotes would keep a literal backslash-n).
 */
export function dotenvLine(name: string, value: string): string {
  const escaped = value.replace(/\\/g, '\\\\').replace(/"/g, '\\"').replace(/\r?\n/g, '\\n');
  return `${name}="${escaped}"`;
}

/** The `.env` text: the key secrets present in `values`, and the client certificate settings. */
export function brunoDotenv(
  values: Readonly<Record<string, string>>,
  certificate?: BrunoClientCertificate,
): string {
  const lines = PROCESS_ENV_SECRETS.filter((name) => (values[name] ?? '') !== '').map((name) =>
    dotenvLine(name, values[name] as string),
  );
  if (certificate !== undefined) {
    lines.push(
      dotenvLine('OFM_MTLS_DOMAIN', certificate.domain),
      dotenvLine('OFM_CLIENT_CERT', certificate.cert),
      dotenvLine('OFM_CLIENT_KEY', certificate.key),
    );
    if (certificate.passphrase)
      lines.push(dotenvLine('OFM_CLIENT_KEY_PASSPHRASE', certificate.passphrase));
  }
  return `${lines.join('\n')}\n`;
}

/**
 * The `bruno.json` matching pattern for these origins: the one host, or `*.` and the domain they
 * share (at least two labels), else `*`.
 */
export function certificateDomain(origins: readonly string[]): string {
  const hosts = [...new Set(origins.map((o) => new URL(o).host))];
  if (hosts.length === 1) return hosts[0] as string;
  const labels = hosts.map((h) => h.split('.').reverse());
  const shared: string[] = [];
  for (let i = 0; labels.every((l) => l[i] !== undefined && l[i] === labels[0]?.[i]); i++)
    shared.push(labels[0]?.[i] as string);
  return shared.length >= 2 ? `*.${shared.reverse().join('.')}` : '*';
}

/** What `<folder>/.gitignore` must hold: the .env and the record of owner-only files. */
const IGNORED = ['.env', '.ofm-postman.private.sha256'];

/**
 * Writes `<folder>/.env` owner-only (never over a .env ofm-postman did not write, or one edited
 * since, without `force`), and adds what is missing to the folder's `.gitignore`: a person's
 * .gitignore keeps its lines (only ours is recorded as ours again).
 */
export async function writeBrunoDotenv(
  folder: string,
  text: string,
  force = false,
): Promise<string> {
  const path = join(folder, '.env');
  const env = { from: '--out', what: 'a .env file', force, mode: 0o600 } as const;
  const gitignore = join(folder, '.gitignore');
  const ignoreFile = { from: '--out', what: 'a .gitignore', mode: 0o644 } as const;
  await checkWritePlan([
    { path, text, ...env },
    { path: gitignore, ...ignoreFile, force: true },
  ]);
  const ignored = await readFile(gitignore, 'utf8').catch(() => '');
  const lines = ignored.split(/\r?\n/);
  const missing = IGNORED.filter((name) => !lines.includes(name));
  if (missing.length > 0) {
    const ours = (await ownership(gitignore, ignoreFile)).ours;
    const updated = `${ignored}${ignored && !ignored.endsWith('\n') ? '\n' : ''}${missing.join('\n')}\n`;
    await writeAtomic(gitignore, updated, 0o644, '--out');
    if (ours) await recordWritten(gitignore, updated, ignoreFile);
  }
  await writeOwned(path, text, env);
  return path;
}
