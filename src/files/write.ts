/**
 * Files written the one safe way: owner-only (0600; a folder it creates is 0700), atomically (a
 * temporary file in the same folder, renamed over the target, so a reader never sees half a file
 * and a crash leaves the old one), and never over a file ofm-postman did not write, unless the
 * person says `--force`.
 */
import { randomBytes } from 'node:crypto';
import { chmod, mkdir, open, readFile, realpath, rename, stat, unlink } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import { UsageError } from '../shared/errors.js';
import { KIND_NAMES, kindOf, type FileKind } from './kinds.js';
import { writtenByOfm } from './ours.js';
import { ensurePrivateFolder, warnIfCommittable } from './private-folder.js';

export interface OwnedFile {
  /** The kind the file is written as; an existing file must be of it and ours. */
  readonly kind: FileKind;
  /** The option that named the path (`--out`, `--state`), for the message. */
  readonly from: string;
  /** Replace whatever is there (a folder excepted). */
  readonly force?: boolean;
  /** One more sign that an existing file is ours (generate: the stable id it writes). */
  readonly alsoOurs?: (existing: unknown) => boolean;
  /** File mode; default 0600 (owner-only). Committed artifacts use 0644. */
  readonly mode?: number;
}

/** What is at `path` now: nothing, a file ofm-postman wrote, or why it may not be replaced. */
export async function ownership(
  path: string,
  file: OwnedFile,
): Promise<{ readonly ours: boolean; readonly absent: boolean; readonly what: string }> {
  let info;
  try {
    info = await stat(path);
  } catch (cause) {
    if ((cause as NodeJS.ErrnoException).code === 'ENOENT')
      return { ours: true, absent: true, what: 'absent' };
    throw cause;
  }
  if (!info.isFile())
    throw new UsageError(
      'ERR_OFM_NOT_A_FILE',
      `${file.from} ${path} is ${info.isDirectory() ? 'a folder' : 'not a regular file'}; nothing was written.`,
      { hint: `give ${file.from} the path of a file` },
    );
  let value: unknown;
  try {
    value = JSON.parse(await readFile(path, 'utf8')) as unknown;
  } catch {
    // Unreadable or not JSON: certainly not a file we wrote.
    return { ours: false, absent: false, what: 'not a JSON file ofm-postman wrote' };
  }
  const ours = writtenByOfm(file.kind, value) || (file.alsoOurs?.(value) ?? false);
  const kind = kindOf(value);
  return {
    ours,
    absent: false,
    what: kind === file.kind ? `${KIND_NAMES[kind]} ofm-postman did not write` : KIND_NAMES[kind],
  };
}

/**
 * Checks, before any work, that `path` may be written: absent, ours, or `force`. Otherwise
 * ERR_OFM_FILE_EXISTS (exit 2), naming the file and what it is.
 */
export async function assertWritable(path: string, file: OwnedFile): Promise<void> {
  const found = await ownership(path, file);
  if (found.ours || file.force === true) return;
  throw new UsageError(
    'ERR_OFM_FILE_EXISTS',
    `${file.from} ${path} exists and is ${found.what}; it was left as it is.`,
    { hint: `choose another ${file.from}, or add --force to replace ${basename(path)}` },
  );
}

/** Writes `text` to `path` through a temporary file in the same folder and a rename. */
export async function writeAtomic(path: string, text: string, mode = 0o600): Promise<void> {
  const secret = (mode & 0o077) === 0;
  // An owner-only file goes in an owner-only folder that Git ignores (when the folder is new).
  if (secret) await ensurePrivateFolder(dirname(path));
  else await mkdir(dirname(path), { recursive: true, mode: 0o755 });
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
  if (secret) warnIfCommittable([path]);
}

/** {@link assertWritable}, then {@link writeAtomic}. */
export async function writeOwned(path: string, text: string, file: OwnedFile): Promise<void> {
  await assertWritable(path, file);
  // Through a symbolic link to the file it names: the rename must not replace the link.
  const target = await realpath(path).catch(() => path);
  await writeAtomic(target, text, file.mode ?? 0o600);
}
