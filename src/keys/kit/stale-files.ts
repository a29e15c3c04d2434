/**
 * After a rotation, the files in the working folder that still use the old key: private
 * environments in .ofm/env/ that carry the old signing kid or the old encryption key, and
 * certificate lists in .ofm/certs/ that name the old transport certificate. Read only; a file that
 * cannot be parsed is skipped (it is not ours to judge here).
 */
import { createPrivateKey, X509Certificate } from 'node:crypto';
import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { KitKey } from './layout.js';

async function jsonFiles(dir: string): Promise<string[]> {
  const names = await readdir(dir).catch(() => [] as string[]);
  return names.filter((name) => name.endsWith('.json')).map((name) => join(dir, name));
}

/** Whether an environment's encryption key is the old key (unencrypted keys only). */
function holdsKey(text: string, certPem: string): boolean {
  try {
    const values = (JSON.parse(text) as { values?: { key: string; value: string }[] }).values ?? [];
    const pem = values.find((v) => v.key === 'encryption_private_key')?.value ?? '';
    if (pem === '') return false;
    return new X509Certificate(certPem).checkPrivateKey(createPrivateKey(pem));
  } catch {
    // An encrypted or unreadable key: not known to be the old one.
    return false;
  }
}

/** Files under `workDir`/.ofm that use `old` (a kit key just replaced). */
export async function filesUsing(workDir: string, kitDir: string, old: KitKey): Promise<string[]> {
  const certPath = join(kitDir, old.cert);
  const folder = join(workDir, '.ofm', old.role === 'transport' ? 'certs' : 'env');
  const certPem = old.role === 'encryption' ? await readFile(certPath, 'utf8') : '';
  const found: string[] = [];
  for (const file of await jsonFiles(folder)) {
    const text = await readFile(file, 'utf8').catch(() => '');
    const uses =
      old.role === 'transport'
        ? text.includes(JSON.stringify(certPath))
        : old.role === 'signing'
          ? text.includes(JSON.stringify(old.kid))
          : holdsKey(text, certPem);
    if (uses) found.push(file);
  }
  return found;
}
