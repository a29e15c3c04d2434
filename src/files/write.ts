/**
 * Files written the one safe way: owner-only (0600; a folder it creates is 0700), atomically (a
 * temporary file in the same folder, renamed over the target, so a reader never sees half a file
 * and a crash leaves the old one), and never over a file ofm-postman did not write, or one edited
 * since it did (record.ts), unless the person says `--force`.
 */
import { randomBytes } from 'node:crypto';
import { chmod, open, readFile, realpath, rename, stat, unlink } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import lockfile from 'proper-lockfile';
import { UsageError } from '../shared/errors.js';
import { KIND_NAMES, kindOf, type FileKind } from './kinds.js';
import { writtenByOfm } from './ours.js';
import { ensurePrivateFolder, warnIfCommittable } from './private-folder.js';
import { checkFolder, makeFolders, writeFailed } from './folder.js';
import {
  readRecord,
  recordedAsWritten,
  recordPlace,
  recordText,
  RECORD_NAME,
  sha256,
} from './record.js';

export interface OwnedFile {
  /** The kind of JSON file written; an existing file must be of it to be replaced. */
  readonly kind?: FileKind;
  /** How to name an existing file of no JSON kind (`a report`, `a Bruno file`). */
  readonly what?: string;
  /** The option that named the path (`--out`, `--state`), for the message. */
  readonly from: string;
  /** Replace whatever is there (a folder excepted). */
  readonly force?: boolean;
  /**
   * A file of `kind` with ofm-postman's sign counts as ours even unrecorded or edited: for the
   * state, which the run reads and carries forward (state-use.ts decides whose it is).
   */
  readonly signSuffices?: boolean;
  /** File mode; default 0600 (owner-only). Committed artifacts use 0644. */
  readonly mode?: number;
  /** The folder whose record lists this file (default: the file's own folder). */
  readonly recordIn?: string;
}

/** The record beside a file of this mode: shareable files and owner-only ones are kept apart. */
export const recordNameFor = (mode: number): string =>
  mode & 0o044 ? RECORD_NAME : RECORD_NAME.replace(/\.sha256$/, '.private.sha256');

/** What is at `path` now: nothing, a file ofm-postman wrote (unedited), or what else it is. */
export async function ownership(
  path: string,
  file: OwnedFile,
  text?: string,
): Promise<{ readonly ours: boolean; readonly absent: boolean; readonly what: string }> {
  let info;
  try {
    info = await stat(path);
  } catch (cause) {
    if ((cause as NodeJS.ErrnoException).code === 'ENOENT')
      return { ours: true, absent: true, what: 'absent' };
    throw writeFailed(path, file.from, cause, 'nothing was written');
  }
  if (!info.isFile())
    throw new UsageError(
      'ERR_OFM_NOT_A_FILE',
      `${file.from} ${path} is ${info.isDirectory() ? 'a folder' : 'not a regular file'}; nothing was written.`,
      { hint: `give ${file.from} the path of a file` },
    );
  const bytes = await readFile(path).catch(() => undefined);
  if (bytes === undefined) return { ours: false, absent: false, what: 'a file it cannot read' };
  // Writing the same bytes again changes nothing: no one's work can be lost.
  if (text !== undefined && bytes.equals(Buffer.from(text, 'utf8')))
    return { ours: true, absent: false, what: 'the same' };
  let value: unknown;
  if (file.kind !== undefined)
    try {
      value = JSON.parse(bytes.toString('utf8')) as unknown;
    } catch {
      return { ours: false, absent: false, what: 'not a JSON file ofm-postman wrote' };
    }
  const rightKind = file.kind === undefined || kindOf(value) === file.kind;
  const signed =
    file.signSuffices === true && file.kind !== undefined && writtenByOfm(file.kind, value);
  const recorded = await recordedAsWritten(
    path,
    bytes,
    recordNameFor(file.mode ?? 0o600),
    file.recordIn,
  );
  const what =
    file.kind === undefined
      ? `${file.what ?? 'a file'} that ofm-postman did not write, or that was edited since`
      : rightKind
        ? `${KIND_NAMES[file.kind]} that ofm-postman did not write, or that was edited since`
        : KIND_NAMES[kindOf(value)];
  return { ours: rightKind && (signed || recorded), absent: false, what };
}

