/**
 * What ofm-postman wrote, recorded beside it: each folder it writes into gets a
 * `.ofm-postman.sha256` listing the SHA-256 of every file it wrote there, in `sha256sum` format
 * (`sha256sum -c .ofm-postman.sha256` shows which were edited since). A file counts as ours only
 * while its bytes are the ones recorded: a stamp inside a file survives an edit, a digest does
 * not. One record for every kind of file (JSON, .bru, .env, reports), and it is deterministic,
 * so the committed collections/ stay reproducible. Owner-only files are recorded apart, in an
 * owner-only `.ofm-postman.private.sha256`, so writing a secret never changes a committed file.
 */
import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { basename, dirname, join, relative, sep } from 'node:path';

/** The record's file name, in each folder ofm-postman writes into. */
export const RECORD_NAME = '.ofm-postman.sha256';

/** SHA-256 of `content`, lower-case hex. */
export const sha256 = (content: string | Buffer): string =>
  createHash('sha256').update(content).digest('hex');

/** The record of `folder`: file name to digest (empty when there is none or it is unreadable). */
export async function readRecord(
  folder: string,
  name: string = RECORD_NAME,
): Promise<Map<string, string>> {
  // No record, or one that cannot be read, records nothing: every file counts as the person's.
  const text = await readFile(join(folder, name), 'utf8').catch(() => '');
  const entries = new Map<string, string>();
  for (const line of text.split('\n')) {
    const match = /^([0-9a-f]{64}) {2}(.+)$/.exec(line);
    if (match) entries.set(match[2] as string, match[1] as string);
  }
  return entries;
}

/**
 * Where the record of `path` lives and the name it has there: the file's own folder, or `root`
 * (a Bruno collection keeps one record for all its folders, with paths relative to it).
 */
export function recordPlace(path: string, root?: string): { folder: string; key: string } {
  if (root === undefined) return { folder: dirname(path), key: basename(path) };
  return { folder: root, key: relative(root, path).split(sep).join('/') };
}

/** True when the file at `path` holds exactly the bytes ofm-postman recorded writing there. */
export async function recordedAsWritten(
  path: string,
  content: Buffer,
  name: string = RECORD_NAME,
  root?: string,
): Promise<boolean> {
  const { folder, key } = recordPlace(path, root);
  const recorded = (await readRecord(folder, name)).get(key);
  return recorded !== undefined && recorded === sha256(content);
}

/** A record's text: `sha256sum` lines sorted by file name (reproducible). */
export function recordText(entries: ReadonlyMap<string, string>): string {
  return [...entries]
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(([name, digest]) => `${digest}  ${name}\n`)
    .join('');
}