/**
 * Checks, before any work, that `path` may be written: its folder can be made or written
 * (ERR_OFM_NOT_WRITABLE), and the file is absent, ours and unedited, or `force`; otherwise
 * ERR_OFM_FILE_EXISTS (exit 2), naming the file and how to keep or replace it.
 */
export async function assertWritable(path: string, file: OwnedFile, text?: string): Promise<void> {
  await checkFolder(dirname(path), file.from, path);
  const found = await ownership(path, file, text);
  if (found.ours || file.force === true) return;
  throw new UsageError(
    'ERR_OFM_FILE_EXISTS',
    `${file.from} ${path} exists and is ${found.what}; it was left as it is.`,
    {
      hint: `to keep it, choose another ${file.from}; to replace ${basename(path)}, add --force`,
    },
  );
}

/**
 * Writes `text` to `path` through a temporary file in the same folder and a rename. A failure is
 * ERR_OFM_WRITE_FAILED (the file at `path`, if any, is as it was), never a stack.
 */
export async function writeAtomic(
  path: string,
  text: string,
  mode = 0o600,
  from = 'the file',
  /** False for a file that is owner-only but holds no secret (the private record of digests). */
  secretInside = true,
): Promise<void> {
  try {
    await writeThrough(path, text, mode, secretInside);
  } catch (cause) {
    throw writeFailed(path, from, cause, `${basename(path)} is as it was`);
  }
}

async function writeThrough(
  path: string,
  text: string,
  mode: number,
  secretInside: boolean,
): Promise<void> {
  const secret = (mode & 0o077) === 0;
  // An owner-only file goes in an owner-only folder that Git ignores (when the folder is new).
  if (secret) await ensurePrivateFolder(dirname(path));
  else await makeFolders(dirname(path), 0o755);
  const temporary = join(
    dirname(path),
    `.${basename(path)}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`,
  );
  const handle = await open(temporary, 'wx', mode);
  try {
    await handle.writeFile(text, 'utf8');
    await handle.sync();
  } finally {
    await handle.close();
  }
  try {
    await chmod(temporary, mode); // the umask may have narrowed or widened it
    await rename(temporary, path);
  } catch (cause) {
    // The temporary file is ours alone; removing it is only tidying, so its failure is ignored.
    await unlink(temporary).catch(() => undefined);
    throw cause;
  }
  if (secret && secretInside) warnIfCommittable([path]);
}

/** Another writer holds a record for milliseconds: wait up to about 10 s for it. */
const RECORD_RETRIES = { retries: 100, factor: 1, minTimeout: 100, maxTimeout: 100 };

/**
 * Records in the folder's record that `path` now holds `text` as ofm-postman wrote it. The record
 * is read, changed and written under a lock (proper-lockfile): two commands writing into one
 * folder at once (two `generate`s, a CI matrix) must not lose each other's entries, or a file of
 * ours would later count as edited by the person.
 */
export async function recordWritten(
  path: string,
  text: string,
  file: Pick<OwnedFile, 'from' | 'mode' | 'recordIn'>,
): Promise<void> {
  const mode = file.mode ?? 0o600;
  const name = recordNameFor(mode);
  const { folder, key } = recordPlace(path, file.recordIn);
  const recordPath = join(folder, name);
  let release: () => Promise<void>;
  try {
    release = await lockfile.lock(recordPath, {
      realpath: false,
      stale: 10_000,
      retries: RECORD_RETRIES,
    });
  } catch (cause) {
    throw writeFailed(
      recordPath,
      file.from,
      cause,
      `${basename(path)} was written, its record was not`,
    );
  }
  try {
    const entries = await readRecord(folder, name);
    if (entries.get(key) === sha256(text)) return;
    entries.set(key, sha256(text));
    await writeAtomic(
      recordPath,
      recordText(entries),
      mode & 0o044 ? 0o644 : 0o600,
      file.from,
      false, // digests only: Git may keep it, so no warning
    );
  } finally {
    await release();
  }
}

/** {@link assertWritable}, then {@link writeAtomic}, then the record of what was written. */
export async function writeOwned(path: string, text: string, file: OwnedFile): Promise<void> {
  await assertWritable(path, file, text);
  // Through a symbolic link to the file it names: the rename must not replace the link.
  const target = await realpath(path).catch(() => path);
  const mode = file.mode ?? 0o600;
  await writeAtomic(target, text, mode, file.from);
  await recordWritten(target, text, file);
}
